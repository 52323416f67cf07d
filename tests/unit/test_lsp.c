/* The LSP server's pieces: UTF-16 positions and URIs, documents edited
 * incrementally, the suppression quick fix, Content-Length framing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "document.h"
#include "position.h"
#include "quickfix.h"
#include "transport.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static PxSource *make(const char *text)
{
    size_t n = strlen(text);
    return px_source_create("t.py", px_strndup(text, n), n);
}

static void test_positions_count_utf16_units(void **state)
{
    /* é: 2 bytes, 1 unit; 𝔘: 4 bytes, 2 units. */
    const char *text = "ab\nxé𝔘y\n";
    PxSource *s = make(text);
    size_t y = strlen("ab\nxé𝔘");
    PxLspPosition p = px_lsp_position(s, y, true);
    assert_int_equal(p.line, 1);
    assert_int_equal(p.character, 4);
    assert_int_equal(px_lsp_offset(s, p), y);
    /* Inside the surrogate pair: the character's start. */
    assert_int_equal(px_lsp_offset(s, (PxLspPosition){1, 3}), strlen("ab\nxé"));
    /* Past the line's end: its end; past the last line: the text's end. */
    assert_int_equal(px_lsp_offset(s, (PxLspPosition){0, 99}), 2);
    assert_int_equal(px_lsp_offset(s, (PxLspPosition){9, 0}), strlen(text));
    px_source_destroy(s);
}

static void test_bom_counts_only_when_sent(void **state)
{
    PxSource *s = make("\xEF\xBB\xBFx = 1\n");
    assert_int_equal(px_lsp_position(s, 3, true).character, 1);
    assert_int_equal(px_lsp_position(s, 3, false).character, 0);
    assert_int_equal(px_lsp_position(s, 4, false).character, 1);
    px_source_destroy(s);
}

static void test_crlf_and_lone_cr_lines(void **state)
{
    PxSource *s = make("a\r\nb\rc");
    assert_int_equal(px_lsp_position(s, 3, true).line, 1);
    assert_int_equal(px_lsp_position(s, 5, true).line, 2);
    assert_int_equal(px_lsp_offset(s, (PxLspPosition){2, 0}), 5);
    px_source_destroy(s);
}

static void test_uris(void **state)
{
    char *p = px_lsp_uri_to_path("file:///tmp/a%20b/%C3%A9.py");
    assert_string_equal(p, "/tmp/a b/é.py");
    char *u = px_lsp_path_to_uri(p);
    assert_string_equal(u, "file:///tmp/a%20b/%C3%A9.py");
    free(p);
    free(u);
    p = px_lsp_uri_to_path("file://localhost/x.py");
    assert_string_equal(p, "/x.py");
    free(p);
    assert_null(px_lsp_uri_to_path("untitled:Untitled-1"));
    assert_null(px_lsp_uri_to_path("file://server/share/x.py"));
    assert_null(px_lsp_uri_to_path("file:///a%00b"));
}

static char *sexp(const TSTree *t)
{
    return ts_node_string(ts_tree_root_node(t));
}

static void assert_tree_is_fresh(PxLspDocument *d, PxParser *p)
{
    const PxSource *s = px_lsp_document_source(d);
    TSTree *fresh = px_parser_parse(p, s);
    char *x = sexp(px_lsp_document_tree(d)), *y = sexp(fresh);
    assert_string_equal(x, y);
    free(x);
    free(y);
    ts_tree_delete(fresh);
}

static void test_document_edits_reuse_the_tree(void **state)
{
    PxParser *p = px_parser_create();
    const char *text = "def f(x):\n    s = 'é𝔘'\n    return x\n";
    PxLspDocument *d = px_lsp_document_create("file:///t/a.py", text, strlen(text), 1, p);
    assert_string_equal(px_lsp_document_path(d), "/t/a.py");
    /* Typing after the astral character: positions in UTF-16 units. */
    PxLspPosition at = {1, 12};
    assert_true(px_lsp_document_change(d, &at, &at, "!", 1));
    px_lsp_document_reparse(d, p);
    assert_string_equal(px_source_bytes(px_lsp_document_source(d)),
                        "def f(x):\n    s = 'é𝔘!'\n    return x\n");
    assert_tree_is_fresh(d, p);
    /* Two changes, one parse. */
    PxLspPosition a = {2, 11}, b = {2, 12};
    assert_true(px_lsp_document_change(d, &a, &b, "[x]", 3));
    PxLspPosition c = {0, 0};
    assert_true(px_lsp_document_change(d, &c, &c, "import os\n", 10));
    px_lsp_document_reparse(d, p);
    assert_tree_is_fresh(d, p);
    unsigned inc, full;
    px_lsp_document_parse_counts(d, &inc, &full);
    assert_int_equal(inc, 2);
    assert_int_equal(full, 1);
    /* A whole-text change parses afresh. */
    assert_true(px_lsp_document_change(d, NULL, NULL, "x = (\n", 6));
    px_lsp_document_reparse(d, p);
    assert_tree_is_fresh(d, p);
    px_lsp_document_parse_counts(d, &inc, &full);
    assert_int_equal(full, 2);
    /* An end before the start is refused. */
    PxLspPosition e = {0, 3}, f = {0, 1};
    assert_false(px_lsp_document_change(d, &e, &f, "", 0));
    px_lsp_document_destroy(d);
    px_parser_destroy(p);
}

static void test_document_lone_cr_parses_afresh(void **state)
{
    PxParser *p = px_parser_create();
    const char *text = "x = 1\ry = 2\n";
    PxLspDocument *d = px_lsp_document_create("file:///t/a.py", text, strlen(text), 1, p);
    PxLspPosition a = {1, 0};
    assert_true(px_lsp_document_change(d, &a, &a, "\n", 1)); /* "\r\n" now */
    px_lsp_document_reparse(d, p);
    assert_tree_is_fresh(d, p);
    unsigned inc, full;
    px_lsp_document_parse_counts(d, &inc, &full);
    assert_int_equal(inc, 0);
    px_lsp_document_destroy(d);
    px_parser_destroy(p);
}

static void test_document_refused_by_prescan_has_no_tree(void **state)
{
    PxParser *p = px_parser_create();
    size_t n = 500;
    char *deep = px_malloc(n + 1);
    memset(deep, '(', n);
    deep[n] = '\0';
    PxLspDocument *d = px_lsp_document_create("file:///t/a.py", deep, n, 1, p);
    assert_null(px_lsp_document_tree(d));
    PxLspPosition a = {0, 0}, b = {0, (uint32_t)n};
    assert_true(px_lsp_document_change(d, &a, &b, "x = 1\n", 6));
    px_lsp_document_reparse(d, p);
    assert_non_null(px_lsp_document_tree(d));
    free(deep);
    px_lsp_document_destroy(d);
    px_parser_destroy(p);
}

/* The quick fix applied to `text` for `rule` on `line`. */
static char *fixed(const char *text, uint32_t line, const char *code)
{
    PxRuleId rule;
    assert_true(px_rule_lookup(code, &rule));
    PxParser *p = px_parser_create();
    PxSource *s = make(text);
    TSTree *t = px_parser_parse(p, s);
    PxLspEdit e;
    char *out = NULL;
    if (px_lsp_ignore_edit(s, t, line, rule, &e)) {
        size_t n = strlen(text), k = strlen(e.text);
        out = px_malloc(n + k + 1);
        memcpy(out, text, e.start);
        memcpy(out + e.start, e.text, k);
        strcpy(out + e.start + k, text + e.end);
        free(e.text);
    }
    ts_tree_delete(t);
    px_source_destroy(s);
    px_parser_destroy(p);
    return out;
}

static void check_fix(const char *text, uint32_t line, const char *code,
                      const char *expected)
{
    char *got = fixed(text, line, code);
    if (!expected) {
        if (got)
            fail_msg("unexpected fix: %s", got);
        return;
    }
    if (!got)
        fail_msg("no fix for: %s", text);
    assert_string_equal(got, expected);
    free(got);
}

static void test_quick_fix_edits(void **state)
{
    check_fix("x.append(1)\n", 1, "PX101", "x.append(1)  # pxlint: ignore[PX101]\n");
    check_fix("x.append(1)   \r\ny\n", 1, "PX101",
              "x.append(1)  # pxlint: ignore[PX101]\r\ny\n");
    check_fix("x.append(1)  # pxlint: ignore[PX104]\n", 1, "PX101",
              "x.append(1)  # pxlint: ignore[PX104, PX101]\n");
    check_fix("x.append(1)  # note  # pxlint: ignore[PX104, ]  # more\n", 1, "PX101",
              "x.append(1)  # note  # pxlint: ignore[PX104, PX101]  # more\n");
    check_fix("x.append(1)  # type: ignore\n", 1, "PX101",
              "x.append(1)  # type: ignore  # pxlint: ignore[PX101]\n");
    check_fix("x.append(1)  # noqa: E501\n", 1, "PX101",
              "x.append(1)  # noqa: E501  # pxlint: ignore[PX101]\n");
    /* Already silenced there: nothing to do (no duplicate code). */
    check_fix("x.append(1)  # pxlint: ignore[PX101]\n", 1, "PX101", NULL);
    check_fix("x.append(1)  # pxlint: ignore[shared-container-mutation]\n", 1, "PX101",
              NULL);
    check_fix("x.append(1)  # pxlint: ignore\n", 1, "PX101", NULL);
    check_fix("x.append(1)  # pxlint: ignore[]\n", 1, "PX101", NULL); /* all */
    check_fix("x.append(1)  # noqa: PX101\n", 1, "PX101", NULL);
    /* A line that cannot end in a comment: the statement's last line. */
    check_fix("x = 1 + \\\n    2\n", 1, "PX101", "x = 1 + \\\n    2  # pxlint: ignore[PX101]\n");
    check_fix("x.append('''a\nb''')\n", 1, "PX101",
              "x.append('''a\nb''')  # pxlint: ignore[PX101]\n");
    /* A line inside brackets takes a comment itself. */
    check_fix("f(a,\n  b)\n", 1, "PX104", "f(a,  # pxlint: ignore[PX104]\n  b)\n");
    /* A compound statement's header: its own last line, not the body's. */
    check_fix("for x in (1,\n    2):\n    pass\n", 1, "PX101",
              "for x in (1,  # pxlint: ignore[PX101]\n    2):\n    pass\n");
    check_fix("\n", 1, "PX101", NULL);
}

static void feed(int fd, const char *bytes, size_t n)
{
    assert_int_equal(write(fd, bytes, n), (ssize_t)n);
}

static void test_framing(void **state)
{
    int in[2], out[2];
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(out), 0);
    PxLspTransport *t = px_lsp_transport_create(in[0], out[1], 1000);
    const char msgs[] =
        "Content-Length: 2\r\n\r\n{}"
        "content-length:  3 \r\nContent-Type: x\r\n\r\n[1]"
        "Content-Length: 2\n\n{}"                        /* LF only */
        "Content-Length: x\r\n\r\n"                       /* bad value */
        "no colon\r\n\r\n"
        "Content-Length: 1\r\nContent-Length: 1\r\n\r\n"  /* twice */
        "Content-Length: 5000\r\n\r\n";                   /* over the limit */
    feed(in[1], msgs, sizeof msgs - 1);
    char body_big[5000];
    memset(body_big, 'x', sizeof body_big);
    feed(in[1], body_big, sizeof body_big);
    feed(in[1], "Content-Length: 4\r\n\r\nnull", 25);
    feed(in[1], "Content-Length: 9\r\n\r\nabc", 24); /* EOF mid-body */
    close(in[1]);
    PxLspReadStatus want[] = {PX_LSP_READ_OK, PX_LSP_READ_OK, PX_LSP_READ_OK,
                              PX_LSP_READ_BAD_HEADER, PX_LSP_READ_BAD_HEADER,
                              PX_LSP_READ_BAD_HEADER, PX_LSP_READ_TOO_LARGE,
                              PX_LSP_READ_OK, PX_LSP_READ_EOF};
    const char *bodies[] = {"{}", "[1]", "{}", NULL, NULL, NULL, NULL, "null", NULL};
    for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
        char *body, err[200];
        size_t len;
        assert_int_equal(px_lsp_transport_read(t, &body, &len, err, sizeof err), want[i]);
        if (bodies[i])
            assert_string_equal(body, bodies[i]);
        else
            assert_null(body);
        free(body);
    }
    json_t *m = json_pack("{s:s}", "a", "é");
    assert_true(px_lsp_transport_write(t, m));
    json_decref(m);
    char buf[100] = {0};
    ssize_t n = read(out[0], buf, sizeof buf - 1);
    assert_true(n > 0);
    assert_string_equal(buf, "Content-Length: 10\r\n\r\n{\"a\":\"é\"}");
    /* Writing to a closed pipe reports the client gone (SIGPIPE ignored
     * by the command; here the signal is blocked by ignoring it too). */
    px_lsp_transport_destroy(t);
    close(in[0]);
    close(out[0]);
    close(out[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_positions_count_utf16_units),
        cmocka_unit_test(test_bom_counts_only_when_sent),
        cmocka_unit_test(test_crlf_and_lone_cr_lines),
        cmocka_unit_test(test_uris),
        cmocka_unit_test(test_document_edits_reuse_the_tree),
        cmocka_unit_test(test_document_lone_cr_parses_afresh),
        cmocka_unit_test(test_document_refused_by_prescan_has_no_tree),
        cmocka_unit_test(test_quick_fix_edits),
        cmocka_unit_test(test_framing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
