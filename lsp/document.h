/* An open text document: the client's text, its version, and a syntax tree
 * kept current by incremental re-parsing (ts_tree_edit, then a parse that
 * reuses the edited tree), so a keystroke does not re-parse the file. */
#ifndef PX_LSP_DOCUMENT_H
#define PX_LSP_DOCUMENT_H

#include "parse.h"
#include "position.h"
#include "source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct PxLspDocument PxLspDocument;

/* Copies uri and text; `path` is the file path of a file:// URI or NULL.
 * Parses the text with `parser`. Never NULL. */
PxLspDocument *px_lsp_document_create(const char *uri, const char *text,
                                      size_t len, int64_t version,
                                      PxParser *parser);
void px_lsp_document_destroy(PxLspDocument *doc);

/* Replaces the range [start, end) (positions in the current text) with
 * `text`; a NULL start replaces the whole text. The tree is edited to match
 * but not re-parsed: call px_lsp_document_reparse after the last change of
 * a batch. False (nothing changed) when end is before start. */
bool px_lsp_document_change(PxLspDocument *doc, const PxLspPosition *start,
                            const PxLspPosition *end, const char *text,
                            size_t len);
void px_lsp_document_reparse(PxLspDocument *doc, PxParser *parser);

void px_lsp_document_set_version(PxLspDocument *doc, int64_t version);
int64_t px_lsp_document_version(const PxLspDocument *doc);
const char *px_lsp_document_uri(const PxLspDocument *doc);
const char *px_lsp_document_path(const PxLspDocument *doc); /* may be NULL */
/* The current text as a source (path: the document's path or URI). */
const PxSource *px_lsp_document_source(const PxLspDocument *doc);
/* The current tree, or NULL (refused by px_prescan, or the parser gave up).
 * Owned by the document; valid until the next change. */
const TSTree *px_lsp_document_tree(const PxLspDocument *doc);
/* How many parses reused an edited tree, and how many started afresh. */
void px_lsp_document_parse_counts(const PxLspDocument *doc, unsigned *incremental,
                                  unsigned *full);

#endif
