/* Pointer-pair maps: what is put is got back, by both addresses. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "ptrmap.h"

#include <stdint.h>

static void test_pairs_are_told_apart_across_growth(void **state)
{
    (void)state;
    enum { N = 5000 };
    static char keys[N], values[2 * N];
    PxPtrMap *m = px_ptrmap_create();
    assert_null(px_ptrmap_get(m, &keys[0], NULL));
    for (int i = 0; i < N; i++) {
        px_ptrmap_put(m, &keys[i], NULL, &values[i]);
        px_ptrmap_put(m, &keys[i], &keys[(i + 1) % N], &values[N + i]);
    }
    for (int i = 0; i < N; i++) {
        assert_ptr_equal(px_ptrmap_get(m, &keys[i], NULL), &values[i]);
        assert_ptr_equal(px_ptrmap_get(m, &keys[i], &keys[(i + 1) % N]), &values[N + i]);
        /* the same two addresses the other way round are another key */
        if ((i + 1) % N != i && (i + 2) % N != i)
            assert_null(px_ptrmap_get(m, &keys[(i + 1) % N], &keys[i]));
    }
    px_ptrmap_put(m, &keys[7], NULL, &values[3]); /* replaces */
    assert_ptr_equal(px_ptrmap_get(m, &keys[7], NULL), &values[3]);
    px_ptrmap_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pairs_are_told_apart_across_growth),
    };
    return cmocka_run_group_tests_name("ptrmap", tests, NULL, NULL);
}
