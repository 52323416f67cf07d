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
    /* joined pieces are the text they make, whichever way it is split */
    assert_ptr_equal(px_intern_join(in, "os", ".", "path"), px_intern(in, "os.path"));
    assert_ptr_equal(px_intern_join(in, "os.pa", "", "th"), px_intern(in, "os.path"));
    assert_ptr_equal(px_intern_join(in, "", "", ""), px_intern(in, ""));
    assert_string_equal(px_intern_join(in, "a", "..", "b"), "a..b");
    assert_ptr_not_equal(px_intern_join(in, "os", ".", "pat"), px_intern(in, "os.path"));
    /* many strings: the table grows and keeps each one */
    char text[32];
    const char *kept[3000];
    for (int i = 0; i < 3000; i++) {
        snprintf(text, sizeof text, "m%d", i);
        kept[i] = px_intern_join(in, text, ".", "x");
    }
    for (int i = 0; i < 3000; i++) {
        snprintf(text, sizeof text, "m%d.x", i);
        assert_ptr_equal(px_intern(in, text), kept[i]);
    }
    px_interner_destroy(in);
}

/* px_intern_stable answers what px_intern does, across table growth, for
 * many addresses, and again for the same address. */
static void test_intern_stable_matches_intern(void **state)
{
    (void)state;
    PxInterner *in = px_interner_create();
    PxPtrMap *memo = px_ptrmap_create();
    enum { N = 5000 };
    static char texts[N][16];
    for (int i = 0; i < N; i++)
        snprintf(texts[i], sizeof texts[i], "n%d", i % 1000);
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < N; i++) {
            const char *s = px_intern_stable(in, memo, texts[i]);
            assert_string_equal(s, texts[i]);
            assert_ptr_equal(s, px_intern(in, texts[i]));
            assert_ptr_not_equal(s, texts[i]); /* a copy the interner owns */
        }
    px_ptrmap_destroy(memo);
    px_interner_destroy(in);
}

/* Many pooled sets growing in turn, some released and grown again: each
 * holds exactly what was added (a reused array shared by two sets, or one
 * given back twice, would mix their ids). ASan checks the pool's bounds. */
static void test_pool_sets_stay_apart(void **state)
{
    (void)state;
    enum { NSETS = 64, ROUNDS = 300 };
    PxIdPool *pool = px_idpool_create();
    PxIdSet sets[NSETS] = {{0}};
    uint32_t added[NSETS] = {0}; /* set k holds k*100000 + 0 .. added[k]-1 */
    for (uint32_t r = 0; r < ROUNDS; r++) {
        for (uint32_t k = 0; k < NSETS; k++) {
            if ((r + k) % 97 == 0) {
                px_idpool_release(pool, &sets[k]);
                assert_int_equal(sets[k].n, 0);
                added[k] = 0;
            }
            uint32_t more = 1 + (k + r) % 3;
            for (uint32_t i = 0; i < more; i++) {
                /* in descending order too, so inserts land everywhere */
                uint32_t id = k * 100000u + (r % 2 ? added[k] : 50000u - added[k]);
                assert_true(px_idpool_add(pool, &sets[k], id));
                assert_false(px_idpool_add(pool, &sets[k], id));
                added[k]++;
            }
        }
    }
    for (uint32_t k = 0; k < NSETS; k++) {
        assert_int_equal(sets[k].n, added[k]);
        for (uint32_t i = 0; i < sets[k].n; i++) {
            assert_int_equal(sets[k].v[i] / 100000u, k);
            if (i)
                assert_true(sets[k].v[i - 1] < sets[k].v[i]);
        }
    }
    /* a union into an empty set is a copy of its own */
    PxIdSet u = {0};
    assert_true(px_idpool_union(pool, &u, &sets[3]));
    assert_false(px_idpool_union(pool, &u, &sets[3]));
    assert_int_equal(u.n, sets[3].n);
    assert_memory_equal(u.v, sets[3].v, u.n * sizeof(uint32_t));
    assert_true(u.cap >= u.n && u.cap % 4 == 0 && (u.cap & (u.cap - 1)) == 0);
    uint32_t n3 = sets[3].n;
    assert_true(px_idpool_add(pool, &u, 1));
    assert_int_equal(sets[3].n, n3);
    assert_int_equal(sets[3].v[0] / 100000u, 3);
    /* an emptied set with a small array of its own gets the copy too */
    PxIdSet w = {0};
    assert_true(px_idpool_add(pool, &w, 7));
    w.n = 0;
    assert_true(px_idpool_union(pool, &w, &sets[5]));
    assert_int_equal(w.n, sets[5].n);
    assert_true(w.cap >= w.n);
    assert_memory_equal(w.v, sets[5].v, w.n * sizeof(uint32_t));
    px_idpool_destroy(pool);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_set_stays_sorted_without_duplicates),
        cmocka_unit_test(test_intern_by_text),
        cmocka_unit_test(test_intern_stable_matches_intern),
        cmocka_unit_test(test_pool_sets_stay_apart),
    };
    return cmocka_run_group_tests_name("idset", tests, NULL, NULL);
}
