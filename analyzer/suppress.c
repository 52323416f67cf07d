/* Suppression directives: a byte scan decides whether a file needs a walk,
 * then one cursor walk over the tree reads comment nodes and records, for
 * each line, the statement it belongs to. */
#include "suppress.h"

#include "alloc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct PxSuppressions {
    PxSuppression *items; /* in line order */
    size_t n;
    bool skip_file;
    /* Per line (1-based): first and last line of its statement; NULL when
     * the file has no directive. */
    uint32_t *first, *last;
    uint32_t nlines;
};

/* Whether the text after a '#' on some line contains "pxlint" or "noqa"
 * in any case: files where none does have no directive and need no walk.
 * Only those bytes are looked at (memchr finds the '#'s); a byte-by-byte
 * look at the whole file cost a tenth of the facts of a file. */
static bool mentions_directive(const char *b, size_t len)
{
    const char *end = b + len;
    for (const char *h = memchr(b, '#', len); h; h = memchr(h, '#', (size_t)(end - h))) {
        const char *eol = memchr(h, '\n', (size_t)(end - h));
        if (!eol)
            eol = end;
        for (; h + 4 <= eol; h++) {
            char c = (char)(*h | 0x20);
            if (c == 'n' && strncasecmp(h, "noqa", 4) == 0)
                return true;
            if (c == 'p' && h + 6 <= eol && strncmp(h, "pxlint", 6) == 0)
                return true;
        }
        h = eol;
    }
    return false;
}

typedef struct {
    PxArena *arena;
    PxSuppression *items;
    size_t n, cap;
    uint32_t first_code; /* byte offset of the first statement */
} Collect;

static bool is_code_char(char c) { return isalnum((unsigned char)c) || c == '-' || c == '_'; }

static void add_code(Collect *c, PxSuppression *s, const char *code, size_t len,
                     bool noqa)
{
    char buf[64];
    if (len >= sizeof buf)
        len = sizeof buf - 1;
    memcpy(buf, code, len);
    buf[len] = '\0';
    PxRuleId id;
    /* noqa lists other tools' codes (E501, F401): only PX codes are ours. */
    bool ours = strncmp(buf, "PX", 2) == 0;
    if (noqa && !ours)
        return;
    if (px_rule_lookup(buf, &id)) {
        px_ruleset_add(&s->rules, id);
        return;
    }
    s->unknown = s->unknown ? px_arena_printf(c->arena, "%s, %s", s->unknown, buf)
                            : px_arena_strdup(c->arena, buf);
}

/* Parses the directive whose '#' is at text[0]; returns false when the
 * comment part is no directive at all. `end` is set past the directive. */
static bool parse_directive(Collect *c, const char *text, size_t len,
                            PxSuppression *s, size_t *end)
{
    size_t i = 1;
    while (i < len && (text[i] == ' ' || text[i] == '\t'))
        i++;
    memset(s, 0, sizeof(*s));
    if (len - i >= 4 && strncasecmp(text + i, "noqa", 4) == 0 &&
        (i + 4 == len || !is_code_char(text[i + 4]))) {
        s->kind = PX_SUPPRESS_NOQA;
        i += 4;
        size_t ncodes = 0;
        bool named_any = false;
        if (i < len && text[i] == ':') {
            i++;
            for (;;) {
                while (i < len && (text[i] == ' ' || text[i] == ','))
                    i++;
                size_t a = i;
                while (i < len && isalpha((unsigned char)text[i]))
                    i++;
                size_t letters = i - a;
                while (i < len && isdigit((unsigned char)text[i]))
                    i++;
                if (letters == 0 || i == a + letters) {
                    i = a;
                    break;
                }
                ncodes++;
                named_any |= strncmp(text + a, "PX", 2) == 0;
                add_code(c, s, text + a, i - a, true);
            }
        }
        *end = i;
        s->all = ncodes == 0;
        /* "# noqa: E501" is for another tool; nothing to record. */
        return s->all || named_any;
    }
    if (len - i < 6 || strncmp(text + i, "pxlint", 6) != 0)
        return false;
    i += 6;
    while (i < len && text[i] == ' ')
        i++;
    if (i >= len || text[i] != ':')
        return false; /* "pxlint-args:", prose mentioning pxlint */
    i++;
    while (i < len && text[i] == ' ')
        i++;
    size_t w = i;
    while (i < len && is_code_char(text[i]))
        i++;
    size_t wl = i - w;
    if (wl == 6 && strncmp(text + w, "ignore", 6) == 0) {
        s->kind = PX_SUPPRESS_IGNORE;
        if (i < len && text[i] == '[') {
            const char *close = memchr(text + i, ']', len - i);
            if (!close) {
                s->kind = PX_SUPPRESS_INVALID;
                s->problem = "'[' is never closed: write "
                             "'# pxlint: ignore[PX101, PX104]'";
                *end = len;
                return true;
            }
            size_t stop = (size_t)(close - text);
            i++;
            size_t ncodes = 0;
            while (i < stop) {
                while (i < stop && (text[i] == ' ' || text[i] == ','))
                    i++;
                size_t a = i;
                while (i < stop && text[i] != ' ' && text[i] != ',')
                    i++;
                if (i > a) {
                    add_code(c, s, text + a, i - a, false);
                    ncodes++;
                }
            }
            i = stop + 1;
            s->all = ncodes == 0;
        } else {
            s->all = true;
        }
    } else if (wl == 9 && strncmp(text + w, "skip-file", 9) == 0) {
        s->kind = PX_SUPPRESS_SKIP_FILE;
    } else {
        s->kind = PX_SUPPRESS_INVALID;
        s->problem = px_arena_printf(c->arena, "'# pxlint: %.*s' is no "
                                     "directive (expected ignore[CODES], "
                                     "ignore or skip-file)", (int)(wl ? wl : 1),
                                     wl ? text + w : "?");
    }
    *end = i;
    return true;
}

static void read_comment(Collect *c, TSNode node, const PxSource *src)
{
    uint32_t a = ts_node_start_byte(node), b = ts_node_end_byte(node);
    const char *bytes = px_source_bytes(src);
    if (b > px_source_length(src))
        b = (uint32_t)px_source_length(src);
    uint32_t line = ts_node_start_point(node).row + 1;
    for (uint32_t i = a; i < b; i++) {
        if (bytes[i] != '#')
            continue;
        PxSuppression s;
        size_t end = 0;
        if (!parse_directive(c, bytes + i, b - i, &s, &end))
            continue;
        s.start = i;
        s.end = i + (uint32_t)end;
        s.line = line;
        if (s.kind == PX_SUPPRESS_SKIP_FILE && i >= c->first_code)
            s.problem = "'# pxlint: skip-file' only works before the first "
                        "statement of the file; here it does nothing";
        PX_PUSH(c->items, c->n, c->cap, s);
        i = s.end - 1;
    }
}

static bool is_clause(const char *type)
{
    size_t n = strlen(type);
    return n > 7 && strcmp(type + n - 7, "_clause") == 0;
}

/* Records the lines of a statement-like node: a compound statement's header
 * (up to its body), or all lines of a simple statement. */
static void map_statement(PxSuppressions *s, TSNode node)
{
    uint32_t first = ts_node_start_point(node).row + 1;
    uint32_t last = ts_node_end_point(node).row + 1;
    uint32_t k = ts_node_child_count(node);
    for (uint32_t i = 0; i < k; i++) {
        TSNode ch = ts_node_child(node, i);
        if (strcmp(ts_node_type(ch), "block") == 0) {
            uint32_t body = ts_node_start_point(ch).row + 1;
            last = body > first ? body - 1 : first;
            break;
        }
    }
    if (last > s->nlines)
        last = s->nlines;
    for (uint32_t l = first; l <= last; l++) {
        s->first[l] = first;
        s->last[l] = last;
    }
}

/* Whether a node is a statement (or a clause with a header), given the
 * type of its parent. */
static bool is_statement(TSNode node, const char *parent)
{
    if (!parent || !ts_node_is_named(node) || ts_node_is_extra(node))
        return false;
    const char *type = ts_node_type(node);
    if (strcmp(type, "decorated_definition") == 0)
        return false; /* its decorators and definition are mapped instead */
    return strcmp(parent, "module") == 0 || strcmp(parent, "block") == 0 ||
           strcmp(parent, "decorated_definition") == 0 || is_clause(type);
}

PxSuppressions *px_suppressions_collect(PxArena *arena, TSNode root,
                                        const PxSource *src)
{
    if (!mentions_directive(px_source_bytes(src), px_source_length(src)))
        return NULL;
    PxSuppressions *s = px_arena_alloc(arena, sizeof(*s));
    Collect c = {.arena = arena, .first_code = UINT32_MAX};
    uint32_t nk = ts_node_named_child_count(root);
    for (uint32_t i = 0; i < nk; i++) {
        TSNode ch = ts_node_named_child(root, i);
        if (strcmp(ts_node_type(ch), "comment") != 0) {
            c.first_code = ts_node_start_byte(ch);
            break;
        }
    }
    s->nlines = px_source_line_count(src);
    s->first = px_arena_alloc(arena, (s->nlines + 2) * sizeof(uint32_t));
    s->last = px_arena_alloc(arena, (s->nlines + 2) * sizeof(uint32_t));
    for (uint32_t l = 0; l <= s->nlines; l++)
        s->first[l] = s->last[l] = l;

    /* The walk keeps the types of the open ancestors: ts_node_parent would
     * cost a descent from the root for every node. */
    const char **types = NULL;
    size_t depth = 0, cap = 0;
    TSTreeCursor cur = ts_tree_cursor_new(root);
    for (;;) {
        TSNode node = ts_tree_cursor_current_node(&cur);
        const char *type = ts_node_type(node);
        if (strcmp(type, "comment") == 0)
            read_comment(&c, node, src);
        else if (is_statement(node, depth ? types[depth - 1] : NULL))
            map_statement(s, node);
        if (ts_tree_cursor_goto_first_child(&cur)) {
            PX_PUSH(types, depth, cap, type);
            continue;
        }
        while (!ts_tree_cursor_goto_next_sibling(&cur)) {
            if (!ts_tree_cursor_goto_parent(&cur))
                goto done;
            depth--;
        }
    }
done:
    ts_tree_cursor_delete(&cur);
    free(types);

    s->n = c.n;
    if (c.n) {
        s->items = px_arena_alloc(arena, c.n * sizeof(*s->items));
        memcpy(s->items, c.items, c.n * sizeof(*s->items));
    }
    free(c.items);
    for (size_t i = 0; i < s->n; i++)
        if (s->items[i].kind == PX_SUPPRESS_SKIP_FILE && !s->items[i].problem)
            s->skip_file = true;
    return s;
}

size_t px_suppressions_count(const PxSuppressions *s) { return s ? s->n : 0; }
PxSuppression *px_suppressions_at(PxSuppressions *s, size_t i) { return &s->items[i]; }
const PxSuppression *px_suppressions_get(const PxSuppressions *s, size_t i)
{
    return &s->items[i];
}
bool px_suppressions_skip_file(const PxSuppressions *s) { return s && s->skip_file; }

void px_suppressions_statement(const PxSuppressions *s, uint32_t line,
                               uint32_t *first, uint32_t *last)
{
    *first = *last = line;
    if (s && s->first && line >= 1 && line <= s->nlines) {
        *first = s->first[line];
        *last = s->last[line];
    }
}

/* A line directive on `line` covering `rule`. */
static PxSuppression *on_line(PxSuppressions *s, uint32_t line, PxRuleId rule)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->items[mid].line < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    for (size_t i = lo; i < s->n && s->items[i].line == line; i++) {
        PxSuppression *d = &s->items[i];
        if ((d->kind == PX_SUPPRESS_IGNORE || d->kind == PX_SUPPRESS_NOQA) &&
            (d->all || px_ruleset_has(&d->rules, rule)))
            return d;
    }
    return NULL;
}

PxSuppression *px_suppressions_find(PxSuppressions *s, uint32_t line,
                                    PxRuleId rule)
{
    if (!s || s->n == 0)
        return NULL;
    uint32_t first, last;
    px_suppressions_statement(s, line, &first, &last);
    PxSuppression *d = on_line(s, line, rule);
    if (!d && first != line)
        d = on_line(s, first, rule);
    if (!d && last != line && last != first)
        d = on_line(s, last, rule);
    return d;
}
