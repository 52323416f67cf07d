/* Open documents; see document.h. Every change rebuilds the PxSource (a
 * copy and a line index, linear but cheap next to analysis) and edits the
 * tree; parsing waits for the batch's last change. */
#include "document.h"

#include "alloc.h"
#include "prescan.h"

#include <stdlib.h>
#include <string.h>

struct PxLspDocument {
    char *uri;
    char *path;
    int64_t version;
    PxSource *source;
    TSTree *tree;       /* matches `source` once parsed; NULL: none */
    bool tree_edited;   /* edited since the last parse */
    bool full_reparse;  /* an edit the tree cannot follow: parse afresh */
    unsigned nincremental, nfull;
};

static PxSource *make_source(const PxLspDocument *d, char *bytes, size_t len)
{
    return px_source_create(d->path ? d->path : d->uri, bytes, len);
}

/* Whether the text holds a lone CR: px_source_text reads it as LF, so an
 * edit next to it can change bytes outside the edited range. */
static bool has_lone_cr(const PxSource *s)
{
    return px_source_text(s) != px_source_bytes(s);
}

PxLspDocument *px_lsp_document_create(const char *uri, const char *text,
                                      size_t len, int64_t version,
                                      PxParser *parser)
{
    PxLspDocument *d = px_calloc(1, sizeof(*d));
    d->uri = px_strdup(uri);
    d->path = px_lsp_uri_to_path(uri);
    d->version = version;
    d->source = make_source(d, px_strndup(text, len), len);
    d->full_reparse = true;
    px_lsp_document_reparse(d, parser);
    return d;
}

void px_lsp_document_destroy(PxLspDocument *d)
{
    if (!d)
        return;
    if (d->tree)
        ts_tree_delete(d->tree);
    px_source_destroy(d->source);
    free(d->uri);
    free(d->path);
    free(d);
}

/* Tree-sitter's point of a byte offset: row by line, column in bytes. */
static TSPoint point_of(const PxSource *s, size_t offset)
{
    uint32_t line = px_source_position(s, offset).line;
    size_t start = 0, end;
    px_source_line_span(s, line, &start, &end);
    return (TSPoint){line - 1, (uint32_t)(offset - start)};
}

bool px_lsp_document_change(PxLspDocument *d, const PxLspPosition *start,
                            const PxLspPosition *end, const char *text,
                            size_t len)
{
    const PxSource *old = d->source;
    size_t old_len = px_source_length(old);
    size_t a = 0, b = old_len;
    if (start) {
        a = px_lsp_offset(old, *start);
        b = px_lsp_offset(old, *end);
        if (b < a)
            return false;
    }
    const char *ob = px_source_bytes(old);
    size_t n = old_len - (b - a) + len;
    char *bytes = px_malloc(n + 1);
    memcpy(bytes, ob, a);
    memcpy(bytes + a, text, len);
    memcpy(bytes + a + len, ob + b, old_len - b);
    bytes[n] = '\0';
    PxSource *s = make_source(d, bytes, n);
    bool bom_changed = px_source_has_bom(old) != px_source_has_bom(s);
    if (!start || bom_changed || has_lone_cr(old) || has_lone_cr(s) ||
        n > UINT32_MAX || old_len > UINT32_MAX) {
        d->full_reparse = true;
    } else if (d->tree) {
        TSInputEdit e = {
            .start_byte = (uint32_t)a,
            .old_end_byte = (uint32_t)b,
            .new_end_byte = (uint32_t)(a + len),
            .start_point = point_of(old, a),
            .old_end_point = point_of(old, b),
            .new_end_point = point_of(s, a + len),
        };
        ts_tree_edit(d->tree, &e);
        d->tree_edited = true;
    }
    px_source_destroy(d->source);
    d->source = s;
    return true;
}

void px_lsp_document_reparse(PxLspDocument *d, PxParser *parser)
{
    if (!d->full_reparse && !d->tree_edited && d->tree)
        return;
    PxSyntaxError refused;
    TSTree *old = d->full_reparse ? NULL : d->tree;
    TSTree *tree = NULL;
    /* What px_prescan refuses is never handed to the parser (deep nesting
     * is what the grammar's error recovery cannot survive). */
    if (!px_prescan(d->source, &refused) && px_source_length(d->source) <= UINT32_MAX)
        tree = px_parser_reparse(parser, d->source, old);
    if (old)
        d->nincremental++;
    else
        d->nfull++;
    if (d->tree)
        ts_tree_delete(d->tree);
    d->tree = tree;
    d->tree_edited = false;
    d->full_reparse = tree == NULL; /* nothing to reuse next time */
}

void px_lsp_document_set_version(PxLspDocument *d, int64_t v) { d->version = v; }
int64_t px_lsp_document_version(const PxLspDocument *d) { return d->version; }
const char *px_lsp_document_uri(const PxLspDocument *d) { return d->uri; }
const char *px_lsp_document_path(const PxLspDocument *d) { return d->path; }
const PxSource *px_lsp_document_source(const PxLspDocument *d) { return d->source; }
const TSTree *px_lsp_document_tree(const PxLspDocument *d) { return d->tree; }

void px_lsp_document_parse_counts(const PxLspDocument *d, unsigned *incremental,
                                  unsigned *full)
{
    *incremental = d->nincremental;
    *full = d->nfull;
}
