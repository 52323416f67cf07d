/* The scope graph's analysis and queries: classifies each symbol as
 * CPython's symtable does (Python/symtable.c, analyze_block), links free
 * variables to their cells, computes __qualname__, and answers lookups. */
#include "scope_internal.h"

#include "alloc.h"

#include <stdlib.h>
#include <string.h>

enum { PX_QUALNAME_MAX = 8192 };

struct PxScopes {
    ScopeRec *scopes;
    uint32_t nscopes;
    PxBinding *bindings;
    uint32_t nbindings;
    PxReference *references;
    uint32_t nreferences;
    uint32_t *by_start;     /* scope ids by (start, -end): range order */
    uint32_t *range_parent; /* by id: the innermost scope whose range holds it */
    uint32_t *by_def;       /* scope ids by def_start (no module, no type params) */
    uint32_t nby_def;
    const char **globals; /* names bound in the module namespace, sorted */
    uint32_t nglobals;
};

/* ---- interning and the symbol table used while building ---------------- */

static uint32_t hash_bytes(const char *s, uint32_t len)
{
    uint32_t h = 2166136261u;
    for (uint32_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static void rehash_names(ScopeFacts *f, uint32_t cap)
{
    free(f->name_slots);
    f->name_slots = px_calloc(cap, sizeof(uint32_t));
    f->name_mask = cap - 1;
    for (uint32_t i = 0; i < f->nnames; i++) {
        uint32_t j = f->names[i].hash & f->name_mask;
        while (f->name_slots[j])
            j = (j + 1) & f->name_mask;
        f->name_slots[j] = i + 1;
    }
}

uint32_t px_scope_intern(ScopeFacts *f, const char *s, uint32_t len)
{
    if (!f->name_slots)
        rehash_names(f, 256);
    uint32_t h = hash_bytes(s, len);
    uint32_t j = h & f->name_mask;
    for (uint32_t id; (id = f->name_slots[j]) != 0; j = (j + 1) & f->name_mask) {
        const Name *n = &f->names[id - 1];
        if (n->hash == h && n->len == len && memcmp(n->str, s, len) == 0)
            return id - 1;
    }
    Name n = {px_arena_strndup(f->arena, s, len), len, h};
    PX_PUSH(f->names, f->nnames, f->capnames, n);
    f->name_slots[j] = f->nnames;
    if (f->nnames * 2 > f->name_mask)
        rehash_names(f, (f->name_mask + 1) * 2);
    return f->nnames - 1;
}

uint32_t px_scope_mangle(ScopeFacts *f, const char *private_name,
                         uint32_t private_len, const char *s, uint32_t len)
{
    /* _Py_Mangle: __x in class C is _C__x, but not __x__, dotted names, or
     * in a class whose name is all underscores. */
    if (!private_name || len < 3 || s[0] != '_' || s[1] != '_' ||
        (s[len - 1] == '_' && s[len - 2] == '_') || memchr(s, '.', len))
        return px_scope_intern(f, s, len);
    while (private_len && *private_name == '_') {
        private_name++;
        private_len--;
    }
    if (!private_len)
        return px_scope_intern(f, s, len);
    char small[128];
    size_t n = 1 + (size_t)private_len + len;
    char *buf = n <= sizeof small ? small : px_malloc(n);
    buf[0] = '_';
    memcpy(buf + 1, private_name, private_len);
    memcpy(buf + 1 + private_len, s, len);
    uint32_t id = px_scope_intern(f, buf, (uint32_t)n);
    if (buf != small)
        free(buf);
    return id;
}

static uint32_t sym_hash(uint32_t scope, uint32_t name)
{
    uint32_t h = scope * 0x9E3779B1u ^ (name + 0x7F4A7C15u) * 0x85EBCA77u;
    return h ^ (h >> 15);
}

static void rehash_syms(ScopeFacts *f, uint32_t cap)
{
    free(f->sym_slots);
    f->sym_slots = px_calloc(cap, sizeof(uint32_t));
    f->sym_mask = cap - 1;
    for (uint32_t i = 0; i < f->nsyms; i++) {
        uint32_t j = sym_hash(f->syms[i].scope, f->syms[i].name) & f->sym_mask;
        while (f->sym_slots[j])
            j = (j + 1) & f->sym_mask;
        f->sym_slots[j] = i + 1;
    }
}

SymRec *px_scope_sym(ScopeFacts *f, uint32_t scope, uint32_t name, bool create)
{
    if (!f->sym_slots)
        rehash_syms(f, 1024);
    uint32_t j = sym_hash(scope, name) & f->sym_mask;
    for (uint32_t id; (id = f->sym_slots[j]) != 0; j = (j + 1) & f->sym_mask) {
        SymRec *s = &f->syms[id - 1];
        if (s->scope == scope && s->name == name)
            return s;
    }
    if (!create)
        return NULL;
    SymRec s = {scope, name, 0, PX_SYM_GLOBAL_IMPLICIT, PX_NO_SCOPE, false};
    PX_PUSH(f->syms, f->nsyms, f->capsyms, s);
    f->sym_slots[j] = f->nsyms;
    if (f->nsyms * 2 > f->sym_mask)
        rehash_syms(f, (f->sym_mask + 1) * 2);
    return &f->syms[f->nsyms - 1];
}

/* ---- the analysis -------------------------------------------------------- */

static bool function_like(PxScopeKind k)
{
    return k != PX_SCOPE_MODULE && k != PX_SCOPE_CLASS;
}

/* The function scope whose local `name` a free use in `scope` refers to
 * (the class itself for __class__), or PX_NO_SCOPE for a global. This is
 * symtable's `bound` set, walked lazily: class scopes are skipped, a
 * `global` declaration hides outer bindings, `nonlocal` passes through.
 * Enclosing scopes are classified first, so the first enclosing function
 * that has the name answers for everything above it. */
static PxScopeId find_holder(ScopeFacts *f, uint32_t scope, uint32_t name)
{
    for (uint32_t p = f->scopes[scope].pub.parent; p != PX_NO_SCOPE;
         p = f->scopes[p].pub.parent) {
        PxScopeKind k = f->scopes[p].pub.kind;
        if (k == PX_SCOPE_MODULE)
            return PX_NO_SCOPE;
        if (k == PX_SCOPE_CLASS) {
            if (name == f->id_class)
                return p;
            continue;
        }
        const SymRec *s = px_scope_sym(f, p, name, false);
        if (!s)
            continue;
        if (s->flags & DEF_GLOBAL)
            return PX_NO_SCOPE;
        if ((s->flags & DEF_BOUND) && !(s->flags & DEF_NONLOCAL))
            return p;
        return s->cls == PX_SYM_FREE ? s->holder : PX_NO_SCOPE;
    }
    return PX_NO_SCOPE;
}

static void classify_one(ScopeFacts *f, SymRec *s)
{
    if (s->flags & DEF_GLOBAL) {
        s->cls = PX_SYM_GLOBAL_EXPLICIT;
        s->holder = 0;
    } else if (s->flags & DEF_NONLOCAL) {
        s->cls = PX_SYM_FREE;
        s->holder = find_holder(f, s->scope, s->name);
    } else if (s->flags & DEF_BOUND) {
        s->cls = PX_SYM_LOCAL;
        s->holder = s->scope;
    } else {
        s->holder = find_holder(f, s->scope, s->name);
        s->cls = s->holder == PX_NO_SCOPE ? PX_SYM_GLOBAL_IMPLICIT : PX_SYM_FREE;
        if (s->holder == PX_NO_SCOPE)
            s->holder = 0;
    }
}

/* A free variable passes through every scope between its use and its
 * cell (symtable's update_symbols adds it as free there; a class that
 * binds the same name gets DEF_FREE_CLASS), and makes the local a cell
 * (analyze_cells; for __class__ the class holds the cell). */
static void pass_through(ScopeFacts *f, uint32_t i)
{
    uint32_t name = f->syms[i].name, holder = f->syms[i].holder;
    for (uint32_t p = f->scopes[f->syms[i].scope].pub.parent; p != holder;
         p = f->scopes[p].pub.parent) {
        SymRec *s = px_scope_sym(f, p, name, true);
        if (s->chain_done)
            return; /* the rest of the way is done */
        s->chain_done = true;
        if (!s->flags && s->cls == PX_SYM_GLOBAL_IMPLICIT &&
            s->holder == PX_NO_SCOPE) {
            s->cls = PX_SYM_FREE; /* just created */
            s->holder = holder;
        } else if (f->scopes[p].pub.kind == PX_SCOPE_CLASS &&
                   (s->flags & (DEF_BOUND | DEF_GLOBAL))) {
            s->flags |= DEF_FREE_CLASS;
        }
    }
    if (f->scopes[holder].pub.kind == PX_SCOPE_CLASS)
        f->scopes[holder].pub.class_cell = true;
    SymRec *h = px_scope_sym(f, holder, name, true);
    if (!h->flags && h->holder == PX_NO_SCOPE) {
        h->cls = PX_SYM_CELL; /* __class__, created in the class */
        h->holder = holder;
    } else if (h->cls == PX_SYM_LOCAL && function_like(f->scopes[holder].pub.kind)) {
        h->cls = PX_SYM_CELL;
    }
}

static void classify(ScopeFacts *f)
{
    /* Scope by scope, parents first (a parent's id is smaller). */
    uint32_t n = f->nsyms;
    uint32_t *count = px_calloc(f->nscopes + 1, sizeof(uint32_t));
    uint32_t *order = px_malloc(sizeof(uint32_t) * (n + 1));
    for (uint32_t i = 0; i < n; i++)
        count[f->syms[i].scope + 1]++;
    for (uint32_t sc = 0; sc < f->nscopes; sc++)
        count[sc + 1] += count[sc];
    for (uint32_t i = 0; i < n; i++)
        order[count[f->syms[i].scope]++] = i;
    for (uint32_t i = 0; i < n; i++)
        classify_one(f, &f->syms[order[i]]);
    /* Innermost uses first, so a walk stops where an earlier one passed. */
    for (uint32_t i = n; i-- > 0;) {
        const SymRec *s = &f->syms[order[i]];
        if (s->cls == PX_SYM_FREE && s->holder != PX_NO_SCOPE && !s->chain_done)
            pass_through(f, order[i]);
    }
    free(order);
    free(count);
}

/* compiler_set_qualname: "<locals>" after functions and lambdas, a bare
 * name at module level or when the name is declared global in its parent. */
static void qualnames(ScopeFacts *f)
{
    for (uint32_t id = 0; id < f->nscopes; id++) {
        ScopeRec *r = &f->scopes[id];
        const char *name = f->names[r->name_id].str;
        uint32_t p = r->pub.parent;
        if (p != PX_NO_SCOPE && f->scopes[p].pub.kind == PX_SCOPE_TYPE_PARAMS)
            p = f->scopes[p].pub.parent;
        if (p == PX_NO_SCOPE || f->scopes[p].pub.kind == PX_SCOPE_MODULE) {
            r->pub.qualname = name;
            continue;
        }
        const ScopeRec *pr = &f->scopes[p];
        if (r->pub.kind == PX_SCOPE_FUNCTION || r->pub.kind == PX_SCOPE_CLASS) {
            uint32_t m = px_scope_mangle(f, pr->private_name, pr->private_len, name,
                                         f->names[r->name_id].len);
            const SymRec *s = px_scope_sym(f, p, m, false);
            if (s && s->cls == PX_SYM_GLOBAL_EXPLICIT) {
                r->pub.qualname = name;
                continue;
            }
        }
        bool locals = pr->pub.kind == PX_SCOPE_FUNCTION || pr->pub.kind == PX_SCOPE_LAMBDA;
        const char *base = pr->pub.qualname;
        /* Thousands of nested lambdas would make this quadratic; no code
         * CPython compiles nests that deep, and a cut name just never
         * matches at run time. */
        if (strlen(base) > PX_QUALNAME_MAX)
            base = "...";
        r->pub.qualname = px_arena_printf(f->arena, "%s%s.%s", base,
                                          locals ? ".<locals>" : "", name);
    }
}

static uint32_t public_flags(uint32_t def)
{
    return (def & DEF_PARAM ? PX_SYMF_PARAM : 0) |
           (def & DEF_LOCAL ? PX_SYMF_ASSIGNED : 0) |
           (def & DEF_USE ? PX_SYMF_REFERENCED : 0) |
           (def & DEF_IMPORT ? PX_SYMF_IMPORTED : 0) |
           (def & DEF_GLOBAL ? PX_SYMF_GLOBAL_DECL : 0) |
           (def & DEF_NONLOCAL ? PX_SYMF_NONLOCAL_DECL : 0) |
           (def & DEF_ANNOT ? PX_SYMF_ANNOTATED : 0) |
           (def & DEF_FREE_CLASS ? PX_SYMF_FREE_CLASS : 0) |
           (def & DEF_COMP_ITER ? PX_SYMF_COMP_ITER : 0);
}

static int cmp_symbol(const void *a, const void *b)
{
    return strcmp(((const PxSymbol *)a)->name, ((const PxSymbol *)b)->name);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Per-scope symbol arrays, sorted by name for binary search. */
static void place_symbols(ScopeFacts *f)
{
    uint32_t *count = px_calloc(f->nscopes + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < f->nsyms; i++)
        count[f->syms[i].scope + 1]++;
    for (uint32_t s = 0; s < f->nscopes; s++)
        count[s + 1] += count[s];
    PxSymbol *all = px_arena_alloc(f->arena, sizeof(PxSymbol) * (f->nsyms + 1));
    uint32_t *fill = px_malloc(sizeof(uint32_t) * (f->nscopes + 1));
    memcpy(fill, count, sizeof(uint32_t) * (f->nscopes + 1));
    for (uint32_t i = 0; i < f->nsyms; i++) {
        const SymRec *s = &f->syms[i];
        all[fill[s->scope]++] = (PxSymbol){f->names[s->name].str, s->cls,
                                           public_flags(s->flags), s->holder};
    }
    for (uint32_t s = 0; s < f->nscopes; s++) {
        PxScope *p = &f->scopes[s].pub;
        p->symbols = all + count[s];
        p->nsymbols = count[s + 1] - count[s];
        qsort(all + count[s], p->nsymbols, sizeof(PxSymbol), cmp_symbol);
    }
    free(fill);
    free(count);
}

static void place_params(ScopeFacts *f)
{
    uint32_t *count = px_calloc(f->nscopes + 1, sizeof(uint32_t));
    for (uint32_t i = 0; i < f->nparams; i++)
        count[f->params[i].scope + 1]++;
    for (uint32_t s = 0; s < f->nscopes; s++)
        count[s + 1] += count[s];
    const char **names = px_arena_alloc(f->arena, sizeof(char *) * (f->nparams + 1));
    uint32_t *spans = px_arena_alloc(f->arena, sizeof(uint32_t) * 2 * (f->nparams + 1));
    uint32_t *fill = px_malloc(sizeof(uint32_t) * (f->nscopes + 1));
    memcpy(fill, count, sizeof(uint32_t) * (f->nscopes + 1));
    for (uint32_t i = 0; i < f->nparams; i++) {
        const ParamRec *p = &f->params[i];
        uint32_t at = fill[p->scope]++;
        names[at] = f->names[p->name].str;
        spans[2 * at] = p->start;
        spans[2 * at + 1] = p->end;
    }
    for (uint32_t s = 0; s < f->nscopes; s++) {
        ScopeRec *r = &f->scopes[s];
        uint32_t n = count[s + 1] - count[s];
        r->pub.params = names + count[s];
        r->pub.nparams = n;
        r->param_spans = spans + 2 * count[s];
        /* The grammar accepts more than Python does; keep the counts sane. */
        if (r->pub.nposonly > n)
            r->pub.nposonly = n;
        if (r->pub.nkwonly > n)
            r->pub.nkwonly = n;
        if (r->pub.star_index >= (int32_t)n)
            r->pub.star_index = -1;
        if (r->pub.starstar_index >= (int32_t)n)
            r->pub.starstar_index = -1;
    }
    free(fill);
    free(count);
}

/* Where a name used in `scope` lives: the scope of a local or cell, the
 * cell's scope for a free name, 0 for a global bound in the module, else
 * PX_NO_SCOPE (a builtin, or a name bound nowhere). */
static PxScopeId target_of(const SymRec *s, const bool *global_bound)
{
    if (!s)
        return PX_NO_SCOPE;
    switch (s->cls) {
    case PX_SYM_LOCAL:
    case PX_SYM_CELL: return s->scope;
    case PX_SYM_FREE: return s->holder;
    default: return global_bound[s->name] ? 0 : PX_NO_SCOPE;
    }
}

static void place_bindings(ScopeFacts *f, PxScopes *out, bool *global_bound)
{
    out->nbindings = f->nbinds;
    out->bindings = px_arena_alloc(f->arena, sizeof(PxBinding) * (f->nbinds + 1));
    for (uint32_t i = 0; i < f->nbinds; i++) {
        BindRec *b = &f->binds[i];
        const SymRec *s = px_scope_sym(f, b->pub.scope, b->name, false);
        if (s) {
            if (s->cls == PX_SYM_LOCAL || s->cls == PX_SYM_CELL)
                b->pub.scope = s->scope;
            else if (s->cls == PX_SYM_FREE)
                b->pub.scope = s->holder;
            else
                b->pub.scope = 0;
        }
        b->pub.name = f->names[b->name].str;
        if (b->pub.scope == 0 && b->pub.kind != PX_BIND_IMPORT_STAR)
            global_bound[b->name] = true;
        out->bindings[i] = b->pub;
    }
    uint32_t n = 0;
    for (uint32_t i = 0; i < f->nnames; i++)
        n += global_bound[i];
    out->globals = px_arena_alloc(f->arena, sizeof(char *) * (n + 1));
    for (uint32_t i = 0; i < f->nnames; i++)
        if (global_bound[i])
            out->globals[out->nglobals++] = f->names[i].str;
    qsort(out->globals, out->nglobals, sizeof(char *), cmp_str);
}

static void place_references(ScopeFacts *f, PxScopes *out, const bool *global_bound)
{
    out->nreferences = f->nrefs;
    out->references = px_arena_alloc(f->arena, sizeof(PxReference) * (f->nrefs + 1));
    for (uint32_t i = 0; i < f->nrefs; i++) {
        const RefRec *r = &f->refs[i];
        const SymRec *s = px_scope_sym(f, r->scope, r->name, false);
        out->references[i] = (PxReference){
            r->scope, f->names[r->name].str, r->start, r->end,
            s ? s->cls : PX_SYM_GLOBAL_IMPLICIT, target_of(s, global_bound)};
    }
}

static void sort_ids(uint32_t *ids, uint32_t n, const ScopeRec *scopes, bool by_def)
{
    /* Insertion sort: ids are nearly always in order already (scopes are
     * created in document order), so this is linear in practice. */
    for (uint32_t i = 1; i < n; i++) {
        uint32_t id = ids[i], j = i;
        const PxScope *a = &scopes[id].pub;
        while (j > 0) {
            const PxScope *b = &scopes[ids[j - 1]].pub;
            bool before = by_def ? a->def_start < b->def_start
                                 : a->start < b->start ||
                                       (a->start == b->start && a->end > b->end);
            if (!before)
                break;
            ids[j] = ids[j - 1];
            j--;
        }
        ids[j] = id;
    }
}

static void index_scopes(ScopeFacts *f, PxScopes *out)
{
    uint32_t n = f->nscopes;
    out->by_start = px_arena_alloc(f->arena, sizeof(uint32_t) * n);
    out->range_parent = px_arena_alloc(f->arena, sizeof(uint32_t) * n);
    out->by_def = px_arena_alloc(f->arena, sizeof(uint32_t) * n);
    for (uint32_t i = 0; i < n; i++) {
        out->by_start[i] = i;
        PxScopeKind k = f->scopes[i].pub.kind;
        if (k != PX_SCOPE_MODULE && k != PX_SCOPE_TYPE_PARAMS)
            out->by_def[out->nby_def++] = i;
    }
    sort_ids(out->by_start, n, f->scopes, false);
    sort_ids(out->by_def, out->nby_def, f->scopes, true);
    /* Ranges nest: a stack of open scopes gives each its range parent. */
    uint32_t *open = px_malloc(sizeof(uint32_t) * (n + 1));
    uint32_t depth = 0;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t id = out->by_start[i];
        const PxScope *s = &f->scopes[id].pub;
        while (depth && f->scopes[open[depth - 1]].pub.end <= s->start &&
               open[depth - 1] != 0)
            depth--;
        out->range_parent[id] = depth ? open[depth - 1] : PX_NO_SCOPE;
        open[depth++] = id;
    }
    free(open);
}

PxScopes *px_scope_finish(ScopeFacts *f)
{
    classify(f);
    qualnames(f);
    place_symbols(f);
    place_params(f);
    PxScopes *out = px_arena_alloc(f->arena, sizeof(PxScopes));
    bool *global_bound = px_calloc(f->nnames + 1, sizeof(bool));
    place_bindings(f, out, global_bound);
    place_references(f, out, global_bound);
    free(global_bound);
    out->nscopes = f->nscopes;
    out->scopes = px_arena_alloc(f->arena, sizeof(ScopeRec) * f->nscopes);
    memcpy(out->scopes, f->scopes, sizeof(ScopeRec) * f->nscopes);
    index_scopes(f, out);
    free(f->names);
    free(f->name_slots);
    free(f->scopes);
    free(f->syms);
    free(f->sym_slots);
    free(f->refs);
    free(f->binds);
    free(f->params);
    return out;
}

/* ---- queries --------------------------------------------------------------- */

uint32_t px_scopes_count(const PxScopes *s) { return s->nscopes; }

const PxScope *px_scopes_get(const PxScopes *s, PxScopeId id)
{
    return id < s->nscopes ? &s->scopes[id].pub : NULL;
}

PxScopeId px_scopes_find_by_node(const PxScopes *s, uint32_t start)
{
    uint32_t lo = 0, hi = s->nby_def;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->scopes[s->by_def[mid]].pub.def_start < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->nby_def && s->scopes[s->by_def[lo]].pub.def_start == start)
        return s->by_def[lo];
    return PX_NO_SCOPE;
}

/* Whether code at `offset` inside the range of scope `r` runs in it, rather
 * than in the parent (decorators, defaults, annotations, bases, the first
 * iterable of a comprehension). */
static bool runs_in(const ScopeRec *r, uint32_t offset)
{
    const PxScope *p = &r->pub;
    switch (p->kind) {
    case PX_SCOPE_MODULE:
        return true;
    case PX_SCOPE_COMPREHENSION:
        return !(offset >= r->iter_start && offset < r->iter_end);
    case PX_SCOPE_TYPE_PARAMS:
        return offset >= p->body_start && offset < p->body_end;
    case PX_SCOPE_FUNCTION:
    case PX_SCOPE_LAMBDA:
        for (uint32_t i = 0; i < p->nparams; i++)
            if (offset >= r->param_spans[2 * i] && offset < r->param_spans[2 * i + 1])
                return true;
        return offset >= p->body_start;
    case PX_SCOPE_CLASS:
        return offset >= p->body_start;
    }
    return true;
}

PxScopeId px_scopes_at(const PxScopes *s, uint32_t offset)
{
    /* The last scope starting at or before offset, then out through the
     * ranges until one holds it. */
    uint32_t lo = 0, hi = s->nscopes;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (s->scopes[s->by_start[mid]].pub.start <= offset)
            lo = mid + 1;
        else
            hi = mid;
    }
    PxScopeId id = lo ? s->by_start[lo - 1] : 0;
    while (id != 0 && id != PX_NO_SCOPE &&
           !(offset >= s->scopes[id].pub.start && offset < s->scopes[id].pub.end))
        id = s->range_parent[id];
    if (id == PX_NO_SCOPE)
        return 0;
    while (id != 0 && !runs_in(&s->scopes[id], offset))
        id = s->scopes[id].pub.parent;
    return id;
}

/* `name` as the compiler sees it in scope `id` (mangled in classes). Writes
 * into buf when it has to build a new string. */
static const char *mangled(const PxScopes *s, PxScopeId id, const char *name,
                           char *buf, size_t bufsize)
{
    const ScopeRec *r = &s->scopes[id];
    size_t len = strlen(name);
    const char *p = r->private_name;
    size_t plen = r->private_len;
    if (!p || len < 3 || name[0] != '_' || name[1] != '_' ||
        (name[len - 1] == '_' && name[len - 2] == '_') || strchr(name, '.'))
        return name;
    while (plen && *p == '_') {
        p++;
        plen--;
    }
    if (!plen || 1 + plen + len + 1 > bufsize)
        return name;
    buf[0] = '_';
    memcpy(buf + 1, p, plen);
    memcpy(buf + 1 + plen, name, len + 1);
    return buf;
}

static const PxSymbol *find_symbol(const PxScopes *s, PxScopeId id, const char *name)
{
    const PxScope *p = &s->scopes[id].pub;
    uint32_t lo = 0, hi = p->nsymbols;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        int c = strcmp(p->symbols[mid].name, name);
        if (c == 0)
            return &p->symbols[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

const PxSymbol *px_scopes_symbol(const PxScopes *s, PxScopeId id, const char *name)
{
    if (id >= s->nscopes)
        return NULL;
    char buf[512];
    return find_symbol(s, id, mangled(s, id, name, buf, sizeof buf));
}

static bool global_bound(const PxScopes *s, const char *name)
{
    const char **hit = bsearch(&name, s->globals, s->nglobals, sizeof(char *), cmp_str);
    return hit != NULL;
}

PxSymScope px_scopes_resolve(const PxScopes *s, PxScopeId id, const char *name,
                             PxScopeId *where)
{
    PxScopeId w = PX_NO_SCOPE;
    PxSymScope cls = PX_SYM_GLOBAL_IMPLICIT;
    if (id >= s->nscopes)
        goto out;
    char buf[512];
    name = mangled(s, id, name, buf, sizeof buf);
    const PxSymbol *sym = find_symbol(s, id, name);
    if (!sym) {
        /* Not used in `id` itself: read it as a nested function would. */
        for (PxScopeId p = s->scopes[id].pub.parent; p != PX_NO_SCOPE;
             p = s->scopes[p].pub.parent) {
            PxScopeKind k = s->scopes[p].pub.kind;
            if (k == PX_SCOPE_MODULE)
                break;
            if (k == PX_SCOPE_CLASS) {
                if (strcmp(name, "__class__") == 0) {
                    cls = PX_SYM_FREE;
                    w = p;
                    goto out;
                }
                continue;
            }
            const PxSymbol *ps = find_symbol(s, p, name);
            if (!ps)
                continue;
            if (ps->scope == PX_SYM_LOCAL || ps->scope == PX_SYM_CELL) {
                cls = PX_SYM_FREE;
                w = p;
                goto out;
            }
            if (ps->scope == PX_SYM_FREE) {
                cls = PX_SYM_FREE;
                w = ps->defining_scope;
                goto out;
            }
            break; /* global there, so global here */
        }
        w = global_bound(s, name) ? 0 : PX_NO_SCOPE;
        goto out;
    }
    cls = sym->scope;
    switch (cls) {
    case PX_SYM_LOCAL:
    case PX_SYM_CELL: w = id; break;
    case PX_SYM_FREE: w = sym->defining_scope; break;
    default: w = global_bound(s, name) ? 0 : PX_NO_SCOPE; break;
    }
out:
    if (where)
        *where = w;
    return cls;
}

uint32_t px_scopes_binding_count(const PxScopes *s) { return s->nbindings; }

const PxBinding *px_scopes_binding(const PxScopes *s, uint32_t i)
{
    return i < s->nbindings ? &s->bindings[i] : NULL;
}

uint32_t px_scopes_reference_count(const PxScopes *s) { return s->nreferences; }

const PxReference *px_scopes_reference(const PxScopes *s, uint32_t i)
{
    return i < s->nreferences ? &s->references[i] : NULL;
}
