/* The knowledge base: YAML documents (docs/knowledge.md) read with libyaml
 * into open-addressing hash tables whose keys live in one arena, so lookups
 * are O(1), take no lock and (for names under 256 bytes) allocate nothing
 * once loading is done. */
#include "knowledge.h"

#include "alloc.h"
#include "arena.h"
#include "knowledge_data.h"

#include <fnmatch.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

/* ---- hash tables -------------------------------------------------------- */

/* A key is one name, or two (type and method) hashed as if joined by 0x1f,
 * so method lookups need no joined string. */
typedef struct {
    const char *k1, *k2; /* k1 NULL: empty slot; k2 NULL in one-name tables */
    uint64_t hash;
    const void *value;
} Slot;

typedef struct {
    Slot *slots;
    size_t cap, count; /* cap is 0 or a power of two, kept over 2 * count */
} Table;

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* k1 is the first n1 bytes of its string, so a parent package ("numpy" in
 * "numpy.linalg") is looked up without a copy. */
static uint64_t key_hash(const char *k1, size_t n1, const char *k2)
{
    uint64_t h = fnv(0xcbf29ce484222325ULL, k1, n1);
    if (k2)
        h = fnv(fnv(h, "\x1f", 1), k2, strlen(k2));
    return h;
}

static bool key_equal(const Slot *s, const char *k1, size_t n1, const char *k2)
{
    if (strncmp(s->k1, k1, n1) != 0 || s->k1[n1] != '\0')
        return false;
    if (!k2 || !s->k2)
        return k2 == s->k2;
    return strcmp(s->k2, k2) == 0;
}

/* The slot holding the key, or the empty slot where it would go. */
static Slot *table_slot(const Table *t, const char *k1, size_t n1,
                        const char *k2, uint64_t h)
{
    size_t mask = t->cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        Slot *s = &t->slots[i];
        if (!s->k1 || (s->hash == h && key_equal(s, k1, n1, k2)))
            return s;
    }
}

static const void *table_getn(const Table *t, const char *k1, size_t n1,
                              const char *k2)
{
    if (!t->count)
        return NULL;
    const Slot *s = table_slot(t, k1, n1, k2, key_hash(k1, n1, k2));
    return s->k1 ? s->value : NULL;
}

static const void *table_get(const Table *t, const char *k1, const char *k2)
{
    return table_getn(t, k1, strlen(k1), k2);
}

static void table_grow(Table *t)
{
    Table bigger = {px_calloc(t->cap ? t->cap * 2 : 64, sizeof(Slot)),
                    t->cap ? t->cap * 2 : 64, t->count};
    for (size_t i = 0; i < t->cap; i++) {
        const Slot *s = &t->slots[i];
        if (s->k1)
            *table_slot(&bigger, s->k1, strlen(s->k1), s->k2, s->hash) = *s;
    }
    free(t->slots);
    *t = bigger;
}

/* Sets key -> value, replacing an earlier value. New keys are copied into
 * `arena`, or kept as given when it is NULL (they must then outlive t). */
static void table_put(Table *t, PxArena *arena, const char *k1, const char *k2,
                      const void *value)
{
    if (2 * (t->count + 1) > t->cap)
        table_grow(t);
    uint64_t h = key_hash(k1, strlen(k1), k2);
    Slot *s = table_slot(t, k1, strlen(k1), k2, h);
    if (!s->k1) {
        s->k1 = arena ? px_arena_strdup(arena, k1) : k1;
        s->k2 = k2 && arena ? px_arena_strdup(arena, k2) : k2;
        s->hash = h;
        t->count++;
    }
    s->value = value;
}

static void table_free(Table *t)
{
    free(t->slots);
    *t = (Table){0};
}

/* ---- the knowledge base -------------------------------------------------- */

typedef struct {
    PxEffect eff;
    const char *returns; /* type of the result, or NULL */
    bool synchronized;   /* mutates the receiver, safely from any thread */
    const char *where;   /* "file:line:col" of the entry (NULL if added by
                            px_knowledge_add_function), for messages */
} Spec;

typedef struct {
    const char *base;  /* methods not found are looked up here, then object */
    const char *where; /* "file:line:col" of the base, for checks */
} TypeInfo;

typedef struct {
    const char **items;
    size_t count, cap;
} Globs;

struct PxKnowledge {
    PxArena *arena;          /* every name, note and record */
    Table functions;         /* dotted -> Spec */
    Table methods;           /* (type, method) -> Spec */
    Table types;             /* type -> TypeInfo */
    Table constructors;      /* dotted -> type name */
    Table constructor_where; /* dotted -> "file:line:col" */
    Table thread_safe;       /* type -> "" */
    Table hidden_objects;    /* dotted -> note */
    Table module_aliases;    /* C module -> the public module it backs */
    Table spawners;          /* dotted or "*.method" -> PxSpawnerArg */
    Table c_ext, c_ext_safe; /* exact dotted names -> "" */
    Globs c_ext_globs, c_ext_safe_globs;
    Table any;               /* method name -> merged Spec */
    PxArena *any_arena;      /* the merged Specs, rebuilt after additions */
};

enum { MAX_BASE_DEPTH = 32 };

static const char *const SYNCHRONIZED_NOTE =
    "thread-safe: the object synchronizes this call itself";

typedef enum {
    LOAD_STRICT,  /* the knowledge format; unknown sections are errors */
    LOAD_CONFIG,  /* a .pxlint.yaml: other keys are the config loader's */
    LOAD_BUILTIN, /* an embedded file: also, no entry of an earlier file
                     may be given again */
} LoadMode;

static bool load(PxKnowledge *kb, const char *name, const char *input,
                 size_t len, LoadMode mode, char *err, size_t errlen);

PxKnowledge *px_knowledge_create_empty(void)
{
    PxKnowledge *kb = px_calloc(1, sizeof *kb);
    kb->arena = px_arena_create();
    kb->any_arena = px_arena_create();
    return kb;
}

PxKnowledge *px_knowledge_create(void)
{
    PxKnowledge *kb = px_knowledge_create_empty();
    char err[512];
    for (size_t i = 0; i < px_knowledge_file_count; i++) {
        const PxEmbeddedFile *f = &px_knowledge_files[i];
        if (!load(kb, f->name, f->text, f->len, LOAD_BUILTIN, err,
                  sizeof err)) {
            fprintf(stderr, "pxlint: built-in knowledge base: %s\n", err);
            abort();
        }
    }
    return kb;
}

void px_knowledge_destroy(PxKnowledge *kb)
{
    if (!kb)
        return;
    Table *tables[] = {&kb->functions,    &kb->methods,         &kb->types,
                       &kb->constructors, &kb->constructor_where,
                       &kb->thread_safe,  &kb->hidden_objects,  &kb->spawners,
                       &kb->c_ext,        &kb->c_ext_safe,      &kb->any,
                       &kb->module_aliases};
    for (size_t i = 0; i < sizeof tables / sizeof *tables; i++)
        table_free(tables[i]);
    free(kb->c_ext_globs.items);
    free(kb->c_ext_safe_globs.items);
    px_arena_destroy(kb->any_arena);
    px_arena_destroy(kb->arena);
    free(kb);
}

static const char *kb_str(PxKnowledge *kb, const char *s)
{
    return s ? px_arena_strdup(kb->arena, s) : NULL;
}

static bool is_glob(const char *s) { return strpbrk(s, "*?[") != NULL; }

static void add_module(PxKnowledge *kb, Table *exact, Globs *globs,
                       const char *name)
{
    if (is_glob(name))
        PX_PUSH(globs->items, globs->count, globs->cap, kb_str(kb, name));
    else
        table_put(exact, kb->arena, name, NULL, "");
}

/* The effect of a method found on a receiver of unknown type, merged over
 * every known type that has it: the worst effect, the union of mutated
 * arguments, the least known result. Synchronized methods are left out:
 * they are safe only on their own thread-safe type. */
static void merge_any(Spec *m, const Spec *s)
{
    if (s->eff.effect > m->eff.effect) {
        m->eff.effect = s->eff.effect;
        m->eff.note = s->eff.note;
    }
    m->eff.mutated_args |= s->eff.mutated_args;
    if (s->eff.result > m->eff.result)
        m->eff.result = s->eff.result;
    if (m->returns && (!s->returns || strcmp(m->returns, s->returns) != 0))
        m->returns = NULL;
}

static void rebuild_any(PxKnowledge *kb)
{
    table_free(&kb->any);
    px_arena_destroy(kb->any_arena);
    kb->any_arena = px_arena_create();
    for (size_t i = 0; i < kb->methods.cap; i++) {
        const Slot *slot = &kb->methods.slots[i];
        const Spec *s = slot->value;
        if (!slot->k1 || s->synchronized)
            continue;
        Spec *m = (Spec *)table_get(&kb->any, slot->k2, NULL);
        if (m) {
            merge_any(m, s);
        } else {
            m = px_arena_alloc(kb->any_arena, sizeof *m);
            *m = *s;
            table_put(&kb->any, NULL, slot->k2, NULL, m);
        }
    }
}

/* ---- lookups ------------------------------------------------------------- */

/* The method on `type` (its first tlen bytes), on its bases, then on
 * object; NULL if the type is not declared or has no such method. */
static const Spec *method_spec(const PxKnowledge *kb, const char *type,
                               size_t tlen, const char *method)
{
    if (!table_getn(&kb->types, type, tlen, NULL))
        return NULL;
    for (int depth = 0; depth < MAX_BASE_DEPTH; depth++) {
        const Spec *s = table_getn(&kb->methods, type, tlen, method);
        if (s)
            return s;
        const TypeInfo *ti = table_getn(&kb->types, type, tlen, NULL);
        if (ti && ti->base)
            type = ti->base;
        else if (tlen == 6 && strncmp(type, "object", 6) == 0)
            return NULL;
        else
            type = "object";
        tlen = strlen(type);
    }
    return NULL;
}

/* `list.append(xs, 1)`: the receiver is argument 0, the others shift. */
static uint32_t unbound_args(uint32_t bits)
{
    uint32_t out = (bits & ~PX_MUTATES_RECEIVER) << 1;
    return bits & PX_MUTATES_RECEIVER ? out | 1u : out;
}

/* A function: declared, else a constructor, else an unbound method
 * ("dict.fromkeys", "str.join", "object.__setattr__"). */
static const Spec *function_spec(const PxKnowledge *kb, const char *dotted,
                                 bool *unbound)
{
    *unbound = false;
    const Spec *s = table_get(&kb->functions, dotted, NULL);
    if (s)
        return s;
    const char *dot = strrchr(dotted, '.');
    if (!dot)
        return NULL;
    s = method_spec(kb, dotted, (size_t)(dot - dotted), dot + 1);
    *unbound = s != NULL;
    return s;
}

const char *px_knowledge_public_name(const PxKnowledge *kb, const char *dotted,
                                     char *buf, size_t len)
{
    const char *dot = strchr(dotted, '.');
    if (!dot || (size_t)(dot - dotted) >= 128)
        return NULL;
    char module[128];
    memcpy(module, dotted, (size_t)(dot - dotted));
    module[dot - dotted] = '\0';
    const char *public = table_get(&kb->module_aliases, module, NULL);
    if (!public || snprintf(buf, len, "%s%s", public, dot) >= (int)len)
        return NULL;
    return buf;
}

bool px_knowledge_function(const PxKnowledge *kb, const char *dotted,
                           PxEffect *out)
{
    bool unbound;
    const Spec *s = function_spec(kb, dotted, &unbound);
    char buf[512];
    if (!s && !table_get(&kb->constructors, dotted, NULL)) {
        const char *public = px_knowledge_public_name(kb, dotted, buf, sizeof buf);
        if (public) {
            dotted = public;
            s = function_spec(kb, dotted, &unbound);
        }
    }
    PxEffect e = {PX_EFFECT_PURE, PX_RESULT_FRESH, 0, NULL};
    if (s) {
        e = s->eff;
        if (unbound)
            e.mutated_args = unbound_args(e.mutated_args);
    } else if (!table_get(&kb->constructors, dotted, NULL)) {
        return false;
    }
    if (out)
        *out = e;
    return true;
}

bool px_knowledge_method(const PxKnowledge *kb, const char *type,
                         const char *method, PxEffect *out)
{
    const Spec *s = method_spec(kb, type, strlen(type), method);
    if (s && out)
        *out = s->eff;
    return s != NULL;
}

bool px_knowledge_method_any(const PxKnowledge *kb, const char *method,
                             PxEffect *out)
{
    const Spec *s = table_get(&kb->any, method, NULL);
    if (s && out)
        *out = s->eff;
    return s != NULL;
}

const char *px_knowledge_constructs(const PxKnowledge *kb, const char *dotted)
{
    return table_get(&kb->constructors, dotted, NULL);
}

bool px_knowledge_thread_safe_type(const PxKnowledge *kb, const char *type)
{
    return table_get(&kb->thread_safe, type, NULL) != NULL;
}

bool px_knowledge_spawner(const PxKnowledge *kb, const char *dotted,
                          PxSpawnerArg *out)
{
    const PxSpawnerArg *a = table_get(&kb->spawners, dotted, NULL);
    if (a && out)
        *out = *a;
    return a != NULL;
}

/* True if `name` or a parent of it ("numpy" for "numpy.linalg.norm") is in
 * the table or matches a glob. */
static bool module_listed(const Table *exact, const Globs *globs,
                          const char *name)
{
    size_t n = strlen(name);
    while (n > 0) {
        if (table_getn(exact, name, n, NULL))
            return true;
        if (globs->count) {
            /* fnmatch needs a C string: the prefix, copied. */
            char buf[256];
            char *prefix = n < sizeof buf ? buf : px_malloc(n + 1);
            memcpy(prefix, name, n);
            prefix[n] = '\0';
            bool hit = false;
            for (size_t i = 0; i < globs->count && !hit; i++)
                hit = fnmatch(globs->items[i], prefix, 0) == 0;
            if (prefix != buf)
                free(prefix);
            if (hit)
                return true;
        }
        while (n > 0 && name[n - 1] != '.')
            n--;
        if (n > 0)
            n--; /* drop the dot too */
    }
    return false;
}

bool px_knowledge_c_extension(const PxKnowledge *kb, const char *module)
{
    return !module_listed(&kb->c_ext_safe, &kb->c_ext_safe_globs, module) &&
           module_listed(&kb->c_ext, &kb->c_ext_globs, module);
}

bool px_knowledge_hidden_object(const PxKnowledge *kb, const char *dotted,
                                const char **note)
{
    size_t n = strlen(dotted);
    while (n > 0) {
        const char *text = table_getn(&kb->hidden_objects, dotted, n, NULL);
        if (text) {
            if (note)
                *note = text;
            return true;
        }
        while (n > 0 && dotted[n - 1] != '.')
            n--;
        if (n > 0)
            n--;
    }
    return false;
}

const char *px_knowledge_result_type(const PxKnowledge *kb, const char *dotted)
{
    bool unbound;
    const Spec *s = function_spec(kb, dotted, &unbound);
    if (s && s->returns)
        return s->returns;
    return table_get(&kb->constructors, dotted, NULL);
}

const char *px_knowledge_method_result_type(const PxKnowledge *kb,
                                            const char *type,
                                            const char *method)
{
    const Spec *s = method_spec(kb, type, strlen(type), method);
    return s ? s->returns : NULL;
}

/* ---- single additions ---------------------------------------------------- */

void px_knowledge_add_function(PxKnowledge *kb, const char *dotted,
                               const PxEffect *effect)
{
    Spec *s = px_arena_alloc(kb->arena, sizeof *s);
    s->eff = *effect;
    s->eff.note = kb_str(kb, effect->note);
    table_put(&kb->functions, kb->arena, dotted, NULL, s);
}

void px_knowledge_add_spawner(PxKnowledge *kb, const char *dotted,
                              PxSpawnerArg arg)
{
    PxSpawnerArg *a = px_arena_alloc(kb->arena, sizeof *a);
    *a = arg;
    a->keyword = kb_str(kb, arg.keyword);
    for (uint8_t i = 0; i < arg.narg_keywords; i++)
        a->arg_keywords[i] = kb_str(kb, arg.arg_keywords[i]);
    table_put(&kb->spawners, kb->arena, dotted, NULL, a);
}

void px_knowledge_add_thread_safe_type(PxKnowledge *kb, const char *type)
{
    table_put(&kb->thread_safe, kb->arena, type, NULL, "");
}

void px_knowledge_add_c_extension(PxKnowledge *kb, const char *module)
{
    add_module(kb, &kb->c_ext, &kb->c_ext_globs, module);
}

void px_knowledge_add_thread_safe_c_extension(PxKnowledge *kb,
                                              const char *name)
{
    add_module(kb, &kb->c_ext_safe, &kb->c_ext_safe_globs, name);
}

/* ---- reading YAML ---------------------------------------------------------
 * A document is read whole into a list of operations first and applied only
 * if it has no error, so a rejected document leaves the base unchanged. */

typedef enum {
    OP_FUNCTION,         /* a: dotted name */
    OP_METHOD,           /* a: type, b: method */
    OP_TYPE,             /* a: type, b: base or NULL */
    OP_CONSTRUCTOR,      /* a: dotted name, b: type */
    OP_THREAD_SAFE_TYPE, /* a: type */
    OP_HIDDEN_OBJECT,    /* a: dotted name, b: note */
    OP_MODULE_ALIAS,     /* a: module, b: the module it stands for */
    OP_SPAWNER,          /* a: dotted name */
    OP_C_EXT,            /* a: module or glob */
    OP_C_EXT_SAFE,       /* a: module, function or glob */
} OpKind;

typedef struct {
    OpKind kind;
    const char *a, *b;
    const char *where; /* "file:line:col", kept for OP_TYPE, OP_CONSTRUCTOR */
    Spec spec;
    PxSpawnerArg spawn;
} Op;

typedef struct {
    const char *name; /* the document's name in messages */
    yaml_document_t *doc;
    PxArena *arena; /* everything read, until applied */
    Op *ops;
    size_t nops, cap;
    Table seen; /* "section", name[, method] -> node, to find duplicates */
    char *err;
    size_t errlen;
    bool failed;
} Loader;

#define EACH_PAIR(n, p)                                                       \
    for (yaml_node_pair_t *p = (n)->data.mapping.pairs.start;                 \
         p < (n)->data.mapping.pairs.top; p++)
#define EACH_ITEM(n, it)                                                      \
    for (yaml_node_item_t *it = (n)->data.sequence.items.start;               \
         it < (n)->data.sequence.items.top; it++)

static yaml_node_t *node(Loader *ld, int index)
{
    return yaml_document_get_node(ld->doc, index);
}

static void verror(Loader *ld, size_t line, size_t col, const char *fmt,
                   va_list ap)
{
    if (ld->failed)
        return; /* the first error is the one reported */
    ld->failed = true;
    if (!ld->errlen)
        return;
    int k = snprintf(ld->err, ld->errlen, "%s:%zu:%zu: ", ld->name, line, col);
    if (k >= 0 && (size_t)k < ld->errlen)
        vsnprintf(ld->err + k, ld->errlen - (size_t)k, fmt, ap);
}

__attribute__((format(printf, 4, 5))) static void
fail_at(Loader *ld, size_t line, size_t col, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(ld, line, col, fmt, ap);
    va_end(ap);
}

__attribute__((format(printf, 3, 4))) static void
fail(Loader *ld, const yaml_node_t *at, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    verror(ld, at->start_mark.line + 1, at->start_mark.column + 1, fmt, ap);
    va_end(ap);
}

static const char *where(Loader *ld, const yaml_node_t *at)
{
    return px_arena_printf(ld->arena, "%s:%zu:%zu", ld->name,
                           at->start_mark.line + 1, at->start_mark.column + 1);
}

static const char *kind_name(const yaml_node_t *n)
{
    return n->type == YAML_MAPPING_NODE    ? "mapping"
           : n->type == YAML_SEQUENCE_NODE ? "list"
                                           : "single value";
}

/* `key:` with nothing after it, `~` or `null`. */
static bool is_null(const yaml_node_t *n)
{
    if (n->type != YAML_SCALAR_NODE ||
        n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *v = (const char *)n->data.scalar.value;
    return !*v || !strcmp(v, "~") || !strcmp(v, "null");
}

static const char *scalar(Loader *ld, const yaml_node_t *n, const char *what)
{
    if (n->type != YAML_SCALAR_NODE) {
        fail(ld, n, "%s must be a single value, not a %s", what, kind_name(n));
        return NULL;
    }
    return px_arena_strndup(ld->arena, (const char *)n->data.scalar.value,
                            n->data.scalar.length);
}

static bool expect(Loader *ld, const yaml_node_t *n, yaml_node_type_t type,
                   const char *what, const char *example)
{
    if (n->type == type)
        return true;
    fail(ld, n, "%s must be a %s, such as %s", what,
         type == YAML_MAPPING_NODE ? "mapping" : "list", example);
    return false;
}

/* Text for messages: a non-empty single value. */
static const char *text(Loader *ld, const yaml_node_t *n, const char *what)
{
    const char *s = scalar(ld, n, what);
    if (s && !*s) {
        fail(ld, n, "%s must not be empty", what);
        return NULL;
    }
    return s;
}

typedef enum { NAME_IDENT, NAME_DOTTED, NAME_SPAWNER, NAME_MODULE } NameKind;

static bool ident_char(unsigned char c, bool first)
{
    return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c >= 0x80 || (!first && c >= '0' && c <= '9');
}

/* Dot-separated parts, none empty, each passing `part`. */
static bool dotted_parts(const char *s, bool (*part)(const char *, size_t))
{
    for (;;) {
        size_t n = strcspn(s, ".");
        if (!n || !part(s, n))
            return false;
        if (!s[n])
            return true;
        s += n + 1;
    }
}

static bool ident_part(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!ident_char((unsigned char)s[i], i == 0))
            return false;
    return true;
}

static bool pattern_part(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!ident_char((unsigned char)s[i], false) && !strchr("*?[]!", s[i]))
            return false;
    return true;
}

static bool valid_name(const char *s, NameKind kind)
{
    switch (kind) {
    case NAME_IDENT:
        return *s && ident_part(s, strlen(s));
    case NAME_DOTTED:
        return dotted_parts(s, ident_part);
    case NAME_SPAWNER:
        if (s[0] == '*' && s[1] == '.')
            s += 2;
        return dotted_parts(s, ident_part);
    case NAME_MODULE:
        return dotted_parts(s, pattern_part);
    }
    return false;
}

static const char *const NAME_HINT[] = {
    [NAME_IDENT] = "a Python identifier",
    [NAME_DOTTED] = "a dotted name such as os.path.join",
    [NAME_SPAWNER] = ("a dotted name, or \"*.method\" for a method of any "
                      "receiver (quoted: YAML reads a bare * as an alias)"),
    [NAME_MODULE] = "a dotted module name or a glob such as lxml.*",
};

static const char *name_of(Loader *ld, const yaml_node_t *n, NameKind kind,
                           const char *what)
{
    const char *s = scalar(ld, n, what);
    if (s && !valid_name(s, kind)) {
        fail(ld, n, "'%s' is not %s", s, NAME_HINT[kind]);
        return NULL;
    }
    return s;
}

/* False (and an error) if the entry was already given in this document. */
static bool first_time(Loader *ld, const yaml_node_t *at, const char *ns,
                       const char *name, const char *method)
{
    const char *key = px_arena_printf(ld->arena, "%s\x1f%s", ns, name);
    const yaml_node_t *prev = table_get(&ld->seen, key, method);
    if (prev) {
        fail(ld, at, "'%s%s%s' is given twice (first at line %zu)", name,
             method ? "." : "", method ? method : "",
             prev->start_mark.line + 1);
        return false;
    }
    table_put(&ld->seen, NULL, key, method, at);
    return true;
}

static Op *push(Loader *ld, OpKind kind, const char *a, const char *b)
{
    px_grow((void **)&ld->ops, &ld->cap, ld->nops + 1, sizeof *ld->ops);
    Op *op = &ld->ops[ld->nops++];
    memset(op, 0, sizeof *op);
    op->kind = kind;
    op->a = a;
    op->b = b;
    return op;
}

static bool read_result(Loader *ld, const yaml_node_t *n, PxResultKind *out)
{
    const char *s = scalar(ld, n, "a result");
    if (!s)
        return false;
    if (!strcmp(s, "fresh"))
        *out = PX_RESULT_FRESH;
    else if (!strcmp(s, "derived"))
        *out = PX_RESULT_DERIVED;
    else if (!strcmp(s, "unknown"))
        *out = PX_RESULT_UNKNOWN;
    else {
        fail(ld, n, "unknown result '%s' (expected fresh, derived or unknown)",
             s);
        return false;
    }
    return true;
}

static bool read_bool(Loader *ld, const yaml_node_t *n, const char *what)
{
    const char *s = scalar(ld, n, what);
    if (s && !strcmp(s, "true"))
        return true;
    if (s && strcmp(s, "false") != 0)
        fail(ld, n, "%s must be true or false, not '%s'", what, s);
    return false;
}

/* A small non-negative integer, or -1 (and an error). */
static int read_index(Loader *ld, const yaml_node_t *n, int max,
                      const char *what)
{
    const char *s = scalar(ld, n, what);
    if (!s)
        return -1;
    int v = 0;
    size_t len = strlen(s);
    bool ok = len > 0 && len <= 3 && strspn(s, "0123456789") == len;
    if (ok)
        v = atoi(s);
    if (!ok || v > max) {
        fail(ld, n, "%s must be a number from 0 to %d, not '%s'", what, max,
             s);
        return -1;
    }
    return v;
}

static void read_mutates(Loader *ld, const yaml_node_t *n, bool method,
                         uint32_t *bits)
{
    if (!expect(ld, n, YAML_SEQUENCE_NODE, "'mutates'", "[0] or [receiver]"))
        return;
    if (n->data.sequence.items.start == n->data.sequence.items.top) {
        fail(ld, n, "'mutates' lists at least one argument");
        return;
    }
    EACH_ITEM(n, it) {
        const yaml_node_t *item = node(ld, *it);
        if (item->type == YAML_SCALAR_NODE &&
            !strcmp((const char *)item->data.scalar.value, "receiver")) {
            if (!method)
                fail(ld, item, "'receiver' is for methods; a function's "
                               "arguments are numbered from 0");
            *bits |= PX_MUTATES_RECEIVER;
            continue;
        }
        /* 0..29, so an unbound call (receiver first) still fits in 31 bits. */
        int i = read_index(ld, item, 29, "an argument index");
        if (i >= 0)
            *bits |= 1u << i;
    }
}

/* An effect: pure | fresh | derived, or a mapping of mutates, hidden-state,
 * dynamic, result, returns, note. */
static void read_effect(Loader *ld, const yaml_node_t *n, bool method,
                        Spec *out)
{
    memset(out, 0, sizeof *out);
    out->eff.effect = PX_EFFECT_PURE;
    out->eff.result = PX_RESULT_FRESH;
    if (n->type == YAML_SCALAR_NODE) {
        const char *s = scalar(ld, n, "an effect");
        if (!strcmp(s, "derived"))
            out->eff.result = PX_RESULT_DERIVED;
        else if (strcmp(s, "pure") != 0 && strcmp(s, "fresh") != 0)
            fail(ld, n,
                 "unknown effect '%s' (expected pure, fresh, derived, or a "
                 "mapping such as {mutates: [0]})",
                 s);
        return;
    }
    if (!expect(ld, n, YAML_MAPPING_NODE, "an effect",
                "pure, derived or {mutates: [0], result: derived}"))
        return;
    const yaml_node_t *hidden = NULL, *dynamic = NULL, *note = NULL,
                      *synchronized = NULL;
    EACH_PAIR(n, p) {
        const yaml_node_t *kn = node(ld, p->key), *v = node(ld, p->value);
        const char *k = scalar(ld, kn, "a key");
        if (!k)
            return;
        if (!strcmp(k, "mutates")) {
            read_mutates(ld, v, method, &out->eff.mutated_args);
        } else if (!strcmp(k, "hidden-state")) {
            hidden = kn;
            out->eff.note = text(ld, v, "'hidden-state' (what it touches)");
        } else if (!strcmp(k, "dynamic")) {
            dynamic = kn;
            out->eff.note = text(ld, v, "'dynamic' (what it does)");
        } else if (!strcmp(k, "result")) {
            read_result(ld, v, &out->eff.result);
        } else if (!strcmp(k, "returns")) {
            out->returns = name_of(ld, v, NAME_DOTTED, "'returns'");
        } else if (!strcmp(k, "note")) {
            note = kn;
            out->eff.note = text(ld, v, "'note'");
        } else if (method && !strcmp(k, "synchronized")) {
            synchronized = kn;
            out->synchronized = read_bool(ld, v, "'synchronized'");
        } else {
            fail(ld, kn,
                 "unknown key '%s' in an effect (expected mutates, "
                 "hidden-state, dynamic, result, returns%s or note)",
                 k, method ? ", synchronized" : "");
        }
    }
    if (hidden && dynamic)
        fail(ld, dynamic, "an effect is hidden-state or dynamic, not both");
    if (note && (hidden || dynamic))
        fail(ld, note, "the hidden-state or dynamic text is already the note");
    if (out->synchronized && (hidden || dynamic || out->eff.mutated_args))
        fail(ld, synchronized, "a synchronized method is otherwise pure");
    if (out->synchronized && !note)
        out->eff.note = SYNCHRONIZED_NOTE;
    out->eff.effect = dynamic                  ? PX_EFFECT_DYNAMIC
                      : hidden                 ? PX_EFFECT_HIDDEN_STATE
                      : out->eff.mutated_args ? PX_EFFECT_MUTATES
                                               : PX_EFFECT_PURE;
}

static void add_function(Loader *ld, const yaml_node_t *at, const char *name,
                         const Spec *spec)
{
    if (first_time(ld, at, "function", name, NULL)) {
        Op *op = push(ld, OP_FUNCTION, name, NULL);
        op->spec = *spec;
        op->spec.where = where(ld, at);
    }
}

static void add_method(Loader *ld, const yaml_node_t *at, const char *type,
                       const char *method, const Spec *spec)
{
    if (first_time(ld, at, "method", type, method)) {
        Op *op = push(ld, OP_METHOD, type, method);
        op->spec = *spec;
        op->spec.where = where(ld, at);
    }
}

/* functions: {dotted: effect} */
static void sec_functions(Loader *ld, const yaml_node_t *v)
{
    if (!expect(ld, v, YAML_MAPPING_NODE, "'functions'", "{len: pure}"))
        return;
    EACH_PAIR(v, p) {
        const yaml_node_t *kn = node(ld, p->key);
        const char *name = name_of(ld, kn, NAME_DOTTED, "a function name");
        Spec spec;
        read_effect(ld, node(ld, p->value), false, &spec);
        if (name)
            add_function(ld, kn, name, &spec);
    }
}

/* pure: [dotted] -- functions vouched for by the user; their result may be
 * an argument, so it is derived. */
static void sec_pure(Loader *ld, const yaml_node_t *v)
{
    if (!expect(ld, v, YAML_SEQUENCE_NODE, "'pure'", "[app.util.normalize]"))
        return;
    EACH_ITEM(v, it) {
        const yaml_node_t *n = node(ld, *it);
        const char *name = name_of(ld, n, NAME_DOTTED, "a function name");
        Spec spec = {.eff = {PX_EFFECT_PURE, PX_RESULT_DERIVED, 0, NULL}};
        if (name)
            add_function(ld, n, name, &spec);
    }
}

/* hidden-state: [dotted] or {dotted: note} */
static void sec_hidden_state(Loader *ld, const yaml_node_t *v)
{
    Spec spec = {.eff = {PX_EFFECT_HIDDEN_STATE, PX_RESULT_UNKNOWN, 0,
                         "interpreter-wide state (configured)"}};
    if (v->type == YAML_SEQUENCE_NODE) {
        EACH_ITEM(v, it) {
            const yaml_node_t *n = node(ld, *it);
            const char *name = name_of(ld, n, NAME_DOTTED, "a function name");
            if (name)
                add_function(ld, n, name, &spec);
        }
        return;
    }
    if (!expect(ld, v, YAML_MAPPING_NODE, "'hidden-state'",
                "[app.config.reload] or {app.config.reload: what it changes}"))
        return;
    EACH_PAIR(v, p) {
        const yaml_node_t *kn = node(ld, p->key);
        const char *name = name_of(ld, kn, NAME_DOTTED, "a function name");
        spec.eff.note = text(ld, node(ld, p->value), "the hidden state");
        if (name)
            add_function(ld, kn, name, &spec);
    }
}

typedef enum { CAT_PURE, CAT_MUTATING, CAT_SYNCHRONIZED } Category;

/* [name, name: result, ...] under a type's pure, mutating or synchronized. */
static void read_method_list(Loader *ld, const char *type,
                             const yaml_node_t *v, Category cat)
{
    if (!expect(ld, v, YAML_SEQUENCE_NODE, "a method list",
                "[append, pop: derived]"))
        return;
    EACH_ITEM(v, it) {
        const yaml_node_t *item = node(ld, *it), *name_node = item;
        Spec spec = {.eff = {PX_EFFECT_PURE, PX_RESULT_FRESH, 0, NULL}};
        if (cat == CAT_MUTATING) {
            spec.eff.effect = PX_EFFECT_MUTATES;
            spec.eff.mutated_args = PX_MUTATES_RECEIVER;
        } else if (cat == CAT_SYNCHRONIZED) {
            spec.synchronized = true;
            spec.eff.note = SYNCHRONIZED_NOTE;
        }
        if (item->type == YAML_MAPPING_NODE &&
            item->data.mapping.pairs.top - item->data.mapping.pairs.start ==
                1) {
            name_node = node(ld, item->data.mapping.pairs.start->key);
            read_result(ld, node(ld, item->data.mapping.pairs.start->value),
                        &spec.eff.result);
        } else if (item->type != YAML_SCALAR_NODE) {
            fail(ld, item, "a method list item is a name or 'name: result', "
                           "such as pop: derived");
            continue;
        }
        const char *method = name_of(ld, name_node, NAME_IDENT, "a method");
        if (method)
            add_method(ld, name_node, type, method, &spec);
    }
}

/* types: {type: {base, pure, mutating, synchronized, hidden-state, methods}} */
static void read_type(Loader *ld, const char *type, const yaml_node_t *v)
{
    Op *op = NULL;
    const char *base = NULL, *base_at = NULL;
    if (!expect(ld, v, YAML_MAPPING_NODE, "a type",
                "{mutating: [append], pure: [count]}"))
        return;
    EACH_PAIR(v, p) {
        const yaml_node_t *kn = node(ld, p->key), *val = node(ld, p->value);
        const char *k = scalar(ld, kn, "a key");
        if (!k)
            return;
        if (!strcmp(k, "base")) {
            base = name_of(ld, val, NAME_DOTTED, "'base'");
            base_at = where(ld, val);
        } else if (!strcmp(k, "pure")) {
            read_method_list(ld, type, val, CAT_PURE);
        } else if (!strcmp(k, "mutating")) {
            read_method_list(ld, type, val, CAT_MUTATING);
        } else if (!strcmp(k, "synchronized")) {
            read_method_list(ld, type, val, CAT_SYNCHRONIZED);
        } else if (!strcmp(k, "hidden-state")) {
            if (!expect(ld, val, YAML_MAPPING_NODE, "'hidden-state'",
                        "{setLevel: logging configuration}"))
                continue;
            EACH_PAIR(val, q) {
                const yaml_node_t *mn = node(ld, q->key);
                const char *m = name_of(ld, mn, NAME_IDENT, "a method");
                Spec spec = {.eff = {PX_EFFECT_HIDDEN_STATE, PX_RESULT_FRESH,
                                     0, text(ld, node(ld, q->value),
                                             "the hidden state")}};
                if (m)
                    add_method(ld, mn, type, m, &spec);
            }
        } else if (!strcmp(k, "methods")) {
            if (!expect(ld, val, YAML_MAPPING_NODE, "'methods'",
                        "{shuffle: {mutates: [receiver, 0]}}"))
                continue;
            EACH_PAIR(val, q) {
                const yaml_node_t *mn = node(ld, q->key);
                const char *m = name_of(ld, mn, NAME_IDENT, "a method");
                Spec spec;
                read_effect(ld, node(ld, q->value), true, &spec);
                if (m)
                    add_method(ld, mn, type, m, &spec);
            }
        } else {
            fail(ld, kn,
                 "unknown key '%s' in type '%s' (expected base, pure, "
                 "mutating, synchronized, hidden-state or methods)",
                 k, type);
        }
    }
    op = push(ld, OP_TYPE, type, base);
    op->where = base_at;
}

static void sec_types(Loader *ld, const yaml_node_t *v)
{
    if (!expect(ld, v, YAML_MAPPING_NODE, "'types'",
                "{list: {mutating: [append]}}"))
        return;
    EACH_PAIR(v, p) {
        const yaml_node_t *kn = node(ld, p->key);
        const char *type = name_of(ld, kn, NAME_DOTTED, "a type name");
        if (type && first_time(ld, kn, "type", type, NULL))
            read_type(ld, type, node(ld, p->value));
    }
}

/* constructors: {callable: type} */
static void sec_constructors(Loader *ld, const yaml_node_t *v)
{
    if (!expect(ld, v, YAML_MAPPING_NODE, "'constructors'",
                "{collections.deque: collections.deque}"))
        return;
    EACH_PAIR(v, p) {
        const yaml_node_t *kn = node(ld, p->key), *vn = node(ld, p->value);
        const char *name = name_of(ld, kn, NAME_DOTTED, "a constructor");
        const char *type = name_of(ld, vn, NAME_DOTTED, "a type name");
        if (name && type && first_time(ld, kn, "constructor", name, NULL))
            push(ld, OP_CONSTRUCTOR, name, type)->where = where(ld, vn);
    }
}

static void name_list(Loader *ld, const yaml_node_t *v, const char *section,
                      NameKind kind, OpKind op)
{
    if (!expect(ld, v, YAML_SEQUENCE_NODE, section,
                kind == NAME_MODULE ? "[numpy, lxml.*]" : "[queue.Queue]"))
        return;
    EACH_ITEM(v, it) {
        const yaml_node_t *n = node(ld, *it);
        const char *name = name_of(ld, n, kind, "a name");
        if (name && first_time(ld, n, section, name, NULL))
            push(ld, op, name, NULL);
    }
}

static void sec_thread_safe_types(Loader *ld, const yaml_node_t *v)
{
    name_list(ld, v, "'thread-safe-types'", NAME_DOTTED, OP_THREAD_SAFE_TYPE);
}

static void sec_thread_safe_c_extensions(Loader *ld, const yaml_node_t *v)
{
    name_list(ld, v, "'thread-safe-c-extensions'", NAME_MODULE,
              OP_C_EXT_SAFE);
}

/* c-extensions: [module], or the config's {modules, thread-safe, detect}
 * (detect is the config loader's business). */
static void sec_c_extensions(Loader *ld, const yaml_node_t *v)
{
    if (v->type != YAML_MAPPING_NODE) {
        name_list(ld, v, "'c-extensions'", NAME_MODULE, OP_C_EXT);
        return;
    }
    EACH_PAIR(v, p) {
        const yaml_node_t *kn = node(ld, p->key), *val = node(ld, p->value);
        const char *k = scalar(ld, kn, "a key");
        if (!k)
            return;
        if (!strcmp(k, "modules"))
            name_list(ld, val, "'c-extensions'", NAME_MODULE, OP_C_EXT);
        else if (!strcmp(k, "thread-safe"))
            name_list(ld, val, "'thread-safe-c-extensions'", NAME_MODULE,
                      OP_C_EXT_SAFE);
        else if (strcmp(k, "detect") != 0)
            fail(ld, kn,
                 "unknown key '%s' in 'c-extensions' (expected modules, "
                 "thread-safe or detect)",
                 k);
    }
}

/* hidden-state-objects: {dotted: note} */
static void sec_hidden_objects(Loader *ld, const yaml_node_t *v)
{
    if (!expect(ld, v, YAML_MAPPING_NODE, "'hidden-state-objects'",
                "{os.environ: the process environment}"))
        return;
    EACH_PAIR(v, p) {
        const yaml_node_t *kn = node(ld, p->key);
        const char *name = name_of(ld, kn, NAME_DOTTED, "an object name");
        const char *note = text(ld, node(ld, p->value), "the hidden state");
        if (name && note && first_time(ld, kn, "object", name, NULL))
            push(ld, OP_HIDDEN_OBJECT, name, note);
    }
}

/* module-aliases: {posix: os}: the C module behind a public one. */
static void sec_module_aliases(Loader *ld, const yaml_node_t *v)
{
    if (!expect(ld, v, YAML_MAPPING_NODE, "'module-aliases'", "{posix: os}"))
        return;
    EACH_PAIR(v, p) {
        const yaml_node_t *kn = node(ld, p->key), *vn = node(ld, p->value);
        const char *name = name_of(ld, kn, NAME_DOTTED, "a module");
        const char *public = name_of(ld, vn, NAME_DOTTED, "a module");
        if (name && public && first_time(ld, kn, "module alias", name, NULL))
            push(ld, OP_MODULE_ALIAS, name, public);
    }
}

/* A spawner's `arguments`: `rest` (every argument after the callback's
 * goes to it), or {positions: [N, ...], keywords: [K, ...]}, the call's
 * arguments that carry the callback's own. */
static void read_spawn_args(Loader *ld, const yaml_node_t *v, PxSpawnerArg *arg)
{
    static const char example[] = "rest, or {positions: [3], keywords: [args]}";
    if (v->type == YAML_SCALAR_NODE) {
        const char *k = scalar(ld, v, "'arguments'");
        if (k && !strcmp(k, "rest"))
            arg->args = PX_SPAWN_ARGS_REST;
        else if (k)
            fail(ld, v, "'arguments' must be %s, not '%s'", example, k);
        return;
    }
    if (!expect(ld, v, YAML_MAPPING_NODE, "'arguments'", example))
        return;
    arg->args = PX_SPAWN_ARGS_LISTED;
    EACH_PAIR(v, p) {
        const yaml_node_t *kn = node(ld, p->key), *list = node(ld, p->value);
        const char *k = scalar(ld, kn, "a key");
        if (!k)
            return;
        bool positions = !strcmp(k, "positions");
        if (!positions && strcmp(k, "keywords") != 0) {
            fail(ld, kn, "unknown key '%s' in 'arguments' (expected positions or keywords)", k);
            continue;
        }
        if (!expect(ld, list, YAML_SEQUENCE_NODE, positions ? "'positions'" : "'keywords'",
                    positions ? "[3, 4]" : "[args, kwargs]"))
            continue;
        uint8_t *n = positions ? &arg->narg_positions : &arg->narg_keywords;
        EACH_ITEM(list, it) {
            const yaml_node_t *item = node(ld, *it);
            if (*n == PX_SPAWN_MAX_CARRIERS) {
                fail(ld, item, "'arguments' lists at most %d %s", PX_SPAWN_MAX_CARRIERS, k);
                break;
            }
            if (positions) {
                int i = read_index(ld, item, 255, "a position");
                if (i >= 0)
                    arg->arg_positions[(*n)++] = (uint8_t)i;
            } else {
                const char *kw = name_of(ld, item, NAME_IDENT, "a keyword");
                if (kw)
                    arg->arg_keywords[(*n)++] = kw;
            }
        }
    }
}

/* One spawner: {position: N, keyword: K, arguments: ...} under its name, or
 * in the config's list form {call: name, callback: N-or-keyword,
 * arguments: ...}. */
static void read_spawner(Loader *ld, const yaml_node_t *name_node,
                         const yaml_node_t *v)
{
    const char *call = NULL;
    PxSpawnerArg arg = {.position = -1};
    bool list_form = name_node == NULL;
    if (name_node)
        call = name_of(ld, name_node, NAME_SPAWNER, "a spawner");
    if (!expect(ld, v, YAML_MAPPING_NODE, "a spawner",
                list_form ? "{call: threading.Thread, callback: target}"
                          : "{position: 1, keyword: target}"))
        return;
    EACH_PAIR(v, p) {
        const yaml_node_t *kn = node(ld, p->key), *val = node(ld, p->value);
        const char *k = scalar(ld, kn, "a key");
        if (!k)
            return;
        if (list_form && !strcmp(k, "call")) {
            call = name_of(ld, val, NAME_SPAWNER, "a spawner");
            name_node = val;
        } else if (!strcmp(k, "position")) {
            arg.position = read_index(ld, val, 255, "'position'");
        } else if (!strcmp(k, "keyword")) {
            arg.keyword = name_of(ld, val, NAME_IDENT, "'keyword'");
        } else if (!strcmp(k, "arguments")) {
            read_spawn_args(ld, val, &arg);
        } else if (list_form && !strcmp(k, "callback") &&
                   val->type == YAML_SCALAR_NODE &&
                   strspn((const char *)val->data.scalar.value,
                          "0123456789") > 0) {
            arg.position = read_index(ld, val, 255, "'callback'");
        } else if (list_form && !strcmp(k, "callback")) {
            arg.keyword = name_of(ld, val, NAME_IDENT, "'callback'");
        } else {
            fail(ld, kn, "unknown key '%s' in a spawner (expected %s)", k,
                 list_form ? "call, callback, position, keyword or arguments"
                           : "position, keyword or arguments");
        }
    }
    if (!name_node) {
        fail(ld, v, "a spawner needs 'call', the function that spawns");
    } else if (call && arg.position < 0 && !arg.keyword) {
        fail(ld, v, "spawner '%s' needs the callback's position or keyword",
             call);
    } else if (call && first_time(ld, name_node, "spawner", call, NULL)) {
        push(ld, OP_SPAWNER, call, NULL)->spawn = arg;
    }
}

static void sec_spawners(Loader *ld, const yaml_node_t *v)
{
    if (v->type == YAML_SEQUENCE_NODE) {
        EACH_ITEM(v, it)
            read_spawner(ld, NULL, node(ld, *it));
        return;
    }
    if (!expect(ld, v, YAML_MAPPING_NODE, "'spawners'",
                "{threading.Thread: {position: 1, keyword: target}}"))
        return;
    EACH_PAIR(v, p)
        read_spawner(ld, node(ld, p->key), node(ld, p->value));
}

static const struct {
    const char *key;
    void (*read)(Loader *, const yaml_node_t *);
} SECTIONS[] = {
    {"functions", sec_functions},
    {"pure", sec_pure},
    {"hidden-state", sec_hidden_state},
    {"types", sec_types},
    {"constructors", sec_constructors},
    {"thread-safe-types", sec_thread_safe_types},
    {"hidden-state-objects", sec_hidden_objects},
    {"module-aliases", sec_module_aliases},
    {"spawners", sec_spawners},
    {"c-extensions", sec_c_extensions},
    {"thread-safe-c-extensions", sec_thread_safe_c_extensions},
};

static void read_root(Loader *ld, const yaml_node_t *root, bool config)
{
    if (is_null(root))
        return; /* an empty document ("---" alone) */
    if (root->type != YAML_MAPPING_NODE) {
        fail(ld, root, "a knowledge document is a mapping of sections "
                       "(functions, types, constructors, ...), not a %s",
             kind_name(root));
        return;
    }
    EACH_PAIR(root, p) {
        const yaml_node_t *kn = node(ld, p->key), *v = node(ld, p->value);
        const char *k = scalar(ld, kn, "a section name");
        if (!k)
            return;
        size_t i = 0, n = sizeof SECTIONS / sizeof *SECTIONS;
        while (i < n && strcmp(SECTIONS[i].key, k) != 0)
            i++;
        if (i == n) {
            if (!config)
                fail(ld, kn,
                     "unknown section '%s' (expected functions, pure, "
                     "hidden-state, types, constructors, thread-safe-types, "
                     "hidden-state-objects, module-aliases, spawners, "
                     "c-extensions or thread-safe-c-extensions)",
                     k);
            continue;
        }
        if (first_time(ld, kn, "section", k, NULL) && !is_null(v))
            SECTIONS[i].read(ld, v);
    }
}

/* Line and column (1-based) of a byte offset, for reader errors, whose
 * libyaml mark is not set. */
static void offset_position(const char *text, size_t len, size_t off,
                            size_t *line, size_t *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && i < len; i++) {
        if (text[i] == '\n') {
            ++*line;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xc0) != 0x80) {
            ++*col;
        }
    }
}

static void syntax_error(Loader *ld, const yaml_parser_t *parser,
                         const char *input, size_t len)
{
    const char *problem = parser->problem ? parser->problem : "invalid YAML";
    size_t line = parser->problem_mark.line + 1;
    size_t col = parser->problem_mark.column + 1;
    if (parser->error == YAML_READER_ERROR)
        offset_position(input, len, parser->problem_offset, &line, &col);
    if (parser->context)
        fail_at(ld, line, col, "%s (%s at line %zu)", problem, parser->context,
                parser->context_mark.line + 1);
    else
        fail_at(ld, line, col, "%s", problem);
}

/* Built-in files describe each name once: a later file silently replacing
 * an earlier one's entry would hide a contradiction. */
static void check_not_given_before(Loader *ld, const PxKnowledge *kb)
{
    for (size_t i = 0; i < ld->nops && !ld->failed; i++) {
        const Op *op = &ld->ops[i];
        const void *old = NULL;
        const char *at = op->spec.where;
        if (op->kind == OP_FUNCTION) {
            old = table_get(&kb->functions, op->a, NULL);
        } else if (op->kind == OP_METHOD) {
            old = table_get(&kb->methods, op->a, op->b);
        } else if (op->kind == OP_CONSTRUCTOR) {
            old = table_get(&kb->constructors, op->a, NULL);
            at = op->where;
        }
        if (!old)
            continue;
        const char *prev = op->kind == OP_CONSTRUCTOR
                               ? table_get(&kb->constructor_where, op->a, NULL)
                               : ((const Spec *)old)->where;
        ld->failed = true;
        if (ld->errlen)
            snprintf(ld->err, ld->errlen, "%s: '%s%s%s' is already given at %s",
                     at, op->a, op->b ? "." : "", op->b ? op->b : "", prev);
    }
}

static bool load(PxKnowledge *kb, const char *name, const char *input,
                 size_t len, LoadMode mode, char *err, size_t errlen)
{
    if (err && errlen)
        err[0] = '\0';
    Loader ld = {.name = name ? name : "<knowledge>",
                 .arena = px_arena_create(),
                 .err = err,
                 .errlen = err ? errlen : 0};
    yaml_parser_t parser;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&parser)) {
        fprintf(stderr, "pxlint: out of memory (libyaml)\n");
        abort();
    }
    yaml_parser_set_input_string(&parser, (const unsigned char *)input, len);
    if (!yaml_parser_load(&parser, &doc)) {
        syntax_error(&ld, &parser, input, len);
    } else {
        ld.doc = &doc;
        const yaml_node_t *root = yaml_document_get_root_node(&doc);
        if (root) {
            read_root(&ld, root, mode == LOAD_CONFIG);
            yaml_document_t next;
            if (!ld.failed && !yaml_parser_load(&parser, &next)) {
                syntax_error(&ld, &parser, input, len);
            } else if (!ld.failed) {
                const yaml_node_t *more = yaml_document_get_root_node(&next);
                if (more)
                    fail(&ld, more, "only one YAML document is read; remove "
                                    "the '---' and what follows");
                yaml_document_delete(&next);
            }
        }
        yaml_document_delete(&doc);
    }
    yaml_parser_delete(&parser);
    if (!ld.failed && mode == LOAD_BUILTIN)
        check_not_given_before(&ld, kb);

    if (!ld.failed) {
        bool types_changed = false;
        for (size_t i = 0; i < ld.nops; i++) {
            const Op *op = &ld.ops[i];
            switch (op->kind) {
            case OP_FUNCTION:
            case OP_METHOD: {
                Spec *s = px_arena_alloc(kb->arena, sizeof *s);
                *s = op->spec;
                s->eff.note = kb_str(kb, s->eff.note);
                s->returns = kb_str(kb, s->returns);
                s->where = kb_str(kb, s->where);
                table_put(op->kind == OP_FUNCTION ? &kb->functions
                                                  : &kb->methods,
                          kb->arena, op->a, op->b, s);
                types_changed |= op->kind == OP_METHOD;
                break;
            }
            case OP_TYPE: {
                const TypeInfo *old = table_get(&kb->types, op->a, NULL);
                TypeInfo *ti = px_arena_alloc(kb->arena, sizeof *ti);
                if (old)
                    *ti = *old; /* a later document adds methods */
                if (op->b) {
                    ti->base = kb_str(kb, op->b);
                    ti->where = kb_str(kb, op->where);
                }
                table_put(&kb->types, kb->arena, op->a, NULL, ti);
                break;
            }
            case OP_CONSTRUCTOR:
                table_put(&kb->constructors, kb->arena, op->a, NULL,
                          kb_str(kb, op->b));
                table_put(&kb->constructor_where, kb->arena, op->a, NULL,
                          kb_str(kb, op->where));
                break;
            case OP_THREAD_SAFE_TYPE:
                px_knowledge_add_thread_safe_type(kb, op->a);
                break;
            case OP_HIDDEN_OBJECT:
                table_put(&kb->hidden_objects, kb->arena, op->a, NULL,
                          kb_str(kb, op->b));
                break;
            case OP_MODULE_ALIAS:
                table_put(&kb->module_aliases, kb->arena, op->a, NULL,
                          kb_str(kb, op->b));
                break;
            case OP_SPAWNER:
                px_knowledge_add_spawner(kb, op->a, op->spawn);
                break;
            case OP_C_EXT:
                px_knowledge_add_c_extension(kb, op->a);
                break;
            case OP_C_EXT_SAFE:
                px_knowledge_add_thread_safe_c_extension(kb, op->a);
                break;
            }
        }
        if (types_changed)
            rebuild_any(kb);
    }
    free(ld.ops);
    table_free(&ld.seen);
    px_arena_destroy(ld.arena);
    return !ld.failed;
}

bool px_knowledge_add_yaml(PxKnowledge *kb, const char *name, const char *text,
                           size_t len, char *err, size_t errlen)
{
    return load(kb, name, text, len, LOAD_STRICT, err, errlen);
}

bool px_knowledge_add_config(PxKnowledge *kb, const char *name,
                             const char *text, size_t len, char *err,
                             size_t errlen)
{
    return load(kb, name, text, len, LOAD_CONFIG, err, errlen);
}

/* ---- consistency ---------------------------------------------------------- */

static bool known_type(const PxKnowledge *kb, const char *type)
{
    return table_get(&kb->types, type, NULL) ||
           table_get(&kb->thread_safe, type, NULL);
}

__attribute__((format(printf, 3, 4))) static bool
check_fail(char *err, size_t errlen, const char *fmt, ...)
{
    if (err && errlen) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return false;
}

bool px_knowledge_check(const PxKnowledge *kb, char *err, size_t errlen)
{
    for (size_t i = 0; i < kb->types.cap; i++) {
        const Slot *slot = &kb->types.slots[i];
        if (!slot->k1)
            continue;
        const TypeInfo *ti = slot->value;
        if (ti->base && !table_get(&kb->types, ti->base, NULL))
            return check_fail(err, errlen,
                              "%s: base '%s' of type '%s' is not a declared "
                              "type",
                              ti->where, ti->base, slot->k1);
        int depth = 0;
        for (const TypeInfo *t = ti; t && t->base; depth++) {
            if (depth == MAX_BASE_DEPTH)
                return check_fail(err, errlen,
                                  "%s: the bases of type '%s' form a loop",
                                  ti->where, slot->k1);
            t = table_get(&kb->types, t->base, NULL);
        }
    }
    const Table *specs[] = {&kb->functions, &kb->methods};
    for (size_t t = 0; t < 2; t++) {
        for (size_t i = 0; i < specs[t]->cap; i++) {
            const Slot *slot = &specs[t]->slots[i];
            if (!slot->k1)
                continue;
            const Spec *s = slot->value;
            if (s->returns && !known_type(kb, s->returns))
                return check_fail(err, errlen,
                                  "%s: '%s' returns '%s', which is not a "
                                  "declared type",
                                  s->where, slot->k1, s->returns);
            if (s->synchronized && !table_get(&kb->thread_safe, slot->k1, NULL))
                return check_fail(err, errlen,
                                  "%s: '%s.%s' is synchronized but '%s' is "
                                  "not in thread-safe-types",
                                  s->where, slot->k1, slot->k2, slot->k1);
        }
    }
    for (size_t i = 0; i < kb->constructors.cap; i++) {
        const Slot *slot = &kb->constructors.slots[i];
        if (slot->k1 && !known_type(kb, slot->value))
            return check_fail(err, errlen,
                              "%s: constructor '%s' makes '%s', which is not "
                              "a declared type",
                              (const char *)table_get(&kb->constructor_where,
                                                      slot->k1, NULL),
                              slot->k1, (const char *)slot->value);
    }
    return true;
}
