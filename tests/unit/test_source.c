/* Line index, columns and line ranges of PxSource. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "alloc.h"
#include "source.h"

#include <string.h>

static PxSource *make(const char *text)
{
    size_t n = strlen(text);
    return px_source_create("t.py", px_strndup(text, n), n);
}

static void test_line_endings(void **state)
{
    PxSource *s = make("a\nb\r\nc\rd");
    assert_int_equal(px_source_line_count(s), 4);
    PxPosition p = px_source_position(s, 7); /* 'd' */
    assert_int_equal(p.line, 4);
    assert_int_equal(p.column, 1);
    p = px_source_position(s, 2); /* 'b' */
    assert_int_equal(p.line, 2);
    px_source_destroy(s);
}

static void test_lone_cr_is_newline_for_the_parser(void **state)
{
    PxSource *s = make("x = 1\ry = 2\r\nz");
    assert_memory_equal(px_source_text(s), "x = 1\ny = 2\r\nz", 14);
    assert_memory_equal(px_source_bytes(s), "x = 1\ry = 2\r\nz", 14);
    px_source_destroy(s);
}

static void test_columns_count_code_points_and_utf16(void **state)
{
    /* é is 2 bytes, 1 code point, 1 UTF-16 unit; 𝔘 is 4 bytes, 2 units. */
    PxSource *s = make("\xc3\xa9\xf0\x9d\x94\x98x");
    PxPosition p = px_source_position(s, 6);
    assert_int_equal(p.column, 3);
    assert_int_equal(px_source_utf16_column(s, 6), 3);
    px_source_destroy(s);
}

static void test_bom_is_not_a_column(void **state)
{
    PxSource *s = make("\xef\xbb\xbfx = 1\n");
    assert_true(px_source_has_bom(s));
    assert_int_equal(px_source_position(s, 3).column, 1);
    px_source_destroy(s);
}

static void test_lines_range_includes_terminator(void **state)
{
    PxSource *s = make("a\r\nbb\ncc");
    size_t a, b;
    assert_true(px_source_lines_range(s, 1, 2, &a, &b));
    assert_int_equal(a, 0);
    assert_int_equal(b, 6);
    assert_true(px_source_lines_range(s, 3, 3, &a, &b));
    assert_int_equal(b, 8);
    assert_false(px_source_lines_range(s, 2, 4, &a, &b));
    assert_true(px_source_line_span(s, 1, &a, &b));
    assert_int_equal(b, 1);
    px_source_destroy(s);
}

static void test_empty_file(void **state)
{
    PxSource *s = px_source_create("e.py", NULL, 0);
    assert_int_equal(px_source_line_count(s), 1);
    assert_int_equal(px_source_position(s, 10).line, 1);
    px_source_destroy(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_line_endings),
        cmocka_unit_test(test_lone_cr_is_newline_for_the_parser),
        cmocka_unit_test(test_columns_count_code_points_and_utf16),
        cmocka_unit_test(test_bom_is_not_a_column),
        cmocka_unit_test(test_lines_range_includes_terminator),
        cmocka_unit_test(test_empty_file),
    };
    return cmocka_run_group_tests_name("source", tests, NULL, NULL);
}
