/* Relative paths and fingerprints for the renderers; see report.h. */
#include "report.h"

#include "alloc.h"

#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lexically normalizes an absolute path into `out` (at least strlen(abs)+2
 * bytes): no empty, "." or ".." segments, no trailing slash. */
static void normalize(const char *abs, char *out)
{
    size_t n = 0;
    const char *p = abs;
    while (*p) {
        while (*p == '/')
            p++;
        const char *seg = p;
        while (*p && *p != '/')
            p++;
        size_t len = (size_t)(p - seg);
        if (len == 0 || (len == 1 && seg[0] == '.'))
            continue;
        if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            while (n > 0 && out[n - 1] != '/')
                n--;
            if (n > 0)
                n--; /* the slash; ".." of the root is the root */
            continue;
        }
        out[n++] = '/';
        memcpy(out + n, seg, len);
        n += len;
    }
    if (n == 0)
        out[n++] = '/';
    out[n] = '\0';
}

char *px_report_relpath(const char *path, const char *base_dir,
                        bool *is_relative)
{
    bool rel_dummy;
    if (!is_relative)
        is_relative = &rel_dummy;
    if (!base_dir) {
        while (path[0] == '.' && path[1] == '/')
            path += 2;
        *is_relative = path[0] != '/';
        return px_strdup(path);
    }
    size_t blen = strlen(base_dir), plen = strlen(path);
    char *joined = px_malloc(blen + plen + 3);
    if (path[0] == '/')
        memcpy(joined, path, plen + 1);
    else
        snprintf(joined, blen + plen + 3, "%s/%s", base_dir, path);
    char *abs = px_malloc(strlen(joined) + 2);
    normalize(joined, abs);
    char *base = px_malloc(blen + 2);
    normalize(base_dir, base);
    size_t n = strlen(base);
    char *out;
    if (strcmp(base, "/") == 0 && abs[1]) {
        out = px_strdup(abs + 1);
        *is_relative = true;
    } else if (strncmp(abs, base, n) == 0 && abs[n] == '/') {
        out = px_strdup(abs + n + 1);
        *is_relative = true;
    } else {
        out = px_strdup(abs);
        *is_relative = false;
    }
    free(joined);
    free(abs);
    free(base);
    return out;
}

void px_report_span_lines(const PxSource *s, uint32_t start, uint32_t end,
                          uint32_t *first, uint32_t *last)
{
    PxPosition a = px_source_position(s, start), b = px_source_position(s, end);
    *first = a.line;
    *last = b.line;
    if (b.line > a.line && b.column == 1)
        (*last)--;
}

/* Feeds the flagged lines with leading and trailing blanks dropped and every
 * run of blanks made one space, so reindenting keeps the fingerprint. Bytes
 * go through a small buffer: a flagged line may be megabytes long. */
static void hash_lines(EVP_MD_CTX *ctx, const PxSource *s, uint32_t first,
                       uint32_t last)
{
    const char *bytes = px_source_bytes(s);
    char buf[4096];
    size_t k = 0;
    for (uint32_t line = first; line <= last; line++) {
        size_t a, b;
        if (!px_source_line_span(s, line, &a, &b))
            break;
        if (line == 1 && px_source_has_bom(s) && b >= 3)
            a = 3;
        bool pending_space = false, any = false;
        for (size_t i = a; i <= b; i++) {
            if (k + 2 > sizeof buf) {
                EVP_DigestUpdate(ctx, buf, k);
                k = 0;
            }
            if (i == b) {
                buf[k++] = '\n';
                break;
            }
            char c = bytes[i];
            if (c == ' ' || c == '\t' || c == '\f' || c == '\v') {
                pending_space = any;
                continue;
            }
            if (pending_space)
                buf[k++] = ' ';
            pending_space = false;
            any = true;
            buf[k++] = c;
        }
    }
    EVP_DigestUpdate(ctx, buf, k);
}

static void update_str(EVP_MD_CTX *ctx, const char *s)
{
    EVP_DigestUpdate(ctx, s, strlen(s) + 1); /* with its NUL: unambiguous */
}

typedef struct {
    unsigned char digest[32];
    size_t index;
} Keyed;

static int cmp_keyed(const void *pa, const void *pb)
{
    const Keyed *a = pa, *b = pb;
    int c = memcmp(a->digest, b->digest, sizeof a->digest);
    if (c)
        return c;
    return a->index < b->index ? -1 : a->index > b->index;
}

PxFingerprint *px_report_fingerprints(const PxReport *r, const char *base_dir)
{
    size_t n = px_diag_count(r->diags);
    PxFingerprint *out = px_calloc(n ? n : 1, sizeof(*out));
    Keyed *keys = px_calloc(n ? n : 1, sizeof(*keys));
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (!ctx)
        abort();
    for (size_t i = 0; i < n; i++) {
        const PxDiagnostic *d = px_diag_at(r->diags, i);
        char *path = px_report_relpath(px_source_path(d->source), base_dir, NULL);
        uint32_t first, last;
        px_report_span_lines(d->source, d->start, d->end, &first, &last);
        EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
        update_str(ctx, "pxlint-fingerprint-v1");
        update_str(ctx, px_rule_info(d->rule)->code);
        update_str(ctx, path);
        hash_lines(ctx, d->source, first, last);
        EVP_DigestUpdate(ctx, "", 1);
        update_str(ctx, d->callback ? d->callback->module : "");
        update_str(ctx, d->callback ? d->callback->qualname : "");
        EVP_DigestFinal_ex(ctx, keys[i].digest, NULL);
        keys[i].index = i;
        free(path);
    }
    /* The occurrence index tells apart identical findings (same code on two
     * identical lines of a file): count them in file order. */
    qsort(keys, n, sizeof(*keys), cmp_keyed);
    size_t occurrence = 0;
    for (size_t k = 0; k < n; k++) {
        if (k > 0 && memcmp(keys[k].digest, keys[k - 1].digest, 32) == 0)
            occurrence++;
        else
            occurrence = 0;
        char occ[32];
        snprintf(occ, sizeof occ, "%zu", occurrence);
        unsigned char final[32];
        EVP_DigestInit_ex(ctx, EVP_sha256(), NULL);
        EVP_DigestUpdate(ctx, keys[k].digest, sizeof keys[k].digest);
        update_str(ctx, occ);
        EVP_DigestFinal_ex(ctx, final, NULL);
        for (int b = 0; b < 32; b++)
            snprintf(out[keys[k].index].hex + 2 * b, 3, "%02x", final[b]);
    }
    EVP_MD_CTX_free(ctx);
    free(keys);
    return out;
}

/* Length of the valid UTF-8 sequence at p, 0 if it is not one. */
static size_t utf8_valid_len(const unsigned char *p, size_t avail)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || n > avail)
        return 0;
    uint32_t cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

json_t *px_json_string(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t n = strlen(s);
    char *buf = px_malloc(n * 3 + 1);
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        /* Keep each valid sequence, replace each stray byte. */
        size_t len = utf8_valid_len((const unsigned char *)s + i, n - i);
        if (len == 0) {
            memcpy(buf + k, "\xEF\xBF\xBD", 3);
            k += 3;
            i++;
        } else {
            memcpy(buf + k, s + i, len);
            k += len;
            i += len;
        }
    }
    j = json_stringn(buf, k);
    free(buf);
    return j;
}

/* Text with `indent` spaces after each line break (jansson escapes line
 * breaks inside strings, so each one it writes is layout). */
static void put_indented(FILE *out, const char *text, size_t len, size_t indent)
{
    const char *end = text + len;
    while (text < end) {
        const char *nl = memchr(text, '\n', (size_t)(end - text));
        size_t n = nl ? (size_t)(nl - text) + 1 : (size_t)(end - text);
        fwrite(text, 1, n, out);
        if (nl && indent)
            fprintf(out, "%*s", (int)indent, "");
        text += n;
    }
}

void px_json_dump_array(FILE *out, size_t n, json_t *(*element)(size_t i, void *ctx),
                        void *ctx, size_t indent)
{
    size_t written = 0;
    fputc('[', out);
    for (size_t i = 0; i < n; i++) {
        /* An array of one, dumped: its text between "[" and "\n]" is the
         * element as the whole array's dump indents it. An element that
         * could not be made leaves the array empty ("[]"), and is left out
         * as appending it to the whole array did. */
        json_t *one = json_array();
        json_array_append_new(one, element(i, ctx));
        char *text = json_dumps(one, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        json_decref(one);
        size_t len = text ? strlen(text) : 0;
        if (len > 2) {
            if (written++)
                fputc(',', out);
            put_indented(out, text + 1, len - 3, indent);
        }
        free(text);
    }
    if (written)
        fprintf(out, "\n%*s]", (int)indent, "");
    else
        fputc(']', out);
}
