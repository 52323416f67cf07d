/* Reading the YAML tree into settings: one handler per key, each checking
 * types and values and saying what was expected. Every problem is recorded
 * (the file is read to the end), so one run shows them all. */
#include "internal.h"

#include "alloc.h"
#include "suggest.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    PxConfig *c;
    const char *file;
    PxConfigMessages *msgs;
    size_t errors;
    /* Read first, applied at the end so the order in the file is free. */
    const PxYamlNode *select, *extend_select, *ignore;
} Ctx;

#define ERR(x, n, ...)                                                        \
    do {                                                                      \
        (x)->errors++;                                                        \
        px_config_message_add((x)->msgs, (x)->file, (n)->line, (n)->column,   \
                              true, __VA_ARGS__);                             \
    } while (0)

static PxConfigLoc loc_of(const PxYamlNode *n) { return (PxConfigLoc){n->line, n->column}; }

/* --- scalar values ------------------------------------------------------ */

static bool get_bool(Ctx *x, const PxYamlNode *n, const char *key, bool *out)
{
    if (n->kind == PX_YAML_SCALAR && n->plain) {
        const char *t = n->text;
        if (!strcmp(t, "true") || !strcmp(t, "True") || !strcmp(t, "TRUE")) {
            *out = true;
            return true;
        }
        if (!strcmp(t, "false") || !strcmp(t, "False") || !strcmp(t, "FALSE")) {
            *out = false;
            return true;
        }
        static const char *const yaml11[] = {"yes", "no", "on", "off", "y", "n"};
        for (size_t i = 0; i < sizeof yaml11 / sizeof *yaml11; i++) {
            if (strcasecmp(t, yaml11[i]) == 0) {
                ERR(x, n, "'%s' must be true or false, not '%s' (YAML 1.1 "
                          "spellings are not accepted)", key, t);
                return false;
            }
        }
    }
    if (n->kind == PX_YAML_SCALAR)
        ERR(x, n, "'%s' must be true or false, found %s '%.60s'", key,
            px_yaml_describe(n), n->text);
    else
        ERR(x, n, "'%s' must be true or false, found %s", key, px_yaml_describe(n));
    return false;
}

/* A string value; numbers and booleans written bare are taken as text. */
static const char *get_string(Ctx *x, const PxYamlNode *n, const char *what)
{
    if (n->kind != PX_YAML_SCALAR || px_yaml_is_null(n)) {
        ERR(x, n, "%s must be a string, found %s", what, px_yaml_describe(n));
        return NULL;
    }
    if (!*n->text) {
        ERR(x, n, "%s must not be empty", what);
        return NULL;
    }
    return n->text;
}

static bool is_ident_char(unsigned char c)
{
    return isalnum(c) || c == '_' || c >= 0x80;
}

/* "a", "a.b.c": Python identifiers joined by dots. */
static bool is_dotted_name(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    for (;;) {
        if (!(isalpha(*p) || *p == '_' || *p >= 0x80))
            return false;
        while (is_ident_char(*p))
            p++;
        if (*p == '\0')
            return true;
        if (*p++ != '.')
            return false;
    }
}

/* Dotted names whose components may hold glob characters: "lxml.*",
 * "app.<locals>.handler" (qualnames of nested functions). */
static bool is_dotted_glob(const char *s, bool qualname)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t comp = 0;
    for (; *p; p++) {
        if (*p == '.') {
            if (comp == 0)
                return false;
            comp = 0;
        } else if (is_ident_char(*p) || *p == '*' || *p == '?' || *p == '[' ||
                   *p == ']' || *p == '!' || (qualname && (*p == '<' || *p == '>'))) {
            comp++;
        } else {
            return false;
        }
    }
    return comp > 0;
}

/* --- lists -------------------------------------------------------------- */

typedef enum {
    ITEM_STRING,
    ITEM_DOTTED,    /* module.function */
    ITEM_MODULE_GLOB,
    ITEM_CALLBACK,  /* module:qualname globs */
    ITEM_PATH,      /* a directory, resolved against the root */
} ItemKind;

static const char *const ITEM_EXAMPLE[] = {
    [ITEM_STRING] = "",
    [ITEM_DOTTED] = "a dotted name such as 'app.cache.lookup'",
    [ITEM_MODULE_GLOB] = "a module name or glob such as 'numpy' or 'lxml.*'",
    [ITEM_CALLBACK] = ("'module:qualname', globs allowed, such as "
                       "'app.handlers:on_*' or 'app.jobs:Worker.run'"),
    [ITEM_PATH] = "a directory",
};

static bool check_item(Ctx *x, const PxYamlNode *n, const char *key, ItemKind kind,
                       const char *s)
{
    bool ok = true;
    switch (kind) {
    case ITEM_STRING:
    case ITEM_PATH:
        break;
    case ITEM_DOTTED:
        ok = is_dotted_name(s);
        break;
    case ITEM_MODULE_GLOB:
        ok = is_dotted_glob(s, false);
        break;
    case ITEM_CALLBACK: {
        const char *colon = strchr(s, ':');
        if (colon && !strchr(colon + 1, ':')) {
            char *mod = px_strndup(s, (size_t)(colon - s));
            ok = is_dotted_glob(mod, false) && is_dotted_glob(colon + 1, true);
            free(mod);
        } else {
            ok = false;
        }
        break;
    }
    }
    if (!ok)
        ERR(x, n, "'%.80s' in '%s' is not %s", s, key, ITEM_EXAMPLE[kind]);
    return ok;
}

/* Reads a list of strings into *out; false (with errors) if any is bad. */
static bool get_list(Ctx *x, const PxYamlNode *n, const char *key, ItemKind kind,
                     const char *example, PxConfigList *out)
{
    if (n->kind != PX_YAML_SEQUENCE) {
        ERR(x, n, "'%s' must be a list, e.g. %s: %s; found %s", key, key,
            example, px_yaml_describe(n));
        return false;
    }
    PxConfigString *items = px_arena_alloc(x->c->arena,
                                           (n->count + 1) * sizeof(*items));
    size_t k = 0;
    bool ok = true;
    for (size_t i = 0; i < n->count; i++) {
        const PxYamlNode *it = n->items[i];
        char what[96];
        snprintf(what, sizeof what, "each item of '%s'", key);
        const char *s = get_string(x, it, what);
        if (!s || !check_item(x, it, key, kind, s)) {
            ok = false;
            continue;
        }
        items[k++] = px_config_string(x->c, s, loc_of(it),
                                      kind == ITEM_PATH ? x->c->s.root : NULL);
    }
    *out = (PxConfigList){items, k};
    return ok;
}

/* A list of path globs, compiled against the project root. */
static void get_globs(Ctx *x, const PxYamlNode *n, const char *key,
                      PxConfigList *out, PxPatterns *pats)
{
    PxConfigList list;
    if (!get_list(x, n, key, ITEM_STRING, "[\"build/\", \"**/*_pb2.py\"]", &list))
        return;
    PxPattern *items = px_arena_alloc(x->c->arena, (list.count + 1) * sizeof(*items));
    size_t k = 0;
    for (size_t i = 0; i < list.count; i++) {
        char why[200];
        PxGlob *g = px_glob_compile(x->c->arena, list.items[i].value,
                                    PX_GLOB_CONFIG, why, sizeof why);
        if (!g) {
            const PxYamlNode *it = n->items[i];
            ERR(x, it, "bad pattern '%.80s' in '%s': %s", list.items[i].value,
                key, why);
            continue;
        }
        items[k++] = (PxPattern){g, x->c->s.root};
    }
    *out = list;
    *pats = (PxPatterns){items, k};
}

/* --- rule selectors ----------------------------------------------------- */

static bool check_selector(Ctx *x, const PxYamlNode *n, const char *key,
                           const char *sel)
{
    PxRuleSet scratch = px_ruleset_none();
    if (px_ruleset_apply(&scratch, sel, true))
        return true;
    const char *names[2 * PX_RULE_COUNT + 1];
    size_t k = 0;
    names[k++] = "ALL";
    for (int r = 0; r < PX_RULE_COUNT; r++) {
        names[k++] = px_rule_info((PxRuleId)r)->code;
        names[k++] = px_rule_info((PxRuleId)r)->name;
    }
    const char *best = px_suggest(sel, names, k);
    if (best)
        ERR(x, n, "unknown rule selector '%.60s' in '%s' — did you mean '%s'?",
            sel, key, best);
    else
        ERR(x, n, "unknown rule selector '%.60s' in '%s' (expected a code such "
                  "as PX001, a prefix such as PX1, a rule name, or ALL; see "
                  "'pxlint rules')", sel, key);
    return false;
}

/* Reads a list of selectors; false if any is unknown. */
static bool get_selectors(Ctx *x, const PxYamlNode *n, const char *key,
                          PxConfigList *out)
{
    if (!get_list(x, n, key, ITEM_STRING, "[PX001, PX1]", out))
        return false;
    bool ok = true;
    for (size_t i = 0; i < out->count; i++)
        ok &= check_selector(x, n->items[i], key, out->items[i].value);
    return ok;
}

static PxRuleSet selectors_to_set(const PxConfigList *l)
{
    PxRuleSet s = px_ruleset_none();
    for (size_t i = 0; i < l->count; i++)
        px_ruleset_apply(&s, l->items[i].value, true);
    return s;
}

/* --- mappings ----------------------------------------------------------- */

typedef void (*KeyFn)(Ctx *x, const PxYamlNode *key, const PxYamlNode *value);

typedef struct {
    const char *name;
    KeyFn fn;
} KeySpec;

/* Runs the handler of each key; unknown keys get a suggestion. `where` is
 * the enclosing key ("" at the top level). */
static void read_mapping(Ctx *x, const PxYamlNode *map, const KeySpec *keys,
                         size_t nkeys, const char *where)
{
    for (size_t i = 0; i < map->count; i++) {
        const PxYamlNode *k = map->keys[i], *v = map->items[i];
        const KeySpec *spec = NULL;
        for (size_t j = 0; j < nkeys && !spec; j++)
            if (strcmp(keys[j].name, k->text) == 0)
                spec = &keys[j];
        if (spec) {
            /* A key with no value keeps its default. */
            if (!px_yaml_is_null(v))
                spec->fn(x, k, v);
            continue;
        }
        const char *names[64];
        size_t n = 0;
        for (size_t j = 0; j < nkeys && n < 64; j++)
            names[n++] = keys[j].name;
        const char *best = px_suggest(k->text, names, n);
        if (best && *where)
            ERR(x, k, "unknown key '%.60s' in '%s' — did you mean '%s'?",
                k->text, where, best);
        else if (best)
            ERR(x, k, "unknown key '%.60s' — did you mean '%s'?", k->text, best);
        else if (*where) {
            char list[256] = "";
            for (size_t j = 0; j < n; j++) {
                strncat(list, names[j], sizeof list - strlen(list) - 1);
                if (j + 1 < n)
                    strncat(list, ", ", sizeof list - strlen(list) - 1);
            }
            ERR(x, k, "unknown key '%.60s' in '%s' (expected one of: %s)",
                k->text, where, list);
        } else {
            ERR(x, k, "unknown key '%.60s' (see docs/configuration.md, or "
                      "'pxlint config --show' for every key)", k->text);
        }
    }
}

static bool expect_mapping(Ctx *x, const PxYamlNode *n, const char *key,
                           const char *example)
{
    if (n->kind == PX_YAML_MAPPING)
        return true;
    ERR(x, n, "'%s' must be a mapping, e.g. %s; found %s", key, example,
        px_yaml_describe(n));
    return false;
}

/* --- the keys ----------------------------------------------------------- */

static void k_include(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_globs(x, v, "include", &x->c->s.include, &x->c->include);
}

static void k_exclude(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_globs(x, v, "exclude", &x->c->s.exclude, &x->c->exclude);
}

static void k_extend_exclude(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_globs(x, v, "extend-exclude", &x->c->s.extend_exclude,
              &x->c->extend_exclude);
}

static void k_respect_gitignore(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_bool(x, v, "respect-gitignore", &x->c->s.respect_gitignore);
}

static void k_force_exclude(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_bool(x, v, "force-exclude", &x->c->s.force_exclude);
}

static void k_report_unused(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_bool(x, v, "report-unused-ignores", &x->c->s.report_unused_ignores);
}

static void k_python_path(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_list(x, v, "python-path", ITEM_PATH, "[src]", &x->c->s.python_path);
}

static void k_site_packages(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_list(x, v, "site-packages", ITEM_PATH, "[.venv/lib/python3.12/site-packages]",
             &x->c->s.site_packages);
}

static void k_decorators(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_list(x, v, "decorators", ITEM_DOTTED, "[parallel, app.parallel]",
             &x->c->s.callback_decorators);
}

static void k_functions(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_list(x, v, "functions", ITEM_CALLBACK, "[\"app.handlers:on_*\"]",
             &x->c->s.callback_functions);
}

static void k_callbacks(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    static const KeySpec keys[] = {
        {"decorators", k_decorators},
        {"functions", k_functions},
    };
    if (expect_mapping(x, v, "callbacks", "{decorators: [parallel]}"))
        read_mapping(x, v, keys, sizeof keys / sizeof *keys, "callbacks");
}

/* An unknown key of `where`, with the nearest of `keys` offered. */
static void unknown_key(Ctx *x, const PxYamlNode *k, const char *where,
                        const char *const *keys, size_t nkeys, const char *expected)
{
    const char *best = px_suggest(k->text, keys, nkeys);
    if (best)
        ERR(x, k, "unknown key '%.60s' in %s — did you mean '%s'?", k->text, where, best);
    else
        ERR(x, k, "unknown key '%.60s' in %s (expected %s)", k->text, where, expected);
}

/* A plain scalar of digits: an argument's position, however large. */
static bool is_digits(const PxYamlNode *n)
{
    return n->kind == PX_YAML_SCALAR && n->plain && *n->text &&
           strspn(n->text, "0123456789") == strlen(n->text);
}

/* A keyword argument's name: one identifier. */
static bool is_keyword(const PxYamlNode *n)
{
    return n->kind == PX_YAML_SCALAR && *n->text && is_dotted_name(n->text) &&
           !strchr(n->text, '.');
}

/* The position is_digits accepted, from 0 to 255; -1 (reported) past that. */
static int position_of(Ctx *x, const PxYamlNode *n, const char *what)
{
    long pos = strlen(n->text) > 3 ? 256 : strtol(n->text, NULL, 10);
    if (pos > 255) {
        ERR(x, n, "%s position must be from 0 to 255, not %.20s", what, n->text);
        return -1;
    }
    return (int)pos;
}

/* A spawner's `arguments`, where its call takes the callback's own
 * arguments (the knowledge format's, docs/knowledge.md): `rest`, or
 * {positions: [N, ...], keywords: [K, ...]}, the carriers. */
static bool spawner_arguments(Ctx *x, const PxYamlNode *n, PxSpawnerSpec *out)
{
    static const char example[] = "rest, or {positions: [3], keywords: [args]}";
    static const char *const keys[] = {"positions", "keywords"};
    if (n->kind == PX_YAML_SCALAR && !strcmp(n->text, "rest")) {
        out->arguments = PX_SPAWNER_ARGS_REST;
        return true;
    }
    if (n->kind != PX_YAML_MAPPING) {
        if (n->kind == PX_YAML_SCALAR && !px_yaml_is_null(n))
            ERR(x, n, "a spawner's 'arguments' must be %s, not '%.60s'", example, n->text);
        else
            ERR(x, n, "a spawner's 'arguments' must be %s; found %s", example,
                px_yaml_describe(n));
        return false;
    }
    out->arguments = PX_SPAWNER_ARGS_LISTED;
    bool ok = true;
    for (size_t i = 0; i < n->count; i++) {
        const PxYamlNode *k = n->keys[i], *list = n->items[i];
        bool positions = !strcmp(k->text, "positions");
        if (!positions && strcmp(k->text, "keywords") != 0) {
            unknown_key(x, k, "a spawner's 'arguments'", keys, 2, "positions and keywords");
            ok = false;
            continue;
        }
        if (list->kind != PX_YAML_SEQUENCE) {
            ERR(x, list, "a spawner's '%s' must be a list, e.g. %s: %s; found %s", k->text,
                k->text, positions ? "[3, 4]" : "[args, kwargs]", px_yaml_describe(list));
            ok = false;
            continue;
        }
        if (list->count > PX_SPAWNER_MAX_CARRIERS) {
            ERR(x, list->items[PX_SPAWNER_MAX_CARRIERS], "a spawner's '%s' lists at "
                "most %d arguments", k->text, PX_SPAWNER_MAX_CARRIERS);
            ok = false;
            continue;
        }
        for (size_t j = 0; j < list->count; j++) {
            const PxYamlNode *it = list->items[j];
            if (positions && is_digits(it)) {
                int pos = position_of(x, it, "a spawner's 'positions'");
                if (pos >= 0)
                    out->positions[out->npositions++] = (uint8_t)pos;
                ok &= pos >= 0;
            } else if (!positions && is_keyword(it)) {
                out->keywords[out->nkeywords++] = px_arena_strdup(x->c->arena, it->text);
            } else {
                ERR(x, it, "each item of a spawner's '%s' must be %s; found %s", k->text,
                    positions ? "an argument's position (0 for the first)"
                              : "a keyword argument's name (such as args)",
                    px_yaml_describe(it));
                ok = false;
            }
        }
    }
    return ok;
}

/* One spawner entry: {call: dotted.name, callback: 0 | keyword,
 * arguments: rest | {positions: [...], keywords: [...]}}. */
static void spawner(Ctx *x, const PxYamlNode *n, PxSpawnerSpec *out, bool *ok)
{
    static const char *const keys[] = {"call", "callback", "arguments"};
    *ok = false;
    if (n->kind != PX_YAML_MAPPING) {
        ERR(x, n, "each item of 'spawners' must be a mapping such as {call: "
                  "threading.Thread, callback: target}; found %s",
            px_yaml_describe(n));
        return;
    }
    const PxYamlNode *call = NULL, *cb = NULL, *args = NULL;
    bool bad = false;
    for (size_t i = 0; i < n->count; i++) {
        const PxYamlNode *k = n->keys[i];
        if (!strcmp(k->text, "call")) {
            call = n->items[i];
        } else if (!strcmp(k->text, "callback")) {
            cb = n->items[i];
        } else if (!strcmp(k->text, "arguments")) {
            args = n->items[i];
        } else {
            unknown_key(x, k, "a spawner", keys, 3, "call, callback and arguments");
            bad = true;
        }
    }
    if (!call || !cb) {
        ERR(x, n, "a spawner needs both 'call' (the dotted callee) and "
                  "'callback' (the argument's position or keyword)%s", "");
        return;
    }
    *out = (PxSpawnerSpec){.loc = loc_of(n), .position = -1};
    const char *c = get_string(x, call, "a spawner's 'call'");
    if (!c)
        return;
    if (!is_dotted_name(c)) {
        ERR(x, call, "a spawner's 'call' must be a dotted name such as "
                     "'concurrent.futures.ThreadPoolExecutor.submit', not "
                     "'%.80s'", c);
        return;
    }
    out->call = px_arena_strdup(x->c->arena, c);
    if (is_digits(cb)) {
        if ((out->position = position_of(x, cb, "a spawner's 'callback'")) < 0)
            return;
    } else if (is_keyword(cb)) {
        out->keyword = px_arena_strdup(x->c->arena, cb->text);
    } else {
        ERR(x, cb, "a spawner's 'callback' must be the callback argument's "
                   "position (0 for the first) or its keyword (such as "
                   "target); found %s", px_yaml_describe(cb));
        return;
    }
    if (args && !spawner_arguments(x, args, out))
        return;
    *ok = !bad;
}

static void k_spawners(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    if (v->kind != PX_YAML_SEQUENCE) {
        ERR(x, v, "'spawners' must be a list, e.g. spawners: [{call: "
                  "threading.Thread, callback: target}]; found %s",
            px_yaml_describe(v));
        return;
    }
    PxSpawnerSpec *items = px_arena_alloc(x->c->arena,
                                          (v->count + 1) * sizeof(*items));
    size_t n = 0;
    for (size_t i = 0; i < v->count; i++) {
        bool ok;
        spawner(x, v->items[i], &items[n], &ok);
        n += ok;
    }
    x->c->s.spawners = items;
    x->c->s.nspawners = n;
}

static void k_ext_modules(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_list(x, v, "modules", ITEM_MODULE_GLOB, "[numpy, \"lxml.*\"]",
             &x->c->s.c_extension_modules);
}

static void k_ext_detect(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_bool(x, v, "detect", &x->c->s.c_extension_detect);
}

static void k_ext_thread_safe(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_list(x, v, "thread-safe", ITEM_MODULE_GLOB, "[zlib.crc32]",
             &x->c->s.c_extension_thread_safe);
}

static void k_c_extensions(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    static const KeySpec keys[] = {
        {"modules", k_ext_modules},
        {"detect", k_ext_detect},
        {"thread-safe", k_ext_thread_safe},
    };
    if (expect_mapping(x, v, "c-extensions", "{modules: [numpy], detect: true}"))
        read_mapping(x, v, keys, sizeof keys / sizeof *keys, "c-extensions");
}

static void k_thread_safe_types(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_list(x, v, "thread-safe-types", ITEM_DOTTED, "[queue.Queue]",
             &x->c->s.thread_safe_types);
}

static void k_pure(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_list(x, v, "pure", ITEM_DOTTED, "[app.util.normalize]", &x->c->s.pure);
}

static void k_hidden_state(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_list(x, v, "hidden-state", ITEM_DOTTED, "[app.config.reload]",
             &x->c->s.hidden_state);
}

static void k_select(Ctx *x, const PxYamlNode *k, const PxYamlNode *v) { x->select = v; }
static void k_extend_select(Ctx *x, const PxYamlNode *k, const PxYamlNode *v) { x->extend_select = v; }
static void k_ignore(Ctx *x, const PxYamlNode *k, const PxYamlNode *v) { x->ignore = v; }

static void k_per_file_ignores(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    if (!expect_mapping(x, v, "per-file-ignores", "{\"tests/**\": [PX101]}"))
        return;
    PxPerFileIgnore *items = px_arena_alloc(x->c->arena, (v->count + 1) * sizeof(*items));
    PxPattern *pats = px_arena_alloc(x->c->arena, (v->count + 1) * sizeof(*pats));
    size_t n = 0;
    for (size_t i = 0; i < v->count; i++) {
        const PxYamlNode *key = v->keys[i], *val = v->items[i];
        char why[200];
        PxGlob *g = px_glob_compile(x->c->arena, key->text, PX_GLOB_CONFIG, why,
                                    sizeof why);
        if (!g)
            ERR(x, key, "bad pattern '%.80s' in 'per-file-ignores': %s",
                key->text, why);
        PxConfigList sels;
        bool ok = get_selectors(x, val, "per-file-ignores", &sels);
        if (!g || !ok)
            continue;
        items[n] = (PxPerFileIgnore){px_arena_strdup(x->c->arena, key->text),
                                     selectors_to_set(&sels), loc_of(key)};
        pats[n++] = (PxPattern){g, x->c->s.root};
    }
    x->c->s.per_file_ignores = items;
    x->c->s.nper_file_ignores = n;
    x->c->per_file = pats;
}

static void k_severity(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    if (!expect_mapping(x, v, "severity", "{PX001: warning}"))
        return;
    static const char *const levels[] = {"error", "warning", "info"};
    for (size_t i = 0; i < v->count; i++) {
        const PxYamlNode *key = v->keys[i], *val = v->items[i];
        if (!check_selector(x, key, "severity", key->text))
            continue;
        const char *s = get_string(x, val, "a severity");
        if (!s)
            continue;
        int level = -1;
        for (int j = 0; j < 3; j++)
            if (!strcmp(s, levels[j]))
                level = j;
        if (level < 0) {
            const char *best = px_suggest(s, levels, 3);
            if (best)
                ERR(x, val, "unknown severity '%.40s' — did you mean '%s'? "
                            "(expected error, warning or info)", s, best);
            else
                ERR(x, val, "unknown severity '%.40s' (expected error, "
                            "warning or info)", s);
            continue;
        }
        PxRuleSet set = px_ruleset_none();
        px_ruleset_apply(&set, key->text, true);
        for (int r = 0; r < PX_RULE_COUNT; r++) {
            if (px_ruleset_has(&set, (PxRuleId)r)) {
                x->c->s.severity[r] = (PxSeverity)level;
                x->c->s.severity_set[r] = true;
            }
        }
    }
}

static void k_mode(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    const char *s = get_string(x, v, "'mode'");
    if (s && strcmp(s, "strict") != 0)
        ERR(x, v, "unknown mode '%.40s' (only 'strict' is supported)", s);
}

static void k_wl_output(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    const char *s = get_string(x, v, "'output' in 'whitelist'");
    if (s)
        x->c->s.whitelist_output = px_config_string(x->c, s, loc_of(v), x->c->s.root);
}

static void k_wl_all(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    get_bool(x, v, "all-functions", &x->c->s.whitelist_all_functions);
}

static void k_whitelist(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    static const KeySpec keys[] = {
        {"output", k_wl_output},
        {"all-functions", k_wl_all},
    };
    if (expect_mapping(x, v, "whitelist", "{output: build/whitelist.json}"))
        read_mapping(x, v, keys, sizeof keys / sizeof *keys, "whitelist");
}

static void k_max_file_size(Ctx *x, const PxYamlNode *k, const PxYamlNode *v)
{
    const char *t = v->kind == PX_YAML_SCALAR ? v->text : "";
    size_t digits = strspn(t, "0123456789");
    if (v->kind == PX_YAML_SCALAR && v->plain && *t && digits == strlen(t) &&
        digits <= 4 && atoi(t) >= 1 && atoi(t) <= 4095) {
        x->c->s.max_file_size = (size_t)atoi(t) << 20;
        return;
    }
    ERR(x, v, "'max-file-size' must be a whole number of MiB from 1 to 4095, "
              "found %s%s%.20s%s", px_yaml_describe(v),
        v->kind == PX_YAML_SCALAR ? " '" : "", t,
        v->kind == PX_YAML_SCALAR ? "'" : "");
}

static const KeySpec TOP_KEYS[] = {
    {"include", k_include},
    {"exclude", k_exclude},
    {"extend-exclude", k_extend_exclude},
    {"force-exclude", k_force_exclude},
    {"respect-gitignore", k_respect_gitignore},
    {"python-path", k_python_path},
    {"site-packages", k_site_packages},
    {"callbacks", k_callbacks},
    {"spawners", k_spawners},
    {"c-extensions", k_c_extensions},
    {"thread-safe-types", k_thread_safe_types},
    {"pure", k_pure},
    {"hidden-state", k_hidden_state},
    {"select", k_select},
    {"extend-select", k_extend_select},
    {"ignore", k_ignore},
    {"per-file-ignores", k_per_file_ignores},
    {"severity", k_severity},
    {"report-unused-ignores", k_report_unused},
    {"mode", k_mode},
    {"whitelist", k_whitelist},
    {"max-file-size", k_max_file_size},
};

bool px_config_validate(PxConfig *c, const PxYamlNode *root, const char *file,
                        PxConfigMessages *msgs)
{
    Ctx x = {.c = c, .file = file, .msgs = msgs};
    if (!root)
        return true; /* an empty file is an empty configuration */
    if (root->kind != PX_YAML_MAPPING) {
        ERR(&x, root, "expected a mapping of settings ('key: value' lines) at "
                      "the top level, found %s", px_yaml_describe(root));
        return false;
    }
    read_mapping(&x, root, TOP_KEYS, sizeof TOP_KEYS / sizeof *TOP_KEYS, "");

    /* Rule selection: every rule, then select, extend-select, ignore. */
    PxSettings *s = &c->s;
    if (x.select && get_selectors(&x, x.select, "select", &s->select)) {
        s->has_select = true;
        s->rules = selectors_to_set(&s->select);
    }
    if (x.extend_select && get_selectors(&x, x.extend_select, "extend-select",
                                         &s->extend_select)) {
        PxRuleSet add = selectors_to_set(&s->extend_select);
        for (int r = 0; r < PX_RULE_COUNT; r++)
            if (px_ruleset_has(&add, (PxRuleId)r))
                px_ruleset_add(&s->rules, (PxRuleId)r);
    }
    if (x.ignore && get_selectors(&x, x.ignore, "ignore", &s->ignore))
        for (size_t i = 0; i < s->ignore.count; i++)
            px_ruleset_apply(&s->rules, s->ignore.items[i].value, false);
    return x.errors == 0;
}
