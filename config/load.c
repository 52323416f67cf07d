/* Finding and reading .pxlint.yaml: the checks made on the raw bytes (size,
 * UTF-8, tabs) before libyaml sees them, defaults, messages, overrides. */
#include "internal.h"

#include "alloc.h"
#include "path.h"
#include "readfile.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A config is a page of text; a larger file is a mistake, and refusing it
 * bounds the parser's memory. */
enum { MAX_CONFIG_SIZE = 1024 * 1024 };

struct PxConfigMessages {
    PxArena *arena;
    PxConfigMessage *items;
    size_t n, cap;
};

PxConfigMessages *px_config_messages_create(void)
{
    PxConfigMessages *m = px_calloc(1, sizeof(*m));
    m->arena = px_arena_create();
    return m;
}

void px_config_messages_destroy(PxConfigMessages *m)
{
    if (!m)
        return;
    px_arena_destroy(m->arena);
    free(m->items);
    free(m);
}

size_t px_config_message_count(const PxConfigMessages *m) { return m->n; }

const PxConfigMessage *px_config_message(const PxConfigMessages *m, size_t i)
{
    return &m->items[i];
}

size_t px_config_error_count(const PxConfigMessages *m)
{
    size_t k = 0;
    for (size_t i = 0; i < m->n; i++)
        k += m->items[i].is_error;
    return k;
}

void px_config_message_add(PxConfigMessages *m, const char *file, uint32_t line,
                           uint32_t column, bool is_error, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    PxConfigMessage msg = {px_arena_strdup(m->arena, file), line, column,
                           is_error, px_arena_strdup(m->arena, buf)};
    PX_PUSH(m->items, m->n, m->cap, msg);
}

void px_config_messages_print(const PxConfigMessages *m, FILE *out)
{
    for (size_t i = 0; i < m->n; i++) {
        const PxConfigMessage *e = &m->items[i];
        const char *kind = e->is_error ? "error" : "warning";
        if (e->line)
            fprintf(out, "%s:%u:%u: %s: %s\n", e->file, e->line, e->column,
                    kind, e->text);
        else
            fprintf(out, "%s: %s: %s\n", e->file, kind, e->text);
    }
}

char *px_config_find(const char *cwd, const char *start)
{
    char *abs = px_path_absolute(cwd, start);
    struct stat st;
    char *dir = stat(abs, &st) == 0 && S_ISDIR(st.st_mode) ? px_strdup(abs)
                                                           : px_path_dirname(abs);
    free(abs);
    for (;;) {
        char *cand = px_path_join(dir, PX_CONFIG_FILE);
        if (stat(cand, &st) == 0 && S_ISREG(st.st_mode)) {
            free(dir);
            return cand;
        }
        free(cand);
        if (strcmp(dir, "/") == 0)
            break;
        char *up = px_path_dirname(dir);
        free(dir);
        dir = up;
    }
    free(dir);
    return NULL;
}

static PxConfigList one_pattern(PxConfig *c, const char *glob)
{
    PxConfigString *s = px_arena_alloc(c->arena, sizeof(*s));
    *s = px_config_string(c, glob, (PxConfigLoc){0, 0}, NULL);
    return (PxConfigList){s, 1};
}

PxConfig *px_config_new(const char *cwd, const char *root)
{
    PxConfig *c = px_calloc(1, sizeof(*c));
    c->arena = px_arena_create();
    c->cwd = px_arena_strdup(c->arena, cwd);
    PxSettings *s = &c->s;
    s->root = px_arena_strdup(c->arena, root);
    s->include = one_pattern(c, "*.py");
    char err[256];
    c->include.items = px_arena_alloc(c->arena, sizeof(PxPattern));
    c->include.items[0] = (PxPattern){
        px_glob_compile(c->arena, "*.py", PX_GLOB_CONFIG, err, sizeof err),
        s->root};
    c->include.count = 1;
    s->respect_gitignore = true;
    s->rules = px_ruleset_all();
    for (int r = 0; r < PX_RULE_COUNT; r++)
        s->severity[r] = px_rule_info((PxRuleId)r)->severity;
    s->c_extension_detect = true;
    s->mode = PX_MODE_STRICT;
    return c;
}

PxConfig *px_config_default(const char *cwd, const char *root)
{
    return px_config_new(cwd, root);
}

void px_config_destroy(PxConfig *c)
{
    if (!c)
        return;
    px_arena_destroy(c->arena);
    free(c);
}

const PxSettings *px_config_settings(const PxConfig *c) { return &c->s; }
PxSettings *px_config_edit(PxConfig *c) { return &c->s; }

PxConfigString px_config_string(PxConfig *c, const char *value, PxConfigLoc loc,
                                const char *base)
{
    PxConfigString s = {px_arena_strdup(c->arena, value), NULL, loc};
    if (base) {
        char *abs = px_path_absolute(base, value);
        s.path = px_arena_strdup(c->arena, abs);
        free(abs);
    }
    return s;
}

/* Byte checks libyaml would report less clearly: the position of the first
 * byte that is not UTF-8, a NUL, or a tab in indentation. */
static bool check_bytes(const char *text, size_t len, const char *file,
                        PxConfigMessages *msgs)
{
    uint32_t line = 1, col = 1;
    bool indent = true;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                               : (c >> 3) == 30 ? 4 : 0;
        bool ok = n > 0 && i + n <= len;
        for (size_t j = 1; ok && j < n; j++)
            ok = ((unsigned char)text[i + j] & 0xC0) == 0x80;
        /* Overlong forms and surrogates are not UTF-8 either. */
        if (ok && n == 2 && c < 0xC2)
            ok = false;
        if (ok && n == 3) {
            unsigned char c1 = (unsigned char)text[i + 1];
            ok = !(c == 0xE0 && c1 < 0xA0) && !(c == 0xED && c1 >= 0xA0);
        }
        if (ok && n == 4) {
            unsigned char c1 = (unsigned char)text[i + 1];
            ok = c <= 0xF4 && !(c == 0xF0 && c1 < 0x90) && !(c == 0xF4 && c1 >= 0x90);
        }
        if (!ok) {
            px_config_message_add(msgs, file, line, col, true,
                                  "the file is not valid UTF-8 (byte 0x%02X): "
                                  "save it as UTF-8", c);
            return false;
        }
        if (c == 0) {
            px_config_message_add(msgs, file, line, col, true,
                                  "a NUL byte: is this a text file?");
            return false;
        }
        if (c == '\t' && indent) {
            /* A tab before the first character of a line's content. */
            size_t j = i;
            while (j < len && (text[j] == ' ' || text[j] == '\t'))
                j++;
            if (j < len && text[j] != '\n' && text[j] != '\r' && text[j] != '#') {
                px_config_message_add(msgs, file, line, col, true,
                                      "a tab character in the indentation: "
                                      "YAML indents with spaces only");
                return false;
            }
        }
        if (c == '\n') {
            line++;
            col = 1;
            indent = true;
        } else {
            col++;
            if (c != ' ' && c != '\t')
                indent = false;
        }
        i += n;
    }
    return true;
}

PxConfig *px_config_parse(const char *cwd, const char *path, const char *text,
                          size_t len, PxConfigMessages *msgs)
{
    char *abs = px_path_absolute(cwd, path);
    char *file = px_path_display(cwd, abs);
    char *root = px_path_dirname(abs);
    PxConfig *c = NULL;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    if (check_bytes(text, len, file, msgs)) {
        PxArena *tree = px_arena_create();
        PxYamlNode *doc = NULL;
        PxYamlError yerr;
        if (!px_yaml_parse(tree, text, len, &doc, &yerr)) {
            px_config_message_add(msgs, file, yerr.line, yerr.column, true, "%s",
                                  yerr.message);
        } else {
            c = px_config_new(cwd, root);
            c->s.file = px_arena_strdup(c->arena, abs);
            if (!px_config_validate(c, doc, file, msgs)) {
                px_config_destroy(c);
                c = NULL;
            }
        }
        px_arena_destroy(tree);
    }
    free(root);
    free(file);
    free(abs);
    return c;
}

PxConfig *px_config_load(const char *cwd, const char *path,
                         PxConfigMessages *msgs)
{
    char err[256];
    size_t len = 0;
    char *text = px_read_file(path, MAX_CONFIG_SIZE, &len, err, sizeof err);
    if (!text) {
        char *abs = px_path_absolute(cwd, path);
        char *file = px_path_display(cwd, abs);
        px_config_message_add(msgs, file, 0, 0, true, "%s", err);
        free(file);
        free(abs);
        return NULL;
    }
    PxConfig *c = px_config_parse(cwd, path, text, len, msgs);
    free(text);
    return c;
}

bool px_config_set_exclude(PxConfig *c, const char *const *globs, size_t n,
                           const char *base, bool extend, char *err,
                           size_t errlen)
{
    PxPatterns *pats = extend ? &c->extend_exclude : &c->exclude;
    PxConfigList *list = extend ? &c->s.extend_exclude : &c->s.exclude;
    size_t old = extend ? pats->count : 0;
    PxPattern *items = px_arena_alloc(c->arena, (old + n + 1) * sizeof(*items));
    PxConfigString *strs = px_arena_alloc(c->arena, (old + n + 1) * sizeof(*strs));
    if (old) {
        memcpy(items, pats->items, old * sizeof(*items));
        memcpy(strs, list->items, old * sizeof(*strs));
    }
    const char *b = px_arena_strdup(c->arena, base);
    for (size_t i = 0; i < n; i++) {
        char why[200];
        PxGlob *g = px_glob_compile(c->arena, globs[i], PX_GLOB_CONFIG, why,
                                    sizeof why);
        if (!g) {
            snprintf(err, errlen, "bad pattern '%s': %s", globs[i], why);
            return false;
        }
        items[old + i] = (PxPattern){g, b};
        strs[old + i] = px_config_string(c, globs[i], (PxConfigLoc){0, 0}, NULL);
    }
    pats->items = items;
    pats->count = old + n;
    *list = (PxConfigList){strs, old + n};
    return true;
}

void px_config_set_python_path(PxConfig *c, const char *const *dirs, size_t n,
                               const char *base)
{
    PxConfigString *strs = px_arena_alloc(c->arena, (n + 1) * sizeof(*strs));
    for (size_t i = 0; i < n; i++)
        strs[i] = px_config_string(c, dirs[i], (PxConfigLoc){0, 0}, base);
    c->s.python_path = (PxConfigList){strs, n};
}
