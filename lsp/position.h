/* LSP positions (0-based line, UTF-16 code units) to and from byte offsets,
 * and file:// URIs to and from paths. */
#ifndef PX_LSP_POSITION_H
#define PX_LSP_POSITION_H

#include "source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    uint32_t line;      /* 0-based */
    uint32_t character; /* UTF-16 code units from the line start */
} PxLspPosition;

/* The position of a byte offset (clamped to the source). A leading BOM
 * counts as one unit when `bom_is_text` (the client sent it in the text)
 * and as nothing otherwise (a file read from disk, which an editor shows
 * without it). Bytes that are not UTF-8 count one unit each. */
PxLspPosition px_lsp_position(const PxSource *source, size_t offset,
                              bool bom_is_text);

/* The byte offset of a position in the client's text. A line past the end
 * gives the end of the text; a character past the line's end gives the end
 * of the line (as the protocol says); one in the middle of a surrogate pair
 * gives the start of that character. */
size_t px_lsp_offset(const PxSource *source, PxLspPosition position);

/* "file:///a%20b/c.py" -> "/a b/c.py" (malloc'd); NULL for another scheme,
 * a remote host, or a path holding a NUL byte. */
char *px_lsp_uri_to_path(const char *uri);
/* An absolute path as a file URI (malloc'd), percent-encoding every byte
 * outside A-Z a-z 0-9 - . _ ~ /. */
char *px_lsp_path_to_uri(const char *path);

#endif
