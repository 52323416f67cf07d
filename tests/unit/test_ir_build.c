/* The effect IR of small modules, as the analysis reads it: what each
 * function's record says beside its ops. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "module.h"

#include <stdio.h>
#include <string.h>

static PxModule *build(const char *code)
{
    size_t n = strlen(code);
    PxModule *m = px_module_create(px_source_create("t.py", px_strndup(code, n), n));
    PxParser *p = px_parser_create();
    px_module_parse(m, p);
    px_module_build_facts(m);
    px_parser_destroy(p);
    assert_non_null(m->ir);
    return m;
}

static const PxFunctionIR *function(const PxModule *m, const char *qualname)
{
    for (PxScopeId i = 0; i < px_scopes_count(m->scopes); i++)
        if (strcmp(px_scopes_get(m->scopes, i)->qualname, qualname) == 0)
            return &m->ir->functions[i];
    fail_msg("no scope %s", qualname);
    return NULL;
}

/* A bit per parameter whose default a call could share and mutate: not
 * None, numbers, strings or tuples of those. */
static void test_mutable_defaults(void **state)
{
    (void)state;
    PxModule *m = build("def f(a, b=[], c=1, d={}, *, e=set(), g=(1, 'x')):\n"
                        "    pass\n"
                        "def plain(a, b=None):\n"
                        "    pass\n"
                        "k = lambda x=[]: x\n");
    assert_int_equal(function(m, "f")->mutable_defaults, 0x2 | 0x8 | 0x10);
    assert_int_equal(function(m, "plain")->mutable_defaults, 0);
    assert_int_equal(function(m, "<lambda>")->mutable_defaults, 0x1);
    px_module_destroy(m);
}

/* A function too deeply nested to reduce has no PARAM ops left, and so no
 * mutable defaults either. (`not`s, not brackets: over 200 nested brackets
 * are a syntax error before any parse.) */
static void test_too_complex_function_has_no_defaults(void **state)
{
    (void)state;
    enum { DEPTH = 450 };
    char code[64 + 4 * DEPTH];
    int k = snprintf(code, sizeof code, "def f(a=[]):\n    return ");
    for (int i = 0; i < DEPTH; i++)
        k += snprintf(code + k, sizeof code - (size_t)k, "not ");
    snprintf(code + k, sizeof code - (size_t)k, "a\n");
    PxModule *m = build(code);
    const PxFunctionIR *f = function(m, "f");
    assert_int_equal(f->nops, 1);
    assert_int_equal(f->ops[0].kind, PX_OP_TOO_COMPLEX);
    assert_int_equal(f->mutable_defaults, 0);
    px_module_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mutable_defaults),
        cmocka_unit_test(test_too_complex_function_has_no_defaults),
    };
    return cmocka_run_group_tests_name("ir_build", tests, NULL, NULL);
}
