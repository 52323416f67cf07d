/* The ownership analysis on tiny inline programs: which callbacks are
 * found, which are proven safe, and what the findings say. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "ir.h"
#include "knowledge.h"
#include "module.h"
#include "project.h"
#include "scope.h"
#include "source.h"

#include <string.h>

typedef struct {
    PxParser *parser;
    PxKnowledge *kb;
    PxModule *mods[4];
    size_t n;
    PxProject *project;
} Run;

/* Analyzes one or more modules given as "name.py", "source" pairs. */
static void analyze(Run *r, bool all_functions, size_t n, const char *const *files)
{
    memset(r, 0, sizeof(*r));
    r->parser = px_parser_create();
    r->kb = px_knowledge_create();
    for (size_t i = 0; i < n; i++) {
        const char *text = files[2 * i + 1];
        size_t len = strlen(text);
        PxModule *m = px_module_create(px_source_create(files[2 * i], px_strndup(text, len), len));
        px_module_parse(m, r->parser);
        px_module_build_facts(m);
        r->mods[r->n++] = m;
    }
    PxProjectOptions o = {.modules = r->mods, .nmodules = r->n, .knowledge = r->kb,
                          .all_functions = all_functions};
    r->project = px_project_analyze(&o);
}

static void finish(Run *r)
{
    px_project_destroy(r->project);
    for (size_t i = 0; i < r->n; i++)
        px_module_destroy(r->mods[i]);
    px_knowledge_destroy(r->kb);
    px_parser_destroy(r->parser);
}

static const PxCallbackResult *callback(Run *r, const char *qualname)
{
    for (size_t i = 0; i < px_project_callback_count(r->project); i++) {
        const PxCallbackResult *c = px_project_callback(r->project, i);
        if (strcmp(c->qualname, qualname) == 0)
            return c;
    }
    return NULL;
}

static bool has_finding(const PxCallbackResult *c, PxFindingKind kind, PxRootKind root)
{
    for (uint32_t i = 0; i < c->nfindings; i++)
        if (c->findings[i].kind == kind && c->findings[i].root == root)
            return true;
    return false;
}

static void test_spawned_callbacks_are_found(void **state)
{
    const char *files[] = {"app.py",
        "import threading\n"
        "from concurrent.futures import ThreadPoolExecutor\n"
        "def a(x):\n    return x\n"
        "def b(x):\n    return x\n"
        "def not_a_callback(x):\n    return x\n"
        "threading.Thread(target=a, args=(1,)).start()\n"
        "ThreadPoolExecutor().submit(b, 2)\n"};
    Run r;
    analyze(&r, false, 1, files);
    assert_non_null(callback(&r, "a"));
    assert_non_null(callback(&r, "b"));
    assert_null(callback(&r, "not_a_callback"));
    assert_int_equal(callback(&r, "a")->nfindings, 0);
    finish(&r);
}

static void test_global_mutation_through_alias_and_helper(void **state)
{
    const char *files[] = {"app.py",
        "LOG = []\n"
        "def record(x):\n    log = LOG\n    log.append(x)\n"
        "def handle(x):\n    record(x)\n"};
    Run r;
    analyze(&r, true, 1, files);
    const PxCallbackResult *c = callback(&r, "handle");
    assert_non_null(c);
    assert_true(has_finding(c, PX_FIND_CONTAINER_MUTATION, PX_ROOT_GLOBAL));
    /* the trace: the call to record, the alias, the definition of LOG */
    const PxFinding *f = &c->findings[0];
    assert_true(f->nsteps >= 2);
    assert_int_equal(f->steps[0].kind, PX_TRACE_CALL);
    assert_non_null(strstr(f->steps[0].message, "record"));
    finish(&r);
}

/* Each assignment in the loop feeds the line above it, so the value of
 * DATA reaches `c.append` only after several passes over the body, each
 * starting at an op that read a set which grew after it. */
static void test_values_flowing_backwards_through_a_loop(void **state)
{
    const char *files[] = {"app.py",
        "DATA = []\n"
        "def late_alias():\n"
        "    a = b = c = None\n"
        "    for _ in range(3):\n"
        "        c.append(1)\n"
        "        c = b\n"
        "        b = a\n"
        "        a = DATA\n"
        "def late_fresh():\n"
        "    a = b = c = None\n"
        "    for _ in range(3):\n"
        "        c.append(1)\n"
        "        c = b\n"
        "        b = a\n"
        "        a = []\n"};
    Run r;
    analyze(&r, true, 1, files);
    assert_true(has_finding(callback(&r, "late_alias"), PX_FIND_CONTAINER_MUTATION,
                            PX_ROOT_GLOBAL));
    assert_int_equal(callback(&r, "late_fresh")->nfindings, 0);
    finish(&r);
}

/* The lines of the container mutations found in callback `name`. */
static uint32_t mutation_lines(Run *r, const char *name, uint32_t *lines, uint32_t max)
{
    const PxCallbackResult *cb = callback(r, name);
    assert_non_null(cb);
    uint32_t n = 0;
    for (uint32_t i = 0; i < cb->nfindings && n < max; i++)
        if (cb->findings[i].kind == PX_FIND_CONTAINER_MUTATION)
            lines[n++] = px_source_position(cb->findings[i].source,
                                            cb->findings[i].start).line;
    return n;
}

static bool has_line(const uint32_t *lines, uint32_t n, uint32_t line)
{
    for (uint32_t i = 0; i < n; i++)
        if (lines[i] == line)
            return true;
    return false;
}

/* A summary keeps a few sites per target (MAX_SITES_PER_TARGET) and a few
 * effects on globals per kind (MAX_ABSOLUTE_PER_KIND): the first ones in
 * the file, not the first ones a solve happens to meet. `cb` calls the
 * helpers in the reverse of their order in the file; its caller keeps the
 * same ones. */
static void test_capped_sites_are_the_first_in_the_file(void **state)
{
    (void)state;
    const char *one_target[] = {"app.py",
        "LOG = []\n"
        "def h4():\n    LOG.append(4)\n" /* line 3 */
        "def h3():\n    LOG.append(3)\n" /* line 5 */
        "def h2():\n    LOG.append(2)\n" /* line 7 */
        "def h1():\n    LOG.append(1)\n"
        "def h0():\n    LOG.append(0)\n"
        "def cb():\n    h0()\n    h1()\n    h2()\n    h3()\n    h4()\n"
        "def outer():\n    cb()\n"};
    const char *targets[] = {"app.py",
        "A, B, C, D, E = [], [], [], [], []\n"
        "def h4():\n    A.append(4)\n" /* line 3 */
        "def h3():\n    B.append(3)\n" /* line 5 */
        "def h2():\n    C.append(2)\n" /* line 7 */
        "def h1():\n    D.append(1)\n" /* line 9 */
        "def h0():\n    E.append(0)\n"
        "def cb():\n    h0()\n    h1()\n    h2()\n    h3()\n    h4()\n"
        "def outer():\n    cb()\n"};
    const char *const *programs[] = {one_target, targets};
    const uint32_t kept[] = {3, 4};
    for (size_t p = 0; p < 2; p++) {
        Run r;
        analyze(&r, true, 1, programs[p]);
        const char *callbacks[] = {"cb", "outer"};
        for (size_t c = 0; c < 2; c++) {
            uint32_t lines[8];
            uint32_t n = mutation_lines(&r, callbacks[c], lines, 8);
            assert_int_equal(n, kept[p]);
            for (uint32_t k = 0; k < kept[p]; k++)
                assert_true(has_line(lines, n, 3 + 2 * k));
        }
        finish(&r);
    }
}

/* Base.run calls self.step, and a subclass's step is what run returns:
 * run's first solve reads the subclass while the subclass reads run, so
 * it has no step yet when the overrides of Base are first looked up. The
 * answer kept then must not be reused when run is solved again after the
 * subclass has its step: directly below Base, or two levels down (Base's
 * direct subclasses do not change then). */
#define OVERRIDE_BASE \
    "LOG = []\n" \
    "def mutate(self):\n    LOG.append(1)\n" \
    "class Base:\n" \
    "    def run(self):\n        self.step()\n        return mutate\n" \
    "    def step(self):\n        pass\n"

static void test_overrides_found_after_the_first_answer(void **state)
{
    (void)state;
    const char *below[] = {
        OVERRIDE_BASE "class Sub(Base):\n    step = Base().run()\n",
        OVERRIDE_BASE "class Mid(Base):\n    pass\nclass Other(Base):\n    pass\n"
                      "class Leaf(Mid):\n    step = Base().run()\n",
    };
    for (size_t i = 0; i < sizeof below / sizeof *below; i++) {
        const char *files[] = {"app.py", below[i]};
        Run r;
        analyze(&r, true, 1, files);
        assert_true(has_finding(callback(&r, "Base.run"), PX_FIND_CONTAINER_MUTATION,
                                PX_ROOT_GLOBAL));
        finish(&r);
    }
}

/* A class's bases can be known only after its methods were first solved:
 * here b.py's body is still being solved when a.py's class names b.Base,
 * and a.py calls the class's __init__ before that is settled. Once the base
 * appears, what read the bases (super().__init__) is solved again and finds
 * Base.__init__'s mutation, instead of keeping "cannot resolve". */
static void test_methods_solved_again_when_bases_appear(void **state)
{
    (void)state;
    const char *files[] = {
        "b.py", "import a\nLOG = []\nX = a.Y\n"
                "class Base:\n    def __init__(self):\n        LOG.append(1)\n",
        "a.py", "import b\nY = 1\n"
                "class C(b.Base):\n    def __init__(self):\n        super().__init__()\n"
                "C.__init__(None)\n",
    };
    Run r;
    analyze(&r, true, 2, files);
    const PxCallbackResult *init = callback(&r, "C.__init__");
    assert_non_null(init);
    assert_true(has_finding(init, PX_FIND_CONTAINER_MUTATION, PX_ROOT_GLOBAL));
    assert_false(has_finding(init, PX_FIND_UNVERIFIABLE, PX_ROOT_NONE));
    finish(&r);
}

/* The search solves what a unit reads before the unit. A chain of calls
 * written callers first takes one solve per unit (the module body, then
 * each function), and the effect at its end reaches its head; a cycle is
 * solved again until it is stable, and no more. */
static void test_callees_are_solved_first(void **state)
{
    (void)state;
    char chain[2048] = "DATA = []\n";
    enum { N = 20 };
    for (int i = 0; i < N; i++) {
        char def[80];
        if (i + 1 < N)
            snprintf(def, sizeof def, "def f%d():\n    f%d()\n", i, i + 1);
        else
            snprintf(def, sizeof def, "def f%d():\n    DATA.append(1)\n", i);
        strcat(chain, def);
    }
    const char *files[] = {"chain.py", chain};
    Run r;
    analyze(&r, true, 1, files);
    assert_int_equal(px_project_solve_count(r.project), N + 1);
    assert_true(has_finding(callback(&r, "f0"), PX_FIND_CONTAINER_MUTATION, PX_ROOT_GLOBAL));
    finish(&r);

    const char *cycle[] = {"cycle.py",
        "DATA = []\n"
        "def g(n):\n"
        "    if n:\n"
        "        h(n - 1)\n"
        "def h(n):\n"
        "    g(n)\n"
        "    DATA.append(n)\n"};
    analyze(&r, true, 1, cycle);
    assert_int_equal(px_project_solve_count(r.project), 4);
    assert_true(has_finding(callback(&r, "g"), PX_FIND_CONTAINER_MUTATION, PX_ROOT_GLOBAL));
    finish(&r);
}

static void test_fresh_objects_are_ours(void **state)
{
    const char *files[] = {"app.py",
        "DATA = [1, 2]\n"
        "def copy_then_mutate():\n    xs = list(DATA)\n    xs.append(3)\n    return xs\n"
        "def build():\n    out = {}\n    out['k'] = [v for v in DATA]\n    return out\n"
        "def through_copy():\n    xs = [DATA]\n    xs[0].append(1)\n"};
    Run r;
    analyze(&r, true, 1, files);
    assert_int_equal(callback(&r, "copy_then_mutate")->nfindings, 0);
    assert_int_equal(callback(&r, "build")->nfindings, 0);
    assert_true(has_finding(callback(&r, "through_copy"), PX_FIND_CONTAINER_MUTATION,
                            PX_ROOT_GLOBAL));
    finish(&r);
}

static void test_arguments_cells_and_defaults(void **state)
{
    const char *files[] = {"app.py",
        "def arg(items):\n    items.append(1)\n"
        "def default(x, seen=[]):\n    seen.append(x)\n"
        "def outer():\n    acc = []\n    def inner(x):\n        acc.append(x)\n    return inner\n"
        "def rebind_copy(items):\n    items = list(items)\n    items.append(1)\n"};
    Run r;
    analyze(&r, true, 1, files);
    assert_true(has_finding(callback(&r, "arg"), PX_FIND_CONTAINER_MUTATION, PX_ROOT_ARGUMENT));
    assert_true(has_finding(callback(&r, "default"), PX_FIND_CONTAINER_MUTATION, PX_ROOT_DEFAULT));
    assert_true(has_finding(callback(&r, "outer.<locals>.inner"), PX_FIND_CONTAINER_MUTATION,
                            PX_ROOT_CELL));
    /* outer itself only fills its own fresh list through inner */
    assert_int_equal(callback(&r, "outer")->nfindings, 0);
    assert_int_equal(callback(&r, "rebind_copy")->nfindings, 0);
    finish(&r);
}

static void test_rebinds_calls_and_dynamic_code(void **state)
{
    const char *files[] = {"app.py",
        "import random, thirdparty\n"
        "N = 0\n"
        "def bump():\n    global N\n    N += 1\n"
        "def shuffle(xs):\n    return random.random()\n"
        "def local_rng():\n    return random.Random(1).random()\n"
        "def unknown():\n    return thirdparty.go()\n"
        "def dyn(o, k):\n    setattr(o, k, 1)\n"
        "def const_setattr():\n    o = type('T', (), {})()\n    return 1\n"};
    Run r;
    analyze(&r, true, 1, files);
    assert_true(has_finding(callback(&r, "bump"), PX_FIND_REBIND, PX_ROOT_GLOBAL));
    assert_true(has_finding(callback(&r, "shuffle"), PX_FIND_HIDDEN_STATE, PX_ROOT_NONE));
    assert_int_equal(callback(&r, "local_rng")->nfindings, 0);
    assert_true(has_finding(callback(&r, "unknown"), PX_FIND_UNVERIFIABLE, PX_ROOT_NONE));
    assert_true(has_finding(callback(&r, "dyn"), PX_FIND_DYNAMIC, PX_ROOT_NONE));
    finish(&r);
}

static void test_cross_module_and_methods(void **state)
{
    const char *files[] = {
        "store.py",
        "REGISTRY = []\n"
        "class Cache:\n"
        "    def __init__(self):\n        self.items = {}\n"
        "    def put(self, k, v):\n        self.items[k] = v\n"
        "    def get(self, k):\n        return self.items.get(k)\n"
        "CACHE = Cache()\n"
        "def register(x):\n    REGISTRY.append(x)\n",
        "app.py",
        "from store import register, CACHE, Cache\n"
        "def uses_register(x):\n    register(x)\n"
        "def reads_cache(k):\n    return CACHE.get(k)\n"
        "def writes_cache(k):\n    CACHE.put(k, 1)\n"
        "def own_cache(k):\n    c = Cache()\n    c.put(k, 1)\n    return c\n"};
    Run r;
    analyze(&r, true, 2, files);
    assert_true(has_finding(callback(&r, "uses_register"), PX_FIND_CONTAINER_MUTATION,
                            PX_ROOT_GLOBAL));
    assert_int_equal(callback(&r, "reads_cache")->nfindings, 0);
    assert_true(callback(&r, "writes_cache")->nfindings > 0);
    assert_int_equal(callback(&r, "own_cache")->nfindings, 0);
    finish(&r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spawned_callbacks_are_found),
        cmocka_unit_test(test_global_mutation_through_alias_and_helper),
        cmocka_unit_test(test_values_flowing_backwards_through_a_loop),
        cmocka_unit_test(test_capped_sites_are_the_first_in_the_file),
        cmocka_unit_test(test_fresh_objects_are_ours),
        cmocka_unit_test(test_arguments_cells_and_defaults),
        cmocka_unit_test(test_rebinds_calls_and_dynamic_code),
        cmocka_unit_test(test_cross_module_and_methods),
        cmocka_unit_test(test_callees_are_solved_first),
        cmocka_unit_test(test_overrides_found_after_the_first_answer),
        cmocka_unit_test(test_methods_solved_again_when_bases_appear),
    };
    return cmocka_run_group_tests_name("ownership", tests, NULL, NULL);
}
