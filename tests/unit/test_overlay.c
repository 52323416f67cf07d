/* Overlays (unsaved buffers) in a check run, and incremental re-parsing:
 * what the LSP server relies on. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "check.h"
#include "parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define UNSAFE "import threading\nLOG = []\ndef handle(x):\n    LOG.append(x)\n" \
               "threading.Thread(target=handle, args=(1,)).start()\n"
#define SAFE "import threading\ndef handle(x):\n    return [x]\n" \
             "threading.Thread(target=handle, args=(1,)).start()\n"

typedef struct {
    char dir[64];
    char path[96];
} Tmp;

static void tmp_make(Tmp *t, const char *content)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/pxlint-overlay-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/app.py", t->dir);
    FILE *f = fopen(t->path, "w");
    assert_non_null(f);
    fputs(content, f);
    fclose(f);
}

static void tmp_remove(Tmp *t)
{
    unlink(t->path);
    rmdir(t->dir);
}

static size_t count_code(const PxCheck *c, const char *code)
{
    const PxDiagList *l = px_check_diagnostics(c);
    size_t n = 0;
    for (size_t i = 0; i < px_diag_count(l); i++)
        n += strcmp(px_rule_info(px_diag_at(l, i)->rule)->code, code) == 0;
    return n;
}

static PxCheck *run(const char *root, const PxOverlay *ov, size_t nov)
{
    const char *paths[] = {root};
    PxCheckOptions o = {.paths = paths, .npaths = 1, .jobs = 2,
                        .rules = px_ruleset_all(), .overlays = ov,
                        .noverlays = nov};
    return px_check_run(&o);
}

static void test_overlay_bytes_replace_the_disk(void **state)
{
    Tmp t;
    tmp_make(&t, SAFE);
    PxCheck *c = run(t.dir, NULL, 0);
    assert_int_equal(count_code(c, "PX101"), 0);
    px_check_destroy(c);

    PxOverlay ov = {.path = t.path, .bytes = UNSAFE, .len = strlen(UNSAFE)};
    c = run(t.dir, &ov, 1);
    assert_int_equal(count_code(c, "PX101"), 1);
    const PxDiagnostic *d = px_diag_at(px_check_diagnostics(c), 0);
    assert_string_equal(px_source_path(d->source), t.path);
    assert_memory_equal(px_source_bytes(d->source), UNSAFE, strlen(UNSAFE));
    px_check_destroy(c);
    tmp_remove(&t);
}

static void test_overlay_tree_is_used(void **state)
{
    Tmp t;
    tmp_make(&t, SAFE);
    size_t n = strlen(UNSAFE);
    PxSource *src = px_source_create(t.path, px_strndup(UNSAFE, n), n);
    PxParser *p = px_parser_create();
    TSTree *tree = px_parser_parse(p, src);
    PxOverlay ov = {.path = t.path, .bytes = UNSAFE, .len = n, .tree = tree};
    PxCheck *c = run(t.dir, &ov, 1);
    assert_int_equal(count_code(c, "PX101"), 1);
    px_check_destroy(c);
    /* The caller's tree is untouched and still usable. */
    assert_false(ts_node_has_error(ts_tree_root_node(tree)));
    ts_tree_delete(tree);
    px_parser_destroy(p);
    px_source_destroy(src);
    tmp_remove(&t);
}

static void test_added_overlay_needs_no_file(void **state)
{
    Tmp t;
    tmp_make(&t, SAFE);
    char ghost[128];
    snprintf(ghost, sizeof ghost, "%s/sub/never_saved.py", t.dir);
    PxOverlay ov[] = {
        {.path = ghost, .bytes = UNSAFE, .len = strlen(UNSAFE), .add = true},
        {.path = ghost, .bytes = SAFE, .len = strlen(SAFE), .add = true},
    };
    PxCheck *c = run(t.dir, ov, 2);
    assert_int_equal(count_code(c, "PX101"), 1); /* the first twin only */
    assert_int_equal(px_check_error_count(c), 0);
    assert_int_equal(px_check_file_count(c), 2);
    px_check_destroy(c);
    /* Without `add`, a path discovery did not find is not checked. */
    ov[0].add = false;
    c = run(t.dir, ov, 1);
    assert_int_equal(count_code(c, "PX101"), 0);
    px_check_destroy(c);
    tmp_remove(&t);
}

static char *sexp(TSTree *t)
{
    return ts_node_string(ts_tree_root_node(t));
}

/* An edited old tree re-parsed gives the tree of a fresh parse. */
static void test_reparse_matches_fresh_parse(void **state)
{
    const char *before = "def f(x):\n    return x\n";
    const char *after = "def f(x):\n    return [x]\n";
    PxParser *p = px_parser_create();
    PxSource *a = px_source_create("t.py", px_strdup(before), strlen(before));
    PxSource *b = px_source_create("t.py", px_strdup(after), strlen(after));
    TSTree *old = px_parser_parse(p, a);
    /* "x" at byte 21 (row 1, col 11) becomes "[x]". */
    TSInputEdit e = {.start_byte = 21, .old_end_byte = 22, .new_end_byte = 24,
                     .start_point = {1, 11}, .old_end_point = {1, 12},
                     .new_end_point = {1, 14}};
    ts_tree_edit(old, &e);
    TSTree *inc = px_parser_reparse(p, b, old);
    TSTree *fresh = px_parser_parse(p, b);
    char *x = sexp(inc), *y = sexp(fresh);
    assert_string_equal(x, y);
    assert_non_null(strstr(x, "list"));
    free(x);
    free(y);
    ts_tree_delete(old);
    ts_tree_delete(inc);
    ts_tree_delete(fresh);
    px_source_destroy(a);
    px_source_destroy(b);
    px_parser_destroy(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_overlay_bytes_replace_the_disk),
        cmocka_unit_test(test_overlay_tree_is_used),
        cmocka_unit_test(test_added_overlay_needs_no_file),
        cmocka_unit_test(test_reparse_matches_fresh_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
