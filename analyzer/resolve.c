/* Name resolution across modules: module lookup, module-level names (with
 * re-exports through imports), relative imports, class attribute lookup
 * along the project MRO. Values come from the module and class units'
 * published names, so resolution improves as the fixpoint proceeds. */
#include "project_internal.h"

#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void push(ValList *out, Val v)
{
    for (uint32_t i = 0; i < out->n; i++) {
        const Val *o = &out->v[i];
        if (o->kind == v.kind && o->a == v.a && o->b == v.b && o->name == v.name &&
            o->cls == v.cls && o->part == v.part)
            return;
    }
    if (out->n == out->cap) {
        out->cap *= 2;
        if (out->v == out->inline_v) {
            out->v = px_malloc(out->cap * sizeof(Val));
            memcpy(out->v, out->inline_v, out->n * sizeof(Val));
        } else {
            out->v = px_realloc(out->v, out->cap * sizeof(Val));
        }
    }
    out->v[out->n++] = v;
}

static Val val(ValKind k, uint32_t a, const char *name)
{
    return (Val){.kind = k, .a = a, .name = name, .cls = NONE, .site = NONE};
}

uint32_t px_modules_named(const Project *p, const char *dotted, uint32_t *first)
{
    size_t lo = 0, hi = p->nmods;
    while (lo < hi) { /* the first name not before `dotted` */
        size_t mid = lo + (hi - lo) / 2;
        if (strcmp(p->mods[p->sorted_mods[mid]].name, dotted) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    *first = (uint32_t)lo;
    size_t end = lo;
    while (end < p->nmods && strcmp(p->mods[p->sorted_mods[end]].name, dotted) == 0)
        end++;
    return (uint32_t)(end - lo);
}

/* A module's unit, solved first if it never was: its names are read. */
static const Unit *module_unit(Project *p, uint32_t m)
{
    px_demand(p, p->mods[m].first_unit);
    return &p->units[p->mods[m].first_unit];
}

static const Unit *class_unit(Project *p, uint32_t cls)
{
    px_demand(p, cls);
    return &p->units[cls];
}

/* A name the module does not bind itself, with `from M import *` at its
 * top: whatever each such M may give under that name. A module outside the
 * run is taken to export it when the knowledge base knows `M.name`, or when
 * the name is no builtin; else it is the builtin. */
static void star_values(Project *p, uint32_t m, const char *name, ValList *out)
{
    if (p->star_depth >= 8) {
        push(out, val(V_TOP, 0, NULL)); /* a cycle of star imports */
        return;
    }
    p->star_depth++;
    const PxScopes *sc = p->mods[m].m->scopes;
    const PxKnowledge *kb = p->kb;
    PxEffect eff;
    bool builtin = px_knowledge_function(kb, name, &eff) || px_knowledge_constructs(kb, name);
    uint32_t before = out->n;
    for (size_t k = 0; k < p->mods[m].nstar_bindings; k++) {
        const PxBinding *b = px_scopes_binding(sc, p->mods[m].star_bindings[k]);
        ValList vals;
        px_vals_init(&vals);
        px_import_values(p, m, b->import_module, b->import_level, name, true, &vals);
        for (uint32_t i = 0; i < vals.n; i++) {
            Val v = vals.v[i];
            if (v.kind == V_EXTERNAL && builtin && strcmp(v.name, name) != 0 &&
                !px_knowledge_function(kb, v.name, &eff) &&
                !px_knowledge_constructs(kb, v.name) && !px_knowledge_c_extension(kb, v.name))
                continue; /* len() under `from os import *` */
            push(out, v);
        }
        px_vals_free(&vals);
    }
    if (out->n == before)
        push(out, val(V_EXTERNAL, 0, name));
    p->star_depth--;
}

/* A module-level symbol, through the module's memo: every read of a
 * global asks, and a module may bind thousands of names. */
static const PxSymbol NO_SYMBOL;

static const PxSymbol *module_symbol(Project *p, uint32_t m, const char *name)
{
    ModuleInfo *mi = &p->mods[m];
    if (!mi->symbols)
        mi->symbols = px_ptrmap_create();
    const PxSymbol *sym = px_ptrmap_get(mi->symbols, name, NULL);
    if (!sym) {
        sym = px_scopes_symbol(mi->m->scopes, 0, name);
        px_ptrmap_put(mi->symbols, name, NULL, (void *)(sym ? sym : &NO_SYMBOL));
    }
    return sym == &NO_SYMBOL ? NULL : sym;
}

void px_module_name_values(Project *p, uint32_t m, const char *name, ValList *out)
{
    if (!p->mods[m].m->scopes) {
        /* the module did not parse: nothing it defines is known */
        push(out, val(V_UNKNOWN, 0, NULL));
        return;
    }
    const PxSymbol *sym = module_symbol(p, m, name);
    bool bound = sym && (sym->flags & (PX_SYMF_ASSIGNED | PX_SYMF_IMPORTED |
                                       PX_SYMF_PARAM));
    if (!bound) {
        if (p->mods[m].nstar_bindings)
            star_values(p, m, name, out);
        else
            push(out, val(V_EXTERNAL, 0, name)); /* a builtin */
        return;
    }
    const Unit *mu = module_unit(p, m);
    bool data = false;
    int32_t i = px_unit_name(mu, name);
    if (i >= 0) {
        for (uint32_t k = 0; k < mu->name_nvals[i]; k++) {
            Val v = mu->name_vals[i][k];
            /* Functions, classes, modules, and globals of other modules
             * imported under this name, are themselves; anything else is
             * data held by this module's global. */
            if ((v.kind == V_FUNCTION || v.kind == V_CLASS || v.kind == V_MODULE ||
                 v.kind == V_EXTERNAL || (v.kind == V_GLOBAL && v.a != m)) && !v.part)
                push(out, v);
            else
                data = true;
        }
    }
    /* Anything that is not a def, class or module is the global itself. */
    if (data || out->n == 0)
        push(out, val(V_GLOBAL, m, name));
}

void px_module_attr_values(Project *p, uint32_t m, const char *attr, ValList *out)
{
    const PxIdSet *subs = &p->mods[m].submodules;
    for (uint32_t i = 0; i < subs->n; i++) {
        if (p->mods[subs->v[i]].last_name == attr) {
            push(out, val(V_MODULE, subs->v[i], NULL));
            return;
        }
    }
    px_module_name_values(p, m, attr, out);
}

/* The package a relative import of `level` dots starts from (interned),
 * or NULL when the dots go above the top. */
static const char *relative_base(Project *p, uint32_t m, uint32_t level)
{
    const char *name = p->mods[m].name;
    size_t len = strlen(name);
    uint32_t up = p->mods[m].is_package ? level - 1 : level;
    for (uint32_t i = 0; i < up; i++) {
        while (len > 0 && name[len - 1] != '.')
            len--;
        if (len == 0)
            return i + 1 == up ? px_intern(p->strings, "") : NULL;
        len--; /* the dot */
    }
    return px_intern_n(p->strings, name, len);
}

/* The module an import names, as seen from module m: the dotted name
 * (interned; NULL when a relative import climbs above the top) and the
 * modules of the run with that name, at sorted_mods[first ... first + n):
 * none (outside the run), or several when files in different directories
 * take one name. */
typedef struct {
    const char *target;
    uint32_t first, n, level;
} ImportTarget;

static ImportTarget import_target(Project *p, uint32_t m, const char *module, uint32_t level)
{
    ImportTarget t = {NULL, 0, 0, level};
    if (level > 0) {
        const char *base = relative_base(p, m, level);
        if (!base)
            return t;
        t.target = module && *module ? px_intern_join(p->strings, base, *base ? "." : "", module)
                                     : base;
    } else {
        t.target = px_intern(p->strings, module ? module : "");
    }
    t.n = px_modules_named(p, t.target, &t.first);
    return t;
}

/* import_target through a memo by (the importer's module string, which
 * never moves, and the importer): an import is resolved at every solve
 * of the unit making it. */
static ImportTarget import_target_memo(Project *p, uint32_t m, const char *module,
                                       uint32_t level)
{
    static const char no_module[] = "";
    const char *key = module ? module : no_module;
    if (!p->import_targets)
        p->import_targets = px_ptrmap_create();
    ImportTarget *t = px_ptrmap_get(p->import_targets, key, &p->mods[m]);
    if (t && t->level == level)
        return *t;
    ImportTarget fresh = import_target(p, m, module, level);
    if (!t) {
        t = px_arena_alloc(p->arena, sizeof(*t));
        *t = fresh;
        px_ptrmap_put(p->import_targets, key, &p->mods[m], t);
    }
    return fresh;
}

void px_import_values(Project *p, uint32_t m, const char *module, uint32_t level,
                      const char *name, bool from, ValList *out)
{
    ImportTarget t = import_target_memo(p, m, module, level);
    const char *target = t.target;
    if (!target) {
        push(out, val(V_UNKNOWN, 0, NULL));
        return;
    }
    /* Of several modules with the name, sys.path decides which one an
     * import gets when it runs: each may be it. */
    for (uint32_t k = 0; k < t.n; k++) {
        uint32_t idx = p->sorted_mods[t.first + k];
        if (!from) {
            push(out, val(V_MODULE, idx, NULL));
            continue;
        }
        px_module_attr_values(p, idx, px_intern(p->strings, name), out);
        /* the unit being solved reads idx's names, directly or through
         * the star imports of m */
        px_add_name_reader(p, p->mods[idx].first_unit,
                           p->solving != NONE ? p->solving : p->mods[m].first_unit);
    }
    if (t.n)
        return;
    if (!from) {
        push(out, val(V_EXTERNAL, 0, target));
        return;
    }
    push(out, val(V_EXTERNAL, 0, px_intern_join(p->strings, target, *target ? "." : "", name)));
}

/* Which function of a name lookup takes: any, or a property's setter or
 * deleter. */
typedef enum { ANY_FUNCTION, SETTER, DELETER } Wanted;

static bool wanted(const Project *p, const Val *v, Wanted want)
{
    return v->kind == V_FUNCTION &&
           (want == ANY_FUNCTION || (want == SETTER ? p->units[v->a].is_setter
                                                    : p->units[v->a].is_deleter));
}

/* Depth-first, left-to-right walk of the project bases (an approximation of
 * the C3 MRO that finds the same attribute for single inheritance): the
 * first class binding the name decides; *data when it binds no function
 * wanted there. */
static uint32_t lookup(Project *p, uint32_t cls, const char *name, Wanted want, bool *data,
                       int depth)
{
    if (cls == NONE || depth > 32)
        return NONE;
    const Unit *u = class_unit(p, cls);
    int32_t i = px_unit_name(u, name);
    if (i >= 0) {
        for (uint32_t k = 0; k < u->name_nvals[i]; k++) {
            if (wanted(p, &u->name_vals[i][k], want))
                return u->name_vals[i][k].a;
        }
        *data = true;
        return NONE;
    }
    for (uint32_t b = 0; b < u->nbases; b++) {
        uint32_t f = lookup(p, u->bases[b], name, want, data, depth + 1);
        if (f != NONE || *data)
            return f;
    }
    return NONE;
}

uint32_t px_class_property_accessor(Project *p, uint32_t cls, const char *name, bool deleter)
{
    bool data = false;
    return lookup(p, cls, name, deleter ? DELETER : SETTER, &data, 0);
}

uint32_t px_class_lookup(Project *p, uint32_t cls, const char *name, bool *found_data)
{
    *found_data = false;
    return lookup(p, cls, name, ANY_FUNCTION, found_data, 0);
}

/* A call on `self` asks for the overrides of the method below the class
 * at each solve of each method making it, and a class such as
 * unittest.TestCase has thousands of subclasses to walk: the answers are
 * kept while p->class_epoch stays. */
struct OverrideMemo {
    uint64_t epoch;
    /* the subclasses the walk demanded, in its order; after it, only the
     * first nopen are kept: those whose demand was still pending then */
    uint32_t *visited;
    size_t nvisited, capvisited, nopen;
    PxIdSet found;
};

static void overrides(Project *p, uint32_t cls, const char *name, struct OverrideMemo *m,
                      PxIdSet *seen)
{
    const Unit *u = &p->units[cls];
    for (uint32_t i = 0; i < u->subclasses.n; i++) {
        uint32_t sub = u->subclasses.v[i];
        if (!px_idset_add(seen, sub))
            continue;
        PX_PUSH(m->visited, m->nvisited, m->capvisited, sub);
        const Unit *su = class_unit(p, sub);
        int32_t k = px_unit_name(su, name);
        for (uint32_t j = 0; k >= 0 && j < su->name_nvals[k]; j++)
            if (su->name_vals[k][j].kind == V_FUNCTION)
                px_idset_add(&m->found, su->name_vals[k][j].a);
        overrides(p, sub, name, m, seen);
    }
}

void px_class_overrides(Project *p, uint32_t cls, const char *name, PxIdSet *out)
{
    if (!p->override_memo)
        p->override_memo = px_ptrmap_create();
    struct OverrideMemo *m = px_ptrmap_get(p->override_memo, name, &p->units[cls]);
    if (m && m->epoch == p->class_epoch) {
        /* the walk's demands again, of the subclasses whose demand is
         * still pending: they tie the reader into any cycle one is in (the
         * others' do nothing, and unittest.TestCase has thousands) */
        size_t keep = 0;
        for (size_t i = 0; i < m->nopen; i++) {
            px_demand(p, m->visited[i]);
            if (px_demand_pending(p, m->visited[i]))
                m->visited[keep++] = m->visited[i];
        }
        m->nopen = keep;
    }
    if (!m || m->epoch != p->class_epoch) {
        if (!m) {
            m = px_calloc(1, sizeof *m);
            px_ptrmap_put(p->override_memo, name, &p->units[cls], m);
            PX_PUSH(p->override_memos, p->noverride_memos, p->capoverride_memos, m);
        }
        m->nvisited = m->nopen = m->found.n = 0;
        /* a walk during which a class changes is not reused */
        m->epoch = p->class_epoch;
        PxIdSet seen = {0};
        overrides(p, cls, name, m, &seen);
        px_idset_free(&seen);
        for (size_t i = 0; i < m->nvisited; i++)
            if (px_demand_pending(p, m->visited[i]))
                m->visited[m->nopen++] = m->visited[i];
    }
    px_idset_union(out, &m->found);
}

void px_class_overrides_free(Project *p)
{
    px_ptrmap_destroy(p->override_memo);
    for (size_t i = 0; i < p->noverride_memos; i++) {
        free(p->override_memos[i]->visited);
        px_idset_free(&p->override_memos[i]->found);
        free(p->override_memos[i]);
    }
    free(p->override_memos);
}

void px_global_types(Project *p, uint32_t m, const char *name, ValList *out)
{
    const Unit *mu = module_unit(p, m);
    int32_t i = px_unit_name(mu, name);
    for (uint32_t k = 0; i >= 0 && k < mu->name_nvals[i]; k++)
        if (mu->name_vals[i][k].kind == V_FRESH)
            push(out, mu->name_vals[i][k]);
}

bool px_global_opaque(Project *p, uint32_t m, const char *name)
{
    const Unit *mu = module_unit(p, m);
    int32_t i = px_unit_name(mu, name);
    for (uint32_t k = 0; i >= 0 && k < mu->name_nvals[i]; k++)
        if (mu->name_vals[i][k].kind == V_UNKNOWN || mu->name_vals[i][k].kind == V_TOP)
            return true;
    return false;
}

static const char *external_base(Project *p, uint32_t cls, int depth)
{
    if (depth > 32)
        return NULL;
    const Unit *u = &p->units[cls];
    if (u->nexternal_bases)
        return u->external_bases[0];
    for (uint32_t b = 0; b < u->nbases; b++) {
        const char *e = external_base(p, u->bases[b], depth + 1);
        if (e)
            return e;
    }
    return NULL;
}

const char *px_class_external_base(Project *p, uint32_t cls)
{
    return external_base(p, cls, 0);
}

static bool thread_subclass(Project *p, uint32_t cls, int depth)
{
    if (depth > 32)
        return false;
    const Unit *u = &p->units[cls];
    for (uint32_t i = 0; i < u->nexternal_bases; i++)
        if (!strcmp(u->external_bases[i], "threading.Thread"))
            return true;
    for (uint32_t b = 0; b < u->nbases; b++)
        if (thread_subclass(p, u->bases[b], depth + 1))
            return true;
    return false;
}

bool px_class_is_thread_subclass(Project *p, uint32_t cls)
{
    return thread_subclass(p, cls, 0);
}
