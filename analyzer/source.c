/* Line index over raw bytes: "\n", "\r\n" and a lone "\r" end a line, as in
 * Python's tokenizer. Invalid UTF-8 bytes count as one column each. */
#include "source.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

struct PxSource {
    char *path;
    char *bytes;
    char *text; /* bytes with lone CRs turned into LFs, or NULL if none */
    size_t len;
    size_t *line_starts; /* line_starts[i] = offset of line i+1 */
    uint32_t nlines;
};

PxSource *px_source_create(const char *path, char *bytes, size_t len)
{
    PxSource *s = px_calloc(1, sizeof(*s));
    s->path = px_strdup(path);
    s->bytes = bytes ? bytes : px_calloc(1, 1);
    s->len = len;
    size_t cap = 0, n = 0;
    PX_PUSH(s->line_starts, n, cap, (size_t)0);
    for (size_t i = 0; i < len; i++) {
        char c = bytes[i];
        if (c == '\r' && i + 1 < len && bytes[i + 1] == '\n') {
            i++;
        } else if (c == '\r') {
            /* The grammar only knows LF and CRLF; same length keeps offsets. */
            if (!s->text)
                s->text = px_strndup(bytes, len);
            s->text[i] = '\n';
        } else if (c != '\n') {
            continue;
        }
        if (i + 1 < len)
            PX_PUSH(s->line_starts, n, cap, i + 1);
    }
    s->nlines = (uint32_t)n;
    return s;
}

void px_source_destroy(PxSource *s)
{
    if (!s)
        return;
    free(s->path);
    free(s->bytes);
    free(s->text);
    free(s->line_starts);
    free(s);
}

const char *px_source_path(const PxSource *s) { return s->path; }
const char *px_source_bytes(const PxSource *s) { return s->bytes; }
const char *px_source_text(const PxSource *s) { return s->text ? s->text : s->bytes; }
size_t px_source_length(const PxSource *s) { return s->len; }
uint32_t px_source_line_count(const PxSource *s) { return s->nlines; }

bool px_source_has_bom(const PxSource *s)
{
    return s->len >= 3 && memcmp(s->bytes, "\xEF\xBB\xBF", 3) == 0;
}

static uint32_t line_index(const PxSource *s, size_t offset)
{
    uint32_t lo = 0, hi = s->nlines;
    while (hi - lo > 1) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->line_starts[mid] <= offset)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Length of the UTF-8 sequence at p (1 for an invalid lead byte). */
static size_t utf8_len(const unsigned char *p, size_t avail, uint32_t *cp)
{
    unsigned char c = p[0];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                              : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || n > avail) {
        *cp = c;
        return 1;
    }
    uint32_t v = n == 1 ? c : c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cp = c;
            return 1;
        }
        v = (v << 6) | (p[i] & 0x3F);
    }
    *cp = v;
    return n;
}

uint32_t px_source_line(const PxSource *s, size_t offset)
{
    if (offset > s->len)
        offset = s->len;
    uint32_t line = line_index(s, offset) + 1;
    /* The end of text that ends with a line break is on the empty line
     * after it, which has no start in the index. */
    if (offset == s->len && s->len > 0 &&
        (s->bytes[s->len - 1] == '\n' || s->bytes[s->len - 1] == '\r'))
        line++;
    return line;
}

PxPosition px_source_position(const PxSource *s, size_t offset)
{
    if (offset > s->len)
        offset = s->len;
    uint32_t li = line_index(s, offset);
    size_t start = s->line_starts[li];
    if (li == 0 && px_source_has_bom(s) && offset >= 3)
        start = 3;
    uint32_t col = 1;
    const unsigned char *b = (const unsigned char *)s->bytes;
    for (size_t i = start; i < offset;) {
        uint32_t cp;
        i += utf8_len(b + i, s->len - i, &cp);
        col++;
    }
    return (PxPosition){li + 1, col};
}

uint32_t px_source_utf16_column(const PxSource *s, size_t offset)
{
    if (offset > s->len)
        offset = s->len;
    uint32_t li = line_index(s, offset);
    size_t start = s->line_starts[li];
    uint32_t col = 0;
    const unsigned char *b = (const unsigned char *)s->bytes;
    for (size_t i = start; i < offset;) {
        uint32_t cp;
        i += utf8_len(b + i, s->len - i, &cp);
        col += cp >= 0x10000 ? 2 : 1;
    }
    return col;
}

bool px_source_lines_range(const PxSource *s, uint32_t first, uint32_t last,
                           size_t *start, size_t *end)
{
    if (first < 1 || last < first || last > s->nlines)
        return false;
    *start = s->line_starts[first - 1];
    *end = last < s->nlines ? s->line_starts[last] : s->len;
    return true;
}

bool px_source_line_span(const PxSource *s, uint32_t line, size_t *start,
                         size_t *end)
{
    if (!px_source_lines_range(s, line, line, start, end))
        return false;
    while (*end > *start &&
           (s->bytes[*end - 1] == '\n' || s->bytes[*end - 1] == '\r'))
        (*end)--;
    return true;
}
