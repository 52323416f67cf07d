/* Text output, the default: in the manner of ruff's full output, a
 * "path:line:col: CODE message" header, the flagged source lines with the
 * span underlined, the callback and the trace, then a summary line. */
#include "format.h"

#include "report.h"
#include "term.h"

#include <string.h>

enum {
    TAB_STOP = 4,
    MAX_WIDTH = 100,   /* source columns shown per line */
    LEFT_CONTEXT = 30, /* columns kept before the span on a cut line */
    MAX_LINES = 6,     /* a longer span shows its first and last lines */
    HEAD_LINES = 3,
};

static const char ELLIPSIS[] = "...";

/* One displayed character: its byte length, and how many columns it takes
 * at display column `col`. Invalid UTF-8 and control characters show as
 * U+FFFD (`replace`); tabs as spaces up to the next tab stop. */
typedef struct {
    size_t len;
    unsigned width;
    bool replace, tab;
} Glyph;

/* Columns of a code point: 0 for combining marks and zero-width ones, 2 for
 * East Asian wide and emoji ranges, else 1 (no locale: a fixed table). */
static unsigned cp_width(uint32_t cp)
{
    if ((cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
        (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
        (cp >= 0xFE20 && cp <= 0xFE2F) || (cp >= 0x200B && cp <= 0x200F) ||
        cp == 0xFEFF || (cp >= 0xFE00 && cp <= 0xFE0F))
        return 0;
    if ((cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) ||
        (cp >= 0x3041 && cp <= 0x33FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
        (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF) ||
        (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
        (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
        (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F) ||
        (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD))
        return 2;
    return 1;
}

static Glyph glyph(const unsigned char *p, size_t avail, unsigned col)
{
    Glyph g = {1, 1, false, false};
    unsigned char c = p[0];
    if (c == '\t') {
        g.tab = true;
        g.width = TAB_STOP - col % TAB_STOP;
        return g;
    }
    if (c < 0x20 || c == 0x7F) {
        g.replace = true;
        return g;
    }
    if (c < 0x80)
        return g;
    size_t n = (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    if (n == 0 || n > avail) {
        g.replace = true;
        return g;
    }
    uint32_t cp = c & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            g.replace = true;
            return g;
        }
        cp = (cp << 6) | (p[i] & 0x3F);
    }
    g.len = n;
    /* Overlong forms, surrogates, C1 controls and bidirectional overrides
     * (which could make the shown code read differently from what it is)
     * are not shown as is: one U+FFFD for the whole sequence. */
    if ((n == 2 && cp < 0x80) || (n == 3 && cp < 0x800) ||
        (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF) || (cp >= 0x80 && cp <= 0x9F) ||
        (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)) {
        g.replace = true;
        return g;
    }
    g.width = cp_width(cp);
    return g;
}

/* Display column of byte `at` within the line content [a, b). */
static unsigned column_of(const char *bytes, size_t a, size_t b, size_t at)
{
    unsigned col = 0;
    for (size_t i = a; i < b && i < at;) {
        Glyph g = glyph((const unsigned char *)bytes + i, b - i, col);
        col += g.width;
        i += g.len;
    }
    return col;
}

typedef struct {
    FILE *out;
    bool color;
    const char *caret_style;
    int gutter; /* digits of the largest line number shown */
} Ctx;

static void gutter(const Ctx *c, uint32_t line)
{
    px_term_style(c->out, c->color, PX_STYLE_GUTTER);
    if (line)
        fprintf(c->out, "%*u |", c->gutter, line);
    else
        fprintf(c->out, "%*s |", c->gutter, "");
    px_term_style(c->out, c->color, PX_STYLE_RESET);
}

/* Prints line content [a, b) and, when `underline`, carets under [ua, ub)
 * (one caret if empty). A line wider than MAX_WIDTH is cut to a window
 * around the start of the span, the cuts marked with "...". */
static void show_line(const Ctx *c, const PxSource *s, uint32_t line, size_t a,
                      size_t b, size_t ua, size_t ub, bool underline)
{
    const char *bytes = px_source_bytes(s);
    unsigned dua = column_of(bytes, a, b, ua);
    unsigned dub = column_of(bytes, a, b, ub);
    unsigned width = column_of(bytes, a, b, b);
    unsigned ws = 0, we = width;
    if (width > MAX_WIDTH) {
        ws = dua > LEFT_CONTEXT ? dua - LEFT_CONTEXT : 0;
        we = ws + MAX_WIDTH;
        if (we > width) {
            we = width;
            ws = width - MAX_WIDTH;
        }
    }
    gutter(c, line);
    fputc(' ', c->out);
    if (ws > 0)
        fputs(ELLIPSIS, c->out);
    unsigned col = 0, printed = ws;
    for (size_t i = a; i < b && col < we;) {
        Glyph g = glyph((const unsigned char *)bytes + i, b - i, col);
        if (col >= ws && col + g.width <= we) {
            for (; printed < col; printed++)
                fputc(' ', c->out); /* a wide glyph cut by the window */
            if (g.tab)
                fprintf(c->out, "%*s", (int)g.width, "");
            else if (g.replace)
                fputs("\xEF\xBF\xBD", c->out);
            else
                fwrite(bytes + i, 1, g.len, c->out);
            printed += g.width;
        }
        col += g.width;
        i += g.len;
    }
    if (we < width)
        fputs(ELLIPSIS, c->out);
    fputc('\n', c->out);
    if (!underline)
        return;
    unsigned from = dua < ws ? ws : dua;
    unsigned to = dub > we ? we : dub;
    gutter(c, 0);
    fprintf(c->out, " %*s%*s", ws > 0 ? (int)strlen(ELLIPSIS) : 0, "",
            (int)(from - ws), "");
    px_term_style(c->out, c->color, c->caret_style);
    for (unsigned k = from; k < to || k == from; k++)
        fputc('^', c->out);
    px_term_style(c->out, c->color, PX_STYLE_RESET);
    fputc('\n', c->out);
}

static int digits(uint32_t n)
{
    int d = 1;
    while (n >= 10) {
        n /= 10;
        d++;
    }
    return d;
}

/* The flagged lines, each with the part of the span it holds underlined. */
static void snippet(Ctx *c, const PxDiagnostic *d)
{
    const PxSource *s = d->source;
    uint32_t first, last;
    px_report_span_lines(s, d->start, d->end, &first, &last);
    size_t a, b;
    if (!px_source_line_span(s, first, &a, &b))
        return; /* an empty file */
    if (last > px_source_line_count(s))
        last = px_source_line_count(s);
    c->gutter = digits(last);
    gutter(c, 0);
    fputc('\n', c->out);
    const char *bytes = px_source_bytes(s);
    for (uint32_t line = first; line <= last; line++) {
        if (last - first + 1 > MAX_LINES && line == first + HEAD_LINES) {
            px_term_style(c->out, c->color, PX_STYLE_GUTTER);
            fprintf(c->out, "%*s\n", c->gutter, ELLIPSIS);
            px_term_style(c->out, c->color, PX_STYLE_RESET);
            line = last - (MAX_LINES - HEAD_LINES - 1);
        }
        if (!px_source_line_span(s, line, &a, &b))
            break;
        if (line == 1 && px_source_has_bom(s) && b >= 3)
            a = 3;
        size_t ua = a, ub = b;
        if (line == first)
            ua = d->start < a ? a : d->start > b ? b : d->start;
        else
            while (ua < b && (bytes[ua] == ' ' || bytes[ua] == '\t'))
                ua++;
        if (line == last)
            ub = d->end < ua ? ua : d->end > b ? b : d->end;
        /* Blank continuation lines of a long span need no carets. */
        bool underline = line == first || ub > ua;
        show_line(c, s, line, a, b, ua, ub, underline);
    }
    gutter(c, 0);
    fputc('\n', c->out);
}

static void note(const Ctx *c, const char *label)
{
    fprintf(c->out, "%*s ", c->gutter, "");
    px_term_style(c->out, c->color, PX_STYLE_NOTE);
    fprintf(c->out, "= %s", label);
    px_term_style(c->out, c->color, PX_STYLE_RESET);
    fputc(' ', c->out);
}

static void diagnostic(Ctx *c, const PxDiagnostic *d)
{
    FILE *out = c->out;
    c->caret_style = px_term_severity_style(d->severity);
    c->gutter = 1;
    px_term_style(out, c->color, PX_STYLE_BOLD);
    px_term_location(out, d->source, d->start);
    px_term_style(out, c->color, PX_STYLE_RESET);
    fputs(": ", out);
    px_term_style(out, c->color, c->caret_style);
    fputs(px_rule_info(d->rule)->code, out);
    px_term_style(out, c->color, PX_STYLE_RESET);
    fputc(' ', out);
    px_term_puts(out, d->message);
    fputc('\n', out);
    snippet(c, d);
    if (d->callback) {
        note(c, "callback:");
        px_term_puts(out, d->callback->module);
        fputc('.', out);
        px_term_puts(out, d->callback->qualname);
        fputs(" (", out);
        px_term_puts(out, px_source_path(d->callback->source));
        fprintf(out, ":%u)\n", d->callback->line);
    }
    for (size_t i = 0; i < d->ntrace; i++) {
        const PxTraceStep *t = &d->trace[i];
        note(c, t->kind == PX_TRACE_CALL ? "call: " : "alias:");
        px_term_location(out, t->source, t->start);
        fputs(": ", out);
        px_term_puts(out, t->message);
        fputc('\n', out);
    }
}

void px_format_text(FILE *out, const PxReport *r, const PxFormatOptions *o)
{
    if (o->statistics) {
        px_term_statistics(out, r);
    } else {
        Ctx c = {.out = out, .color = o->color};
        for (size_t i = 0; i < px_diag_count(r->diags); i++) {
            diagnostic(&c, px_diag_at(r->diags, i));
            fputc('\n', out);
        }
    }
    if (!o->quiet)
        px_term_summary(out, r, o->color);
}
