/* Which files a run takes: include and exclude patterns from the config and
 * the command line, and .gitignore files in the project root and the
 * directories below it, read once each and cached for the run. */
#include "internal.h"

#include "alloc.h"
#include "path.h"
#include "readfile.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Splits abs below base once per distinct base while testing a list. */
typedef struct {
    const char *base;
    const char *rel; /* NULL: outside base */
    PxSlice *parts;
    size_t n, cap;
} Split;

static void split_for(Split *sp, const char *base, const char *abs)
{
    if (sp->base && strcmp(sp->base, base) == 0)
        return;
    sp->base = base;
    sp->rel = px_path_under(base, abs);
    sp->n = sp->rel ? px_path_split(sp->rel, &sp->parts, &sp->cap) : 0;
}

static bool match_one(const PxPattern *p, Split *sp, const char *abs,
                      bool is_dir, bool parents)
{
    split_for(sp, p->base, abs);
    if (sp->rel && parents)
        return px_glob_match_or_parent(p->glob, sp->parts, sp->n, is_dir);
    if (sp->rel)
        return px_glob_match(p->glob, sp->parts, sp->n, is_dir);
    /* Outside the base only names can match: "build/" or "*_pb2.py". */
    if (px_glob_anchored(p->glob))
        return false;
    const char *slash = strrchr(abs, '/');
    const char *name = slash ? slash + 1 : abs;
    PxSlice part = {name, strlen(name)};
    return *name && px_glob_match(p->glob, &part, 1, is_dir);
}

bool px_patterns_match(const PxPatterns *p, const char *abs, bool is_dir,
                       bool parents)
{
    Split sp = {0};
    bool hit = false;
    for (size_t i = 0; i < p->count && !hit; i++)
        hit = match_one(&p->items[i], &sp, abs, is_dir, parents);
    free(sp.parts);
    return hit;
}

PxRuleSet px_config_ignored_for(const PxConfig *c, const char *path)
{
    PxRuleSet out = px_ruleset_none();
    if (c->s.nper_file_ignores == 0)
        return out;
    char *abs = px_path_absolute(c->cwd, path);
    Split sp = {0};
    for (size_t i = 0; i < c->s.nper_file_ignores; i++) {
        if (!match_one(&c->per_file[i], &sp, abs, false, true))
            continue;
        for (int r = 0; r < PX_RULE_COUNT; r++)
            if (px_ruleset_has(&c->s.per_file_ignores[i].rules, (PxRuleId)r))
                px_ruleset_add(&out, (PxRuleId)r);
    }
    free(sp.parts);
    free(abs);
    return out;
}

/* --- .gitignore files --------------------------------------------------- */

typedef struct {
    char *dir;        /* absolute; NULL marks a free slot */
    PxGlob **globs;   /* in file order; NULL when the directory has none */
    size_t n;
} Gitignore;

struct PxFileFilter {
    const PxConfig *config;
    PxArena *arena; /* compiled .gitignore patterns */
    Gitignore *table; /* open addressing, power-of-two size */
    size_t size, used;
};

static uint64_t hash(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

static Gitignore *slot(Gitignore *table, size_t size, const char *dir)
{
    size_t i = hash(dir) & (size - 1);
    while (table[i].dir && strcmp(table[i].dir, dir) != 0)
        i = (i + 1) & (size - 1);
    return &table[i];
}

static void read_gitignore(PxFileFilter *f, Gitignore *g)
{
    char *path = px_path_join(g->dir, ".gitignore");
    char err[256];
    size_t len;
    /* Unreadable or missing: nothing ignored here, as git does. */
    char *text = px_read_file(path, 4u << 20, &len, err, sizeof err);
    free(path);
    if (!text)
        return;
    size_t cap = 0;
    for (char *line = text; line < text + len;) {
        char *end = memchr(line, '\n', (size_t)(text + len - line));
        if (!end)
            end = text + len;
        char *next = end + 1;
        if (end > line && end[-1] == '\r')
            end--;
        /* Trailing spaces are dropped unless escaped. */
        while (end > line && end[-1] == ' ' && !(end - 1 > line && end[-2] == '\\'))
            end--;
        *end = '\0';
        const char *p = line;
        line = next;
        if (*p == '\0' || *p == '#')
            continue;
        /* A leading backslash-# or backslash-! reaches the glob as an
         * escape, so the line names a file starting with # or !. */
        char why[200];
        PxGlob *gl = px_glob_compile(f->arena, p, PX_GLOB_GITIGNORE, why, sizeof why);
        if (gl) /* git skips a pattern it cannot read, and so do we */
            PX_PUSH(g->globs, g->n, cap, gl);
    }
    free(text);
}

static Gitignore *gitignore_for(PxFileFilter *f, const char *dir)
{
    if (2 * (f->used + 1) > f->size) {
        size_t size = f->size ? f->size * 2 : 64;
        Gitignore *table = px_calloc(size, sizeof(*table));
        for (size_t i = 0; i < f->size; i++)
            if (f->table[i].dir)
                *slot(table, size, f->table[i].dir) = f->table[i];
        free(f->table);
        f->table = table;
        f->size = size;
    }
    Gitignore *g = slot(f->table, f->size, dir);
    if (!g->dir) {
        g->dir = px_strdup(dir);
        f->used++;
        read_gitignore(f, g);
    }
    return g;
}

/* Whether the entry parts[0..k) below the root is ignored by the .gitignore
 * files of the root and of its directories: the deepest file decides, and
 * within a file the last matching pattern. */
static bool git_ignored(PxFileFilter *f, const PxSlice *parts, size_t k,
                        bool is_dir)
{
    const char *root = f->config->s.root;
    size_t rootlen = strlen(root);
    size_t total = rootlen + 1;
    for (size_t i = 0; i < k; i++)
        total += parts[i].len + 1;
    char *dir = px_malloc(total + 1);
    for (size_t j = k; j-- > 0;) {
        /* The directory root/parts[0..j). */
        memcpy(dir, root, rootlen);
        size_t at = rootlen;
        for (size_t i = 0; i < j; i++) {
            if (dir[at - 1] != '/')
                dir[at++] = '/';
            memcpy(dir + at, parts[i].s, parts[i].len);
            at += parts[i].len;
        }
        dir[at] = '\0';
        Gitignore *g = gitignore_for(f, dir);
        for (size_t p = g->n; p-- > 0;) {
            if (px_glob_match(g->globs[p], parts + j, k - j, is_dir)) {
                free(dir);
                return !px_glob_negated(g->globs[p]);
            }
        }
    }
    free(dir);
    return false;
}

PxFileFilter *px_file_filter_create(const PxConfig *config)
{
    PxFileFilter *f = px_calloc(1, sizeof(*f));
    f->config = config;
    f->arena = px_arena_create();
    return f;
}

void px_file_filter_destroy(PxFileFilter *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->size; i++) {
        free(f->table[i].dir);
        free(f->table[i].globs);
    }
    free(f->table);
    px_arena_destroy(f->arena);
    free(f);
}

/* Directories are pruned as the walk descends, so a path found there only
 * needs testing itself; a path given on the command line is tested with
 * its parents below the root too. */
static bool excludes(PxFileFilter *f, const char *path, bool is_dir, bool parents)
{
    const PxConfig *c = f->config;
    char *abs = px_path_absolute(c->cwd, path);
    bool out = px_patterns_match(&c->exclude, abs, is_dir, parents) ||
               px_patterns_match(&c->extend_exclude, abs, is_dir, parents);
    const char *rel = out || !c->s.respect_gitignore ? NULL
                                                     : px_path_under(c->s.root, abs);
    if (rel && *rel) {
        PxSlice *parts = NULL;
        size_t cap = 0;
        size_t n = px_path_split(rel, &parts, &cap);
        for (size_t k = parents ? 1 : n; k <= n && !out; k++)
            out = git_ignored(f, parts, k, k < n || is_dir);
        free(parts);
    }
    free(abs);
    return out;
}

bool px_file_filter_excludes(PxFileFilter *f, const char *path, bool is_dir)
{
    return excludes(f, path, is_dir, false);
}

bool px_file_filter_excludes_given(PxFileFilter *f, const char *path, bool is_dir)
{
    return excludes(f, path, is_dir, true);
}

bool px_file_filter_includes(PxFileFilter *f, const char *path)
{
    char *abs = px_path_absolute(f->config->cwd, path);
    bool in = px_patterns_match(&f->config->include, abs, false, false);
    free(abs);
    return in;
}

static bool exclude_hook(const char *path, bool is_dir, void *ctx)
{
    return px_file_filter_excludes(ctx, path, is_dir);
}

static bool exclude_given_hook(const char *path, bool is_dir, void *ctx)
{
    return px_file_filter_excludes_given(ctx, path, is_dir);
}

static bool include_hook(const char *path, bool is_dir, void *ctx)
{
    (void)is_dir;
    return px_file_filter_includes(ctx, path);
}

PxDiscoverOptions px_file_filter_options(PxFileFilter *f)
{
    return (PxDiscoverOptions){exclude_hook,
                               f->config->s.force_exclude ? exclude_given_hook : NULL,
                               include_hook, f};
}
