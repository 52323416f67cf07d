/* A finding becomes its rule's diagnostic: the message the rule's format
 * makes (as snprintf would, truncation included), and the trace shared. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "finding_rules.h"

#include <stdio.h>
#include <string.h>

static PxSource *make_source(void)
{
    return px_source_create("app.py", px_strdup("DATA.append(1)\n"), 15);
}

static const PxDiagnostic *report(PxDiagList *l, const PxFinding *f, const char *qualname)
{
    PxCallbackRef ref = {"app", qualname, f->source, 1};
    px_report_finding(f, px_diag_keep_callback(l, &ref), l);
    return px_diag_at(l, px_diag_count(l) - 1);
}

static void test_message_and_trace(void **state)
{
    (void)state;
    PxSource *src = make_source();
    PxTraceStep steps[] = {{PX_TRACE_ALIAS, src, 0, 4, "`DATA` is defined here"}};
    PxFinding f = {.kind = PX_FIND_CONTAINER_MUTATION, .root = PX_ROOT_GLOBAL, .source = src,
                   .start = 0, .end = 14, .object = "the module global `app.DATA`",
                   .action = "calls `append` on it", .steps = steps, .nsteps = 1};
    PxDiagList *l = px_diag_list_create();
    const PxDiagnostic *d = report(l, &f, "worker");
    assert_int_equal(d->rule, PX_RULE_PX101);
    assert_string_equal(d->message, "callback `worker` mutates the module global `app.DATA`, "
                                    "a main-thread object: calls `append` on it");
    assert_ptr_equal(d->trace, steps); /* shared, not copied */
    /* a call finding names no object: the format's second %s is empty */
    PxFinding call = {.kind = PX_FIND_UNVERIFIABLE, .source = src, .start = 0, .end = 14,
                      .object = "", .action = "calls `run`, which pxlint cannot resolve"};
    d = report(l, &call, "worker");
    assert_string_equal(d->message, "callback `worker` cannot be proven safe: it calls "
                                    "`run`, which pxlint cannot resolve");
    px_diag_list_destroy(l);
    px_source_destroy(src);
}

/* Names longer than the message buffers are cut where snprintf cuts. */
static void test_long_names_truncate_as_snprintf(void **state)
{
    (void)state;
    PxSource *src = make_source();
    static char object[3000], qualname[1500];
    memset(object, 'o', sizeof object - 1);
    memset(qualname, 'q', sizeof qualname - 1);
    PxFinding f = {.kind = PX_FIND_CONTAINER_MUTATION, .root = PX_ROOT_GLOBAL, .source = src,
                   .start = 0, .end = 14, .object = object, .action = "calls `append` on it"};
    char tail[1024], want[1400];
    for (int i = 0; i < 2; i++) {
        const char *name = i ? qualname : "worker";
        /* (their lengths, past the buffers, say they were cut) */
        assert_true(snprintf(tail, sizeof tail, "mutates %s, a main-thread object: %s", object,
                             f.action) >= (int)sizeof tail);
        int n = snprintf(want, sizeof want, "callback `%s` %s", name, tail);
        assert_int_equal(n >= (int)sizeof want, i == 1); /* the long name cuts it too */
        PxDiagList *l = px_diag_list_create();
        assert_string_equal(report(l, &f, name)->message, want);
        px_diag_list_destroy(l);
    }
    px_source_destroy(src);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_message_and_trace),
        cmocka_unit_test(test_long_names_truncate_as_snprintf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
