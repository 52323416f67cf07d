/* The flattened tree against tree-sitter's own node API: the builders read
 * only the flat copy, so every child, field and byte it reports, and the line
 * px_source_line gives each node's start and end, must be what the tree
 * says. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "flat_tree.h"
#include "parse.h"

#include <string.h>

static bool is_child(TSNode n, TSNode k)
{
    for (uint32_t i = 0; i < ts_node_child_count(n); i++)
        if (ts_node_eq(ts_node_child(n, i), k))
            return true;
    return false;
}

/* A string literal that is not an f-string: the flat tree keeps it as a
 * leaf. */
static bool plain_string(TSNode n, const char *text)
{
    if (strcmp(ts_node_type(n), "string") != 0)
        return false;
    const char *s = text + ts_node_start_byte(n);
    while (*s != '"' && *s != '\'')
        if (*s == 'f' || *s == 'F')
            return false;
        else
            s++;
    return true;
}

/* Compares `flat` node `f` with tree node `n`, then their children, and
 * counts the nodes seen and the plain strings among them. */
static void same_subtree(const PxFlatNode *t, PxNode f, TSNode n, const PxSource *src,
                         size_t *count, size_t *strings)
{
    (*count)++;
    assert_int_equal(t[f].start, ts_node_start_byte(n));
    assert_int_equal(t[f].end, ts_node_end_byte(n));
    assert_int_equal(px_source_line(src, t[f].start), ts_node_start_point(n).row + 1);
    assert_int_equal(px_source_line(src, t[f].end), ts_node_end_point(n).row + 1);
    assert_int_equal(t[f].symbol, ts_node_symbol(n));
    assert_int_equal(px_flat_named(t, f), ts_node_is_named(n));
    if (plain_string(n, px_source_text(src))) {
        assert_true(ts_node_child_count(n) >= 2); /* its quotes at least */
        assert_int_equal(px_flat_first(t, f), PX_NULL_NODE);
        (*strings)++;
        return;
    }
    assert_int_equal(px_flat_child_count(t, f), ts_node_child_count(n));
    assert_int_equal(px_flat_named_child_count(t, f), ts_node_named_child_count(n));
    const TSLanguage *lang = ts_tree_language(n.tree);
    for (TSFieldId id = 1; id <= ts_language_field_count(lang); id++) {
        TSNode want = ts_node_child_by_field_id(n, id);
        PxNode got = px_flat_child_by_field(t, f, id);
        /* tree-sitter 0.20 also answers with a grandchild through an
         * aliased node (match_statement's `alternative` case clauses,
         * inside its `body` block); the flat tree keeps to children. */
        if (!ts_node_is_null(want) && !is_child(n, want))
            want = (TSNode){{0}, NULL, NULL};
        if (ts_node_is_null(want))
            assert_int_equal(got, PX_NULL_NODE);
        else
            assert_int_equal(t[got].start, ts_node_start_byte(want));
    }
    for (uint32_t i = 0; i < ts_node_named_child_count(n); i++)
        assert_int_equal(t[px_flat_named_child(t, f, i)].start,
                         ts_node_start_byte(ts_node_named_child(n, i)));
    PxNode k = px_flat_first(t, f);
    for (uint32_t i = 0; i < ts_node_child_count(n); i++, k = t[k].next) {
        assert_int_not_equal(k, PX_NULL_NODE);
        assert_int_equal(px_flat_child(t, f, i), k);
        same_subtree(t, k, ts_node_child(n, i), src, count, strings);
    }
    assert_int_equal(k, PX_NULL_NODE);
}

static void check_source(const char *code, size_t want_strings)
{
    size_t len = strlen(code);
    PxSource *src = px_source_create("t.py", px_strndup(code, len), len);
    PxParser *p = px_parser_create();
    TSTree *tree = px_parser_parse(p, src);
    PxFlatTree *flat = px_flat_create(tree, src);
    size_t count = 0, strings = 0;
    same_subtree(px_flat_nodes(flat), px_flat_root(flat), ts_tree_root_node(tree), src,
                 &count, &strings);
    assert_true(count > 10);
    assert_int_equal(strings, want_strings);
    px_flat_destroy(flat);
    ts_tree_delete(tree);
    px_parser_destroy(p);
    px_source_destroy(src);
}

static void test_matches_the_tree(void **state)
{
    (void)state;
    check_source("import os.path as p\n"
                 "from . import x, y as z\n"
                 "@dec(1)\n"
                 "class C(Base, metaclass=M):\n"
                 "    a: int = 1  # comment\n"
                 "    async def m(self, /, b=[], *args, c, **kw) -> None:\n"
                 "        async with f() as (g, h):\n"
                 "            yield from [i for i in b if i not in c]\n"
                 "        d = {k: v for k, v in kw.items()}\n"
                 "        e = lambda q, *, r=2: q[1:2, ::3]\n"
                 "        match b:\n"
                 "            case [1, *rest] | {\"k\": _} as w if w: pass\n"
                 "        print(f\"{a!r:>{b}}\", *args, sep='')\n"
                 "x = (yield)\n"
                 "del x[0], y.z\n"
                 "s = rb'\\d' \"\"\"doc\"\"\" u'' F'{s}' fR\"{{}}\"\n",
                 5);
}

static void test_syntax_errors_and_line_continuations(void **state)
{
    (void)state;
    /* ERROR and MISSING nodes, and a backslash continuation. */
    check_source("def f(:\n    return 1 +\n"
                 "x = 1 + \\\n    2\n"
                 "class (\n",
                 0);
}

static void test_line_breaks(void **state)
{
    (void)state;
    /* CRLF, a lone CR, a bracket over lines, and ends with and without a
     * line break: nodes may end on the empty line after the last one. */
    check_source("x = 1\r\ny = 'a'\rz = [\n    3]\ndef f():\n    return 2\n", 1);
    check_source("def f():\r\n    return [\r\n        1]", 0);
}

static void test_no_tree_is_empty(void **state)
{
    (void)state;
    PxFlatTree *flat = px_flat_create(NULL, NULL);
    assert_int_equal(px_flat_root(flat), PX_NULL_NODE);
    assert_null(px_flat_language(flat));
    const PxFlatNode *t = px_flat_nodes(flat);
    assert_int_equal(px_flat_first(t, PX_NULL_NODE), PX_NULL_NODE);
    assert_int_equal(px_flat_child_count(t, PX_NULL_NODE), 0);
    px_flat_destroy(flat);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_matches_the_tree),
        cmocka_unit_test(test_syntax_errors_and_line_continuations),
        cmocka_unit_test(test_line_breaks),
        cmocka_unit_test(test_no_tree_is_empty),
    };
    return cmocka_run_group_tests_name("flat_tree", tests, NULL, NULL);
}
