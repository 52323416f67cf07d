/* Id sets and the interner, including interning by address. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "idset.h"

#include <stdio.h>
#include <string.h>

static void test_set_stays_sorted_without_duplicates(void **state)
{
    (void)state;
    PxIdSet s = {0};
    for (uint32_t i = 0; i < 1000; i++)
        px_idset_add(&s, (i * 7919u) % 1000u);
    assert_false(px_idset_add(&s, 5));
    assert_int_equal(s.n, 1000);
    for (uint32_t i = 1; i < s.n; i++)
        assert_true(s.v[i - 1] < s.v[i]);
    assert_true(px_idset_has(&s, 999));
    assert_false(px_idset_has(&s, 1000));
    px_idset_free(&s);
    assert_int_equal(s.n, 0);
}

static void test_intern_by_text(void **state)
{
    (void)state;
    PxInterner *in = px_interner_create();
    char a[] = "name", b[] = "name";
    assert_ptr_equal(px_intern(in, a), px_intern(in, b));
    assert_ptr_equal(px_intern_n(in, "names", 4), px_intern(in, "name"));
    assert_ptr_not_equal(px_intern(in, "name"), px_intern(in, "other"));
    px_interner_destroy(in);
}

/* px_intern_stable answers what px_intern does, across table growth, for
 * many addresses, and again for the same address. */
static void test_intern_stable_matches_intern(void **state)
{
    (void)state;
    PxInterner *in = px_interner_create();
    enum { N = 5000 };
    static char texts[N][16];
    for (int i = 0; i < N; i++)
        snprintf(texts[i], sizeof texts[i], "n%d", i % 1000);
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < N; i++) {
            const char *s = px_intern_stable(in, texts[i]);
            assert_string_equal(s, texts[i]);
            assert_ptr_equal(s, px_intern(in, texts[i]));
            assert_ptr_not_equal(s, texts[i]); /* a copy the interner owns */
        }
    px_interner_destroy(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_stays_sorted_without_duplicates),
        cmocka_unit_test(test_intern_by_text),
        cmocka_unit_test(test_intern_stable_matches_intern),
    };
    return cmocka_run_group_tests_name("idset", tests, NULL, NULL);
}
