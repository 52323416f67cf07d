/* The .pxlint.yaml loader: settings read from text, and every kind of error
 * with its position and wording. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "config.h"
#include "path.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct {
    PxConfig *config;
    PxConfigMessages *msgs;
} Loaded;

static Loaded load_n(const char *text, size_t len)
{
    Loaded l;
    l.msgs = px_config_messages_create();
    l.config = px_config_parse("/proj", "/proj/.pxlint.yaml", text, len, l.msgs);
    return l;
}

static Loaded load(const char *text) { return load_n(text, strlen(text)); }

static void unload(Loaded *l)
{
    px_config_destroy(l->config);
    px_config_messages_destroy(l->msgs);
}

/* Asserts that loading failed with exactly one error at line:col whose text
 * contains `needle`. */
static void expect_error(const char *text, uint32_t line, uint32_t col,
                         const char *needle)
{
    Loaded l = load(text);
    if (l.config || px_config_error_count(l.msgs) == 0)
        fail_msg("expected an error containing \"%s\" for:\n%s", needle, text);
    const PxConfigMessage *m = px_config_message(l.msgs, 0);
    if (!strstr(m->text, needle) || m->line != line || m->column != col)
        fail_msg("expected %u:%u \"%s\", got %u:%u \"%s\"", line, col, needle,
                 m->line, m->column, m->text);
    assert_string_equal(m->file, ".pxlint.yaml");
    unload(&l);
}

static void test_empty_file_is_default(void **state)
{
    const char *texts[] = {"", "# only a comment\n", "---\n", "\n\n"};
    for (size_t i = 0; i < 4; i++) {
        Loaded l = load(texts[i]);
        assert_non_null(l.config);
        const PxSettings *s = px_config_settings(l.config);
        assert_string_equal(s->root, "/proj");
        assert_string_equal(s->file, "/proj/.pxlint.yaml");
        assert_true(s->respect_gitignore);
        assert_true(s->c_extension_detect);
        assert_int_equal(s->include.count, 1);
        assert_string_equal(s->include.items[0].value, "*.py");
        assert_true(px_ruleset_has(&s->rules, PX_RULE_PX001));
        unload(&l);
    }
}

static void test_every_key(void **state)
{
    Loaded l = load(
        "include: ['*.py', '*.pyw']\n"
        "exclude: [build/, '**/*_pb2.py']\n"
        "extend-exclude: [/vendor]\n"
        "respect-gitignore: false\n"
        "python-path: [src, ../shared]\n"
        "site-packages: [.venv/lib/python3.12/site-packages]\n"
        "callbacks:\n"
        "  decorators: [parallel, app.parallel]\n"
        "  functions: ['app.handlers:on_*', 'app.jobs:Worker.run']\n"
        "spawners:\n"
        "  - {call: concurrent.futures.ThreadPoolExecutor.submit, callback: 0, arguments: rest}\n"
        "  - call: threading.Thread\n"
        "    callback: target\n"
        "    arguments: {positions: [3, 4], keywords: [args, kwargs]}\n"
        "  - {call: app.jobs.spawn, callback: fn}\n"
        "  - {call: app.jobs.later, callback: 1, arguments: 'rest'}\n"
        "c-extensions:\n"
        "  modules: [numpy, 'lxml.*']\n"
        "  detect: false\n"
        "  thread-safe: [zlib.crc32]\n"
        "thread-safe-types: [queue.Queue]\n"
        "pure: [app.util.normalize]\n"
        "hidden-state: [app.config.reload]\n"
        "select: [ALL]\n"
        "ignore: [PX001]\n"
        "per-file-ignores:\n"
        "  'tests/**': [syntax-error]\n"
        "severity: {PX001: info}\n"
        "mode: strict\n"
        "whitelist: {output: build/whitelist.json, all-functions: true}\n"
        "max-file-size: 2\n"
        "report-unused-ignores: true\n");
    if (!l.config)
        fail_msg("%s", px_config_message(l.msgs, 0)->text);
    const PxSettings *s = px_config_settings(l.config);
    assert_int_equal(s->include.count, 2);
    assert_int_equal(s->exclude.count, 2);
    assert_string_equal(s->extend_exclude.items[0].value, "/vendor");
    assert_false(s->respect_gitignore);
    assert_string_equal(s->python_path.items[0].path, "/proj/src");
    assert_string_equal(s->python_path.items[1].path, "/shared");
    assert_int_equal(s->python_path.items[1].loc.line, 5);
    assert_string_equal(s->site_packages.items[0].path,
                        "/proj/.venv/lib/python3.12/site-packages");
    assert_string_equal(s->callback_decorators.items[1].value, "app.parallel");
    assert_string_equal(s->callback_functions.items[1].value, "app.jobs:Worker.run");
    assert_int_equal(s->nspawners, 4);
    assert_int_equal(s->spawners[3].arguments, PX_SPAWNER_ARGS_REST);
    assert_int_equal(s->spawners[0].position, 0);
    assert_null(s->spawners[0].keyword);
    assert_int_equal(s->spawners[0].arguments, PX_SPAWNER_ARGS_REST);
    assert_int_equal(s->spawners[1].position, -1);
    assert_string_equal(s->spawners[1].keyword, "target");
    assert_int_equal(s->spawners[1].arguments, PX_SPAWNER_ARGS_LISTED);
    assert_int_equal(s->spawners[1].npositions, 2);
    assert_int_equal(s->spawners[1].positions[0], 3);
    assert_int_equal(s->spawners[1].positions[1], 4);
    assert_int_equal(s->spawners[1].nkeywords, 2);
    assert_string_equal(s->spawners[1].keywords[0], "args");
    assert_string_equal(s->spawners[1].keywords[1], "kwargs");
    assert_int_equal(s->spawners[2].arguments, PX_SPAWNER_ARGS_ANY);
    assert_string_equal(s->c_extension_modules.items[1].value, "lxml.*");
    assert_false(s->c_extension_detect);
    assert_string_equal(s->c_extension_thread_safe.items[0].value, "zlib.crc32");
    assert_string_equal(s->thread_safe_types.items[0].value, "queue.Queue");
    assert_string_equal(s->pure.items[0].value, "app.util.normalize");
    assert_string_equal(s->hidden_state.items[0].value, "app.config.reload");
    assert_true(s->has_select);
    assert_false(px_ruleset_has(&s->rules, PX_RULE_PX001));
    assert_true(px_ruleset_has(&s->rules, PX_RULE_PX003));
    assert_int_equal(s->nper_file_ignores, 1);
    assert_true(px_ruleset_has(&s->per_file_ignores[0].rules, PX_RULE_PX001));
    assert_int_equal(s->severity[PX_RULE_PX001], PX_SEVERITY_INFO);
    assert_int_equal(s->severity[PX_RULE_PX003], PX_SEVERITY_WARNING);
    assert_string_equal(s->whitelist_output.path, "/proj/build/whitelist.json");
    assert_true(s->whitelist_all_functions);
    assert_int_equal(s->max_file_size, 2u << 20);
    assert_true(s->report_unused_ignores);

    PxRuleSet r = px_config_ignored_for(l.config, "/proj/tests/a/b.py");
    assert_true(px_ruleset_has(&r, PX_RULE_PX001));
    r = px_config_ignored_for(l.config, "/proj/src/tests.py");
    assert_false(px_ruleset_has(&r, PX_RULE_PX001));
    unload(&l);
}

static void test_unknown_key_suggests(void **state)
{
    expect_error("select: [PX001]\nc-extension:\n  modules: [zlib]\n", 2, 1,
                 "unknown key 'c-extension' — did you mean 'c-extensions'?");
    expect_error("c-extensions:\n  modules: [zlib]\n  detetc: true\n", 3, 3,
                 "unknown key 'detetc' in 'c-extensions' — did you mean 'detect'?");
    expect_error("python_path: [src]\n", 1, 1, "did you mean 'python-path'?");
    expect_error("frobnicate: 1\n", 1, 1, "unknown key 'frobnicate' (see");
    expect_error("whitelist:\n  zzz: 1\n", 2, 3,
                 "(expected one of: output, all-functions)");
    expect_error("spawners:\n  - {call: a.b, callbak: 0}\n", 2, 17,
                 "did you mean 'callback'?");
    expect_error("spawners:\n  - {call: a.b, callback: 0, argumnets: rest}\n", 2, 30,
                 "did you mean 'arguments'?");
    expect_error("spawners: [{call: a.b, callback: 0, arguments: {position: [1]}}]\n", 1, 49,
                 "unknown key 'position' in a spawner's 'arguments' — did you mean "
                 "'positions'?");
}

static void test_wrong_types(void **state)
{
    expect_error("exclude: build/\n", 1, 10, "'exclude' must be a list");
    expect_error("respect-gitignore: 1\n", 1, 20,
                 "'respect-gitignore' must be true or false, found a number");
    expect_error("respect-gitignore: yes\n", 1, 20, "YAML 1.1 spellings");
    expect_error("respect-gitignore: \"true\"\n", 1, 20, "found a string");
    expect_error("callbacks: [parallel]\n", 1, 12, "'callbacks' must be a mapping");
    expect_error("max-file-size: big\n", 1, 16, "whole number of MiB from 1 to 4095");
    expect_error("max-file-size: 0\n", 1, 16, "from 1 to 4095");
    expect_error("python-path: [[src]]\n", 1, 15, "must be a string, found a list");
    expect_error("callbacks:\n  decorators: ['not a name']\n", 2, 16,
                 "is not a dotted name");
    expect_error("callbacks:\n  functions: [app.handlers]\n", 2, 15,
                 "is not 'module:qualname'");
    expect_error("spawners: [{call: a.b}]\n", 1, 12, "needs both 'call'");
    expect_error("spawners: [{call: a.b, callback: [1]}]\n", 1, 34,
                 "position (0 for the first) or its keyword");
    expect_error("spawners: [{call: a.b, callback: 256}]\n", 1, 34,
                 "'callback' position must be from 0 to 255, not 256");
    expect_error("spawners: [{call: a.b, callback: 0, arguments: all}]\n", 1, 48,
                 "'arguments' must be rest, or {positions: [3], keywords: [args]}, not 'all'");
    expect_error("spawners: [{call: a.b, callback: 0, arguments: [1]}]\n", 1, 48,
                 "'arguments' must be rest, or {positions: [3], keywords: [args]}; found a list");
    expect_error("spawners: [{call: a.b, callback: 0, arguments: {positions: 3}}]\n", 1, 60,
                 "a spawner's 'positions' must be a list, e.g. positions: [3, 4]; found a number");
    expect_error("spawners: [{call: a.b, callback: 0, arguments: {positions: [x]}}]\n", 1, 61,
                 "each item of a spawner's 'positions' must be an argument's position");
    expect_error("spawners: [{call: a.b, callback: 0, arguments: {positions: [300]}}]\n", 1, 61,
                 "'positions' position must be from 0 to 255, not 300");
    expect_error("spawners: [{call: a.b, callback: 0, arguments: {keywords: [a.b]}}]\n", 1, 60,
                 "each item of a spawner's 'keywords' must be a keyword argument's name");
    expect_error("spawners: [{call: a.b, callback: 0, arguments: {keywords: [a, b, c, d, e]}}]\n",
                 1, 72, "a spawner's 'keywords' lists at most 4 arguments");
    expect_error("mode: fast\n", 1, 7, "only 'strict'");
    expect_error("severity: {PX001: warn}\n", 1, 19,
                 "unknown severity 'warn' — did you mean 'warning'?");
}

static void test_bad_rule_codes(void **state)
{
    expect_error("select: [PX01]\n", 1, 10,
                 "unknown rule selector 'PX01' in 'select' — did you mean 'PX001'?");
    expect_error("ignore: [PX001, E501]\n", 1, 17, "unknown rule selector 'E501'");
    expect_error("per-file-ignores: {'tests/': [PX999]}\n", 1, 31,
                 "unknown rule selector 'PX999'");
    expect_error("severity: {syntax-eror: info}\n", 1, 12,
                 "did you mean 'syntax-error'?");
}

static void test_bad_globs(void **state)
{
    expect_error("exclude: ['[abc']\n", 1, 11, "unclosed '['");
    expect_error("exclude: ['a/../b']\n", 1, 11, "'..' cannot appear");
    expect_error("exclude: ['src/a**']\n", 1, 11, "'**' must be a whole path component");
    expect_error("exclude: ['!keep.py']\n", 1, 11, "negation");
    expect_error("include: ['']\n", 1, 11, "must not be empty");
    expect_error("per-file-ignores: {'x[': [PX001]}\n", 1, 20, "unclosed '['");
}

static void test_duplicate_keys(void **state)
{
    expect_error("select: [PX001]\nexclude: []\nselect: [ALL]\n", 3, 1,
                 "duplicate key 'select' (first given at line 1)");
    expect_error("whitelist:\n  output: a\n  output: b\n", 3, 3,
                 "duplicate key 'output'");
}

static void test_tabs_and_encoding(void **state)
{
    expect_error("callbacks:\n\tdecorators: [x]\n", 2, 1,
                 "tab character in the indentation");
    expect_error("select: [PX001]\nexclude: ['caf\xe9']\n", 2, 15,
                 "not valid UTF-8 (byte 0xE9)");
    expect_error("select: [\xc0\xaf]\n", 1, 10, "not valid UTF-8");
    Loaded l = load_n("select: [PX001]\n\0", 17);
    assert_null(l.config);
    assert_non_null(strstr(px_config_message(l.msgs, 0)->text, "NUL byte"));
    unload(&l);
    /* A BOM is fine, and a tab inside a value is not indentation. */
    l = load("\xef\xbb\xbfselect:\t[PX001]\n");
    assert_non_null(l.config);
    unload(&l);
}

static void test_not_a_mapping(void **state)
{
    expect_error("- PX001\n", 1, 1, "expected a mapping of settings");
    expect_error("just text\n", 1, 1, "found a string");
    expect_error("select: [PX001]\n---\nselect: [ALL]\n", 2, 1,
                 "a second YAML document");
}

static void test_yaml_syntax_error(void **state)
{
    expect_error("select: [PX001\nignore: []\n", 2, 7, "invalid YAML");
    expect_error("a: b: c\n", 1, 5, "invalid YAML: mapping values are not allowed");
    expect_error("x: !!str 1\n", 1, 4, "YAML tags");
    expect_error("select: [PX001]\npure: [\"\x01\"]\n", 2, 9,
                 "invalid YAML: control characters are not allowed");
}

static void test_alias_bomb_refused(void **state)
{
    /* The "billion laughs": each level repeats the previous one ten times. */
    const char *text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                       "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                       "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                       "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n";
    expect_error(text, 2, 8, "aliases (*a) are not supported");
    /* Anchors alone are harmless, but a merge key needs an alias. */
    expect_error("base: &base {detect: true}\nc-extensions:\n  <<: *base\n", 3, 7,
                 "aliases (*base)");
}

static void test_deep_nesting_refused(void **state)
{
    size_t n = 100000;
    char *text = malloc(2 * n + 16);
    strcpy(text, "pure: ");
    size_t k = strlen(text);
    for (size_t i = 0; i < n; i++)
        text[k++] = '[';
    for (size_t i = 0; i < n; i++)
        text[k++] = ']';
    text[k++] = '\n';
    text[k] = '\0';
    Loaded l = load(text);
    assert_null(l.config);
    assert_non_null(strstr(px_config_message(l.msgs, 0)->text, "nesting deeper"));
    unload(&l);
    free(text);
}

static void test_all_errors_are_reported(void **state)
{
    Loaded l = load("selct: [PX001]\nrespect-gitignore: maybe\nexclude: ['[']\n");
    assert_null(l.config);
    assert_int_equal(px_config_error_count(l.msgs), 3);
    assert_int_equal(px_config_message(l.msgs, 0)->line, 1);
    assert_int_equal(px_config_message(l.msgs, 1)->line, 2);
    assert_int_equal(px_config_message(l.msgs, 2)->line, 3);
    unload(&l);
}

static void test_null_value_keeps_default(void **state)
{
    Loaded l = load("exclude:\nrespect-gitignore:\n");
    assert_non_null(l.config);
    assert_true(px_config_settings(l.config)->respect_gitignore);
    unload(&l);
}

static void test_selection_order(void **state)
{
    /* ignore wins over select and extend-select, whatever the order. */
    Loaded l = load("ignore: [PX0]\nextend-select: [PX003]\nselect: [PX001]\n");
    assert_non_null(l.config);
    const PxSettings *s = px_config_settings(l.config);
    assert_false(px_ruleset_has(&s->rules, PX_RULE_PX001));
    assert_false(px_ruleset_has(&s->rules, PX_RULE_PX003));
    unload(&l);
    l = load("select: [PX001]\nextend-select: [unused-suppression]\n");
    s = px_config_settings(l.config);
    assert_true(px_ruleset_has(&s->rules, PX_RULE_PX003));
    unload(&l);
}

static void test_show_round_trips(void **state)
{
    Loaded l = load("exclude: [build/, 'a b/*.py', \"q\\\"uote\"]\n"
                    "python-path: [src]\n"
                    "spawners: [{call: threading.Thread, callback: target,\n"
                    "             arguments: {positions: [3], keywords: [args, kwargs]}},\n"
                    "           {call: a.submit, callback: 0, arguments: rest},\n"
                    "           {call: a.spawn, callback: 1}]\n"
                    "per-file-ignores: {'tests/**': [PX001]}\n"
                    "severity: {PX001: info}\n"
                    "whitelist: {output: out.json}\n");
    assert_non_null(l.config);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    px_config_show(l.config, f);
    fclose(f);
    assert_non_null(strstr(buf, "# pxlint settings in effect: defaults merged "
                                "with /proj/.pxlint.yaml"));
    Loaded again = load(buf);
    if (!again.config)
        fail_msg("show output does not load: %s\n%s",
                 px_config_message(again.msgs, 0)->text, buf);
    const PxSettings *a = px_config_settings(l.config);
    const PxSettings *b = px_config_settings(again.config);
    assert_int_equal(b->exclude.count, 3);
    assert_string_equal(b->exclude.items[2].value, "q\"uote");
    assert_string_equal(b->python_path.items[0].path, "/proj/src");
    assert_string_equal(b->spawners[0].keyword, "target");
    assert_int_equal(b->nspawners, 3);
    assert_int_equal(b->spawners[0].arguments, PX_SPAWNER_ARGS_LISTED);
    assert_int_equal(b->spawners[0].npositions, 1);
    assert_int_equal(b->spawners[0].positions[0], 3);
    assert_int_equal(b->spawners[0].nkeywords, 2);
    assert_string_equal(b->spawners[0].keywords[1], "kwargs");
    assert_int_equal(b->spawners[1].arguments, PX_SPAWNER_ARGS_REST);
    assert_int_equal(b->spawners[2].arguments, PX_SPAWNER_ARGS_ANY);
    assert_int_equal(b->spawners[2].position, 1);
    assert_int_equal(b->severity[PX_RULE_PX001], PX_SEVERITY_INFO);
    assert_memory_equal(&a->rules, &b->rules, sizeof a->rules);
    assert_string_equal(b->whitelist_output.value, "out.json");
    assert_int_equal(b->nper_file_ignores, 1);
    unload(&again);
    unload(&l);
    free(buf);
}

static void test_unreadable_file(void **state)
{
    PxConfigMessages *m = px_config_messages_create();
    assert_null(px_config_load("/", "/nonexistent/dir/.pxlint.yaml", m));
    assert_int_equal(px_config_error_count(m), 1);
    assert_int_equal(px_config_message(m, 0)->line, 0);
    assert_non_null(strstr(px_config_message(m, 0)->text, "No such file"));
    px_config_messages_destroy(m);
}

static void test_find_walks_up(void **state)
{
    char tmpl[] = "/tmp/pxlint-cfg-XXXXXX";
    assert_non_null(mkdtemp(tmpl));
    char path[512];
    snprintf(path, sizeof path, "%s/a/b", tmpl);
    char cmd[600];
    snprintf(cmd, sizeof cmd, "mkdir -p %s && touch %s/.pxlint.yaml", path, tmpl);
    assert_int_equal(system(cmd), 0);
    char *found = px_config_find("/", path);
    char want[600];
    snprintf(want, sizeof want, "%s/.pxlint.yaml", tmpl);
    assert_non_null(found);
    assert_string_equal(found, want);
    free(found);
    /* From a file that does not exist yet: its directory. */
    snprintf(want, sizeof want, "%s/a/b/new.py", tmpl);
    found = px_config_find("/", want);
    assert_non_null(found);
    free(found);
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpl);
    assert_int_equal(system(cmd), 0);
}

static void test_paths(void **state)
{
    char *p = px_path_absolute("/a/b", "../c/./d//e/..");
    assert_string_equal(p, "/a/c/d");
    free(p);
    p = px_path_absolute("/a", "/../../x");
    assert_string_equal(p, "/x");
    free(p);
    p = px_path_absolute("/a", "");
    assert_string_equal(p, "/a");
    free(p);
    assert_string_equal(px_path_under("/a/b", "/a/b/c/d.py"), "c/d.py");
    assert_string_equal(px_path_under("/a/b", "/a/b"), "");
    assert_null(px_path_under("/a/b", "/a/bc/d.py"));
    assert_string_equal(px_path_under("/", "/x/y"), "x/y");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_empty_file_is_default),
        cmocka_unit_test(test_every_key),
        cmocka_unit_test(test_unknown_key_suggests),
        cmocka_unit_test(test_wrong_types),
        cmocka_unit_test(test_bad_rule_codes),
        cmocka_unit_test(test_bad_globs),
        cmocka_unit_test(test_duplicate_keys),
        cmocka_unit_test(test_tabs_and_encoding),
        cmocka_unit_test(test_not_a_mapping),
        cmocka_unit_test(test_yaml_syntax_error),
        cmocka_unit_test(test_alias_bomb_refused),
        cmocka_unit_test(test_deep_nesting_refused),
        cmocka_unit_test(test_all_errors_are_reported),
        cmocka_unit_test(test_null_value_keeps_default),
        cmocka_unit_test(test_selection_order),
        cmocka_unit_test(test_show_round_trips),
        cmocka_unit_test(test_unreadable_file),
        cmocka_unit_test(test_find_walks_up),
        cmocka_unit_test(test_paths),
    };
    return cmocka_run_group_tests_name("config", tests, NULL, NULL);
}
