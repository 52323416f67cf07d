/* The knowledge base: the embedded YAML loads cleanly, lookups per category,
 * errors with file:line:col, config additions, and concurrent lookups. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "knowledge.h"
#include "knowledge_data.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

static PxKnowledge *KB; /* the built-in base, shared read-only by the tests */

static int setup(void **state)
{
    KB = px_knowledge_create();
    return 0;
}

static int teardown(void **state)
{
    px_knowledge_destroy(KB);
    return 0;
}

/* Loads `text` into an empty base; returns it, or NULL with err filled. */
static PxKnowledge *load(const char *text, char *err, size_t errlen)
{
    PxKnowledge *kb = px_knowledge_create_empty();
    if (px_knowledge_add_yaml(kb, "t.yaml", text, strlen(text), err, errlen))
        return kb;
    px_knowledge_destroy(kb);
    return NULL;
}

/* The error `text` gives; fails the test if it loads. */
static const char *error_of(const char *text)
{
    static char err[512];
    PxKnowledge *kb = load(text, err, sizeof err);
    if (kb) {
        px_knowledge_destroy(kb);
        fail_msg("expected an error for:\n%s", text);
    }
    return err;
}

static void assert_prefix(const char *s, const char *prefix)
{
    if (strncmp(s, prefix, strlen(prefix)) != 0)
        fail_msg("'%s' does not start with '%s'", s, prefix);
}

/* ---- the built-in data --------------------------------------------------- */

static void test_each_embedded_file_loads(void **state)
{
    assert_true(px_knowledge_file_count >= 6);
    for (size_t i = 0; i < px_knowledge_file_count; i++) {
        const PxEmbeddedFile *f = &px_knowledge_files[i];
        char err[512];
        PxKnowledge *kb = px_knowledge_create_empty();
        if (!px_knowledge_add_yaml(kb, f->name, f->text, f->len, err,
                                   sizeof err))
            fail_msg("%s", err);
        px_knowledge_destroy(kb);
    }
}

static void test_builtin_base_is_consistent(void **state)
{
    char err[512];
    if (!px_knowledge_check(KB, err, sizeof err))
        fail_msg("%s", err);
}

/* ---- functions ------------------------------------------------------------ */

static void test_builtin_functions(void **state)
{
    PxEffect e;
    assert_true(px_knowledge_function(KB, "len", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_int_equal(e.result, PX_RESULT_FRESH);
    assert_true(px_knowledge_function(KB, "sorted", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_int_equal(e.result, PX_RESULT_FRESH);
    assert_true(px_knowledge_function(KB, "max", &e));
    assert_int_equal(e.result, PX_RESULT_DERIVED);
    assert_true(px_knowledge_function(KB, "exec", &e));
    assert_int_equal(e.effect, PX_EFFECT_DYNAMIC);
    assert_non_null(e.note);
    assert_true(px_knowledge_function(KB, "setattr", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_int_equal(e.mutated_args, 1u);
    /* next() advances the iterator it is given. */
    assert_true(px_knowledge_function(KB, "next", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_int_equal(e.mutated_args, 1u);
    assert_false(px_knowledge_function(KB, "no_such_builtin", &e));
    assert_false(px_knowledge_function(KB, "", &e));
}

static void test_module_aliases(void **state)
{
    (void)state;
    PxEffect e;
    assert_true(px_knowledge_function(KB, "posix.getpid", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(px_knowledge_function(KB, "posix.chdir", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
    assert_false(px_knowledge_function(KB, "posix.no_such_function", &e));
    assert_false(px_knowledge_function(KB, "notanalias.getpid", &e));
    assert_true(px_knowledge_function(KB, "posix.fork", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
    char buf[64];
    assert_string_equal(px_knowledge_public_name(KB, "posix.fork", buf, sizeof buf), "os.fork");
    assert_string_equal(px_knowledge_public_name(KB, "nt.getpid", buf, sizeof buf), "os.getpid");
    assert_null(px_knowledge_public_name(KB, "os.fork", buf, sizeof buf));
    assert_null(px_knowledge_public_name(KB, "posix", buf, sizeof buf));
    assert_null(px_knowledge_public_name(KB, "posix.fork", buf, 4)); /* too small */
}

static void test_stdlib_functions(void **state)
{
    PxEffect e;
    assert_true(px_knowledge_function(KB, "os.path.join", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(px_knowledge_function(KB, "heapq.heappush", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_int_equal(e.mutated_args, 1u << 0);
    assert_true(px_knowledge_function(KB, "struct.pack_into", &e));
    assert_int_equal(e.mutated_args, 1u << 1);
    assert_true(px_knowledge_function(KB, "operator.iadd", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_true(px_knowledge_function(KB, "copy.copy", &e));
    assert_int_equal(e.result, PX_RESULT_FRESH);
    assert_false(px_knowledge_function(KB, "os.path.no_such", NULL));
    assert_false(px_knowledge_function(KB, "app.handlers.index", NULL));
}

static void test_hidden_state_functions(void **state)
{
    PxEffect e;
    assert_true(px_knowledge_function(KB, "random.shuffle", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
    assert_string_equal(e.note, "the global random number generator");
    assert_int_equal(e.mutated_args, 1u); /* and it reorders its argument */
    assert_true(px_knowledge_function(KB, "random.random", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
    assert_true(px_knowledge_function(KB, "os.chdir", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
    assert_true(px_knowledge_function(KB, "logging.basicConfig", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
    assert_true(px_knowledge_function(KB, "os.environ.update", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
    assert_true(px_knowledge_function(KB, "os.environ.get", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    /* decimal.getcontext() is the calling thread's own. */
    assert_true(px_knowledge_function(KB, "decimal.getcontext", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
}

static void test_constructor_is_a_fresh_function(void **state)
{
    PxEffect e;
    assert_true(px_knowledge_function(KB, "collections.deque", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_int_equal(e.result, PX_RESULT_FRESH);
    assert_string_equal(px_knowledge_constructs(KB, "collections.deque"),
                        "collections.deque");
    assert_string_equal(px_knowledge_constructs(KB, "list"), "list");
    assert_string_equal(px_knowledge_constructs(KB, "queue.Queue"),
                        "queue.Queue");
    assert_string_equal(px_knowledge_constructs(KB, "random.Random"),
                        "random.Random");
    assert_null(px_knowledge_constructs(KB, "len"));
    /* getLogger returns a shared logger: a type, but not a constructor. */
    assert_null(px_knowledge_constructs(KB, "logging.getLogger"));
}

static void test_unbound_method_call_shifts_arguments(void **state)
{
    PxEffect e;
    /* list.append(xs, 1): the receiver is argument 0. */
    assert_true(px_knowledge_function(KB, "list.append", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_int_equal(e.mutated_args, 1u);
    assert_true(px_knowledge_function(KB, "dict.fromkeys", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(px_knowledge_function(KB, "object.__setattr__", &e));
    assert_int_equal(e.mutated_args, 1u);
}

static void test_result_types(void **state)
{
    PxEffect e;
    assert_true(px_knowledge_function(KB, "logging.getLogger", &e));
    assert_int_equal(e.result, PX_RESULT_DERIVED);
    assert_string_equal(px_knowledge_result_type(KB, "logging.getLogger"),
                        "logging.Logger");
    assert_string_equal(px_knowledge_result_type(KB, "re.compile"),
                        "re.Pattern");
    assert_string_equal(px_knowledge_result_type(KB, "collections.Counter"),
                        "collections.Counter");
    assert_string_equal(
        px_knowledge_method_result_type(KB, "re.Pattern", "match"), "re.Match");
    assert_null(px_knowledge_result_type(KB, "len"));
    assert_null(px_knowledge_method_result_type(KB, "list", "append"));
}

/* ---- methods -------------------------------------------------------------- */

static void test_container_methods(void **state)
{
    PxEffect e;
    assert_true(px_knowledge_method(KB, "list", "append", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_int_equal(e.mutated_args, PX_MUTATES_RECEIVER);
    assert_true(px_knowledge_method(KB, "list", "pop", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_int_equal(e.result, PX_RESULT_DERIVED);
    assert_true(px_knowledge_method(KB, "dict", "get", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_int_equal(e.result, PX_RESULT_DERIVED);
    assert_true(px_knowledge_method(KB, "dict", "copy", &e));
    assert_int_equal(e.result, PX_RESULT_FRESH);
    assert_true(px_knowledge_method(KB, "str", "startswith", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(px_knowledge_method(KB, "collections.deque", "popleft", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_false(px_knowledge_method(KB, "list", "no_such_method", &e));
    assert_false(px_knowledge_method(KB, "app.Unknown", "append", &e));
}

static void test_methods_through_bases_and_object(void **state)
{
    PxEffect e;
    /* Counter inherits get from dict; a missing key is not inserted. */
    assert_true(px_knowledge_method(KB, "collections.Counter", "get", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(
        px_knowledge_method(KB, "collections.Counter", "__getitem__", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    /* A defaultdict inserts on d[k]. */
    assert_true(
        px_knowledge_method(KB, "collections.defaultdict", "__getitem__", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_true(px_knowledge_method(KB, "collections.OrderedDict",
                                    "move_to_end", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_true(px_knowledge_method(KB, "list", "__setattr__", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    /* `n += 1` on an int makes a new int. */
    assert_true(px_knowledge_method(KB, "int", "__iadd__", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(px_knowledge_method(KB, "bool", "bit_length", &e));
}

static void test_random_instance_methods(void **state)
{
    PxEffect e;
    assert_true(px_knowledge_method(KB, "random.Random", "shuffle", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_true(e.mutated_args & (1u << 0));
    /* The instance's own state advances too. */
    assert_true(e.mutated_args & PX_MUTATES_RECEIVER);
    assert_true(px_knowledge_method(KB, "random.Random", "random", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_int_equal(e.mutated_args, PX_MUTATES_RECEIVER);
    assert_true(px_knowledge_method(KB, "random.SystemRandom", "random", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
}

static void test_logger_methods(void **state)
{
    PxEffect e;
    assert_true(px_knowledge_method(KB, "logging.Logger", "info", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(px_knowledge_method(KB, "logging.Logger", "setLevel", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
    assert_non_null(e.note);
    assert_true(px_knowledge_method(KB, "logging.Logger", "addHandler", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
}

static void test_synchronized_methods_are_pure_on_their_type(void **state)
{
    PxEffect e;
    assert_true(px_knowledge_method(KB, "queue.Queue", "put", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(px_knowledge_method(KB, "queue.Queue", "get", &e));
    assert_int_equal(e.result, PX_RESULT_DERIVED);
    assert_true(px_knowledge_method(KB, "queue.PriorityQueue", "put", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(px_knowledge_method(KB, "threading.Lock", "acquire", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(px_knowledge_method(
        KB, "concurrent.futures.ThreadPoolExecutor", "submit", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_string_equal(
        px_knowledge_method_result_type(
            KB, "concurrent.futures.ThreadPoolExecutor", "submit"),
        "concurrent.futures.Future");
}

static void test_method_any(void **state)
{
    PxEffect e;
    assert_true(px_knowledge_method_any(KB, "append", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_true(e.mutated_args & PX_MUTATES_RECEIVER);
    assert_true(px_knowledge_method_any(KB, "update", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_true(px_knowledge_method_any(KB, "get", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_int_equal(e.result, PX_RESULT_DERIVED);
    assert_true(px_knowledge_method_any(KB, "startswith", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_true(px_knowledge_method_any(KB, "keys", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    /* pop is pure nowhere; copy is pure everywhere but fresh only on some. */
    assert_true(px_knowledge_method_any(KB, "pop", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_true(px_knowledge_method_any(KB, "copy", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_int_equal(e.result, PX_RESULT_DERIVED); /* frozenset.copy */
    /* d[k] may be a defaultdict inserting. */
    assert_true(px_knowledge_method_any(KB, "__getitem__", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_true(px_knowledge_method_any(KB, "setLevel", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
    /* Synchronized only: safe on a queue, unknown on anything else. */
    assert_false(px_knowledge_method_any(KB, "put", &e));
    assert_false(px_knowledge_method_any(KB, "no_such_method", &e));
}

/* ---- types, spawners, C extensions, hidden objects ------------------------ */

static void test_thread_safe_types(void **state)
{
    assert_true(px_knowledge_thread_safe_type(KB, "queue.Queue"));
    assert_true(px_knowledge_thread_safe_type(KB, "queue.SimpleQueue"));
    assert_true(px_knowledge_thread_safe_type(KB, "threading.Lock"));
    assert_true(px_knowledge_thread_safe_type(KB, "threading.Event"));
    assert_true(px_knowledge_thread_safe_type(KB, "logging.Logger"));
    assert_true(px_knowledge_thread_safe_type(KB, "concurrent.futures.Future"));
    assert_false(px_knowledge_thread_safe_type(KB, "list"));
    assert_false(px_knowledge_thread_safe_type(KB, "collections.deque"));
    assert_false(px_knowledge_thread_safe_type(KB, "asyncio.Queue"));
}

static void test_spawners(void **state)
{
    PxSpawnerArg a;
    assert_true(px_knowledge_spawner(KB, "*.submit", &a));
    assert_int_equal(a.position, 0);
    assert_null(a.keyword);
    assert_true(px_knowledge_spawner(KB, "threading.Thread", &a));
    assert_int_equal(a.position, 1);
    assert_string_equal(a.keyword, "target");
    assert_true(px_knowledge_spawner(KB, "threading.Timer", &a));
    assert_string_equal(a.keyword, "function");
    assert_true(px_knowledge_spawner(KB, "*.run_in_executor", &a));
    assert_int_equal(a.position, 1);
    assert_true(px_knowledge_spawner(KB, "asyncio.to_thread", &a));
    assert_true(px_knowledge_spawner(KB, "*.imap_unordered", &a));
    assert_true(
        px_knowledge_spawner(KB, "concurrent.futures.ThreadPoolExecutor", &a));
    assert_string_equal(a.keyword, "initializer");
    assert_false(px_knowledge_spawner(KB, "submit", &a));
    assert_false(px_knowledge_spawner(KB, "*.call_soon_threadsafe", &a));
}

/* Where a spawner takes its callback's own arguments: the built-ins say,
 * a spawner that does not may pass any (PX_SPAWN_ARGS_UNKNOWN). */
static void test_spawner_arguments(void **state)
{
    PxSpawnerArg a;
    assert_true(px_knowledge_spawner(KB, "*.submit", &a));
    assert_int_equal(a.args, PX_SPAWN_ARGS_REST);
    assert_true(px_knowledge_spawner(KB, "threading.Thread", &a));
    assert_int_equal(a.args, PX_SPAWN_ARGS_LISTED);
    assert_int_equal(a.narg_positions, 2);
    assert_int_equal(a.arg_positions[0], 3);
    assert_int_equal(a.arg_positions[1], 4);
    assert_int_equal(a.narg_keywords, 2);
    assert_string_equal(a.arg_keywords[0], "args");
    assert_string_equal(a.arg_keywords[1], "kwargs");
    assert_true(px_knowledge_spawner(KB, "*.apply_async", &a));
    assert_string_equal(a.arg_keywords[1], "kwds");

    char err[512];
    PxKnowledge *kb = load("spawners:\n"
                           "  app.run: {position: 0, arguments: rest}\n"
                           "  app.go: {position: 0}\n"
                           "  app.Task: {keyword: fn, arguments: {keywords: [params]}}\n",
                           err, sizeof err);
    assert_non_null(kb);
    assert_true(px_knowledge_spawner(kb, "app.run", &a));
    assert_int_equal(a.args, PX_SPAWN_ARGS_REST);
    assert_true(px_knowledge_spawner(kb, "app.go", &a));
    assert_int_equal(a.args, PX_SPAWN_ARGS_UNKNOWN);
    assert_true(px_knowledge_spawner(kb, "app.Task", &a));
    assert_int_equal(a.args, PX_SPAWN_ARGS_LISTED);
    assert_int_equal(a.narg_positions, 0);
    assert_string_equal(a.arg_keywords[0], "params");
    px_knowledge_destroy(kb);

    assert_string_equal(error_of("spawners:\n  a.b: {position: 0, arguments: all}\n"),
                        "t.yaml:2:33: 'arguments' must be rest, or {positions: [3], "
                        "keywords: [args]}, not 'all'");
    assert_string_equal(error_of("spawners:\n  a.b: {position: 0, arguments: {at: [1]}}\n"),
                        "t.yaml:2:34: unknown key 'at' in 'arguments' (expected "
                        "positions or keywords)");
    assert_prefix(error_of("spawners:\n  a.b: {position: 0, arguments: "
                           "{positions: [1, 2, 3, 4, 5]}}\n"),
                  "t.yaml:2:58: 'arguments' lists at most 4 positions");
    assert_prefix(error_of("spawners:\n  a.b: {position: 0, arguments: {keywords: [1x]}}\n"),
                  "t.yaml:2:45: '1x' is not a Python identifier");
}

static void test_c_extensions(void **state)
{
    assert_true(px_knowledge_c_extension(KB, "numpy"));
    assert_true(px_knowledge_c_extension(KB, "numpy.linalg"));
    assert_true(px_knowledge_c_extension(KB, "numpy.linalg.norm"));
    assert_false(px_knowledge_c_extension(KB, "numpyish"));
    assert_false(px_knowledge_c_extension(KB, "zlib")); /* stdlib: not listed */
    assert_false(px_knowledge_c_extension(KB, "json"));
    assert_false(px_knowledge_c_extension(KB, ""));
}

static void test_c_extension_globs_and_exemptions(void **state)
{
    char err[256];
    PxKnowledge *kb = load("c-extensions: [numpy, \"lxml.*\", fast?lib]\n"
                           "thread-safe-c-extensions: [numpy.linalg]\n",
                           err, sizeof err);
    assert_non_null(kb);
    assert_true(px_knowledge_c_extension(kb, "lxml.etree"));
    assert_true(px_knowledge_c_extension(kb, "lxml.etree.parse"));
    assert_false(px_knowledge_c_extension(kb, "lxml")); /* "lxml.*" needs a dot */
    assert_true(px_knowledge_c_extension(kb, "fast_lib.core"));
    assert_true(px_knowledge_c_extension(kb, "numpy.fft"));
    assert_false(px_knowledge_c_extension(kb, "numpy.linalg"));
    assert_false(px_knowledge_c_extension(kb, "numpy.linalg.norm"));
    px_knowledge_add_thread_safe_c_extension(kb, "lxml.*");
    assert_false(px_knowledge_c_extension(kb, "lxml.etree"));
    px_knowledge_destroy(kb);
}

static void test_hidden_objects(void **state)
{
    const char *note = NULL;
    assert_true(px_knowledge_hidden_object(KB, "os.environ", &note));
    assert_string_equal(note, "the process environment");
    assert_true(px_knowledge_hidden_object(KB, "sys.path", NULL));
    assert_true(px_knowledge_hidden_object(KB, "sys.modules.mymod", &note));
    assert_string_equal(note, "the table of imported modules");
    assert_false(px_knowledge_hidden_object(KB, "sys", &note));
    assert_false(px_knowledge_hidden_object(KB, "sys.argv", &note));
    assert_false(px_knowledge_hidden_object(KB, "os.environment", &note));
}

/* ---- reading YAML: errors -------------------------------------------------- */

static void test_errors_name_file_line_column(void **state)
{
    assert_string_equal(error_of("functions:\n  len: pur\n"),
                        "t.yaml:2:8: unknown effect 'pur' (expected pure, "
                        "fresh, derived, or a mapping such as {mutates: [0]})");
    assert_prefix(error_of("funcs: {}\n"), "t.yaml:1:1: unknown section 'funcs'");
    assert_string_equal(error_of("functions:\n  a: pure\n  a: fresh\n"),
                        "t.yaml:3:3: 'a' is given twice (first at line 2)");
    assert_prefix(error_of("functions:\n  f: {mutates: [receiver]}\n"),
                  "t.yaml:2:17: 'receiver' is for methods");
    assert_prefix(error_of("functions:\n  f: {mutates: [31]}\n"),
                  "t.yaml:2:17: an argument index must be a number from 0 "
                  "to 29");
    assert_prefix(error_of("functions:\n  f: {mutate: [0]}\n"),
                  "t.yaml:2:7: unknown key 'mutate' in an effect");
    assert_prefix(error_of("functions:\n  os..path: pure\n"),
                  "t.yaml:2:3: 'os..path' is not a dotted name");
    assert_prefix(error_of("functions:\n  f: {hidden-state: ''}\n"),
                  "t.yaml:2:21: 'hidden-state' (what it touches) must not be "
                  "empty");
    assert_prefix(error_of("types:\n  list:\n    mutating: append\n"),
                  "t.yaml:3:15: a method list must be a list");
    assert_prefix(error_of("types:\n  list:\n    pure: [get: maybe]\n"),
                  "t.yaml:3:17: unknown result 'maybe'");
    assert_prefix(error_of("types:\n  list:\n    pure: [a]\n    mutating: [a]\n"),
                  "t.yaml:4:16: 'list.a' is given twice (first at line 3)");
    assert_prefix(error_of("types:\n  t:\n    methods: {m: {synchronized: "
                           "true, mutates: [receiver]}}\n"),
                  "t.yaml:3:19: a synchronized method is otherwise pure");
    assert_prefix(error_of("spawners:\n  x.run: {}\n"),
                  "t.yaml:2:10: spawner 'x.run' needs the callback's position "
                  "or keyword");
    assert_prefix(error_of("spawners:\n  x.run: {position: -1}\n"),
                  "t.yaml:2:21: 'position' must be a number");
    assert_prefix(error_of("- functions\n"),
                  "t.yaml:1:1: a knowledge document is a mapping of sections");
    assert_prefix(error_of("functions: {}\n---\nfunctions: {}\n"),
                  "t.yaml:3:1: only one YAML document is read");
    assert_prefix(error_of("spawners:\n  - {call: a.b, where: 0}\n"),
                  "t.yaml:2:17: unknown key 'where' in a spawner (expected "
                  "call, callback, position, keyword or arguments)");
    assert_prefix(error_of("spawners:\n  a.b: {callback: 0}\n"),
                  "t.yaml:2:9: unknown key 'callback' in a spawner (expected "
                  "position, keyword or arguments)");
}

static void test_empty_documents_are_fine(void **state)
{
    const char *docs[] = {"", "# only a comment\n", "---\n", "functions:\n",
                          "functions: {}\ntypes: ~\nspawners: []\n"};
    for (size_t i = 0; i < sizeof docs / sizeof *docs; i++) {
        char err[256];
        PxKnowledge *kb = load(docs[i], err, sizeof err);
        if (!kb)
            fail_msg("'%s': %s", docs[i], err);
        px_knowledge_destroy(kb);
    }
}

static void test_long_names_against_globs(void **state)
{
    char err[256], name[600];
    PxKnowledge *kb = load("c-extensions: [\"deep.*\"]\n", err, sizeof err);
    assert_non_null(kb);
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    memcpy(name, "deep.", 5);
    assert_true(px_knowledge_c_extension(kb, name));
    name[0] = 'x';
    assert_false(px_knowledge_c_extension(kb, name));
    px_knowledge_destroy(kb);
}

static void test_yaml_syntax_errors(void **state)
{
    /* A bare * starts an alias: spawner patterns must be quoted. */
    assert_prefix(error_of("spawners:\n  *.submit: {position: 0}\n"),
                  "t.yaml:2:4: did not find expected alphabetic or numeric "
                  "character (while scanning an alias at line 2)");
    assert_prefix(error_of("functions:\n  len: [pure\n"), "t.yaml:3:1: ");
    assert_prefix(error_of("functions:\n\tlen: pure\n"), "t.yaml:2:1: ");
    /* Invalid UTF-8 on line 2. */
    assert_prefix(error_of("functions:\n  l\xff: pure\n"), "t.yaml:2:4: ");
}

static void test_rejected_document_changes_nothing(void **state)
{
    char err[256];
    PxKnowledge *kb = px_knowledge_create_empty();
    const char *doc = "functions:\n  good.one: pure\n  bad: nope\n"
                      "c-extensions: [fastlib]\n";
    assert_false(px_knowledge_add_yaml(kb, "t.yaml", doc, strlen(doc), err,
                                       sizeof err));
    assert_prefix(err, "t.yaml:3:8: unknown effect 'nope'");
    assert_false(px_knowledge_function(kb, "good.one", NULL));
    assert_false(px_knowledge_c_extension(kb, "fastlib"));
    /* A tiny buffer is truncated, not overrun; no buffer at all is fine. */
    char small[8];
    assert_false(px_knowledge_add_yaml(kb, "t.yaml", doc, strlen(doc), small,
                                       sizeof small));
    assert_string_equal(small, "t.yaml:");
    assert_false(px_knowledge_add_yaml(kb, "t.yaml", doc, strlen(doc), NULL, 0));
    px_knowledge_destroy(kb);
}

static void test_check_reports_dangling_names(void **state)
{
    char err[256];
    PxKnowledge *kb = load("types:\n  a: {base: nope}\n", err, sizeof err);
    assert_non_null(kb);
    assert_false(px_knowledge_check(kb, err, sizeof err));
    assert_string_equal(err, "t.yaml:2:13: base 'nope' of type 'a' is not a "
                             "declared type");
    px_knowledge_destroy(kb);

    kb = load("types:\n  a: {base: b}\n  b: {base: a}\n", err, sizeof err);
    assert_false(px_knowledge_check(kb, err, sizeof err));
    assert_non_null(strstr(err, "form a loop"));
    PxEffect e; /* lookups through the loop still end */
    assert_false(px_knowledge_method(kb, "a", "m", &e));
    px_knowledge_destroy(kb);

    kb = load("functions:\n  f: {returns: app.Nope}\n", err, sizeof err);
    assert_false(px_knowledge_check(kb, err, sizeof err));
    assert_prefix(err, "t.yaml:2:3: 'f' returns 'app.Nope'");
    px_knowledge_destroy(kb);

    kb = load("types:\n  q: {synchronized: [put]}\n", err, sizeof err);
    assert_false(px_knowledge_check(kb, err, sizeof err));
    assert_prefix(err, "t.yaml:2:22: 'q.put' is synchronized but 'q' is not");
    px_knowledge_destroy(kb);
}

/* ---- additions ------------------------------------------------------------ */

static void test_later_entries_override_and_merge(void **state)
{
    char err[256];
    PxKnowledge *kb = load("functions: {f: pure}\n"
                           "types:\n  app.Box: {pure: [get, size]}\n",
                           err, sizeof err);
    assert_non_null(kb);
    PxEffect e;
    const char *more = "functions: {f: {mutates: [0]}}\n"
                       "types:\n  app.Box: {mutating: [get]}\n";
    assert_true(px_knowledge_add_yaml(kb, "more.yaml", more, strlen(more), err,
                                      sizeof err));
    assert_true(px_knowledge_function(kb, "f", &e));
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    assert_true(px_knowledge_method(kb, "app.Box", "size", &e)); /* kept */
    assert_true(px_knowledge_method_any(kb, "get", &e));         /* rebuilt */
    assert_int_equal(e.effect, PX_EFFECT_MUTATES);
    px_knowledge_destroy(kb);
}

static void test_config_sections(void **state)
{
    const char *cfg =
        "include: [\"*.py\"]\n"
        "python-path: [src]\n"
        "spawners:\n"
        "  - {call: app.pool.run, callback: 0}\n"
        "  - {call: app.Worker, callback: target}\n"
        "c-extensions:\n"
        "  modules: [zlib, \"fastlib.*\"]\n"
        "  detect: true\n"
        "  thread-safe: [zlib.crc32]\n"
        "thread-safe-types: [app.SafeCache]\n"
        "pure: [app.util.normalize]\n"
        "hidden-state: [app.config.reload]\n";
    char err[256];
    PxKnowledge *kb = px_knowledge_create();
    assert_true(px_knowledge_add_config(kb, ".pxlint.yaml", cfg, strlen(cfg),
                                        err, sizeof err));
    PxSpawnerArg a;
    assert_true(px_knowledge_spawner(kb, "app.pool.run", &a));
    assert_int_equal(a.position, 0);
    assert_true(px_knowledge_spawner(kb, "app.Worker", &a));
    assert_int_equal(a.position, -1);
    assert_string_equal(a.keyword, "target");
    assert_true(px_knowledge_spawner(kb, "*.submit", &a)); /* built-ins kept */
    /* The config's list wins over the stdlib entry: the analysis asks
     * px_knowledge_c_extension first. */
    assert_true(px_knowledge_c_extension(kb, "zlib"));
    assert_true(px_knowledge_c_extension(kb, "zlib.compress"));
    assert_false(px_knowledge_c_extension(kb, "zlib.crc32"));
    assert_true(px_knowledge_c_extension(kb, "fastlib.core"));
    assert_true(px_knowledge_thread_safe_type(kb, "app.SafeCache"));
    PxEffect e;
    assert_true(px_knowledge_function(kb, "app.util.normalize", &e));
    assert_int_equal(e.effect, PX_EFFECT_PURE);
    assert_int_equal(e.result, PX_RESULT_DERIVED);
    assert_true(px_knowledge_function(kb, "app.config.reload", &e));
    assert_int_equal(e.effect, PX_EFFECT_HIDDEN_STATE);
    assert_non_null(e.note);
    px_knowledge_destroy(kb);

    /* The strict reader refuses the config's other keys; the config reader
     * still checks the knowledge sections. */
    assert_prefix(error_of(cfg), "t.yaml:1:1: unknown section 'include'");
    kb = px_knowledge_create_empty();
    const char *bad = "include: [x]\nspawners:\n  - {call: a.b}\n";
    assert_false(px_knowledge_add_config(kb, ".pxlint.yaml", bad, strlen(bad),
                                         err, sizeof err));
    assert_prefix(err, ".pxlint.yaml:3:5: spawner 'a.b' needs");
    px_knowledge_destroy(kb);
}

static void test_single_additions_copy_their_strings(void **state)
{
    PxKnowledge *kb = px_knowledge_create_empty();
    char name[32], note[32], kw[32];
    strcpy(name, "app.reload");
    strcpy(note, "the app's settings");
    PxEffect e = {PX_EFFECT_HIDDEN_STATE, PX_RESULT_FRESH, 0, note};
    px_knowledge_add_function(kb, name, &e);
    strcpy(name, "app.spawn");
    strcpy(kw, "fn");
    px_knowledge_add_spawner(kb, name, (PxSpawnerArg){.position = -1, .keyword = kw});
    px_knowledge_add_thread_safe_type(kb, "app.Pool");
    px_knowledge_add_c_extension(kb, "fastlib");
    memset(name, 'x', sizeof name - 1);
    memset(note, 'x', sizeof note - 1);
    memset(kw, 'x', sizeof kw - 1);

    assert_true(px_knowledge_function(kb, "app.reload", &e));
    assert_string_equal(e.note, "the app's settings");
    PxSpawnerArg a;
    assert_true(px_knowledge_spawner(kb, "app.spawn", &a));
    assert_string_equal(a.keyword, "fn");
    assert_true(px_knowledge_thread_safe_type(kb, "app.Pool"));
    assert_true(px_knowledge_c_extension(kb, "fastlib.x"));
    px_knowledge_destroy(kb);
    px_knowledge_destroy(NULL);
}

/* ---- concurrency: one base, read by several threads at once ---------------- */

enum { THREADS = 4, ROUNDS = 20000 };

static void *reader(void *arg)
{
    long bad = 0;
    for (int i = 0; i < ROUNDS; i++) {
        PxEffect e;
        PxSpawnerArg a;
        bad += !px_knowledge_function(KB, "random.shuffle", &e) ||
               e.effect != PX_EFFECT_HIDDEN_STATE;
        bad += !px_knowledge_method(KB, "collections.Counter", "get", &e) ||
               e.result != PX_RESULT_DERIVED;
        bad += !px_knowledge_method_any(KB, "append", &e) ||
               e.effect != PX_EFFECT_MUTATES;
        bad += !px_knowledge_spawner(KB, "threading.Thread", &a) ||
               strcmp(a.keyword, "target") != 0;
        bad += !px_knowledge_c_extension(KB, "numpy.linalg.norm");
        bad += !px_knowledge_thread_safe_type(KB, "queue.Queue");
        bad += px_knowledge_function(KB, "app.unknown", &e);
        bad += !px_knowledge_hidden_object(KB, "sys.path", NULL);
    }
    *(long *)arg = bad;
    return NULL;
}

static void test_concurrent_lookups(void **state)
{
    pthread_t t[THREADS];
    long bad[THREADS];
    for (int i = 0; i < THREADS; i++)
        assert_int_equal(pthread_create(&t[i], NULL, reader, &bad[i]), 0);
    for (int i = 0; i < THREADS; i++) {
        pthread_join(t[i], NULL);
        assert_int_equal(bad[i], 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_embedded_file_loads),
        cmocka_unit_test(test_builtin_base_is_consistent),
        cmocka_unit_test(test_module_aliases),
        cmocka_unit_test(test_builtin_functions),
        cmocka_unit_test(test_stdlib_functions),
        cmocka_unit_test(test_hidden_state_functions),
        cmocka_unit_test(test_constructor_is_a_fresh_function),
        cmocka_unit_test(test_unbound_method_call_shifts_arguments),
        cmocka_unit_test(test_result_types),
        cmocka_unit_test(test_container_methods),
        cmocka_unit_test(test_methods_through_bases_and_object),
        cmocka_unit_test(test_random_instance_methods),
        cmocka_unit_test(test_logger_methods),
        cmocka_unit_test(test_synchronized_methods_are_pure_on_their_type),
        cmocka_unit_test(test_method_any),
        cmocka_unit_test(test_thread_safe_types),
        cmocka_unit_test(test_spawners),
        cmocka_unit_test(test_spawner_arguments),
        cmocka_unit_test(test_c_extensions),
        cmocka_unit_test(test_c_extension_globs_and_exemptions),
        cmocka_unit_test(test_hidden_objects),
        cmocka_unit_test(test_errors_name_file_line_column),
        cmocka_unit_test(test_yaml_syntax_errors),
        cmocka_unit_test(test_empty_documents_are_fine),
        cmocka_unit_test(test_long_names_against_globs),
        cmocka_unit_test(test_rejected_document_changes_nothing),
        cmocka_unit_test(test_check_reports_dangling_names),
        cmocka_unit_test(test_later_entries_override_and_merge),
        cmocka_unit_test(test_config_sections),
        cmocka_unit_test(test_single_additions_copy_their_strings),
        cmocka_unit_test(test_concurrent_lookups),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
