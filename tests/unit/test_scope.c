/* The scope graph: one test per Python scoping rule, on tiny snippets. The
 * expected answers are CPython 3.11's (symtable, co_qualname). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "arena.h"
#include "parse.h"
#include "scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    PxArena *arena;
    PxSource *source;
    PxScopes *scopes;
    bool syntax_error;
} Fixture;

static Fixture fx;

/* Parses and builds; the tree is freed at once, as the pipeline does. */
static const PxScopes *build(const char *code)
{
    px_arena_destroy(fx.arena);
    px_source_destroy(fx.source);
    size_t n = strlen(code);
    fx.arena = px_arena_create();
    fx.source = px_source_create("t.py", px_strndup(code, n), n);
    PxParser *p = px_parser_create();
    TSTree *tree = px_parser_parse(p, fx.source);
    PxSyntaxError err;
    fx.syntax_error = px_syntax_first_error(ts_tree_root_node(tree), fx.source, &err);
    PxFlatTree *flat = px_flat_create(tree, fx.source);
    fx.scopes = px_scopes_build(fx.arena, flat, fx.source);
    px_flat_destroy(flat);
    ts_tree_delete(tree);
    px_parser_destroy(p);
    return fx.scopes;
}

static int teardown(void **state)
{
    px_arena_destroy(fx.arena);
    px_source_destroy(fx.source);
    memset(&fx, 0, sizeof fx);
    return 0;
}

static PxScopeId scope_id(const PxScopes *s, const char *qualname)
{
    for (PxScopeId i = 0; i < px_scopes_count(s); i++)
        if (strcmp(px_scopes_get(s, i)->qualname, qualname) == 0)
            return i;
    fail_msg("no scope %s", qualname);
    return PX_NO_SCOPE;
}

static const PxScope *scope(const PxScopes *s, const char *qualname)
{
    return px_scopes_get(s, scope_id(s, qualname));
}

static const PxSymbol *sym(const PxScopes *s, const char *qualname, const char *name)
{
    const PxSymbol *y = px_scopes_symbol(s, scope_id(s, qualname), name);
    if (!y)
        fail_msg("no symbol %s in %s", name, qualname);
    return y;
}

/* The symbol has classification `cls` and at least the flags `flags`. */
static void expect(const PxScopes *s, const char *qualname, const char *name,
                   PxSymScope cls, uint32_t flags)
{
    const PxSymbol *y = sym(s, qualname, name);
    if (y->scope != cls)
        fail_msg("%s in %s: scope %d, expected %d", name, qualname, y->scope, cls);
    if ((y->flags & flags) != flags)
        fail_msg("%s in %s: flags %#x, expected %#x", name, qualname, y->flags, flags);
}

static const char *defining(const PxScopes *s, const char *qualname, const char *name)
{
    PxScopeId d = sym(s, qualname, name)->defining_scope;
    return d == PX_NO_SCOPE ? "(none)" : px_scopes_get(s, d)->qualname;
}

/* The n-th (0-based) binding of `name`. */
static const PxBinding *binding(const PxScopes *s, const char *name, int n)
{
    for (uint32_t i = 0; i < px_scopes_binding_count(s); i++) {
        const PxBinding *b = px_scopes_binding(s, i);
        if (strcmp(b->name, name) == 0 && n-- == 0)
            return b;
    }
    fail_msg("no binding %s", name);
    return NULL;
}

static const PxReference *reference(const PxScopes *s, const char *name, int n)
{
    for (uint32_t i = 0; i < px_scopes_reference_count(s); i++) {
        const PxReference *r = px_scopes_reference(s, i);
        if (strcmp(r->name, name) == 0 && n-- == 0)
            return r;
    }
    fail_msg("no reference %s", name);
    return NULL;
}

static uint32_t offset_of(const char *code, const char *needle)
{
    const char *p = strstr(code, needle);
    if (!p)
        fail_msg("no %s in the snippet", needle);
    return (uint32_t)(p - code);
}

/* ---- scopes and qualified names ---------------------------------------- */

static void test_scope_kinds_and_qualnames(void **state)
{
    const PxScopes *s = build("class Outer:\n"
                              "    def method(self):\n"
                              "        def inner():\n"
                              "            return [x for x in ()]\n"
                              "        return lambda: (y for y in ()), {k: 1 for k in ()}, {z for z in ()}\n"
                              "async def coro():\n"
                              "    pass\n");
    assert_int_equal(px_scopes_count(s), 10);
    const PxScope *m = px_scopes_get(s, 0);
    assert_int_equal(m->kind, PX_SCOPE_MODULE);
    assert_int_equal(m->parent, PX_NO_SCOPE);
    assert_string_equal(m->qualname, "<module>");
    assert_int_equal(scope(s, "Outer")->kind, PX_SCOPE_CLASS);
    assert_int_equal(scope(s, "Outer.method")->kind, PX_SCOPE_FUNCTION);
    assert_int_equal(scope(s, "Outer.method")->parent, scope_id(s, "Outer"));
    assert_int_equal(scope(s, "Outer.method.<locals>.inner")->kind, PX_SCOPE_FUNCTION);
    assert_int_equal(scope(s, "Outer.method.<locals>.inner.<locals>.<listcomp>")->kind,
                     PX_SCOPE_COMPREHENSION);
    const PxScope *lam = scope(s, "Outer.method.<locals>.<lambda>");
    assert_int_equal(lam->kind, PX_SCOPE_LAMBDA);
    assert_string_equal(lam->name, "<lambda>");
    /* A comprehension's children get no "<locals>" (nor does a class's). */
    assert_int_equal(scope(s, "Outer.method.<locals>.<lambda>.<locals>.<genexpr>")->parent,
                     scope_id(s, "Outer.method.<locals>.<lambda>"));
    scope(s, "Outer.method.<locals>.<dictcomp>");
    scope(s, "Outer.method.<locals>.<setcomp>");
    assert_int_equal(scope(s, "coro")->kind, PX_SCOPE_FUNCTION);
    /* Scopes come in document order, parents first. */
    for (PxScopeId i = 1; i < px_scopes_count(s); i++)
        assert_true(px_scopes_get(s, i)->parent < i);
}

static void test_qualname_of_function_declared_global(void **state)
{
    const PxScopes *s = build("def f():\n"
                              "    global g\n"
                              "    def g():\n"
                              "        def h(): pass\n"
                              "    class K:\n"
                              "        global m\n"
                              "        def m(self): pass\n"
                              "        lam = lambda: 0\n");
    scope(s, "g");
    scope(s, "g.<locals>.h");
    scope(s, "m");
    scope(s, "f.<locals>.K.<lambda>");
    /* The binding of g lives in the module namespace. */
    assert_int_equal(binding(s, "g", 0)->kind, PX_BIND_DEF);
    assert_int_equal(binding(s, "g", 0)->scope, 0);
}

static void test_nested_comprehension_qualnames(void **state)
{
    const PxScopes *s = build("def f():\n"
                              "    return [[lambda: j for j in i] for i in x]\n");
    scope(s, "f.<locals>.<listcomp>.<listcomp>.<lambda>");
}

static void test_first_line_is_the_first_decorator(void **state)
{
    const PxScopes *s = build("\n"
                              "@dec1\n"
                              "@dec2(\n"
                              "  1)\n"
                              "def f():\n"
                              "    pass\n"
                              "class C:\n"
                              "    @property\n"
                              "    async def p(self): pass\n"
                              "g = (lambda:\n"
                              "     0)\n");
    const PxScope *f = scope(s, "f");
    assert_int_equal(f->first_line, 2);
    assert_int_equal(px_source_position(fx.source, f->def_start).line, 5);
    assert_int_equal(f->start, 1); /* decorators included */
    assert_int_equal(scope(s, "C")->first_line, 7);
    assert_int_equal(scope(s, "C.p")->first_line, 8);
    assert_int_equal(scope(s, "<lambda>")->first_line, 10);
}

/* ---- class scopes ------------------------------------------------------- */

static void test_class_body_is_not_visible_from_methods(void **state)
{
    const PxScopes *s = build("x = 0\n"
                              "class C:\n"
                              "    x = 1\n"
                              "    y = x\n"
                              "    def m(self):\n"
                              "        return x\n"
                              "    z = [x for _ in ()]\n");
    /* In the class body x is the class's own. */
    expect(s, "C", "x", PX_SYM_LOCAL, PX_SYMF_ASSIGNED | PX_SYMF_REFERENCED);
    const PxReference *r = reference(s, "x", 0);
    assert_int_equal(r->scope, scope_id(s, "C"));
    assert_int_equal(r->target_scope, scope_id(s, "C"));
    /* The method and the comprehension skip the class: the module's x. */
    expect(s, "C.m", "x", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    r = reference(s, "x", 1);
    assert_int_equal(r->scope, scope_id(s, "C.m"));
    assert_int_equal(r->resolution, PX_SYM_GLOBAL_IMPLICIT);
    assert_int_equal(r->target_scope, 0);
    expect(s, "C.<listcomp>", "x", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    PxScopeId where;
    assert_int_equal(px_scopes_resolve(s, scope_id(s, "C.m"), "x", &where),
                     PX_SYM_GLOBAL_IMPLICIT);
    assert_int_equal(where, 0);
    assert_int_equal(px_scopes_resolve(s, scope_id(s, "C"), "x", &where), PX_SYM_LOCAL);
    assert_int_equal(where, scope_id(s, "C"));
}

static void test_free_variable_in_class_body(void **state)
{
    const PxScopes *s = build("def f():\n"
                              "    y = 1\n"
                              "    class C:\n"
                              "        z = y\n"
                              "        def m(self):\n"
                              "            return y\n");
    expect(s, "f", "y", PX_SYM_CELL, PX_SYMF_ASSIGNED);
    expect(s, "f.<locals>.C", "y", PX_SYM_FREE, PX_SYMF_REFERENCED);
    assert_string_equal(defining(s, "f.<locals>.C", "y"), "f");
    expect(s, "f.<locals>.C.m", "y", PX_SYM_FREE, PX_SYMF_REFERENCED);
    assert_string_equal(defining(s, "f.<locals>.C.m", "y"), "f");
}

static void test_class_binding_also_free_in_method(void **state)
{
    /* symtable's DEF_FREE_CLASS: the class binds y, the method reads f's. */
    const PxScopes *s = build("def f():\n"
                              "    y = 1\n"
                              "    class C:\n"
                              "        y = 2\n"
                              "        def m(self):\n"
                              "            return y\n");
    expect(s, "f.<locals>.C", "y", PX_SYM_LOCAL, PX_SYMF_ASSIGNED | PX_SYMF_FREE_CLASS);
    expect(s, "f.<locals>.C.m", "y", PX_SYM_FREE, 0);
    assert_string_equal(defining(s, "f.<locals>.C.m", "y"), "f");
}

static void test_super_makes_a_class_cell(void **state)
{
    const PxScopes *s = build("class C(B):\n"
                              "    def m(self):\n"
                              "        return super().m()\n"
                              "    def n(self):\n"
                              "        return lambda: __class__\n"
                              "    def plain(self):\n"
                              "        pass\n"
                              "def not_a_method():\n"
                              "    super()\n");
    expect(s, "C.m", "__class__", PX_SYM_FREE, PX_SYMF_REFERENCED);
    assert_string_equal(defining(s, "C.m", "__class__"), "C");
    expect(s, "C", "__class__", PX_SYM_CELL, 0);
    assert_true(scope(s, "C")->class_cell);
    /* Passes through n to the lambda. */
    expect(s, "C.n", "__class__", PX_SYM_FREE, 0);
    expect(s, "C.n.<locals>.<lambda>", "__class__", PX_SYM_FREE, PX_SYMF_REFERENCED);
    assert_null(px_scopes_symbol(s, scope_id(s, "C.plain"), "__class__"));
    expect(s, "not_a_method", "__class__", PX_SYM_GLOBAL_IMPLICIT, 0);
}

static void test_private_names_are_mangled(void **state)
{
    const PxScopes *s = build("class _C:\n"
                              "    __x = 1\n"
                              "    __y__ = 2\n"
                              "    def __m(self, __p):\n"
                              "        return __x\n"
                              "class ___:\n"
                              "    __z = 3\n");
    expect(s, "_C", "_C__x", PX_SYM_LOCAL, PX_SYMF_ASSIGNED);
    expect(s, "_C", "__y__", PX_SYM_LOCAL, PX_SYMF_ASSIGNED);
    expect(s, "_C", "_C__m", PX_SYM_LOCAL, PX_SYMF_ASSIGNED);
    /* The qualified name keeps the name as written. */
    expect(s, "_C.__m", "_C__p", PX_SYM_LOCAL, PX_SYMF_PARAM);
    assert_string_equal(scope(s, "_C.__m")->params[1], "_C__p");
    expect(s, "_C.__m", "_C__x", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    /* Lookups mangle the way the compiler does. */
    assert_non_null(px_scopes_symbol(s, scope_id(s, "_C"), "__x"));
    expect(s, "___", "__z", PX_SYM_LOCAL, PX_SYMF_ASSIGNED);
}

/* ---- comprehensions ----------------------------------------------------- */

static void test_comprehension_first_iterable_is_outside(void **state)
{
    const char *code = "def f(a, b):\n"
                       "    return [x + b for x in a for y in b]\n";
    const PxScopes *s = build(code);
    const char *comp = "f.<locals>.<listcomp>";
    expect(s, comp, ".0", PX_SYM_LOCAL, PX_SYMF_PARAM);
    expect(s, comp, "x", PX_SYM_LOCAL, PX_SYMF_ASSIGNED | PX_SYMF_COMP_ITER);
    expect(s, comp, "b", PX_SYM_FREE, PX_SYMF_REFERENCED);
    assert_null(px_scopes_symbol(s, scope_id(s, comp), "a"));
    expect(s, "f", "a", PX_SYM_LOCAL, PX_SYMF_PARAM | PX_SYMF_REFERENCED);
    expect(s, "f", "b", PX_SYM_CELL, PX_SYMF_PARAM);
    assert_int_equal(reference(s, "a", 0)->scope, scope_id(s, "f"));
    assert_int_equal(px_scopes_at(s, offset_of(code, "a for y")), scope_id(s, "f"));
    assert_int_equal(px_scopes_at(s, offset_of(code, "x +")), scope_id(s, comp));
}

static void test_walrus_in_comprehension_binds_in_function(void **state)
{
    const PxScopes *s = build("def f(data):\n"
                              "    if any((hit := d) for d in data):\n"
                              "        return hit\n"
                              "[last := v for v in range(3)]\n");
    const char *gen = "f.<locals>.<genexpr>";
    expect(s, gen, "hit", PX_SYM_FREE, PX_SYMF_ASSIGNED | PX_SYMF_NONLOCAL_DECL);
    assert_string_equal(defining(s, gen, "hit"), "f");
    expect(s, "f", "hit", PX_SYM_CELL, PX_SYMF_ASSIGNED | PX_SYMF_REFERENCED);
    const PxBinding *b = binding(s, "hit", 0);
    assert_int_equal(b->kind, PX_BIND_WALRUS);
    assert_int_equal(b->scope, scope_id(s, "f"));
    /* At module level it binds a global. */
    expect(s, "<listcomp>", "last", PX_SYM_GLOBAL_EXPLICIT, PX_SYMF_GLOBAL_DECL);
    expect(s, "<module>", "last", PX_SYM_GLOBAL_EXPLICIT, PX_SYMF_GLOBAL_DECL);
    assert_int_equal(binding(s, "last", 0)->scope, 0);
}

/* ---- global and nonlocal ----------------------------------------------- */

static void test_global_and_nonlocal(void **state)
{
    const PxScopes *s = build("counter = 0\n"
                              "def f():\n"
                              "    global counter\n"
                              "    counter += 1\n"
                              "    total = 0\n"
                              "    def g():\n"
                              "        nonlocal total\n"
                              "        total = 1\n"
                              "        return counter\n");
    expect(s, "f", "counter", PX_SYM_GLOBAL_EXPLICIT,
           PX_SYMF_GLOBAL_DECL | PX_SYMF_ASSIGNED);
    /* symtable also marks the module's symbol. */
    expect(s, "<module>", "counter", PX_SYM_GLOBAL_EXPLICIT, PX_SYMF_ASSIGNED);
    const PxBinding *b = binding(s, "counter", 1);
    assert_int_equal(b->kind, PX_BIND_AUGASSIGN);
    assert_int_equal(b->scope, 0);
    expect(s, "f.<locals>.g", "total", PX_SYM_FREE,
           PX_SYMF_NONLOCAL_DECL | PX_SYMF_ASSIGNED);
    assert_string_equal(defining(s, "f.<locals>.g", "total"), "f");
    expect(s, "f", "total", PX_SYM_CELL, PX_SYMF_ASSIGNED);
    b = binding(s, "total", 1);
    assert_int_equal(b->scope, scope_id(s, "f"));
    /* g reads the global: not via f's binding, f declared it global. */
    expect(s, "f.<locals>.g", "counter", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
}

/* ---- parameters ---------------------------------------------------------- */

static void test_parameters(void **state)
{
    const char *code = "D = 1\n"
                       "def f(a, b=D, /, c: T = 2, *args: A, d, e=3, **kw) -> R:\n"
                       "    return a\n"
                       "lam = lambda p, *, q=D: p\n";
    const PxScopes *s = build(code);
    const PxScope *f = scope(s, "f");
    const char *want[] = {"a", "b", "c", "args", "d", "e", "kw"};
    assert_int_equal(f->nparams, 7);
    for (int i = 0; i < 7; i++)
        assert_string_equal(f->params[i], want[i]);
    assert_int_equal(f->nposonly, 2);
    assert_int_equal(f->nkwonly, 2);
    assert_int_equal(f->star_index, 3);
    assert_int_equal(f->starstar_index, 6);
    expect(s, "f", "kw", PX_SYM_LOCAL, PX_SYMF_PARAM);
    expect(s, "f", "a", PX_SYM_LOCAL, PX_SYMF_PARAM | PX_SYMF_REFERENCED);
    /* Defaults and annotations are evaluated in the enclosing scope. */
    assert_null(px_scopes_symbol(s, scope_id(s, "f"), "D"));
    assert_null(px_scopes_symbol(s, scope_id(s, "f"), "T"));
    expect(s, "<module>", "T", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    expect(s, "<module>", "R", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    assert_int_equal(reference(s, "D", 0)->scope, 0);
    assert_int_equal(reference(s, "D", 0)->target_scope, 0);
    assert_int_equal(reference(s, "T", 0)->target_scope, PX_NO_SCOPE);
    assert_int_equal(px_scopes_at(s, offset_of(code, "D, /")), 0);
    assert_int_equal(px_scopes_at(s, offset_of(code, "args:")), scope_id(s, "f"));
    assert_int_equal(binding(s, "args", 0)->kind, PX_BIND_PARAM);
    assert_int_equal(binding(s, "args", 0)->scope, scope_id(s, "f"));
    const PxScope *lam = scope(s, "<lambda>");
    assert_int_equal(lam->nparams, 2);
    assert_int_equal(lam->nkwonly, 1);
    assert_int_equal(lam->star_index, -1);
    assert_null(px_scopes_symbol(s, scope_id(s, "<lambda>"), "D"));
}

static void test_decorators_and_bases_are_evaluated_outside(void **state)
{
    const char *code = "def outer():\n"
                       "    deco = base = meta = None\n"
                       "    @deco\n"
                       "    class C(base, metaclass=meta):\n"
                       "        @deco\n"
                       "        def m(self): pass\n";
    const PxScopes *s = build(code);
    expect(s, "outer", "deco", PX_SYM_CELL, PX_SYMF_ASSIGNED | PX_SYMF_REFERENCED);
    expect(s, "outer", "base", PX_SYM_LOCAL, PX_SYMF_REFERENCED);
    expect(s, "outer", "meta", PX_SYM_LOCAL, PX_SYMF_REFERENCED);
    /* The method's decorator is read in the class body: free there. */
    expect(s, "outer.<locals>.C", "deco", PX_SYM_FREE, PX_SYMF_REFERENCED);
    assert_null(px_scopes_symbol(s, scope_id(s, "outer.<locals>.C"), "base"));
    assert_int_equal(px_scopes_at(s, offset_of(code, "deco\n    class")),
                     scope_id(s, "outer"));
    assert_int_equal(px_scopes_at(s, offset_of(code, "base,")), scope_id(s, "outer"));
    assert_int_equal(px_scopes_at(s, offset_of(code, "deco\n        def")),
                     scope_id(s, "outer.<locals>.C"));
    assert_int_equal(px_scopes_at(s, offset_of(code, "pass")),
                     scope_id(s, "outer.<locals>.C.m"));
}

/* ---- bindings ------------------------------------------------------------ */

static void test_binding_statements(void **state)
{
    const PxScopes *s = build("def f(m):\n"
                              "    for i, (j, *k) in m: pass\n"
                              "    with open(m) as fh, m as (p, q): pass\n"
                              "    with (m as r): pass\n"
                              "    try: pass\n"
                              "    except E as err: pass\n"
                              "    del m\n"
                              "    a.b = c[d] = 1\n"
                              "    x: int\n"
                              "    y: int = 2\n");
    const char *f = "f";
    expect(s, f, "i", PX_SYM_LOCAL, PX_SYMF_ASSIGNED);
    expect(s, f, "k", PX_SYM_LOCAL, PX_SYMF_ASSIGNED);
    assert_int_equal(binding(s, "k", 0)->kind, PX_BIND_FOR);
    assert_int_equal(binding(s, "fh", 0)->kind, PX_BIND_WITH);
    assert_int_equal(binding(s, "q", 0)->kind, PX_BIND_WITH);
    assert_int_equal(binding(s, "r", 0)->kind, PX_BIND_WITH);
    /* except ... as binds, and deletes when the handler ends. */
    assert_int_equal(binding(s, "err", 0)->kind, PX_BIND_EXCEPT);
    assert_int_equal(binding(s, "err", 1)->kind, PX_BIND_DEL);
    assert_int_equal(binding(s, "m", 1)->kind, PX_BIND_DEL);
    expect(s, f, "m", PX_SYM_LOCAL, PX_SYMF_PARAM | PX_SYMF_ASSIGNED | PX_SYMF_REFERENCED);
    /* Attribute and subscript targets bind nothing; their parts are read. */
    expect(s, f, "a", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    expect(s, f, "d", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    assert_null(px_scopes_symbol(s, scope_id(s, f), "b"));
    /* A bare annotation makes x local (symtable: assigned, annotated) but
     * binds nothing. */
    expect(s, f, "x", PX_SYM_LOCAL, PX_SYMF_ANNOTATED | PX_SYMF_ASSIGNED);
    expect(s, f, "int", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    for (uint32_t i = 0; i < px_scopes_binding_count(s); i++)
        assert_string_not_equal(px_scopes_binding(s, i)->name, "x");
    assert_int_equal(binding(s, "y", 0)->kind, PX_BIND_ASSIGN);
}

static void test_imports(void **state)
{
    const PxScopes *s = build("import a.b.c, d.e as de\n"
                              "from ..pkg.mod import x as y, z\n"
                              "from . import w\n"
                              "from m import *\n"
                              "def f():\n"
                              "    import os.path\n");
    const PxBinding *b = binding(s, "a", 0);
    assert_int_equal(b->kind, PX_BIND_IMPORT);
    assert_string_equal(b->import_module, "a.b.c");
    assert_null(b->import_name);
    assert_int_equal(b->end - b->start, 1);
    b = binding(s, "de", 0);
    assert_string_equal(b->import_module, "d.e");
    b = binding(s, "y", 0);
    assert_string_equal(b->import_module, "pkg.mod");
    assert_string_equal(b->import_name, "x");
    assert_int_equal(b->import_level, 2);
    b = binding(s, "w", 0);
    assert_string_equal(b->import_module, "");
    assert_int_equal(b->import_level, 1);
    b = binding(s, "*", 0);
    assert_int_equal(b->kind, PX_BIND_IMPORT_STAR);
    assert_string_equal(b->import_module, "m");
    assert_null(px_scopes_symbol(s, 0, "*"));
    expect(s, "<module>", "a", PX_SYM_LOCAL, PX_SYMF_IMPORTED);
    expect(s, "<module>", "z", PX_SYM_LOCAL, PX_SYMF_IMPORTED);
    expect(s, "f", "os", PX_SYM_LOCAL, PX_SYMF_IMPORTED);
    assert_int_equal(binding(s, "os", 0)->scope, scope_id(s, "f"));
}

static void test_match_captures(void **state)
{
    const PxScopes *s = build("def f(cmd):\n"
                              "    match cmd:\n"
                              "        case [x, *rest]: pass\n"
                              "        case {\"k\": v, **kw}: pass\n"
                              "        case Point(a=px, b=0) | Point(a=px, b=1): pass\n"
                              "        case Color.RED: pass\n"
                              "        case (_ as y) if y > lim: pass\n"
                              "        case [_, *_]: pass\n");
    const char *f = "f";
    const char *captures[] = {"x", "rest", "v", "kw", "px", "y"};
    for (size_t i = 0; i < sizeof captures / sizeof *captures; i++) {
        expect(s, f, captures[i], PX_SYM_LOCAL, PX_SYMF_ASSIGNED);
        assert_int_equal(binding(s, captures[i], 0)->kind, PX_BIND_MATCH);
    }
    /* Class and value patterns are read; keyword names and _ are not names. */
    expect(s, f, "Point", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    expect(s, f, "Color", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    expect(s, f, "lim", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    assert_null(px_scopes_symbol(s, scope_id(s, f), "a"));
    assert_null(px_scopes_symbol(s, scope_id(s, f), "_"));
    assert_null(px_scopes_symbol(s, scope_id(s, f), "RED"));
}

static void test_future_annotations_are_not_names(void **state)
{
    const PxScopes *s = build("from __future__ import annotations\n"
                              "def f(a: A) -> R:\n"
                              "    x: X = 1\n");
    assert_null(px_scopes_symbol(s, 0, "A"));
    assert_null(px_scopes_symbol(s, 0, "R"));
    assert_null(px_scopes_symbol(s, scope_id(s, "f"), "X"));
    expect(s, "f", "x", PX_SYM_LOCAL, PX_SYMF_ANNOTATED);
    expect(s, "<module>", "annotations", PX_SYM_LOCAL, PX_SYMF_IMPORTED);
}

static void test_type_parameters(void **state)
{
    /* PEP 695 (3.12): T lives in an annotation scope between the module
     * and f; f sees it as a free variable; f's qualname ignores it. */
    const PxScopes *s = build("def f[T: int, *Ts, **P](x: T) -> T:\n"
                              "    return T\n"
                              "class C[K]:\n"
                              "    pass\n");
    const PxScope *tp = scope(s, "<generic parameters of f>");
    assert_int_equal(tp->kind, PX_SCOPE_TYPE_PARAMS);
    const PxScope *f = scope(s, "f");
    assert_int_equal(f->parent, scope_id(s, "<generic parameters of f>"));
    expect(s, "<generic parameters of f>", "T", PX_SYM_CELL, PX_SYMF_ASSIGNED);
    expect(s, "<generic parameters of f>", "Ts", PX_SYM_LOCAL, PX_SYMF_ASSIGNED);
    expect(s, "f", "T", PX_SYM_FREE, PX_SYMF_REFERENCED);
    assert_int_equal(binding(s, "P", 0)->kind, PX_BIND_TYPE_PARAM);
    assert_int_equal(binding(s, "f", 0)->scope, 0);
    assert_int_equal(scope(s, "C")->parent, scope_id(s, "<generic parameters of C>"));
    assert_int_equal(px_scopes_find_by_node(s, f->def_start), scope_id(s, "f"));
}

/* ---- lookups --------------------------------------------------------------- */

static void test_references_resolve_to_bindings(void **state)
{
    const char *code = "import os\n"
                       "def f(n):\n"
                       "    def g():\n"
                       "        return n + len(os.sep) + missing\n"
                       "    return g\n";
    const PxScopes *s = build(code);
    PxScopeId f = scope_id(s, "f"), g = scope_id(s, "f.<locals>.g");
    const PxReference *r = reference(s, "n", 0);
    assert_int_equal(r->scope, g);
    assert_int_equal(r->resolution, PX_SYM_FREE);
    assert_int_equal(r->target_scope, f);
    assert_int_equal(r->end - r->start, 1);
    r = reference(s, "os", 0);
    assert_int_equal(r->resolution, PX_SYM_GLOBAL_IMPLICIT);
    assert_int_equal(r->target_scope, 0);
    assert_int_equal(reference(s, "len", 0)->target_scope, PX_NO_SCOPE);
    assert_int_equal(reference(s, "missing", 0)->target_scope, PX_NO_SCOPE);
    assert_int_equal(reference(s, "g", 0)->target_scope, f);
    /* A name g never mentions resolves the way g would read it. */
    PxScopeId where;
    assert_int_equal(px_scopes_resolve(s, g, "n", &where), PX_SYM_FREE);
    assert_int_equal(where, f);
    assert_int_equal(px_scopes_resolve(s, g, "g", &where), PX_SYM_FREE);
    assert_int_equal(where, f);
    assert_int_equal(px_scopes_resolve(s, g, "os", &where), PX_SYM_GLOBAL_IMPLICIT);
    assert_int_equal(where, 0);
    assert_int_equal(px_scopes_resolve(s, g, "print", &where), PX_SYM_GLOBAL_IMPLICIT);
    assert_int_equal(where, PX_NO_SCOPE);
    assert_int_equal(px_scopes_find_by_node(s, offset_of(code, "def g")), g);
    assert_int_equal(px_scopes_find_by_node(s, 3), PX_NO_SCOPE);
    assert_int_equal(px_scopes_at(s, offset_of(code, "missing")), g);
    assert_int_equal(px_scopes_at(s, offset_of(code, "return g")), f);
    assert_int_equal(px_scopes_at(s, 0), 0);
}

static void test_fstrings_and_keywords(void **state)
{
    const PxScopes *s = build("def f():\n"
                              "    return g(key=v, *a, **k).attr, f\"{w!r:{width}}\"\n");
    expect(s, "f", "v", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    expect(s, "f", "w", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    expect(s, "f", "width", PX_SYM_GLOBAL_IMPLICIT, PX_SYMF_REFERENCED);
    assert_null(px_scopes_symbol(s, scope_id(s, "f"), "key"));
    assert_null(px_scopes_symbol(s, scope_id(s, "f"), "attr"));
}

/* ---- bad input ------------------------------------------------------------- */

static void test_syntax_error_still_builds(void **state)
{
    const PxScopes *s = build("def ok(a):\n"
                              "    return a\n"
                              "def broken(:\n"
                              "    pass\n"
                              "x = 1\n");
    assert_true(fx.syntax_error);
    expect(s, "ok", "a", PX_SYM_LOCAL, PX_SYMF_PARAM);
    assert_true(px_scopes_count(s) >= 2);
}

static void test_deep_nesting_does_not_overflow(void **state)
{
    enum { DEPTH = 100000 };
    char *code = px_malloc(2 * DEPTH + 16);
    size_t n = 0;
    n += (size_t)sprintf(code, "x = ");
    for (int i = 0; i < DEPTH; i++)
        code[n++] = '(';
    code[n++] = 'y';
    for (int i = 0; i < DEPTH; i++)
        code[n++] = ')';
    code[n++] = '\n';
    code[n] = '\0';
    const PxScopes *s = build(code);
    assert_int_equal(px_scopes_count(s), 1);
    free(code);

    /* Many nested lambdas: deep scope nesting. */
    enum { LAMBDAS = 5000 };
    code = px_malloc(LAMBDAS * 10 + 16);
    n = (size_t)sprintf(code, "f = ");
    for (int i = 0; i < LAMBDAS; i++)
        n += (size_t)sprintf(code + n, "lambda: ");
    n += (size_t)sprintf(code + n, "v\n");
    s = build(code);
    assert_false(fx.syntax_error);
    assert_int_equal(px_scopes_count(s), LAMBDAS + 1);
    const PxSymbol *v = px_scopes_symbol(s, LAMBDAS, "v");
    assert_non_null(v);
    assert_int_equal(v->scope, PX_SYM_GLOBAL_IMPLICIT);
    /* Qualified names are cut rather than growing quadratically. */
    for (PxScopeId i = 0; i < px_scopes_count(s); i++)
        assert_true(strlen(px_scopes_get(s, i)->qualname) < 9000);
    free(code);
}

static void test_no_tree_gives_the_module_alone(void **state)
{
    /* A source refused before parsing has no tree. */
    PxArena *arena = px_arena_create();
    PxSource *src = px_source_create("t.py", px_strdup("x = 1\n"), 6);
    const PxScopes *s = px_scopes_build(arena, NULL, src);
    assert_int_equal(px_scopes_count(s), 1);
    assert_string_equal(px_scopes_get(s, 0)->qualname, "<module>");
    assert_int_equal(px_scopes_binding_count(s), 0);
    assert_int_equal(px_scopes_at(s, 3), 0);
    PxScopeId where;
    assert_int_equal(px_scopes_resolve(s, 0, "x", &where), PX_SYM_GLOBAL_IMPLICIT);
    assert_int_equal(where, PX_NO_SCOPE);
    px_source_destroy(src);
    px_arena_destroy(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_teardown(test_scope_kinds_and_qualnames, teardown),
        cmocka_unit_test_teardown(test_qualname_of_function_declared_global, teardown),
        cmocka_unit_test_teardown(test_nested_comprehension_qualnames, teardown),
        cmocka_unit_test_teardown(test_first_line_is_the_first_decorator, teardown),
        cmocka_unit_test_teardown(test_class_body_is_not_visible_from_methods, teardown),
        cmocka_unit_test_teardown(test_free_variable_in_class_body, teardown),
        cmocka_unit_test_teardown(test_class_binding_also_free_in_method, teardown),
        cmocka_unit_test_teardown(test_super_makes_a_class_cell, teardown),
        cmocka_unit_test_teardown(test_private_names_are_mangled, teardown),
        cmocka_unit_test_teardown(test_comprehension_first_iterable_is_outside, teardown),
        cmocka_unit_test_teardown(test_walrus_in_comprehension_binds_in_function, teardown),
        cmocka_unit_test_teardown(test_global_and_nonlocal, teardown),
        cmocka_unit_test_teardown(test_parameters, teardown),
        cmocka_unit_test_teardown(test_decorators_and_bases_are_evaluated_outside, teardown),
        cmocka_unit_test_teardown(test_binding_statements, teardown),
        cmocka_unit_test_teardown(test_imports, teardown),
        cmocka_unit_test_teardown(test_match_captures, teardown),
        cmocka_unit_test_teardown(test_future_annotations_are_not_names, teardown),
        cmocka_unit_test_teardown(test_type_parameters, teardown),
        cmocka_unit_test_teardown(test_references_resolve_to_bindings, teardown),
        cmocka_unit_test_teardown(test_fstrings_and_keywords, teardown),
        cmocka_unit_test_teardown(test_syntax_error_still_builds, teardown),
        cmocka_unit_test_teardown(test_deep_nesting_does_not_overflow, teardown),
        cmocka_unit_test(test_no_tree_gives_the_module_alone),
    };
    return cmocka_run_group_tests_name("scope", tests, NULL, NULL);
}
