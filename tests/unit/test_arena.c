/* The arena: zeroed allocations, copies, strings, big requests. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "arena.h"

#include <stdint.h>
#include <string.h>

static void test_alloc_is_zeroed_and_aligned(void **state)
{
    (void)state;
    PxArena *a = px_arena_create();
    for (int i = 0; i < 1000; i++) {
        unsigned char *p = px_arena_alloc(a, (size_t)i % 97 + 1);
        assert_int_equal((uintptr_t)p % 16, 0);
        for (int k = 0; k < i % 97 + 1; k++)
            assert_int_equal(p[k], 0);
        memset(p, 0xAB, (size_t)i % 97 + 1); /* the next one must not see it */
    }
    px_arena_destroy(a);
}

static void test_copy_and_strings(void **state)
{
    (void)state;
    PxArena *a = px_arena_create();
    int src[5] = {1, 2, 3, 4, 5};
    int *c = px_arena_copy(a, src, sizeof src);
    assert_memory_equal(c, src, sizeof src);
    assert_ptr_not_equal(c, src);
    assert_non_null(px_arena_copy(a, NULL, 0));
    char *s = px_arena_strndup(a, "hello world", 5);
    assert_string_equal(s, "hello");
    assert_string_equal(px_arena_printf(a, "%s-%d", s, 7), "hello-7");
    px_arena_destroy(a);
}

static void test_big_requests_and_used(void **state)
{
    (void)state;
    PxArena *a = px_arena_create();
    char *small = px_arena_strdup(a, "before");
    size_t big = 1u << 20;
    unsigned char *p = px_arena_alloc(a, big);
    assert_int_equal(p[0], 0);
    assert_int_equal(p[big - 1], 0);
    /* a big block does not end the current one: small data stays intact */
    char *after = px_arena_strdup(a, "after");
    assert_string_equal(small, "before");
    assert_string_equal(after, "after");
    assert_true(px_arena_used(a) >= big + 16);
    px_arena_destroy(a);
    px_arena_destroy(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_alloc_is_zeroed_and_aligned),
        cmocka_unit_test(test_copy_and_strings),
        cmocka_unit_test(test_big_requests_and_used),
    };
    return cmocka_run_group_tests_name("arena", tests, NULL, NULL);
}
