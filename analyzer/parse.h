/* Parsing Python with tree-sitter, and locating the first syntax error. */
#ifndef PX_PARSE_H
#define PX_PARSE_H

#include "source.h"

#include <stdbool.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef struct PxParser PxParser;

const TSLanguage *px_python_language(void);

/* A parser is used by one thread at a time; create one per worker. */
PxParser *px_parser_create(void);
void px_parser_destroy(PxParser *parser);

/* Parses the whole source (a leading UTF-8 BOM is skipped, offsets stay those
 * of the file). The caller owns the tree (ts_tree_delete). NULL when the
 * parser ran out of its time budget (pathological input). */
TSTree *px_parser_parse(PxParser *parser, const PxSource *source);

/* The same parse, reusing `old_tree`: a tree of the previous text, already
 * brought to `source`'s offsets with ts_tree_edit (the editor's keystroke
 * path). NULL old_tree parses from scratch. The caller still owns old_tree
 * and owns the result. NULL on timeout, as above. */
TSTree *px_parser_reparse(PxParser *parser, const PxSource *source,
                          const TSTree *old_tree);

/* Parse time allowed for a source of `len` bytes. */
uint64_t px_parse_budget_micros(size_t len);

typedef struct {
    uint32_t start, end; /* byte range of the offending node */
    char message[160];
} PxSyntaxError;

/* Finds the first error or missing node in document order; false if the
 * tree has none. Iterative: safe on arbitrarily deep trees. */
bool px_syntax_first_error(TSNode root, const PxSource *source,
                           PxSyntaxError *out);

#endif
