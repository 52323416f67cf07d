/* The heap the main thread allocates from is mapped ahead of its first
 * touch while a prefault runs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "prefault.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define SANITIZED 1
#endif

#if defined(__linux__) && defined(__GLIBC__) && !defined(SANITIZED)
#define POPULATES 1 /* else another allocator, or no brk heap to populate */

enum { BLOCKS = 64, BLOCK = 64 << 10 }; /* under the mmap threshold: from the heap */

/* Whether every page of [p, p + n) is in memory. */
static bool resident(const void *p, size_t n)
{
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    uintptr_t lo = (uintptr_t)p & ~(page - 1), hi = ((uintptr_t)p + n + page - 1) & ~(page - 1);
    unsigned char vec[(BLOCK >> 12) + 2];
    if ((hi - lo) / page > sizeof vec || mincore((void *)lo, hi - lo, vec) != 0)
        return false;
    for (size_t i = 0; i < (hi - lo) / page; i++)
        if (!(vec[i] & 1))
            return false;
    return true;
}
#endif

static void test_heap_is_mapped_before_first_touch(void **state)
{
    (void)state;
#ifndef POPULATES
    skip();
#else
    PxPrefault *pf = px_prefault_start();
    assert_non_null(pf);
    /* what is left of the heap from before is not populated: used up
     * first, until the heap grows */
    void *ballast[4096];
    size_t nballast = 0;
    const void *before = sbrk(0);
    while (sbrk(0) == before && nballast < 4096)
        ballast[nballast++] = malloc(BLOCK);
    char *blocks[BLOCKS];
    for (int i = 0; i < BLOCKS; i++)
        blocks[i] = malloc(BLOCK); /* only each block's header is written */
    bool all = false;
    for (int tries = 0; tries < 400 && !all; tries++) {
        all = true;
        for (int i = 0; i < BLOCKS && all; i++)
            all = resident(blocks[i], BLOCK);
        if (!all)
            nanosleep(&(struct timespec){0, 5000000}, NULL);
    }
    px_prefault_stop(pf);
    assert_true(all);
    for (int i = 0; i < BLOCKS; i++)
        free(blocks[i]);
    for (size_t i = 0; i < nballast; i++)
        free(ballast[i]);
#endif
}

static void test_stop_accepts_null(void **state)
{
    (void)state;
    px_prefault_stop(NULL);
    px_prefault_stop(px_prefault_start());
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_heap_is_mapped_before_first_touch),
        cmocka_unit_test(test_stop_accepts_null),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
