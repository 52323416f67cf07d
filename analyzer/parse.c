/* tree-sitter wrapper: one TSParser per PxParser, the Python grammar linked
 * in from the fetched tree-sitter-python sources. */
#include "parse.h"

#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const TSLanguage *tree_sitter_python(void);

/* ts_node_is_error arrived after tree-sitter 0.20; the error symbol is fixed. */
static bool is_error(TSNode n) { return ts_node_symbol(n) == (TSSymbol)-1; }

struct PxParser {
    TSParser *ts;
};

const TSLanguage *px_python_language(void) { return tree_sitter_python(); }

PxParser *px_parser_create(void)
{
    PxParser *p = px_malloc(sizeof(*p));
    p->ts = ts_parser_new();
    if (!p->ts || !ts_parser_set_language(p->ts, tree_sitter_python())) {
        fprintf(stderr, "pxlint: the Python grammar's ABI does not match "
                        "the tree-sitter library\n");
        abort();
    }
    return p;
}

void px_parser_destroy(PxParser *p)
{
    if (!p)
        return;
    ts_parser_delete(p->ts);
    free(p);
}

uint64_t px_parse_budget_micros(size_t len)
{
    return 10000000ull + (uint64_t)len * 4;
}

TSTree *px_parser_parse(PxParser *p, const PxSource *s)
{
    return px_parser_reparse(p, s, NULL);
}

TSTree *px_parser_reparse(PxParser *p, const PxSource *s, const TSTree *old)
{
    uint32_t skip = px_source_has_bom(s) ? 3 : 0;
    TSRange range = {
        .start_point = {0, skip},
        .end_point = {UINT32_MAX, UINT32_MAX},
        .start_byte = skip,
        .end_byte = UINT32_MAX,
    };
    ts_parser_set_included_ranges(p->ts, &range, 1);
    size_t len = px_source_length(s);
    if (len > UINT32_MAX)
        len = UINT32_MAX; /* callers reject such files before parsing */
    /* Error recovery is quadratic on some garbage ("@" * 70000): give up
     * after a budget far above what real code needs (~1 MB/s worst case). */
    ts_parser_set_timeout_micros(p->ts, px_parse_budget_micros(len));
    TSTree *tree = ts_parser_parse_string(p->ts, old, px_source_text(s),
                                          (uint32_t)len);
    ts_parser_reset(p->ts);
    return tree;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
           c == '\\';
}

/* Length of the valid UTF-8 sequence at p, or 0 if it is not one. */
static size_t utf8_sequence_length(const char *p, size_t avail)
{
    unsigned char c = (unsigned char)p[0];
    size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                              : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || n > avail)
        return 0;
    for (size_t j = 1; j < n; j++)
        if (((unsigned char)p[j] & 0xC0) != 0x80)
            return 0;
    return n;
}

/* True when only comments follow the node, up to the end of the file: no
 * token that is not an extra starts after it. */
static bool at_end_of_file(TSNode n, TSNode root)
{
    uint32_t end = ts_node_end_byte(n);
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool at_end = true;
    /* Descend along the last children: the last non-extra leaf of the file. */
    for (;;) {
        if (!ts_tree_cursor_goto_first_child(&c))
            break;
        TSNode last = ts_tree_cursor_current_node(&c);
        bool have = false;
        do {
            TSNode k = ts_tree_cursor_current_node(&c);
            if (!ts_node_is_extra(k)) {
                last = k;
                have = true;
            }
        } while (ts_tree_cursor_goto_next_sibling(&c));
        if (!have)
            break;
        if (ts_node_start_byte(last) >= end) {
            at_end = false;
            break;
        }
        ts_tree_cursor_reset(&c, last);
    }
    ts_tree_cursor_delete(&c);
    return at_end;
}

/* Describes an ERROR or MISSING node, pointing at its first token. */
static void describe(TSNode err, TSNode root, const PxSource *s,
                     PxSyntaxError *out)
{
    const char *bytes = px_source_bytes(s);
    uint32_t a = ts_node_start_byte(err), b = ts_node_end_byte(err);
    uint32_t len = (uint32_t)px_source_length(s);
    if (b > len)
        b = len;
    while (a < b && is_space(bytes[a]))
        a++;
    out->start = a;
    out->end = b;
    if (ts_node_is_missing(err)) {
        out->end = a;
        snprintf(out->message, sizeof out->message,
                 "syntax error: expected '%s'", ts_node_type(err));
        return;
    }
    uint32_t nchild = ts_node_child_count(err);
    TSNode last = nchild ? ts_node_child(err, nchild - 1) : err;
    const char *lt = ts_node_type(last);
    if (nchild && !ts_node_is_named(last) &&
        (!strcmp(lt, "(") || !strcmp(lt, "[") || !strcmp(lt, "{"))) {
        out->start = ts_node_start_byte(last);
        out->end = ts_node_end_byte(last);
        snprintf(out->message, sizeof out->message,
                 "syntax error: '%s' is never closed", lt);
        return;
    }
    if (a >= b) {
        snprintf(out->message, sizeof out->message,
                 a >= len ? "syntax error: unexpected end of file"
                          : "syntax error: invalid syntax");
        return;
    }
    /* The token: up to the first space, line end or 40 bytes; bytes that
     * are not printable ASCII or valid UTF-8 show as '?'. */
    char tok[48];
    size_t k = 0;
    uint32_t i = a;
    while (i < b && k < 40 && !is_space(bytes[i])) {
        size_t n = utf8_sequence_length(bytes + i, b - i);
        unsigned char c = (unsigned char)bytes[i];
        if (n > 1 && k + n <= 40) {
            memcpy(tok + k, bytes + i, n);
            k += n;
        } else {
            tok[k++] = (n == 1 && c >= 0x20 && c < 0x7f) ? (char)c : '?';
            n = 1;
        }
        i += (uint32_t)n;
    }
    tok[k] = '\0';
    out->end = i;
    if (k == 0)
        snprintf(out->message, sizeof out->message, "syntax error: invalid syntax");
    else if (at_end_of_file(err, root))
        snprintf(out->message, sizeof out->message,
                 "syntax error: the statement from '%s' is still open at the end "
                 "of the file", tok);
    else if (ts_node_end_point(err).row > ts_node_start_point(err).row)
        snprintf(out->message, sizeof out->message,
                 "syntax error: cannot parse the code from '%s' through line %u",
                 tok, ts_node_end_point(err).row + 1);
    else
        snprintf(out->message, sizeof out->message,
                 "syntax error: unexpected '%s'", tok);
}

/* Cursors, not ts_node_child(i): indexing children is linear per call. */
static bool child_has_error(TSNode n)
{
    TSTreeCursor c = ts_tree_cursor_new(n);
    bool found = false;
    if (ts_tree_cursor_goto_first_child(&c)) {
        do
            found = ts_node_has_error(ts_tree_cursor_current_node(&c));
        while (!found && ts_tree_cursor_goto_next_sibling(&c));
    }
    ts_tree_cursor_delete(&c);
    return found;
}

bool px_syntax_first_error(TSNode root, const PxSource *s, PxSyntaxError *out)
{
    if (!ts_node_has_error(root))
        return false;
    TSTreeCursor c = ts_tree_cursor_new(root);
    bool found = false;
    for (;;) {
        TSNode n = ts_tree_cursor_current_node(&c);
        /* An ERROR node often wraps valid statements and a nested ERROR at
         * the real spot: report the innermost one. */
        if (ts_node_is_missing(n) || (is_error(n) && !child_has_error(n))) {
            describe(n, root, s, out);
            found = true;
            break;
        }
        /* Descend into the first child that carries the error. */
        if (!ts_tree_cursor_goto_first_child(&c))
            break;
        while (!ts_node_has_error(ts_tree_cursor_current_node(&c)))
            if (!ts_tree_cursor_goto_next_sibling(&c))
                goto done;
    }
done:
    ts_tree_cursor_delete(&c);
    return found;
}
