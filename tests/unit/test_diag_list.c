/* Diagnostic lists: moving, sharing and adopting diagnostics between lists
 * (the engine shares the ones made while the fixpoint ran). Under ASan, a
 * shared diagnostic whose memory went with its list is a use after free. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "diagnostic.h"

#include <stdio.h>
#include <string.h>

static PxDiagList *list_of(const PxSource *src, const char *prefix, int n)
{
    PxDiagList *l = px_diag_list_create();
    for (int i = 0; i < n; i++) {
        char msg[32];
        snprintf(msg, sizeof msg, "%s%d", prefix, i);
        px_diag_add(l, PX_RULE_PX101, src, (uint32_t)i, (uint32_t)i + 1, msg);
    }
    return l;
}

static void test_share_puts_a_range_at_the_end(void **state)
{
    (void)state;
    PxSource *src = px_source_create("a.py", px_strdup("x = 1\n"), 6);
    PxDiagList *to = list_of(src, "to", 1), *from = list_of(src, "from", 4);
    px_diag_list_share(to, from, 1, 2);
    assert_int_equal(px_diag_count(to), 3);
    assert_string_equal(px_diag_at(to, 0)->message, "to0");
    assert_string_equal(px_diag_at(to, 1)->message, "from1");
    assert_string_equal(px_diag_at(to, 2)->message, "from2");
    /* shared, not copied */
    assert_ptr_equal(px_diag_at(to, 1), px_diag_at(from, 1));
    assert_int_equal(px_diag_count(from), 4);
    /* a range past the end stops at it */
    px_diag_list_share(to, from, 3, 5);
    assert_int_equal(px_diag_count(to), 4);
    assert_string_equal(px_diag_at(to, 3)->message, "from3");
    px_diag_list_destroy(to);
    px_diag_list_destroy(from);
    px_source_destroy(src);
}

static void test_adopt_keeps_shared_diagnostics_alive(void **state)
{
    (void)state;
    PxSource *src = px_source_create("a.py", px_strdup("x = 1\n"), 6);
    PxDiagList *to = list_of(src, "to", 1), *from = list_of(src, "from", 3);
    px_diag_list_share(to, from, 2, 1);
    px_diag_list_adopt(to, from); /* from is gone; its unshared ones too */
    assert_int_equal(px_diag_count(to), 2);
    assert_string_equal(px_diag_at(to, 1)->message, "from2");
    assert_int_equal(px_diag_at(to, 1)->start, 2);
    /* and they stay through moves to another list */
    PxDiagList *last = px_diag_list_create();
    px_diag_list_append(last, to);
    px_diag_list_destroy(to);
    assert_int_equal(px_diag_count(last), 2);
    assert_string_equal(px_diag_at(last, 1)->message, "from2");
    px_diag_list_destroy(last);
    px_source_destroy(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_share_puts_a_range_at_the_end),
        cmocka_unit_test(test_adopt_keeps_shared_diagnostics_alive),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
