/* The order of diagnostics: path, offset, rule, callback, message; equal
 * ones keep the order they were added in. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "diagnostic.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static PxSource *make_source(const char *path)
{
    return px_source_create(path, px_strdup("x = 1\n"), 6);
}

/* The order the sort must give, written the plain way. */
static int reference_cmp(const PxDiagnostic *a, const PxDiagnostic *b)
{
    int c = strcmp(px_source_path(a->source), px_source_path(b->source));
    if (c)
        return c;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    c = strcmp(a->callback ? a->callback->qualname : "",
               b->callback ? b->callback->qualname : "");
    return c ? c : strcmp(a->message, b->message);
}

static void test_order_of_each_key(void **state)
{
    (void)state;
    PxSource *b = make_source("b.py"), *a = make_source("a.py");
    /* a second source with a path already seen (a buffer and its file) */
    PxSource *a2 = make_source("a.py");
    PxDiagList *l = px_diag_list_create();
    PxCallbackRef zed = {"m", "zed", a, 1}, alpha = {"m", "alpha", a, 1};
    px_diag_add(l, PX_RULE_PX101, b, 0, 1, "in b");
    px_diag_add(l, PX_RULE_PX101, a2, 5, 6, "a2 at 5");
    px_diag_set_callback(l, px_diag_add(l, PX_RULE_PX101, a, 3, 4, "m"), &zed);
    px_diag_set_callback(l, px_diag_add(l, PX_RULE_PX101, a, 3, 4, "m"), &alpha);
    px_diag_add(l, PX_RULE_PX101, a, 3, 4, "no callback");
    px_diag_add(l, PX_RULE_PX001, a, 3, 4, "lower rule");
    px_diag_add(l, PX_RULE_PX101, a2, 1, 2, "a2 at 1");
    px_diag_sort(l, 1);
    const char *want[] = {"a2 at 1", "lower rule", "no callback", "m", "m", "a2 at 5", "in b"};
    assert_int_equal(px_diag_count(l), 7);
    for (size_t i = 0; i < 7; i++)
        assert_string_equal(px_diag_at(l, i)->message, want[i]);
    assert_string_equal(px_diag_at(l, 3)->callback->qualname, "alpha");
    assert_string_equal(px_diag_at(l, 4)->callback->qualname, "zed");
    px_diag_list_destroy(l);
    px_source_destroy(a2);
    px_source_destroy(a);
    px_source_destroy(b);
}

/* Paths and callback names order by their bytes as strcmp does
 * (unsigned): names sharing long beginnings, names that begin others, and
 * bytes over 0x7f early and late. */
static void test_names_in_strcmp_order(void **state)
{
    (void)state;
    static const char *const names[] = {
        "abcdefgh.x", "", "zed", "abcdefgh", "Zed", "abcdefgi", "abcdefg",
        "\xc3\xa9t\xc3\xa9", "abcdefgh\xc3\xa9", "a", "abcdefgha",
        "TestCase.test_two", "TestCase.test_one", "abcdefgh", "b", "a\xc3\xa9",
    };
    static const char *const paths[] = {
        "/srv/project/pkg/b.py", "/srv/project/pkg/a.py", "/srv/project/pkg/\xc3\xa9.py",
        "/srv/project/pkg/a.pyi", "/srv/project/p.py", "/srv/a.py",
    };
    enum { NNAMES = sizeof names / sizeof *names, NPATHS = sizeof paths / sizeof *paths };
    PxSource *files[NPATHS];
    for (size_t i = 0; i < NPATHS; i++)
        files[i] = make_source(paths[i]);
    PxCallbackRef cbs[NNAMES];
    for (size_t i = 0; i < NNAMES; i++)
        cbs[i] = (PxCallbackRef){"m", names[i], files[0], 1};
    PxDiagList *l = px_diag_list_create();
    for (size_t f = 0; f < NPATHS; f++)
        for (size_t i = 0; i < NNAMES; i++)
            px_diag_set_callback(l, px_diag_add(l, PX_RULE_PX101, files[f], 0, 1, "m"),
                                 &cbs[i]);
    px_diag_sort(l, 1);
    assert_int_equal(px_diag_count(l), NPATHS * NNAMES);
    for (size_t i = 1; i < px_diag_count(l); i++)
        assert_true(reference_cmp(px_diag_at(l, i - 1), px_diag_at(l, i)) <= 0);
    /* and the order is not just any: the first and last of each key */
    assert_string_equal(px_source_path(px_diag_at(l, 0)->source), "/srv/a.py");
    assert_string_equal(px_diag_at(l, 0)->callback->qualname, "");
    assert_string_equal(px_diag_at(l, 1)->callback->qualname, "TestCase.test_one");
    assert_string_equal(px_diag_at(l, NNAMES - 1)->callback->qualname, "\xc3\xa9t\xc3\xa9");
    assert_string_equal(px_source_path(px_diag_at(l, NPATHS * NNAMES - 1)->source),
                        "/srv/project/pkg/\xc3\xa9.py");
    px_diag_list_destroy(l);
    for (size_t i = 0; i < NPATHS; i++)
        px_source_destroy(files[i]);
}

/* Thousands of diagnostics over few files, offsets, rules, callbacks and
 * messages, so that every key ties often: the result is ordered by the
 * reference, and equal diagnostics stay in the order they were added
 * (on two threads, across the halves they sort). */
static void many_ties_match_reference(unsigned jobs)
{
    enum { NFILES = 7, NCALLBACKS = 9, N = 5000 };
    PxSource *files[NFILES];
    char path[32];
    for (int i = 0; i < NFILES; i++) {
        snprintf(path, sizeof path, "pkg/m%d.py", (i * 5) % NFILES);
        files[i] = make_source(path); /* two by two share a path */
    }
    PxCallbackRef cbs[NCALLBACKS];
    char names[NCALLBACKS][16];
    for (int i = 0; i < NCALLBACKS; i++) {
        snprintf(names[i], sizeof names[i], "f%d", (i * 4) % NCALLBACKS);
        cbs[i] = (PxCallbackRef){"m", names[i], files[0], 1};
    }
    PxDiagList *l = px_diag_list_create();
    const PxDiagnostic **added = px_calloc(N, sizeof(*added));
    unsigned seed = 12345;
    for (int i = 0; i < N; i++) {
        seed = seed * 1103515245u + 12345u;
        unsigned r = seed >> 8;
        char msg[16];
        snprintf(msg, sizeof msg, "msg%u", r % 3);
        PxDiagnostic *d = px_diag_add(l, (r >> 2) % 2 ? PX_RULE_PX101 : PX_RULE_PX104,
                                      files[(r >> 3) % NFILES], (r >> 6) % 4,
                                      (r >> 6) % 4 + 1, msg);
        if ((r >> 9) % (NCALLBACKS + 1))
            px_diag_set_callback(l, d, &cbs[(r >> 9) % (NCALLBACKS + 1) - 1]);
        added[i] = d;
    }
    px_diag_sort(l, jobs);
    assert_int_equal(px_diag_count(l), N);
    for (size_t i = 1; i < N; i++) {
        const PxDiagnostic *x = px_diag_at(l, i - 1), *y = px_diag_at(l, i);
        int c = reference_cmp(x, y);
        assert_true(c <= 0);
        if (c == 0) { /* added in this order */
            size_t ix = 0, iy = 0;
            for (size_t k = 0; k < N; k++) {
                if (added[k] == x)
                    ix = k;
                if (added[k] == y)
                    iy = k;
            }
            assert_true(ix < iy);
        }
    }
    free(added);
    px_diag_list_destroy(l);
    for (int i = 0; i < NFILES; i++)
        px_source_destroy(files[i]);
}

static void test_many_ties_match_reference(void **state)
{
    (void)state;
    many_ties_match_reference(1);
}

static void test_many_ties_on_two_threads(void **state)
{
    (void)state;
    many_ties_match_reference(2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_order_of_each_key),
        cmocka_unit_test(test_names_in_strcmp_order),
        cmocka_unit_test(test_many_ties_match_reference),
        cmocka_unit_test(test_many_ties_on_two_threads),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
