/* Every output format over hand-built diagnostics (callbacks, traces, odd
 * source text), rendered into memory and checked field by field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "format.h"
#include "report.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- fixtures ------------------------------------------------------------ */

static const char APP[] = "import threading\n"     /* 1 */
                          "LOG = []\n"             /* 2 */
                          "\n"                     /* 3 */
                          "def record(x):\n"       /* 4 */
                          "\tLOG.append(x)\n"      /* 5: tab indent */
                          "\n"                     /* 6 */
                          "def handle(req):\n"     /* 7 */
                          "    record(req)\n";     /* 8 */

static PxSource *make(const char *path, const char *text, size_t n)
{
    return px_source_create(path, px_strndup(text, n), n);
}

static PxSource *make_str(const char *path, const char *text)
{
    return make(path, text, strlen(text));
}

/* Byte offset of the first `needle` in the source (it must be there). */
static uint32_t at(const PxSource *s, const char *needle)
{
    const char *b = px_source_bytes(s);
    size_t n = strlen(needle), len = px_source_length(s);
    for (size_t i = 0; i + n <= len; i++)
        if (memcmp(b + i, needle, n) == 0)
            return (uint32_t)i;
    fail_msg("'%s' not in %s", needle, px_source_path(s));
    return 0;
}

/* A diagnostic on the first `needle`, spanning it. */
static PxDiagnostic *add_on(PxDiagList *l, const PxSource *s, const char *needle,
                            const char *message)
{
    uint32_t a = at(s, needle);
    return px_diag_add(l, PX_RULE_PX001, s, a, a + (uint32_t)strlen(needle), message);
}

/* The LOG.append finding with its callback and a call and an alias step. */
static PxDiagnostic *add_traced(PxDiagList *l, const PxSource *app)
{
    PxDiagnostic *d = add_on(l, app, "LOG.append(x)",
                             "`record` appends to the main-thread list `LOG`");
    PxCallbackRef cb = {"pkg.app", "handle", app, 7};
    px_diag_set_callback(l, d, &cb);
    uint32_t call = at(app, "record(req)"), alias = at(app, "LOG = []");
    char message[] = "`handle` calls `record`"; /* copied, not kept */
    PxTraceStep steps[] = {
        {PX_TRACE_CALL, app, call, call + 11, message},
        {PX_TRACE_ALIAS, app, alias, alias + 3, "`LOG` is the module global defined here"},
    };
    px_diag_set_trace(l, d, steps, 2);
    memset(message, 'x', sizeof message - 1);
    return d;
}

static PxReport report_of(const PxDiagList *l, size_t files)
{
    return (PxReport){.diags = l, .files_checked = files};
}

static char *render(const char *format, const PxReport *r, const PxFormatOptions *o)
{
    const PxFormatter *f = px_formatter_find(format);
    assert_non_null(f);
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    assert_non_null(out);
    f->render(out, r, o);
    assert_int_equal(fclose(out), 0);
    return buf;
}

static json_t *render_json(const char *format, const PxReport *r,
                           const PxFormatOptions *o)
{
    char *text = render(format, r, o);
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    if (!j)
        fail_msg("%s output is not JSON: %s\n%s", format, err.text, text);
    free(text);
    return j;
}

static const char *jstr(json_t *o, const char *path)
{
    json_t *v = json_object_get(o, path);
    assert_true(json_is_string(v));
    return json_string_value(v);
}

static json_int_t jint(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    assert_true(json_is_integer(v));
    return json_integer_value(v);
}

/* The line of `text` holding `needle`, and the caret line under it. */
static void line_pair(const char *text, const char *needle, char *line,
                      char *carets, size_t cap)
{
    const char *p = strstr(text, needle);
    assert_non_null(p);
    while (p > text && p[-1] != '\n')
        p--;
    const char *e = strchr(p, '\n');
    assert_non_null(e);
    snprintf(line, cap, "%.*s", (int)(e - p), p);
    const char *q = e + 1, *qe = strchr(q, '\n');
    assert_non_null(qe);
    snprintf(carets, cap, "%.*s", (int)(qe - q), q);
}

/* --- text ---------------------------------------------------------------- */

static void test_text_full_diagnostic_with_trace(void **state)
{
    PxSource *app = make_str("pkg/app.py", APP);
    PxDiagList *l = px_diag_list_create();
    add_traced(l, app);
    PxReport r = report_of(l, 3);
    PxFormatOptions o = {0};
    char *out = render("text", &r, &o);
    assert_string_equal(
        out,
        "pkg/app.py:5:2: PX001 `record` appends to the main-thread list `LOG`\n"
        "  |\n"
        "5 |     LOG.append(x)\n"
        "  |     ^^^^^^^^^^^^^\n"
        "  |\n"
        "  = callback: pkg.app.handle (pkg/app.py:7)\n"
        "  = call:  pkg/app.py:8:5: `handle` calls `record`\n"
        "  = alias: pkg/app.py:2:1: `LOG` is the module global defined here\n"
        "\n"
        "Found 1 problem in 1 file (3 files checked).\n");
    free(out);
    /* "full" is the same renderer under ruff's name. */
    assert_ptr_equal(px_formatter_find("full")->render, px_format_text);
    px_diag_list_destroy(l);
    px_source_destroy(app);
}

static void test_text_summary_variants(void **state)
{
    PxSource *app = make_str("pkg/app.py", APP);
    PxSource *other = make_str("pkg/zz.py", "x = (\n");
    PxDiagList *l = px_diag_list_create();
    PxFormatOptions o = {0};
    PxReport r = report_of(l, 1);
    char *out = render("text", &r, &o);
    assert_string_equal(out, "All checks passed! (1 file checked)\n");
    free(out);

    PxProblem problems[] = {{"gone.py", "No such file or directory", true},
                            {"link", "symlink loop skipped", false}};
    r.problems = problems;
    r.nproblems = 2;
    out = render("text", &r, &o);
    assert_string_equal(out, "No problems found (1 file checked; 1 path could "
                             "not be checked)\n");
    free(out);

    add_on(l, app, "LOG", "first");
    add_on(l, app, "record(x)", "second");
    add_on(l, other, "(", "third");
    r = report_of(l, 12);
    r.has_callback_counts = true;
    r.callbacks_safe = 2;
    r.callbacks_unsafe = 5;
    o.quiet = false;
    out = render("concise", &r, &o);
    const char *last = strrchr(out, 'F');
    assert_string_equal(last, "Found 3 problems in 2 files (12 files checked; 2 "
                              "callbacks proven safe, 5 not).\n");
    free(out);

    o.quiet = true;
    out = render("text", &r, &o);
    assert_null(strstr(out, "Found"));
    assert_non_null(strstr(out, "pkg/zz.py:1:5: PX001 third\n"));
    free(out);

    o.quiet = false;
    o.statistics = true;
    out = render("text", &r, &o);
    assert_string_equal(out, "     3  PX001  syntax-error\n"
                             "Found 3 problems in 2 files (12 files checked; 2 "
                             "callbacks proven safe, 5 not).\n");
    free(out);
    /* --statistics leaves the list unsorted: a file met again counts once */
    add_on(l, app, "LOG", "fourth");
    out = render("text", &r, &o);
    assert_string_equal(out, "     4  PX001  syntax-error\n"
                             "Found 4 problems in 2 files (12 files checked; 2 "
                             "callbacks proven safe, 5 not).\n");
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(app);
    px_source_destroy(other);
}

static void test_text_blank_line_between_diagnostics(void **state)
{
    PxSource *app = make_str("pkg/app.py", APP);
    PxDiagList *l = px_diag_list_create();
    add_on(l, app, "LOG", "one");
    add_on(l, app, "def handle", "two");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.quiet = true};
    char *out = render("text", &r, &o);
    assert_string_equal(out, "pkg/app.py:2:1: PX001 one\n"
                             "  |\n"
                             "2 | LOG = []\n"
                             "  | ^^^\n"
                             "  |\n"
                             "\n"
                             "pkg/app.py:7:1: PX001 two\n"
                             "  |\n"
                             "7 | def handle(req):\n"
                             "  | ^^^^^^^^^^\n"
                             "  |\n"
                             "\n");
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(app);
}

static void test_text_unicode_crlf_and_bom(void **state)
{
    /* é: 2 bytes, 1 column; 🙂: 4 bytes, 2 columns; 字: 3 bytes, 2 columns. */
    PxSource *s = make_str("u.py", "\xEF\xBB\xBFx = \"\xC3\xA9\xF0\x9F\x99\x82\xE5\xAD\x97\" + y\r\n"
                                   "z = 1\r\n");
    PxDiagList *l = px_diag_list_create();
    add_on(l, s, "y", "on y");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.quiet = true};
    char *out = render("text", &r, &o);
    assert_null(strchr(out, '\r'));
    assert_null(strstr(out, "\xEF\xBB\xBF")); /* the BOM is not shown */
    assert_string_equal(out, "u.py:1:13: PX001 on y\n"
                             "  |\n"
                             "1 | x = \"\xC3\xA9\xF0\x9F\x99\x82\xE5\xAD\x97\" + y\n"
                             "  |" " " "              ^\n" /* 14 columns */
                             "  |\n"
                             "\n");
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_text_tabs_align_carets(void **state)
{
    /* "a\tb": the tab runs to column 4, so b is under the fifth cell. */
    PxSource *s = make_str("t.py", "  a\tbb = 1\n");
    PxDiagList *l = px_diag_list_create();
    add_on(l, s, "bb", "tabs");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.quiet = true};
    char *out = render("text", &r, &o);
    char line[256], carets[256];
    line_pair(out, "1 |", line, carets, sizeof line);
    assert_string_equal(line, "1 |   a bb = 1");
    assert_string_equal(carets, "  |     ^^");
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_text_control_characters_are_neutralized(void **state)
{
    static const char text[] = "x = 1 \x1b[2J\x00 y\n";
    PxSource *s = make("ctl\x1b.py", text, sizeof text - 1);
    PxDiagList *l = px_diag_list_create();
    add_on(l, s, "y", "message with \x1b]0;title\x07 escape\nand newline \xE2\x80\xAE.");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.quiet = true};
    for (int i = 0; i < 2; i++) {
        char *out = render(i ? "concise" : "text", &r, &o);
        assert_null(strchr(out, '\x1b'));
        assert_null(strchr(out, '\x07'));
        /* One diagnostic's header stays one line. */
        assert_non_null(strstr(out, "escape\xEF\xBF\xBD" "and newline \xEF\xBF\xBD.\n"));
        free(out);
    }
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_text_bidi_overrides_are_not_shown(void **state)
{
    /* U+202E RIGHT-TO-LEFT OVERRIDE inside a string ("Trojan Source"). */
    PxSource *s = make_str("b.py", "x = \"\xE2\x80\xAE\" + (\n");
    PxDiagList *l = px_diag_list_create();
    add_on(l, s, "(", "m");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.quiet = true};
    char *out = render("text", &r, &o);
    assert_null(strstr(out, "\xE2\x80\xAE"));
    assert_non_null(strstr(out, "1 | x = \"\xEF\xBF\xBD\" + (\n  |" "           ^\n")); /* 10 columns */
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_text_multiline_span(void **state)
{
    PxSource *s = make_str("m.py", "call(\n    a,\n\n    b)\nz = 1\n");
    PxDiagList *l = px_diag_list_create();
    uint32_t a = at(s, "call"), b = at(s, "b)") + 2;
    px_diag_add(l, PX_RULE_PX001, s, a, b, "spans lines");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.quiet = true};
    char *out = render("text", &r, &o);
    assert_string_equal(out, "m.py:1:1: PX001 spans lines\n"
                             "  |\n"
                             "1 | call(\n"
                             "  | ^^^^^\n"
                             "2 |     a,\n"
                             "  |     ^^\n"
                             "3 | \n"
                             "4 |     b)\n"
                             "  |     ^^\n"
                             "  |\n"
                             "\n");
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_text_long_span_is_elided(void **state)
{
    char text[512] = "";
    for (int i = 1; i <= 12; i++)
        snprintf(text + strlen(text), sizeof text - strlen(text), "x%d = %d\n", i, i);
    PxSource *s = make_str("long.py", text);
    PxDiagList *l = px_diag_list_create();
    px_diag_add(l, PX_RULE_PX001, s, at(s, "x1 "), at(s, "x12 = 12") + 8, "big");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.quiet = true};
    char *out = render("text", &r, &o);
    assert_non_null(strstr(out, " 3 | x3 = 3\n"));
    assert_non_null(strstr(out, "...\n10 | x10 = 10\n"));
    assert_null(strstr(out, "x4 = 4"));
    assert_non_null(strstr(out, "12 | x12 = 12\n   | ^^^^^^^^\n"));
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_text_very_long_line_is_cut_around_the_span(void **state)
{
    char text[4096] = "v = [";
    for (int i = 0; i < 100; i++)
        strcat(text, "1, ");
    strcat(text, "target");
    for (int i = 0; i < 100; i++)
        strcat(text, ", 2");
    strcat(text, "]\n");
    PxSource *s = make_str("wide.py", text);
    PxDiagList *l = px_diag_list_create();
    add_on(l, s, "target", "far right");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.quiet = true};
    char *out = render("text", &r, &o);
    char line[512], carets[512];
    line_pair(out, "1 |", line, carets, sizeof line);
    assert_true(strlen(line) < 120);
    assert_non_null(strstr(line, "1 | ..."));
    assert_int_equal(strcmp(line + strlen(line) - 3, "..."), 0);
    /* The carets sit exactly under "target". */
    size_t col = (size_t)(strstr(line, "target") - line);
    assert_int_equal(strspn(carets + 3, " ") + 3, col);
    assert_int_equal(strspn(carets + col, "^"), 6);
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_text_zero_width_and_end_of_line_spans(void **state)
{
    PxSource *s = make_str("z.py", "def g(:\n    pass\n");
    PxDiagList *l = px_diag_list_create();
    uint32_t colon = at(s, ":");
    px_diag_add(l, PX_RULE_PX001, s, colon, colon, "zero width");
    uint32_t eol = at(s, "\n");
    px_diag_add(l, PX_RULE_PX001, s, eol, eol + 1, "at the newline");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.quiet = true};
    char *out = render("text", &r, &o);
    assert_non_null(strstr(out, "1 | def g(:\n  |       ^\n"));
    assert_non_null(strstr(out, "1 | def g(:\n  |        ^\n"));
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_text_empty_file(void **state)
{
    PxSource *s = px_source_create("empty.py", NULL, 0);
    PxDiagList *l = px_diag_list_create();
    px_diag_add(l, PX_RULE_PX001, s, 0, 0, "empty");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.quiet = true};
    char *out = render("text", &r, &o);
    assert_non_null(strstr(out, "empty.py:1:1: PX001 empty\n"));
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_colors_only_when_asked(void **state)
{
    PxSource *app = make_str("pkg/app.py", APP);
    PxDiagList *l = px_diag_list_create();
    add_traced(l, app);
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {0};
    const char *human[] = {"text", "concise"};
    for (int i = 0; i < 2; i++) {
        char *out = render(human[i], &r, &o);
        assert_null(strchr(out, '\033'));
        free(out);
        o.color = true;
        out = render(human[i], &r, &o);
        assert_non_null(strstr(out, "\033[1;31mPX001\033[0m"));
        free(out);
        o.color = false;
    }
    /* Machine formats never carry escapes, whatever the option says. */
    o.color = true;
    const char *machine[] = {"json", "sarif", "github", "gitlab"};
    for (int i = 0; i < 4; i++) {
        char *out = render(machine[i], &r, &o);
        assert_null(strchr(out, '\033'));
        free(out);
    }
    px_diag_list_destroy(l);
    px_source_destroy(app);
}

/* --- concise ------------------------------------------------------------- */

static void test_concise_one_line_each(void **state)
{
    PxSource *app = make_str("pkg/app.py", APP);
    PxDiagList *l = px_diag_list_create();
    add_traced(l, app);
    add_on(l, app, "def handle", "two");
    PxReport r = report_of(l, 2);
    PxFormatOptions o = {0};
    char *out = render("concise", &r, &o);
    assert_string_equal(out, "pkg/app.py:5:2: PX001 `record` appends to the "
                             "main-thread list `LOG`\n"
                             "pkg/app.py:7:1: PX001 two\n"
                             "Found 2 problems in 1 file (2 files checked).\n");
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(app);
}

/* --- json ---------------------------------------------------------------- */

static void test_json_fields(void **state)
{
    PxSource *app = make_str("pkg/app.py", APP);
    PxDiagList *l = px_diag_list_create();
    add_traced(l, app);
    add_on(l, app, "def handle", "no callback");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {0};
    json_t *j = render_json("json", &r, &o);
    assert_true(json_is_array(j));
    assert_int_equal(json_array_size(j), 2);
    json_t *d = json_array_get(j, 0);
    assert_string_equal(jstr(d, "file"), "pkg/app.py");
    assert_int_equal(jint(d, "line"), 5);
    assert_int_equal(jint(d, "column"), 2);
    assert_int_equal(jint(d, "end_line"), 5);
    assert_int_equal(jint(d, "end_column"), 15);
    assert_string_equal(jstr(d, "code"), "PX001");
    assert_string_equal(jstr(d, "name"), "syntax-error");
    assert_string_equal(jstr(d, "severity"), "error");
    json_t *cb = json_object_get(d, "callback");
    assert_string_equal(jstr(cb, "module"), "pkg.app");
    assert_string_equal(jstr(cb, "qualname"), "handle");
    assert_string_equal(jstr(cb, "file"), "pkg/app.py");
    assert_int_equal(jint(cb, "line"), 7);
    json_t *trace = json_object_get(d, "trace");
    assert_int_equal(json_array_size(trace), 2);
    json_t *t0 = json_array_get(trace, 0), *t1 = json_array_get(trace, 1);
    assert_string_equal(jstr(t0, "kind"), "call");
    assert_int_equal(jint(t0, "line"), 8);
    assert_int_equal(jint(t0, "column"), 5);
    assert_int_equal(jint(t0, "end_column"), 16);
    assert_string_equal(jstr(t1, "kind"), "alias");
    assert_string_equal(jstr(t1, "message"), "`LOG` is the module global defined here");
    json_t *d2 = json_array_get(j, 1);
    assert_true(json_is_null(json_object_get(d2, "callback")));
    assert_int_equal(json_array_size(json_object_get(d2, "trace")), 0);
    json_decref(j);
    px_diag_list_destroy(l);
    px_source_destroy(app);
}

static void test_json_invalid_utf8_path(void **state)
{
    PxSource *s = make_str("bad\xff\xC3\xA9.py", "x = (\n");
    PxDiagList *l = px_diag_list_create();
    add_on(l, s, "(", "m");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {0};
    json_t *j = render_json("json", &r, &o);
    assert_string_equal(jstr(json_array_get(j, 0), "file"),
                        "bad\xEF\xBF\xBD\xC3\xA9.py");
    json_decref(j);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

/* --- github -------------------------------------------------------------- */

/* Elements for px_json_dump_array: {"n": i}, and none (NULL) for odd i
 * when ctx says so. */
static json_t *numbered(size_t i, void *ctx)
{
    bool drop_odd = *(const bool *)ctx;
    return drop_odd && i % 2 ? NULL : json_pack("{s:i, s:[i]}", "n", (json_int_t)i, "l",
                                              (json_int_t)i);
}

static char *dump_array(size_t n, bool drop_odd, size_t indent)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&buf, &len);
    px_json_dump_array(out, n, numbered, &drop_odd, indent);
    fclose(out);
    return buf;
}

static void test_json_array_streamed_as_dumped_whole(void **state)
{
    (void)state;
    /* what json_dumpf writes for the whole array */
    json_t *whole = json_array();
    for (size_t i = 0; i < 3; i++)
        json_array_append_new(whole, numbered(i, &(bool){false}));
    char *expected = json_dumps(whole, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(whole);
    char *got = dump_array(3, false, 0);
    assert_string_equal(got, expected);
    free(got);
    free(expected);
    /* inside a document, four spaces in */
    got = dump_array(1, false, 4);
    assert_string_equal(got, "[\n      {\n        \"n\": 0,\n        \"l\": [\n"
                             "          0\n        ]\n      }\n    ]");
    free(got);
    /* elements that cannot be made are left out, and the array stays valid */
    got = dump_array(3, true, 0);
    assert_string_equal(got, "[\n  {\n    \"n\": 0,\n    \"l\": [\n      0\n    ]\n  },"
                             "\n  {\n    \"n\": 2,\n    \"l\": [\n      2\n    ]\n  }\n]");
    free(got);
    got = dump_array(0, false, 4);
    assert_string_equal(got, "[]");
    free(got);
    got = dump_array(2, true, 4);
    assert_string_equal(got, "[\n      {\n        \"n\": 0,\n        \"l\": [\n"
                             "          0\n        ]\n      }\n    ]");
    free(got);
}

static void test_github_commands_and_escaping(void **state)
{
    PxSource *s = make_str("dir:a,b.py", "x = 1\ny = 2\n");
    PxDiagList *l = px_diag_list_create();
    PxDiagnostic *d = add_on(l, s, "x", "100% sure\nsecond\rthird: a, b");
    PxDiagnostic *w = add_on(l, s, "y = 2", "warned");
    w->severity = PX_SEVERITY_WARNING;
    PxCallbackRef cb = {"m", "f", s, 2};
    px_diag_set_callback(l, w, &cb);
    px_diag_set_trace(l, w, &(PxTraceStep){PX_TRACE_CALL, s, 0, 1, "f calls g"}, 1);
    PxDiagnostic *n = add_on(l, s, "2", "noted");
    n->severity = PX_SEVERITY_INFO;
    (void)d;
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {0};
    char *out = render("github", &r, &o);
    assert_string_equal(
        out,
        "::error file=dir%3Aa%2Cb.py,line=1,col=1,endLine=1,endColumn=2,"
        "title=PX001 syntax-error::100%25 sure%0Asecond%0Dthird: a, b\n"
        "::warning file=dir%3Aa%2Cb.py,line=2,col=1,endLine=2,endColumn=6,"
        "title=PX001 syntax-error::warned%0Acallback: m.f (dir:a,b.py:2)"
        "%0Acall: dir:a,b.py:1:1: f calls g\n"
        "::notice file=dir%3Aa%2Cb.py,line=2,col=5,endLine=2,endColumn=6,"
        "title=PX001 syntax-error::noted\n");
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_github_paths_relative_to_base(void **state)
{
    PxSource *s = make_str("/work/proj/src/./a.py", "x = (\n");
    PxDiagList *l = px_diag_list_create();
    add_on(l, s, "(", "m");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.base_dir = "/work/proj"};
    char *out = render("github", &r, &o);
    assert_non_null(strstr(out, "::error file=src/a.py,line=1,col=5,"));
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

/* --- sarif --------------------------------------------------------------- */

static json_t *sarif_run(json_t *log)
{
    assert_string_equal(jstr(log, "version"), "2.1.0");
    assert_non_null(strstr(jstr(log, "$schema"), "sarif-2.1.0"));
    json_t *runs = json_object_get(log, "runs");
    assert_int_equal(json_array_size(runs), 1);
    return json_array_get(runs, 0);
}

static json_t *region_of(json_t *location)
{
    json_t *phys = json_object_get(location, "physicalLocation");
    assert_non_null(phys);
    json_t *region = json_object_get(phys, "region");
    assert_non_null(region);
    return region;
}

static void test_sarif_structure(void **state)
{
    PxSource *app = make_str("/work/proj/pkg/app.py", APP);
    PxDiagList *l = px_diag_list_create();
    add_traced(l, app);
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.base_dir = "/work/proj"};
    json_t *log = render_json("sarif", &r, &o);
    json_t *run = sarif_run(log);
    json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
    assert_string_equal(jstr(driver, "name"), "pxlint");
    assert_true(json_is_string(json_object_get(driver, "version")));
    json_t *rules = json_object_get(driver, "rules");
    assert_int_equal(json_array_size(rules), PX_RULE_COUNT);
    json_t *rule = json_array_get(rules, 0);
    assert_string_equal(jstr(rule, "id"), "PX001");
    assert_string_equal(jstr(rule, "name"), "syntax-error");
    assert_non_null(strstr(jstr(json_object_get(rule, "fullDescription"), "text"),
                           "cannot parse a file"));
    assert_true(json_is_string(json_object_get(json_object_get(rule, "shortDescription"),
                                               "text")));
    json_t *help = json_object_get(rule, "help");
    assert_non_null(strstr(jstr(help, "markdown"), "## Why is this bad?"));
    assert_true(json_is_string(json_object_get(help, "text")));
    assert_string_equal(jstr(json_object_get(rule, "defaultConfiguration"), "level"),
                        "error");
    assert_string_equal(jstr(json_object_get(json_object_get(run, "originalUriBaseIds"),
                                             "%SRCROOT%"), "uri"),
                        "file:///work/proj/");

    json_t *res = json_array_get(json_object_get(run, "results"), 0);
    assert_string_equal(jstr(res, "ruleId"), "PX001");
    assert_int_equal(jint(res, "ruleIndex"), 0);
    assert_string_equal(jstr(res, "level"), "error");
    assert_string_equal(jstr(json_object_get(res, "message"), "text"),
                        "`record` appends to the main-thread list `LOG`");
    json_t *loc = json_array_get(json_object_get(res, "locations"), 0);
    json_t *art = json_object_get(json_object_get(loc, "physicalLocation"),
                                  "artifactLocation");
    assert_string_equal(jstr(art, "uri"), "pkg/app.py");
    assert_string_equal(jstr(art, "uriBaseId"), "%SRCROOT%");
    json_t *region = region_of(loc);
    assert_int_equal(jint(region, "startLine"), 5);
    assert_int_equal(jint(region, "startColumn"), 2);
    assert_int_equal(jint(region, "endLine"), 5);
    assert_int_equal(jint(region, "endColumn"), 15);
    json_t *logical = json_array_get(json_object_get(loc, "logicalLocations"), 0);
    assert_string_equal(jstr(logical, "fullyQualifiedName"), "pkg.app.handle");
    const char *fp = jstr(json_object_get(res, "partialFingerprints"), "pxlint/v1");
    assert_int_equal(strlen(fp), 64);

    /* The trace as related locations (call, alias, callback) ... */
    json_t *related = json_object_get(res, "relatedLocations");
    assert_int_equal(json_array_size(related), 3);
    assert_int_equal(jint(json_array_get(related, 0), "id"), 1);
    assert_int_equal(jint(region_of(json_array_get(related, 0)), "startLine"), 8);
    assert_int_equal(jint(region_of(json_array_get(related, 1)), "startLine"), 2);
    assert_int_equal(jint(region_of(json_array_get(related, 2)), "startLine"), 7);
    assert_int_equal(jint(json_array_get(related, 2), "id"), 3);
    /* ... and as one thread flow: callback, call, alias, the site. */
    json_t *flows = json_object_get(res, "codeFlows");
    json_t *tf = json_array_get(json_object_get(json_array_get(flows, 0), "threadFlows"), 0);
    json_t *steps = json_object_get(tf, "locations");
    assert_int_equal(json_array_size(steps), 4);
    int lines[] = {7, 8, 2, 5};
    for (int i = 0; i < 4; i++) {
        json_t *step = json_object_get(json_array_get(steps, i), "location");
        assert_int_equal(jint(region_of(step), "startLine"), lines[i]);
        assert_true(json_is_string(json_object_get(json_object_get(step, "message"), "text")));
    }
    assert_string_equal(json_string_value(json_array_get(
                            json_object_get(json_array_get(steps, 1), "kinds"), 0)),
                        "call");
    json_decref(log);
    px_diag_list_destroy(l);
    px_source_destroy(app);
}

static void test_sarif_columns_are_utf16(void **state)
{
    /* BOM, then é (1 unit) and 🙂 (2 units) before y. */
    PxSource *s = make_str("u.py", "\xEF\xBB\xBFx = \"\xC3\xA9\xF0\x9F\x99\x82\" + y\n");
    PxDiagList *l = px_diag_list_create();
    add_on(l, s, "y", "m");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {0};
    json_t *log = render_json("sarif", &r, &o);
    json_t *res = json_array_get(json_object_get(sarif_run(log), "results"), 0);
    json_t *region = region_of(json_array_get(json_object_get(res, "locations"), 0));
    /* x,space,=,space,",é,🙂(2),",space,+,space: y is unit 13, column 13. */
    assert_int_equal(jint(region, "startColumn"), 13);
    assert_int_equal(jint(region, "endColumn"), 14);
    json_decref(log);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

static void test_sarif_uris(void **state)
{
    PxSource *in = make_str("/work/proj/we ird:%.py", "x = (\n");
    PxSource *out_of = make_str("/elsewhere/b.py", "x = (\n");
    PxDiagList *l = px_diag_list_create();
    add_on(l, in, "(", "m");
    add_on(l, out_of, "(", "m");
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.base_dir = "/work/proj/"};
    json_t *log = render_json("sarif", &r, &o);
    json_t *results = json_object_get(sarif_run(log), "results");
    for (size_t i = 0; i < 2; i++) {
        json_t *loc = json_array_get(json_object_get(json_array_get(results, i),
                                                     "locations"), 0);
        json_t *art = json_object_get(json_object_get(loc, "physicalLocation"),
                                      "artifactLocation");
        const char *uri = jstr(art, "uri");
        if (strstr(uri, "elsewhere")) {
            assert_string_equal(uri, "file:///elsewhere/b.py");
            assert_null(json_object_get(art, "uriBaseId"));
        } else {
            assert_string_equal(uri, "we%20ird%3A%25.py");
            assert_string_equal(jstr(art, "uriBaseId"), "%SRCROOT%");
        }
    }
    json_decref(log);
    px_diag_list_destroy(l);
    px_source_destroy(in);
    px_source_destroy(out_of);
}

static void test_sarif_problems_become_notifications(void **state)
{
    PxDiagList *l = px_diag_list_create();
    PxProblem problems[] = {{"gone.py", "No such file or directory", true}};
    PxReport r = report_of(l, 0);
    r.problems = problems;
    r.nproblems = 1;
    PxFormatOptions o = {.base_dir = "/w"};
    json_t *log = render_json("sarif", &r, &o);
    json_t *run = sarif_run(log);
    assert_int_equal(json_array_size(json_object_get(run, "results")), 0);
    json_t *inv = json_array_get(json_object_get(run, "invocations"), 0);
    json_t *note = json_array_get(json_object_get(inv, "toolExecutionNotifications"), 0);
    assert_string_equal(jstr(note, "level"), "error");
    assert_string_equal(jstr(json_object_get(note, "message"), "text"),
                        "No such file or directory");
    json_decref(log);
    px_diag_list_destroy(l);
}

/* Fingerprints of a report's diagnostics, via the SARIF output. */
static char *fingerprint(const PxDiagList *l, size_t i)
{
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.base_dir = "/p"};
    json_t *log = render_json("sarif", &r, &o);
    json_t *res = json_array_get(json_object_get(sarif_run(log), "results"), i);
    char *fp = px_strdup(jstr(json_object_get(res, "partialFingerprints"), "pxlint/v1"));
    json_decref(log);
    return fp;
}

static void test_fingerprints_survive_unrelated_edits(void **state)
{
    const char *before = "def f():\n    LOG.append(1)\n";
    const char *moved = "import os\n\n\ndef f():\n        LOG.append(1)   \n";
    const char *changed = "def f():\n    LOG.append(2)\n";
    PxSource *a = make_str("/p/m.py", before), *b = make_str("/p/m.py", moved);
    PxSource *c = make_str("/p/m.py", changed), *d = make_str("/p/n.py", before);
    PxDiagList *la = px_diag_list_create(), *lb = px_diag_list_create();
    PxDiagList *lc = px_diag_list_create(), *ld = px_diag_list_create();
    add_on(la, a, "LOG", "m");
    add_on(lb, b, "LOG", "m");
    add_on(lc, c, "LOG", "m");
    add_on(ld, d, "LOG", "m");
    char *fa = fingerprint(la, 0), *fb = fingerprint(lb, 0);
    char *fc = fingerprint(lc, 0), *fd = fingerprint(ld, 0);
    assert_string_equal(fa, fb);     /* moved and reindented: same */
    assert_string_not_equal(fa, fc); /* the flagged line changed */
    assert_string_not_equal(fa, fd); /* another file */

    /* The same callback changes it too. */
    PxCallbackRef cb = {"m", "f", a, 1};
    px_diag_set_callback(la, (PxDiagnostic *)px_diag_at(la, 0), &cb);
    char *fcb = fingerprint(la, 0);
    assert_string_not_equal(fa, fcb);
    free(fa), free(fb), free(fc), free(fd), free(fcb);
    px_diag_list_destroy(la), px_diag_list_destroy(lb);
    px_diag_list_destroy(lc), px_diag_list_destroy(ld);
    px_source_destroy(a), px_source_destroy(b);
    px_source_destroy(c), px_source_destroy(d);
}

static void test_fingerprints_tell_identical_findings_apart(void **state)
{
    const char *text = "x.append(1)\nx.append(1)\n";
    PxSource *s = make_str("/p/m.py", text);
    PxDiagList *l = px_diag_list_create();
    px_diag_add(l, PX_RULE_PX001, s, 0, 1, "m");
    px_diag_add(l, PX_RULE_PX001, s, 12, 13, "m");
    char *f0 = fingerprint(l, 0), *f1 = fingerprint(l, 1);
    assert_string_not_equal(f0, f1);
    /* GitLab reads the same fingerprints. */
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.base_dir = "/p"};
    json_t *gl = render_json("gitlab", &r, &o);
    assert_string_equal(jstr(json_array_get(gl, 0), "fingerprint"), f0);
    assert_string_equal(jstr(json_array_get(gl, 1), "fingerprint"), f1);
    json_decref(gl);
    free(f0), free(f1);
    px_diag_list_destroy(l);
    px_source_destroy(s);
}

/* --- gitlab -------------------------------------------------------------- */

static void test_gitlab_fields(void **state)
{
    PxSource *app = make_str("/work/proj/pkg/app.py", APP);
    PxDiagList *l = px_diag_list_create();
    add_traced(l, app);
    PxDiagnostic *w = add_on(l, app, "def handle", "w");
    w->severity = PX_SEVERITY_WARNING;
    uint32_t a = at(app, "def record"), b = at(app, "LOG.append(x)") + 13;
    px_diag_add(l, PX_RULE_PX001, app, a, b, "two lines");
    px_diag_sort(l, 1);
    PxReport r = report_of(l, 1);
    PxFormatOptions o = {.base_dir = "/work/proj"};
    json_t *j = render_json("gitlab", &r, &o);
    assert_int_equal(json_array_size(j), 3);
    json_t *multi = json_array_get(j, 0), *d = json_array_get(j, 1);
    assert_string_equal(jstr(d, "description"),
                        "PX001 `record` appends to the main-thread list `LOG`");
    assert_string_equal(jstr(d, "check_name"), "PX001");
    assert_int_equal(strlen(jstr(d, "fingerprint")), 64);
    assert_string_equal(jstr(d, "severity"), "major");
    json_t *loc = json_object_get(d, "location");
    assert_string_equal(jstr(loc, "path"), "pkg/app.py");
    assert_int_equal(jint(json_object_get(loc, "lines"), "begin"), 5);
    json_t *mlines = json_object_get(json_object_get(multi, "location"), "lines");
    assert_int_equal(jint(mlines, "begin"), 4);
    assert_int_equal(jint(mlines, "end"), 5);
    assert_string_equal(jstr(json_array_get(j, 2), "severity"), "minor");
    json_decref(j);
    px_diag_list_destroy(l);
    px_source_destroy(app);
}

/* --- paths --------------------------------------------------------------- */

static void check_rel(const char *path, const char *base, const char *want,
                      bool want_relative)
{
    bool relative;
    char *got = px_report_relpath(path, base, &relative);
    assert_string_equal(got, want);
    assert_int_equal(relative, want_relative);
    free(got);
}

static void test_relpath(void **state)
{
    check_rel("a/b.py", "/w", "a/b.py", true);
    check_rel("./a/./b.py", "/w", "a/b.py", true);
    check_rel("/w/a/../b.py", "/w/", "b.py", true);
    check_rel("../x/c.py", "/w/p", "/w/x/c.py", false);
    check_rel("/wx/c.py", "/w", "/wx/c.py", false);
    check_rel("/c.py", "/", "c.py", true);
    check_rel("./a.py", NULL, "a.py", true);
    check_rel("/abs.py", NULL, "/abs.py", false);
}

/* Writes to `path` a SARIF log with what a real run cannot produce yet
 * (callbacks, traces, every severity), for tests/e2e/test_formats.py to hand
 * to the SARIF validator. Returns an exit status. */
static int write_sarif_sample(const char *path)
{
    PxSource *app = make_str("/work/proj/pkg/app.py", APP);
    PxSource *u = make_str("/work/proj/pkg/u \xC3\xA9.py",
                           "\xEF\xBB\xBFx = \"\xC3\xA9\xF0\x9F\x99\x82\" + y\r\n");
    PxSource *far = make_str("/elsewhere/lib.py", "def g(:\n    pass\n");
    PxDiagList *l = px_diag_list_create();
    add_traced(l, app);
    add_on(l, u, "y", "unicode before the span")->severity = PX_SEVERITY_WARNING;
    uint32_t colon = at(far, ":");
    px_diag_add(l, PX_RULE_PX001, far, colon, colon, "zero width")->severity =
        PX_SEVERITY_INFO;
    px_diag_add(l, PX_RULE_PX001, app, at(app, "def record"),
                at(app, "LOG.append(x)") + 13, "two lines");
    px_diag_sort(l, 1);
    PxProblem problems[] = {{"gone.py", "No such file or directory", true},
                            {"loop", "symlink loop skipped", false}};
    PxReport r = report_of(l, 3);
    r.problems = problems;
    r.nproblems = 2;
    PxFormatOptions o = {.base_dir = "/work/proj"};
    char *out = render("sarif", &r, &o);
    FILE *f = fopen(path, "w");
    int status = f && fputs(out, f) >= 0 ? 0 : 1;
    if (f && fclose(f) != 0)
        status = 1;
    if (status)
        perror(path);
    free(out);
    px_diag_list_destroy(l);
    px_source_destroy(app);
    px_source_destroy(u);
    px_source_destroy(far);
    return status;
}

/* With PXLINT_SARIF_SAMPLE=FILE, writes the sample instead of testing. */
int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_text_full_diagnostic_with_trace),
        cmocka_unit_test(test_text_summary_variants),
        cmocka_unit_test(test_text_blank_line_between_diagnostics),
        cmocka_unit_test(test_text_unicode_crlf_and_bom),
        cmocka_unit_test(test_text_tabs_align_carets),
        cmocka_unit_test(test_text_control_characters_are_neutralized),
        cmocka_unit_test(test_text_bidi_overrides_are_not_shown),
        cmocka_unit_test(test_text_multiline_span),
        cmocka_unit_test(test_text_long_span_is_elided),
        cmocka_unit_test(test_text_very_long_line_is_cut_around_the_span),
        cmocka_unit_test(test_text_zero_width_and_end_of_line_spans),
        cmocka_unit_test(test_text_empty_file),
        cmocka_unit_test(test_colors_only_when_asked),
        cmocka_unit_test(test_concise_one_line_each),
        cmocka_unit_test(test_json_fields),
        cmocka_unit_test(test_json_invalid_utf8_path),
        cmocka_unit_test(test_json_array_streamed_as_dumped_whole),
        cmocka_unit_test(test_github_commands_and_escaping),
        cmocka_unit_test(test_github_paths_relative_to_base),
        cmocka_unit_test(test_sarif_structure),
        cmocka_unit_test(test_sarif_columns_are_utf16),
        cmocka_unit_test(test_sarif_uris),
        cmocka_unit_test(test_sarif_problems_become_notifications),
        cmocka_unit_test(test_fingerprints_survive_unrelated_edits),
        cmocka_unit_test(test_fingerprints_tell_identical_findings_apart),
        cmocka_unit_test(test_gitlab_fields),
        cmocka_unit_test(test_relpath),
    };
    const char *sample = getenv("PXLINT_SARIF_SAMPLE");
    if (sample && *sample)
        return write_sarif_sample(sample);
    return cmocka_run_group_tests_name("formats", tests, NULL, NULL);
}
