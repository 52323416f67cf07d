/* UTF-16 columns over UTF-8 lines, and file URIs; see position.h. */
#include "position.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

/* Length of the UTF-8 sequence at p and its UTF-16 length; invalid bytes
 * are one byte and one unit. */
static size_t utf8_step(const unsigned char *p, size_t avail, uint32_t *units)
{
    unsigned char c = p[0];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                              : (c >> 3) == 30 ? 4 : 0;
    *units = 1;
    if (n == 0 || n > avail)
        return 1;
    for (size_t i = 1; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 1;
    if (n == 4)
        *units = 2; /* astral: a surrogate pair */
    return n;
}

PxLspPosition px_lsp_position(const PxSource *s, size_t offset,
                              bool bom_is_text)
{
    size_t len = px_source_length(s);
    if (offset > len)
        offset = len;
    uint32_t line = px_source_position(s, offset).line;
    size_t start, end;
    if (!px_source_line_span(s, line, &start, &end))
        start = 0;
    if (line == 1 && !bom_is_text && px_source_has_bom(s))
        start = offset < 3 ? offset : 3;
    const unsigned char *b = (const unsigned char *)px_source_bytes(s);
    uint32_t col = 0;
    for (size_t i = start; i < offset;) {
        uint32_t u;
        i += utf8_step(b + i, len - i, &u);
        col += u;
    }
    return (PxLspPosition){line - 1, col};
}

size_t px_lsp_offset(const PxSource *s, PxLspPosition p)
{
    size_t start, end;
    if (!px_source_line_span(s, p.line + 1, &start, &end))
        return px_source_length(s);
    const unsigned char *b = (const unsigned char *)px_source_bytes(s);
    uint32_t col = 0;
    size_t i = start;
    while (i < end && col < p.character) {
        uint32_t u;
        size_t n = utf8_step(b + i, end - i, &u);
        if (col + u > p.character)
            break; /* inside a surrogate pair: the character's start */
        col += u;
        i += n;
    }
    return i;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

char *px_lsp_uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7) != 0)
        return NULL;
    const char *p = uri + 7;
    if (strncmp(p, "localhost/", 10) == 0)
        p += 9;
    if (*p != '/')
        return NULL; /* file://host/...: not this machine's */
    size_t n = strlen(p);
    char *out = px_malloc(n + 1);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '?' || p[i] == '#')
            break;
        int hi, lo;
        if (p[i] == '%' && i + 2 < n && (hi = hex_value(p[i + 1])) >= 0 &&
            (lo = hex_value(p[i + 2])) >= 0) {
            char c = (char)(hi * 16 + lo);
            if (c == '\0') {
                free(out);
                return NULL;
            }
            out[k++] = c;
            i += 2;
        } else {
            out[k++] = p[i];
        }
    }
    out[k] = '\0';
    return out;
}

char *px_lsp_path_to_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(path);
    char *out = px_malloc(7 + 3 * n + 1);
    memcpy(out, "file://", 7);
    size_t k = 7;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~' || c == '/') {
            out[k++] = (char)c;
        } else {
            out[k++] = '%';
            out[k++] = hex[c >> 4];
            out[k++] = hex[c & 15];
        }
    }
    out[k] = '\0';
    return out;
}
