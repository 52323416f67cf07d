/* Whitelist writing: verdicts from the callbacks' findings (suppression does
 * not matter: a finding is a finding), entries sorted, source lines hashed
 * with OpenSSL, the file replaced by rename(2). */
#include "whitelist.h"

#include "alloc.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PX_GENERATOR "pxlint 0.1.0"

static bool same_function(const PxCallbackResult *a, const PxCallbackResult *b)
{
    return a->first_line == b->first_line && strcmp(a->qualname, b->qualname) == 0 &&
           strcmp(a->module_name, b->module_name) == 0;
}

PxWhitelistVerdict px_whitelist_verdict(const PxCheck *check, size_t i)
{
    const PxProject *p = px_check_project(check);
    const PxCallbackResult *r = px_project_callback(p, i);
    if (r->module->has_syntax_error)
        return PX_SYNTAX_ERROR;
    if (px_check_file_skipped(check, r->module->source))
        return PX_SKIPPED_FILE;
    if (r->nfindings)
        return PX_NOT_SAFE;
    /* Results are sorted, so a twin is adjacent. */
    size_t n = px_project_callback_count(p);
    if ((i > 0 && same_function(r, px_project_callback(p, i - 1))) ||
        (i + 1 < n && same_function(r, px_project_callback(p, i + 1))))
        return PX_AMBIGUOUS;
    size_t a, b;
    if (!px_source_lines_range(r->module->source, r->first_line, r->end_line, &a, &b))
        return PX_UNHASHABLE;
    return PX_LISTED;
}

static void sha256_hex(const char *data, size_t len, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    EVP_Digest(data, len, md, &n, EVP_sha256(), NULL);
    for (unsigned i = 0; i < n && i < 32; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
    out[64] = '\0';
}

/* `path` relative to `root` when it lies below it, else as given. */
static char *relative_to(const char *root, const char *path)
{
    char r[PATH_MAX], p[PATH_MAX];
    if (!realpath(root, r) || !realpath(path, p))
        return px_strdup(path);
    size_t n = strlen(r);
    if (strncmp(p, r, n) == 0 && p[n] == '/')
        return px_strdup(p + n + 1);
    if (strcmp(r, "/") == 0)
        return px_strdup(p + 1);
    return px_strdup(p);
}

static json_t *document(const PxCheck *check, const char *root)
{
    const PxProject *p = px_check_project(check);
    json_t *fns = json_array();
    for (size_t i = 0; p && i < px_project_callback_count(p); i++) {
        if (px_whitelist_verdict(check, i) != PX_LISTED)
            continue;
        const PxCallbackResult *r = px_project_callback(p, i);
        size_t a, b;
        px_source_lines_range(r->module->source, r->first_line, r->end_line, &a, &b);
        char hex[65];
        sha256_hex(px_source_bytes(r->module->source) + a, b - a, hex);
        char *file = relative_to(root, px_source_path(r->module->source));
        json_t *e = json_pack("{s:s, s:s, s:s, s:i, s:i, s:s}", "module", r->module_name,
                              "qualname", r->qualname, "file", file, "line",
                              (json_int_t)r->first_line, "end_line",
                              (json_int_t)r->end_line, "source_sha256", hex);
        free(file);
        if (e)
            json_array_append_new(fns, e);
    }
    return json_pack("{s:i, s:s, s:s, s:o}", "pxlint_whitelist", 1, "generator",
                     PX_GENERATOR, "mode", "strict", "functions", fns);
}

bool px_whitelist_write(const PxCheck *check, const char *root, const char *path,
                        char *err, size_t errlen)
{
    json_t *doc = document(check, root);
    char *text = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(doc);
    if (!text) {
        snprintf(err, errlen, "%s: cannot encode the whitelist", path);
        return false;
    }
    size_t n = strlen(path);
    char *tmp = px_malloc(n + 16);
    snprintf(tmp, n + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    bool ok = fd >= 0;
    if (!ok) {
        snprintf(err, errlen, "%s: cannot create a temporary file beside it: %s", path,
                 strerror(errno));
    } else {
        size_t len = strlen(text), done = 0;
        while (ok && done < len) {
            ssize_t w = write(fd, text + done, len - done);
            if (w < 0 && errno == EINTR)
                continue;
            ok = w > 0;
            done += ok ? (size_t)w : 0;
        }
        ok = ok && write(fd, "\n", 1) == 1 && fsync(fd) == 0;
        if (!ok)
            snprintf(err, errlen, "%s: cannot write: %s", tmp, strerror(errno));
        if (close(fd) != 0 && ok) {
            snprintf(err, errlen, "%s: cannot write: %s", tmp, strerror(errno));
            ok = false;
        }
        /* The old whitelist stays until the new one is complete. */
        if (ok && rename(tmp, path) != 0) {
            snprintf(err, errlen, "%s: cannot replace: %s", path, strerror(errno));
            ok = false;
        }
        if (!ok)
            unlink(tmp);
    }
    free(tmp);
    free(text);
    return ok;
}

void px_whitelist_explain(const PxCheck *check, FILE *out)
{
    const PxProject *p = px_check_project(check);
    for (size_t i = 0; p && i < px_project_callback_count(p); i++) {
        PxWhitelistVerdict v = px_whitelist_verdict(check, i);
        if (v == PX_LISTED)
            continue;
        const PxCallbackResult *r = px_project_callback(p, i);
        fprintf(out, "%s:%u: %s.%s is not on the whitelist: ",
                px_source_path(r->module->source), r->first_line, r->module_name,
                r->qualname);
        switch (v) {
        case PX_SYNTAX_ERROR:
            fprintf(out, "its file does not parse (PX001)\n");
            break;
        case PX_SKIPPED_FILE:
            fprintf(out, "its file has `# pxlint: skip-file`\n");
            break;
        case PX_AMBIGUOUS:
            fprintf(out, "another function has the same module, qualname and line, "
                         "so a runtime could not tell them apart\n");
            break;
        case PX_UNHASHABLE:
            fprintf(out, "its source lines could not be read back\n");
            break;
        default:
            fprintf(out, "%u finding%s\n", r->nfindings, r->nfindings == 1 ? "" : "s");
            for (uint32_t k = 0; k < r->nfindings; k++) {
                const PxFinding *f = &r->findings[k];
                PxPosition pos = px_source_position(f->source, f->start);
                fprintf(out, "    %s:%u:%u: %s%s%s\n", px_source_path(f->source), pos.line,
                        pos.column, f->object && f->object[0] ? f->object : "",
                        f->object && f->object[0] ? ": " : "", f->action);
            }
        }
    }
}
