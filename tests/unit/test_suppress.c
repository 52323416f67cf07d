/* Suppression comments: which lines suppress which codes, statement spans,
 * skip-file placement, and what is not a directive. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "parse.h"
#include "suppress.h"

#include <string.h>

typedef struct {
    PxParser *parser;
    PxSource *source;
    TSTree *tree;
    PxArena *arena;
    PxSuppressions *s;
} Fixture;

static Fixture collect(const char *text)
{
    Fixture f;
    size_t n = strlen(text);
    f.parser = px_parser_create();
    f.source = px_source_create("t.py", px_strndup(text, n), n);
    f.tree = px_parser_parse(f.parser, f.source);
    f.arena = px_arena_create();
    f.s = px_suppressions_collect(f.arena, ts_tree_root_node(f.tree), f.source);
    return f;
}

static void release(Fixture *f)
{
    ts_tree_delete(f->tree);
    px_arena_destroy(f->arena);
    px_source_destroy(f->source);
    px_parser_destroy(f->parser);
}

static bool covers(Fixture *f, uint32_t line, PxRuleId rule)
{
    return px_suppressions_find(f->s, line, rule) != NULL;
}

static void test_line_directives(void **state)
{
    Fixture f = collect("a = 1  # pxlint: ignore[PX001]\n"
                        "b = 2  # pxlint: ignore[PX001, PX003]\n"
                        "c = 3  # pxlint: ignore\n"
                        "d = 4  # noqa: PX001\n"
                        "e = 5  # noqa\n"
                        "f = 6  # NOQA:PX003,PX001\n"
                        "g = 7  # pxlint:ignore[unused-suppression]\n"
                        "h = 8\n");
    assert_true(covers(&f, 1, PX_RULE_PX001));
    assert_false(covers(&f, 1, PX_RULE_PX003));
    assert_true(covers(&f, 2, PX_RULE_PX003));
    assert_true(covers(&f, 3, PX_RULE_PX001));
    assert_true(covers(&f, 3, PX_RULE_PX003));
    assert_true(covers(&f, 4, PX_RULE_PX001));
    assert_false(covers(&f, 4, PX_RULE_PX003));
    assert_true(covers(&f, 5, PX_RULE_PX003));
    assert_true(covers(&f, 6, PX_RULE_PX001));
    assert_true(covers(&f, 7, PX_RULE_PX003));
    assert_false(covers(&f, 7, PX_RULE_PX001));
    assert_false(covers(&f, 8, PX_RULE_PX001));
    assert_int_equal(px_suppressions_count(f.s), 7);
    const PxSuppression *d = px_suppressions_get(f.s, 0);
    assert_int_equal(d->kind, PX_SUPPRESS_IGNORE);
    assert_int_equal(d->line, 1);
    assert_int_equal(d->start, 7);
    assert_int_equal(d->end, 30);
    assert_false(px_suppressions_skip_file(f.s));
    release(&f);
}

static void test_multiline_statement(void **state)
{
    Fixture f = collect("x = handler(  # pxlint: ignore[PX001]\n" /* 1 */
                        "    items,\n"                            /* 2 */
                        "    more,\n"                             /* 3 */
                        ")\n"                                     /* 4 */
                        "y = call(\n"                             /* 5 */
                        "    a,\n"                                /* 6 */
                        ")  # noqa: PX001\n"                      /* 7 */
                        "z = 1\n");                               /* 8 */
    uint32_t first, last;
    px_suppressions_statement(f.s, 3, &first, &last);
    assert_int_equal(first, 1);
    assert_int_equal(last, 4);
    assert_true(covers(&f, 2, PX_RULE_PX001));
    assert_true(covers(&f, 3, PX_RULE_PX001));
    assert_true(covers(&f, 4, PX_RULE_PX001));
    /* The last line of a statement covers it too (where formatters put a
     * trailing comment). */
    assert_true(covers(&f, 5, PX_RULE_PX001));
    assert_true(covers(&f, 6, PX_RULE_PX001));
    assert_false(covers(&f, 8, PX_RULE_PX001));
    release(&f);
}

static void test_compound_headers(void **state)
{
    Fixture f = collect("def f(a,  # pxlint: ignore[PX001]\n" /* 1 */
                        "      b):\n"                        /* 2 */
                        "    return (a,\n"                   /* 3 */
                        "            b)\n"                   /* 4 */
                        "if (x and  # noqa\n"                /* 5 */
                        "        y):\n"                      /* 6 */
                        "    pass\n"                         /* 7 */
                        "@decorate(  # noqa: PX003\n"        /* 8 */
                        "    1)\n"                           /* 9 */
                        "def g():\n"                         /* 10 */
                        "    pass\n");                       /* 11 */
    /* The header spans lines 1-2; the body is its own statement. */
    assert_true(covers(&f, 2, PX_RULE_PX001));
    assert_false(covers(&f, 3, PX_RULE_PX001));
    assert_false(covers(&f, 4, PX_RULE_PX001));
    assert_true(covers(&f, 6, PX_RULE_PX003));
    assert_false(covers(&f, 7, PX_RULE_PX003));
    /* A decorator is a statement of its own, not the whole function. */
    assert_true(covers(&f, 9, PX_RULE_PX003));
    assert_false(covers(&f, 10, PX_RULE_PX003));
    assert_false(covers(&f, 11, PX_RULE_PX003));
    release(&f);
}

static void test_not_in_strings(void **state)
{
    Fixture f = collect("s = '# pxlint: ignore'\n"
                        "t = \"\"\"\n# noqa\n\"\"\"\n"
                        "u = 1  # see pxlint docs\n"
                        "# pxlint-args: --select PX001\n"
                        "v = 2  # noqa: E501, W291\n"
                        "w = 3  # noqanything\n");
    assert_int_equal(px_suppressions_count(f.s), 0);
    for (uint32_t l = 1; l <= 9; l++)
        assert_false(covers(&f, l, PX_RULE_PX001));
    release(&f);
}

static void test_codes_of_other_tools_and_unknown_codes(void **state)
{
    Fixture f = collect("a = 1  # noqa: E501, PX001\n"
                        "b = 2  # pxlint: ignore[PX999, PX001]\n"
                        "c = 3  # type: ignore  # pxlint: ignore[PX003]\n");
    assert_true(covers(&f, 1, PX_RULE_PX001));
    assert_null(px_suppressions_get(f.s, 0)->unknown);
    assert_true(covers(&f, 2, PX_RULE_PX001));
    assert_string_equal(px_suppressions_get(f.s, 1)->unknown, "PX999");
    assert_true(covers(&f, 3, PX_RULE_PX003));
    release(&f);
}

static void test_invalid_directives(void **state)
{
    Fixture f = collect("a = 1  # pxlint: ignroe[PX001]\n"
                        "b = 2  # pxlint: ignore[PX001\n");
    assert_int_equal(px_suppressions_count(f.s), 2);
    const PxSuppression *d = px_suppressions_get(f.s, 0);
    assert_int_equal(d->kind, PX_SUPPRESS_INVALID);
    assert_non_null(strstr(d->problem, "'# pxlint: ignroe' is no directive"));
    d = px_suppressions_get(f.s, 1);
    assert_int_equal(d->kind, PX_SUPPRESS_INVALID);
    assert_non_null(strstr(d->problem, "never closed"));
    assert_false(covers(&f, 1, PX_RULE_PX001));
    assert_false(covers(&f, 2, PX_RULE_PX001));
    release(&f);
}

static void test_skip_file(void **state)
{
    Fixture f = collect("#!/usr/bin/env python3\n"
                        "# Generated code.\n"
                        "\n"
                        "# pxlint: skip-file\n"
                        "x = 1\n");
    assert_true(px_suppressions_skip_file(f.s));
    release(&f);
    f = collect("x = 1\n# pxlint: skip-file\n");
    assert_false(px_suppressions_skip_file(f.s));
    assert_non_null(strstr(px_suppressions_get(f.s, 0)->problem,
                           "only works before the first statement"));
    release(&f);
    f = collect("# pxlint: skip-file\n");
    assert_true(px_suppressions_skip_file(f.s));
    release(&f);
}

static void test_syntax_error_line(void **state)
{
    /* A directive on the line of a syntax error is still read. */
    Fixture f = collect("import threading\n"
                        "threading.Thread(target=f).start(  # pxlint: ignore[PX001]\n");
    assert_true(covers(&f, 2, PX_RULE_PX001));
    release(&f);
}

static void test_no_directive_no_walk(void **state)
{
    Fixture f = collect("x = 1\ny = (\n");
    assert_null(f.s);
    assert_int_equal(px_arena_used(f.arena), 0);
    assert_int_equal(px_suppressions_count(f.s), 0);
    assert_false(px_suppressions_skip_file(f.s));
    uint32_t first, last;
    px_suppressions_statement(f.s, 2, &first, &last);
    assert_int_equal(first, 2);
    assert_null(px_suppressions_find(f.s, 2, PX_RULE_PX001));
    release(&f);
}

/* The words count only after a '#' on their line; after a '#' in a string
 * the rest of the line is still read. */
static void test_directive_words_outside_comments_no_walk(void **state)
{
    Fixture f = collect("import pxlint\nnoqa = pxlint.NOQA\n");
    assert_null(f.s);
    release(&f);
    f = collect("s = '#'; x = 1  # NOQA: PX101\n");
    assert_true(covers(&f, 1, PX_RULE_PX101));
    release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_directives),
        cmocka_unit_test(test_multiline_statement),
        cmocka_unit_test(test_compound_headers),
        cmocka_unit_test(test_not_in_strings),
        cmocka_unit_test(test_codes_of_other_tools_and_unknown_codes),
        cmocka_unit_test(test_invalid_directives),
        cmocka_unit_test(test_skip_file),
        cmocka_unit_test(test_syntax_error_line),
        cmocka_unit_test(test_no_directive_no_walk),
        cmocka_unit_test(test_directive_words_outside_comments_no_walk),
    };
    return cmocka_run_group_tests_name("suppress", tests, NULL, NULL);
}
