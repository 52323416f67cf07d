/* Gitignore-style pattern compilation and matching. Both levels (characters
 * within a name, names within a path) use the greedy wildcard algorithm
 * that backtracks only to the last star, so matching is O(n*m) and cannot
 * blow up on patterns with many stars. */
#include "pathglob.h"

#include "alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

struct PxGlob {
    const char *text;
    bool negated, anchored, dir_only;
    PxSlice *comps; /* "**" is a component of its own */
    size_t ncomps;
};

static bool is_dstar(PxSlice c) { return c.len == 2 && c.s[0] == '*' && c.s[1] == '*'; }

/* Decodes the UTF-8 character at s (invalid bytes count as one character). */
static size_t utf8_char(const char *s, size_t avail, uint32_t *cp)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = p[0] < 0x80 ? 1 : (p[0] >> 5) == 6 ? 2 : (p[0] >> 4) == 14 ? 3
                                 : (p[0] >> 3) == 30 ? 4 : 0;
    if (n == 0 || n > avail) {
        *cp = p[0];
        return 1;
    }
    uint32_t v = n == 1 ? p[0] : p[0] & (0x7F >> n);
    for (size_t i = 1; i < n; i++) {
        if ((p[i] & 0xC0) != 0x80) {
            *cp = p[0];
            return 1;
        }
        v = (v << 6) | (p[i] & 0x3F);
    }
    *cp = v;
    return n;
}

/* End of the bracket expression starting at p[i] == '[' (index after ']'),
 * or 0 if it is not closed. */
static size_t class_end(const char *p, size_t len, size_t i)
{
    size_t j = i + 1;
    if (j < len && (p[j] == '!' || p[j] == '^'))
        j++;
    if (j < len && p[j] == ']')
        j++;
    for (; j < len; j++) {
        if (p[j] == '\\' && j + 1 < len)
            j++;
        else if (p[j] == ']')
            return j + 1;
    }
    return 0;
}

static bool class_match(const char *p, size_t start, size_t end, uint32_t c)
{
    size_t j = start + 1;
    bool neg = false;
    if (p[j] == '!' || p[j] == '^') {
        neg = true;
        j++;
    }
    bool hit = false;
    bool first = true;
    while (j < end - 1) {
        if (p[j] == ']' && !first)
            break;
        first = false;
        uint32_t lo;
        if (p[j] == '\\')
            j++;
        j += utf8_char(p + j, end - 1 - j, &lo);
        uint32_t hi = lo;
        if (j + 1 < end - 1 && p[j] == '-') {
            j++;
            if (p[j] == '\\')
                j++;
            j += utf8_char(p + j, end - 1 - j, &hi);
        }
        if (c >= lo && c <= hi)
            hit = true;
    }
    return hit != neg;
}

/* Matches one non-star pattern element at p[*pi] against s[*si]. */
static bool match_one(const char *p, size_t pl, size_t *pi, const char *s,
                      size_t sl, size_t *si)
{
    uint32_t c;
    size_t n = utf8_char(s + *si, sl - *si, &c);
    size_t e;
    if (p[*pi] == '?') {
        (*pi)++;
    } else if (p[*pi] == '[' && (e = class_end(p, pl, *pi)) != 0) {
        if (!class_match(p, *pi, e, c))
            return false;
        *pi = e;
    } else {
        size_t at = *pi;
        if (p[at] == '\\' && at + 1 < pl)
            at++;
        uint32_t pc;
        size_t m = utf8_char(p + at, pl - at, &pc);
        if (pc != c)
            return false;
        *pi = at + m;
    }
    *si += n;
    return true;
}

/* A name against a pattern component: '*', '?', '[...]', '\x'. */
static bool match_name(PxSlice pat, PxSlice name)
{
    const char *p = pat.s, *s = name.s;
    size_t pl = pat.len, sl = name.len;
    size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0;
    while (si < sl) {
        if (pi < pl && p[pi] == '*') {
            while (pi < pl && p[pi] == '*')
                pi++;
            star_p = pi;
            star_s = si;
            continue;
        }
        size_t pj = pi, sj = si;
        if (pi < pl && match_one(p, pl, &pj, s, sl, &sj)) {
            pi = pj;
            si = sj;
            continue;
        }
        if (star_p == SIZE_MAX)
            return false;
        uint32_t c;
        star_s += utf8_char(s + star_s, sl - star_s, &c);
        pi = star_p;
        si = star_s;
    }
    while (pi < pl && p[pi] == '*')
        pi++;
    return pi == pl;
}

static bool match_parts(const PxSlice *comps, size_t m, const PxSlice *parts,
                        size_t n)
{
    size_t pi = 0, si = 0, star_p = SIZE_MAX, star_s = 0;
    while (si < n) {
        if (pi < m && is_dstar(comps[pi])) {
            while (pi < m && is_dstar(comps[pi]))
                pi++;
            star_p = pi;
            star_s = si;
            continue;
        }
        if (pi < m && match_name(comps[pi], parts[si])) {
            pi++;
            si++;
            continue;
        }
        if (star_p == SIZE_MAX)
            return false;
        pi = star_p;
        si = ++star_s;
    }
    while (pi < m && is_dstar(comps[pi]))
        pi++;
    return pi == m;
}

static PxGlob *fail(char *err, size_t errlen, const char *msg)
{
    snprintf(err, errlen, "%s", msg);
    return NULL;
}

PxGlob *px_glob_compile(PxArena *arena, const char *pattern, PxGlobSyntax syntax,
                        char *err, size_t errlen)
{
    bool strict = syntax == PX_GLOB_CONFIG;
    PxGlob *g = px_arena_alloc(arena, sizeof(*g));
    g->text = px_arena_strdup(arena, pattern);
    const char *p = pattern;
    if (*p == '!') {
        if (strict)
            return fail(err, errlen, "'!' (negation) is only understood in "
                                     ".gitignore files; leave the path out "
                                     "instead (write '\\!' for a name "
                                     "starting with '!')");
        g->negated = true;
        p++;
    }
    size_t len = strlen(p);
    if (len == 0)
        return fail(err, errlen, "empty pattern: expected a path glob such as "
                                 "'build/' or '**/*_pb2.py'");
    if (len >= 2 && p[len - 1] == '\\' && p[len - 2] != '\\')
        return fail(err, errlen, "the pattern ends with a lone '\\' (escape "
                                 "a character, or write '\\\\')");
    if (len == 1 && p[0] == '\\')
        return fail(err, errlen, "the pattern is a lone '\\'");
    while (len > 0 && p[len - 1] == '/') {
        g->dir_only = true;
        len--;
    }
    if (*p == '/') {
        g->anchored = true;
        while (len > 0 && *p == '/') {
            p++;
            len--;
        }
    }
    if (len == 0)
        return fail(err, errlen, "the pattern '/' names no path");
    char *body = px_arena_strndup(arena, p, len);
    if (memchr(body, '/', len))
        g->anchored = true;

    /* Components. A trailing double star must cover at least one name (it
     * means what is inside the directory, not the directory itself), so it
     * becomes a single star followed by a double star. */
    /* At most one component per slash plus one, and one more for the
     * trailing double star's expansion. */
    size_t max = 2;
    for (const char *c = body; *c; c++)
        max += *c == '/';
    g->comps = px_arena_alloc(arena, max * sizeof(*g->comps));
    for (const char *c = body; *c;) {
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        PxSlice comp = {c, n};
        c += n + (e ? 1 : 0);
        if (n == 0 || (n == 1 && comp.s[0] == '.'))
            continue;
        if (n == 2 && comp.s[0] == '.' && comp.s[1] == '.')
            return fail(err, errlen, "'..' cannot appear in a pattern: "
                                     "patterns are relative to the project "
                                     "root and stay inside it");
        for (size_t i = 0; i < n; i++) {
            if (comp.s[i] == '\\') {
                i++;
            } else if (comp.s[i] == '[' && !class_end(comp.s, n, i)) {
                if (strict)
                    return fail(err, errlen, "unclosed '[' in the pattern "
                                             "(write '\\[' for a literal "
                                             "bracket)");
                return NULL;
            } else if (strict && comp.s[i] == '*' && i + 1 < n &&
                       comp.s[i + 1] == '*' && !is_dstar(comp)) {
                return fail(err, errlen, "'**' must be a whole path "
                                         "component, as in 'src/**/gen' "
                                         "(use '*' within a name)");
            }
        }
        g->comps[g->ncomps++] = comp;
    }
    if (g->ncomps == 0)
        return fail(err, errlen, "the pattern names no path");
    if (g->ncomps > 1 && is_dstar(g->comps[g->ncomps - 1])) {
        g->comps[g->ncomps - 1] = (PxSlice){"*", 1};
        g->comps[g->ncomps++] = (PxSlice){"**", 2};
    }
    return g;
}

const char *px_glob_text(const PxGlob *g) { return g->text; }
bool px_glob_negated(const PxGlob *g) { return g->negated; }
bool px_glob_anchored(const PxGlob *g) { return g->anchored; }

bool px_glob_match(const PxGlob *g, const PxSlice *parts, size_t n, bool is_dir)
{
    if (n == 0 || (g->dir_only && !is_dir))
        return false;
    if (!g->anchored)
        return g->ncomps == 1 && (is_dstar(g->comps[0]) ||
                                  match_name(g->comps[0], parts[n - 1]));
    return match_parts(g->comps, g->ncomps, parts, n);
}

bool px_glob_match_or_parent(const PxGlob *g, const PxSlice *parts, size_t n,
                             bool is_dir)
{
    for (size_t k = 1; k <= n; k++)
        if (px_glob_match(g, parts, k, k < n || is_dir))
            return true;
    return false;
}

size_t px_path_split(const char *rel, PxSlice **parts, size_t *cap)
{
    size_t n = 0;
    for (const char *c = rel; *c;) {
        const char *e = strchr(c, '/');
        size_t len = e ? (size_t)(e - c) : strlen(c);
        if (len > 0) {
            px_grow((void **)parts, cap, n + 1, sizeof(**parts));
            (*parts)[n++] = (PxSlice){c, len};
        }
        c += len + (e ? 1 : 0);
    }
    return n;
}
