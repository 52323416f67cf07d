/* Path patterns in .gitignore syntax: which paths each pattern matches. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "pathglob.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *pattern;
    const char *path; /* relative; a trailing '/' marks a directory */
    bool match;       /* the path itself (px_glob_match) */
} Case;

static bool matches(PxArena *arena, const char *pattern, const char *path,
                    PxGlobSyntax syntax, bool parents)
{
    char err[200];
    PxGlob *g = px_glob_compile(arena, pattern, syntax, err, sizeof err);
    if (!g)
        fail_msg("pattern '%s' refused: %s", pattern, err);
    size_t n = strlen(path);
    bool dir = n > 0 && path[n - 1] == '/';
    char *p = px_strndup(path, dir ? n - 1 : n);
    PxSlice *parts = NULL;
    size_t cap = 0;
    size_t k = px_path_split(p, &parts, &cap);
    bool hit = parents ? px_glob_match_or_parent(g, parts, k, dir)
                       : px_glob_match(g, parts, k, dir);
    free(parts);
    free(p);
    return hit;
}

static void test_table(void **state)
{
    static const Case cases[] = {
        {"*.py", "a.py", true},
        {"*.py", "src/pkg/a.py", true},
        {"*.py", "a.pyc", false},
        {"build/", "build/", true},
        {"build/", "src/build/", true},
        {"build/", "build", false}, /* a file named build */
        {"build", "build", true},
        {"/build", "build/", true},
        {"/build", "src/build/", false},
        {"docs/*.py", "docs/a.py", true},
        {"docs/*.py", "docs/x/a.py", false},
        {"docs/*.py", "src/docs/a.py", false},
        {"src/**/gen.py", "src/gen.py", true},
        {"src/**/gen.py", "src/a/b/gen.py", true},
        {"src/**/gen.py", "lib/src/gen.py", false},
        {"**/fixtures", "fixtures/", true},
        {"**/fixtures", "a/b/fixtures/", true},
        {"tests/**", "tests/", false}, /* what is inside, not the dir */
        {"tests/**", "tests/a.py", true},
        {"tests/**", "tests/x/y/a.py", true},
        {"a/**/b/**/c", "a/x/b/y/z/c", true},
        {"a/**/b/**/c", "a/b/c", true},
        {"a/**/b/**/c", "a/c", false},
        {"?.py", "a.py", true},
        {"?.py", "ab.py", false},
        {"?.py", "\xc3\xa9.py", true}, /* one character, two bytes */
        {"[abc].py", "b.py", true},
        {"[!abc].py", "b.py", false},
        {"[a-c]*.py", "cat.py", true},
        {"[a-c]*.py", "dog.py", false},
        {"\\*.py", "*.py", true},
        {"\\*.py", "a.py", false},
        {"*_pb2.py", "api/v1/msg_pb2.py", true},
        {"*", "anything/", true},
        {"a*b*c*d", "aXbYcZd", true},
        {"a*b*c*d", "aXbYcZ", false},
    };
    PxArena *arena = px_arena_create();
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        bool got = matches(arena, cases[i].pattern, cases[i].path,
                           PX_GLOB_CONFIG, false);
        if (got != cases[i].match)
            fail_msg("'%s' against '%s': expected %s", cases[i].pattern,
                     cases[i].path, cases[i].match ? "a match" : "no match");
    }
    px_arena_destroy(arena);
}

static void test_parents(void **state)
{
    PxArena *arena = px_arena_create();
    assert_true(matches(arena, "build/", "build/lib/x.py", PX_GLOB_CONFIG, true));
    assert_true(matches(arena, "/vendor", "vendor/a/b.py", PX_GLOB_CONFIG, true));
    assert_false(matches(arena, "/vendor", "src/vendor/b.py", PX_GLOB_CONFIG, true));
    assert_true(matches(arena, "tests/", "src/tests/test_a.py", PX_GLOB_CONFIG, true));
    px_arena_destroy(arena);
}

static void test_many_stars_do_not_blow_up(void **state)
{
    /* Backtracking only to the last star keeps this linear-ish. */
    PxArena *arena = px_arena_create();
    char name[200];
    memset(name, 'a', sizeof name - 1);
    name[sizeof name - 1] = '\0';
    assert_false(matches(arena, "*a*a*a*a*a*a*a*a*a*a*a*a*b", name,
                         PX_GLOB_CONFIG, false));
    char path[1000] = "";
    for (int i = 0; i < 200; i++)
        strcat(path, "a/");
    strcat(path, "x");
    assert_false(matches(arena, "**/a/**/a/**/a/**/a/**/b", path,
                         PX_GLOB_CONFIG, false));
    px_arena_destroy(arena);
}

static void test_gitignore_syntax(void **state)
{
    PxArena *arena = px_arena_create();
    char err[200];
    PxGlob *g = px_glob_compile(arena, "!keep.py", PX_GLOB_GITIGNORE, err, sizeof err);
    assert_non_null(g);
    assert_true(px_glob_negated(g));
    /* git reads "a**" as "a*". */
    assert_true(matches(arena, "ab**", "abc.py", PX_GLOB_GITIGNORE, false));
    assert_null(px_glob_compile(arena, "[oops", PX_GLOB_GITIGNORE, err, sizeof err));
    px_arena_destroy(arena);
}

static void test_refused(void **state)
{
    static const char *const bad[][2] = {
        {"", "empty pattern"},
        {"!x", "negation"},
        {"[ab", "unclosed '['"},
        {"a/../b", "'..' cannot appear"},
        {"a**", "'**' must be a whole path component"},
        {"/", "names no path"},
        {"x\\", "lone '\\'"},
    };
    PxArena *arena = px_arena_create();
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char err[200] = "";
        if (px_glob_compile(arena, bad[i][0], PX_GLOB_CONFIG, err, sizeof err))
            fail_msg("'%s' was accepted", bad[i][0]);
        if (!strstr(err, bad[i][1]))
            fail_msg("'%s': message \"%s\" lacks \"%s\"", bad[i][0], err, bad[i][1]);
    }
    px_arena_destroy(arena);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_parents),
        cmocka_unit_test(test_many_stars_do_not_blow_up),
        cmocka_unit_test(test_gitignore_syntax),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests_name("pathglob", tests, NULL, NULL);
}
