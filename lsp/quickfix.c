/* Suppression edits; see quickfix.h. The directives on a line come from
 * px_suppressions_collect, the statement around a line from the tree. */
#include "quickfix.h"

#include "alloc.h"
#include "arena.h"
#include "suppress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* End of the line's content, trailing blanks left out. */
static size_t content_end(const char *b, size_t start, size_t end)
{
    while (end > start && (b[end - 1] == ' ' || b[end - 1] == '\t' ||
                           b[end - 1] == '\f'))
        end--;
    return end;
}

/* Whether the line can end in a comment: it has content, no backslash
 * continuation, and its end is not inside a string that goes on. */
static bool takes_comment(const PxSource *s, const TSTree *tree, uint32_t line)
{
    size_t a, b;
    if (!px_source_line_span(s, line, &a, &b))
        return false;
    const char *bytes = px_source_bytes(s);
    size_t e = content_end(bytes, a, b);
    if (e == a || bytes[e - 1] == '\\')
        return false;
    if (!tree)
        return true;
    TSNode n = ts_node_descendant_for_byte_range(ts_tree_root_node(tree),
                                                 (uint32_t)e - 1, (uint32_t)e);
    for (; !ts_node_is_null(n); n = ts_node_parent(n)) {
        const char *t = ts_node_type(n);
        if (strcmp(t, "comment") == 0)
            return true;
        if (strcmp(t, "string") == 0 && ts_node_end_byte(n) > b)
            return false;
    }
    return true;
}

static bool is_body(const char *type)
{
    return strcmp(type, "module") == 0 || strcmp(type, "block") == 0 ||
           strcmp(type, "decorated_definition") == 0;
}

/* Last line of the statement (a compound statement's header) holding the
 * line's first token, as suppress.c maps statements. */
static uint32_t statement_last_line(const PxSource *s, const TSTree *tree,
                                    uint32_t line)
{
    size_t a, b;
    if (!tree || !px_source_line_span(s, line, &a, &b))
        return line;
    const char *bytes = px_source_bytes(s);
    while (a < b && (bytes[a] == ' ' || bytes[a] == '\t'))
        a++;
    TSNode n = ts_node_descendant_for_byte_range(ts_tree_root_node(tree),
                                                 (uint32_t)a, (uint32_t)a);
    while (!ts_node_is_null(n)) {
        TSNode p = ts_node_parent(n);
        if (ts_node_is_null(p) || is_body(ts_node_type(p)))
            break;
        n = p;
    }
    if (ts_node_is_null(n))
        return line;
    uint32_t last = ts_node_end_point(n).row + 1;
    uint32_t k = ts_node_child_count(n);
    for (uint32_t i = 0; i < k; i++) {
        TSNode ch = ts_node_child(n, i);
        if (strcmp(ts_node_type(ch), "block") == 0) {
            uint32_t body = ts_node_start_point(ch).row + 1;
            uint32_t first = ts_node_start_point(n).row + 1;
            last = body > first ? body - 1 : first;
            break;
        }
    }
    return last < line ? line : last;
}

bool px_lsp_ignore_edit(const PxSource *s, const TSTree *tree, uint32_t line,
                        PxRuleId rule, PxLspEdit *out)
{
    memset(out, 0, sizeof(*out));
    const char *code = px_rule_info(rule)->code;
    if (!takes_comment(s, tree, line)) {
        line = statement_last_line(s, tree, line);
        if (!takes_comment(s, tree, line))
            return false;
    }
    size_t a, b;
    px_source_line_span(s, line, &a, &b);
    const char *bytes = px_source_bytes(s);

    /* An ignore directive on the line: add the code inside its brackets. */
    if (tree) {
        PxArena *arena = px_arena_create();
        PxSuppressions *sup = px_suppressions_collect(
            arena, ts_tree_root_node(tree), s);
        bool done = false, handled = false;
        for (size_t i = 0; i < px_suppressions_count(sup) && !handled; i++) {
            const PxSuppression *d = px_suppressions_get(sup, i);
            if (d->line != line)
                continue;
            if ((d->kind == PX_SUPPRESS_IGNORE || d->kind == PX_SUPPRESS_NOQA) &&
                (d->all || px_ruleset_has(&d->rules, rule))) {
                handled = true; /* already silenced here: nothing to do */
                continue;
            }
            if (d->kind != PX_SUPPRESS_IGNORE || d->end <= d->start ||
                bytes[d->end - 1] != ']')
                continue;
            /* It names at least one rule (an empty list covers all). */
            size_t close = d->end - 1, at = close;
            while (bytes[at - 1] == ' ' || bytes[at - 1] == ',')
                at--; /* "ignore[PX104, ]" -> "ignore[PX104, PX101]" */
            char buf[64];
            snprintf(buf, sizeof buf, ", %s", code);
            out->start = at;
            out->end = close;
            out->text = px_strdup(buf);
            out->line = line;
            done = handled = true;
        }
        px_arena_destroy(arena);
        if (handled)
            return done;
    }
    size_t e = content_end(bytes, a, b);
    char buf[64];
    snprintf(buf, sizeof buf, "  # pxlint: ignore[%s]", code);
    out->start = e;
    out->end = b; /* trailing blanks go: the line ends in the directive */
    out->text = px_strdup(buf);
    out->line = line;
    return true;
}
