/* Pre-parse checks. Bracket depth is counted outside comments and plain
 * string literals, and inside f-strings, whose replacement fields the grammar
 * parses: tree-sitter 0.20's error recovery crashes on ~65k open brackets,
 * so nothing deeper than CPython's limit may reach it. */
#include "prescan.h"

#include <stdio.h>
#include <string.h>

/* Asked of every byte of every file: a switch, not a strchr call. */
static bool is_prefix_char(char c)
{
    switch (c) {
    case 'r': case 'R': case 'b': case 'B': case 'u': case 'U': case 'f': case 'F':
        return true;
    default:
        return false;
    }
}

static bool is_ident_char(char c)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (unsigned char)c >= 0x80;
}

/* Skips a string literal starting at the quote at s[i]; returns the index
 * just past it (or the end of the line/file for an unterminated one). For an
 * f-string, *peak receives the most brackets open at once inside it. */
static size_t skip_string(const char *s, size_t n, size_t i, bool fstring,
                          long *peak)
{
    char q = s[i];
    bool triple = i + 2 < n && s[i + 1] == q && s[i + 2] == q;
    long open = 0;
    *peak = 0;
    i += triple ? 3 : 1;
    while (i < n) {
        char c = s[i];
        if (fstring && (c == '(' || c == '[' || c == '{')) {
            if (++open > *peak)
                *peak = open;
        } else if (fstring && (c == ')' || c == ']' || c == '}')) {
            open -= open > 0;
        }
        if (c == '\\') {
            i += 2;
        } else if (c == q) {
            if (!triple)
                return i + 1;
            if (i + 2 < n && s[i + 1] == q && s[i + 2] == q)
                return i + 3;
            i++;
        } else if (!triple && (c == '\n' || c == '\r')) {
            return i;
        } else {
            i++;
        }
    }
    return n;
}

static bool fail(PxSyntaxError *out, size_t at, const char *msg)
{
    out->start = (uint32_t)at;
    out->end = (uint32_t)at + 1;
    snprintf(out->message, sizeof out->message, "%s", msg);
    return true;
}

bool px_prescan(const PxSource *source, PxSyntaxError *out)
{
    const char *s = px_source_bytes(source);
    size_t n = px_source_length(source);
    const char *nul = memchr(s, '\0', n);
    if (nul)
        return fail(out, (size_t)(nul - s),
                    "syntax error: source contains a NUL byte");
    long depth = 0, peak = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '#') {
            while (i < n && s[i] != '\n' && s[i] != '\r')
                i++;
        } else if (c == '"' || c == '\'') {
            i = skip_string(s, n, i, false, &peak) - 1;
        } else if (is_prefix_char(c) && (i == 0 || !is_ident_char(s[i - 1]))) {
            /* A string prefix (rb'', f"") only directly before a quote. */
            size_t j = i;
            bool fstring = false;
            while (j < n && j - i < 3 && is_prefix_char(s[j]))
                fstring |= (s[j++] | 0x20) == 'f';
            if (j < n && (s[j] == '"' || s[j] == '\'')) {
                size_t end = skip_string(s, n, j, fstring, &peak);
                if (depth + peak > PX_MAX_BRACKET_DEPTH)
                    return fail(out, j, "syntax error: too many nested "
                                        "parentheses (CPython allows 200 levels)");
                i = end - 1;
            }
        } else if (c == '(' || c == '[' || c == '{') {
            if (++depth > PX_MAX_BRACKET_DEPTH)
                return fail(out, i, "syntax error: too many nested parentheses "
                                    "(CPython allows 200 levels)");
        } else if (c == ')' || c == ']' || c == '}') {
            depth -= depth > 0;
        }
    }
    return false;
}
