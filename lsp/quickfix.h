/* The "Ignore PXnnn on this line" quick fix: the text edit that adds a
 * suppression comment, or extends the `# pxlint: ignore[...]` already
 * there (see docs/suppressions.md for what a directive covers). */
#ifndef PX_LSP_QUICKFIX_H
#define PX_LSP_QUICKFIX_H

#include "rule.h"
#include "source.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <tree_sitter/api.h>

typedef struct {
    size_t start, end; /* bytes of the source replaced */
    char *text;        /* the replacement (malloc'd) */
    uint32_t line;     /* 1-based line the directive lands on */
} PxLspEdit;

/* The edit silencing `rule` for a diagnostic starting on `line` (1-based):
 * the code is added to a `# pxlint: ignore[...]` on the line (no duplicate,
 * the rest of the comment kept), else "  # pxlint: ignore[CODE]" is
 * appended to the line. A line that cannot end in a comment (it ends
 * inside a string or with a backslash) gets the directive on the last line
 * of its statement instead, which covers the whole statement. `tree` is
 * the source's tree, or NULL (then only the backslash test is made). False
 * when no edit is needed (the line already silences the rule) or possible.
 * The caller frees out->text. */
bool px_lsp_ignore_edit(const PxSource *source, const TSTree *tree,
                        uint32_t line, PxRuleId rule, PxLspEdit *out);

#endif
