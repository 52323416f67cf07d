/* A source file's bytes and its line index. Diagnostics store byte offsets;
 * lines and columns are computed from here only when rendering. */
#ifndef PX_SOURCE_H
#define PX_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct PxSource PxSource;

typedef struct {
    uint32_t line;   /* 1-based */
    uint32_t column; /* 1-based, in Unicode code points */
} PxPosition;

/* Takes ownership of `bytes` (malloc'd, may be NULL when len is 0) and copies
 * `path`. Never fails. */
PxSource *px_source_create(const char *path, char *bytes, size_t len);
void px_source_destroy(PxSource *source);

const char *px_source_path(const PxSource *source);
const char *px_source_bytes(const PxSource *source);
/* The bytes as the parser sees them: same length and offsets, lone CR line
 * ends replaced by LF. */
const char *px_source_text(const PxSource *source);
size_t px_source_length(const PxSource *source);
bool px_source_has_bom(const PxSource *source);
uint32_t px_source_line_count(const PxSource *source);

/* Line and code-point column of a byte offset (clamped to the file). */
PxPosition px_source_position(const PxSource *source, size_t offset);
/* The 1-based line of a byte offset, counted as tree-sitter counts rows:
 * the end of a text ending in a line break is on the line after it. */
uint32_t px_source_line(const PxSource *source, size_t offset);
/* Column of a byte offset in UTF-16 code units, 0-based (LSP's unit). */
uint32_t px_source_utf16_column(const PxSource *source, size_t offset);
/* Byte range [*start, *end) of 1-based `line` without its terminator; false
 * when out of range. */
bool px_source_line_span(const PxSource *source, uint32_t line, size_t *start,
                         size_t *end);
/* Byte range of lines first..last including the last line's terminator. */
bool px_source_lines_range(const PxSource *source, uint32_t first,
                           uint32_t last, size_t *start, size_t *end);

#endif
