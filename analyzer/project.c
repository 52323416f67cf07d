/* The whole-run analysis driver: builds the unit table (one unit per module
 * body, class and function of every module), runs the summaries to a
 * fixpoint (fixpoint.c), then turns the callbacks' summaries into
 * findings. */
#include "project_internal.h"

#include "alloc.h"
#include "modname.h"
#include "workers.h"

#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void px_record_spawn(Project *p, uint32_t unit) { px_idset_add(&p->spawned, unit); }

bool px_decorated_callback(const Project *p, const char *decorators)
{
    const PxProjectOptions *o = p->options;
    for (const char *line = decorators; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        const char *paren = memchr(line, '(', len);
        if (paren)
            len = (size_t)(paren - line);
        for (size_t i = 0; i < o->ncallback_decorators; i++) {
            const char *want = o->callback_decorators[i];
            size_t w = strlen(want);
            if ((len == w && !strncmp(line, want, w)) ||
                (len > w && line[len - w - 1] == '.' && !strncmp(line + len - w, want, w)))
                return true;
        }
        line = nl ? nl + 1 : NULL;
    }
    return false;
}

static bool configured_callback(const Project *p, const Unit *u)
{
    const PxProjectOptions *o = p->options;
    if (!o->ncallback_functions)
        return false;
    char name[1024];
    snprintf(name, sizeof name, "%s:%s", p->mods[u->module].name, u->sc->qualname);
    for (size_t i = 0; i < o->ncallback_functions; i++)
        if (fnmatch(o->callback_functions[i], name, 0) == 0)
            return true;
    return false;
}

void px_record_wrap(Project *p, uint32_t wrapper, uint32_t original, uint32_t decorator)
{
    for (size_t i = 0; i < p->nwraps; i++)
        if (p->wraps[i].wrapper == wrapper && p->wraps[i].original == original)
            return;
    Wrap w = {wrapper, original, decorator};
    PX_PUSH(p->wraps, p->nwraps, p->capwraps, w);
}

void px_record_call(Project *p, uint32_t unit, uint32_t start, uint32_t end,
                    PxCalleeKind kind, uint32_t callee_unit, const char *callee)
{
    if (!p->recording)
        return;
    const Unit *u = &p->units[unit];
    PxCallEdge e = {.module = p->mods[u->module].m,
                    .caller = u->sc ? u->sc->qualname : "<module>",
                    .start = start, .end = end, .kind = kind, .callee = callee};
    if (kind == PX_CALLEE_FUNCTION) {
        const Unit *c = &p->units[callee_unit];
        e.callee_module = p->mods[c->module].name;
        e.callee = c->sc->qualname;
    }
    for (size_t i = 0; i < p->ncalls; i++) {
        const PxCallEdge *o = &p->calls[i];
        if (o->module == e.module && o->start == e.start && o->kind == e.kind &&
            !strcmp(o->callee, e.callee) &&
            (!o->callee_module || !e.callee_module || !strcmp(o->callee_module, e.callee_module)))
            return;
    }
    PX_PUSH(p->calls, p->ncalls, p->capcalls, e);
}

static int cmp_calls(const void *a, const void *b)
{
    const PxCallEdge *x = a, *y = b;
    int c = strcmp(px_source_path(x->module->source), px_source_path(y->module->source));
    if (c)
        return c;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return strcmp(x->callee, y->callee);
}

static int cmp_modules(const void *a, const void *b, void *ctx)
{
    const Project *p = ctx;
    return strcmp(p->mods[*(const uint32_t *)a].name, p->mods[*(const uint32_t *)b].name);
}

/* qsort_r is not C11; a small insertion-free merge sort keeps it portable. */
static void sort_indices(uint32_t *v, size_t n, const void *ctx,
                         int (*cmp)(const void *, const void *, void *))
{
    if (n < 2)
        return;
    uint32_t *tmp = px_malloc(n * sizeof(uint32_t));
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = cmp(&v[j], &v[i], (void *)ctx) < 0 ? v[j++] : v[i++];
            while (i < mid)
                tmp[k++] = v[i++];
            while (j < hi)
                tmp[k++] = v[j++];
        }
        memcpy(v, tmp, n * sizeof(uint32_t));
    }
    free(tmp);
}

/* Each module's submodules in the run, for `pkg.sub` attribute lookups. */
static void index_submodules(Project *p)
{
    for (size_t i = 0; i < p->nmods; i++) {
        const char *name = p->mods[i].name;
        const char *dot = strrchr(name, '.');
        p->mods[i].last_name = px_intern(p->strings, dot ? dot + 1 : name);
        if (!dot)
            continue;
        char *parent = px_strndup(name, (size_t)(dot - name));
        uint32_t up = px_find_module(p, parent);
        free(parent);
        if (up != NONE)
            px_idset_add(&p->mods[up].submodules, (uint32_t)i);
    }
}

static void build_units(Project *p, const PxProjectOptions *o)
{
    size_t cap = 0;
    for (size_t m = 0; m < p->nmods; m++) {
        PxModule *mod = p->mods[m].m;
        p->mods[m].first_unit = (uint32_t)p->nunits;
        uint32_t n = mod->scopes ? px_scopes_count(mod->scopes) : 1;
        for (uint32_t s = 0; s < n; s++) {
            Unit u = {.module = (uint32_t)m, .scope = s, .class_unit = NONE,
                      .last_dependent = NONE, .last_name_reader = NONE,
                      .dfs_index = NONE, .dfs_low = NONE};
            if (mod->scopes && mod->ir) {
                u.sc = px_scopes_get(mod->scopes, s);
                switch (u.sc->kind) {
                case PX_SCOPE_MODULE: u.kind = UNIT_MODULE; u.ir = &mod->ir->functions[s]; break;
                case PX_SCOPE_CLASS: u.kind = UNIT_CLASS; u.ir = &mod->ir->functions[s]; break;
                case PX_SCOPE_FUNCTION:
                case PX_SCOPE_LAMBDA: u.kind = UNIT_FUNCTION; u.ir = &mod->ir->functions[s]; break;
                default: u.kind = UNIT_FUNCTION; u.ir = NULL; break;
                }
            } else {
                u.kind = UNIT_MODULE;
            }
            for (uint32_t k = 0; u.ir && k < u.ir->nops; k++) {
                const PxOp *op = &u.ir->ops[k];
                if (op->kind == PX_OP_PARAM && op->name2 && op->index < 64)
                    u.mutable_defaults |= (uint64_t)1 << op->index;
            }
            PX_PUSH(p->units, p->nunits, cap, u);
        }
    }
    (void)o;
}

typedef struct {
    const char *name; /* interned */
    uint32_t unit;
} NamedUnit;

static int cmp_named(const void *a, const void *b)
{
    const NamedUnit *x = a, *y = b;
    if (x->name != y->name)
        return (uintptr_t)x->name < (uintptr_t)y->name ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* Method names sorted by address for binary search, each with its units. */
static void index_methods(Project *p)
{
    NamedUnit *all = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < p->nunits; i++) {
        const Unit *u = &p->units[i];
        if (u->kind != UNIT_FUNCTION || !u->sc || u->sc->parent == PX_NO_SCOPE)
            continue;
        const PxScope *parent = px_scopes_get(p->mods[u->module].m->scopes, u->sc->parent);
        if (parent->kind == PX_SCOPE_CLASS)
            PX_PUSH(all, n, cap, ((NamedUnit){px_intern(p->strings, u->sc->name), (uint32_t)i}));
    }
    if (n > 1)
        qsort(all, n, sizeof(NamedUnit), cmp_named);
    size_t names = 0;
    for (size_t i = 0; i < n; i++)
        names += i == 0 || all[i].name != all[i - 1].name;
    p->method_names = px_calloc(names ? names : 1, sizeof(char *));
    p->method_units = px_calloc(names ? names : 1, sizeof(PxIdSet));
    for (size_t i = 0; i < n; i++) {
        if (i == 0 || all[i].name != all[i - 1].name)
            p->method_names[p->nmethod_names++] = all[i].name;
        px_idset_add(&p->method_units[p->nmethod_names - 1], all[i].unit);
    }
    free(all);
}

const PxIdSet *px_methods_named(const Project *p, const char *name)
{
    size_t lo = 0, hi = p->nmethod_names;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->method_names[mid] == name)
            return &p->method_units[mid];
        if ((uintptr_t)p->method_names[mid] < (uintptr_t)name)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* ---- findings ----------------------------------------------------------- */

static const char *module_name(const Project *p, uint32_t m) { return p->mods[m].name; }

struct FirstBinding {
    PxScopeId scope;
    const char *name; /* interned */
    uint32_t index;   /* of the binding, in source order */
    uint32_t start, end;
};

static int cmp_first_binding(const void *a, const void *b)
{
    const struct FirstBinding *x = a, *y = b;
    if (x->scope != y->scope)
        return x->scope < y->scope ? -1 : 1;
    if (x->name != y->name)
        return (uintptr_t)x->name < (uintptr_t)y->name ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Module m's bindings sorted, the first of each (scope, name) kept. */
static void index_first_bindings(Project *p, ModuleInfo *mi)
{
    mi->first_bindings_built = true;
    const PxScopes *sc = mi->m->scopes;
    uint32_t n = sc ? px_scopes_binding_count(sc) : 0;
    if (!n)
        return;
    struct FirstBinding *v = px_malloc(n * sizeof(*v));
    for (uint32_t i = 0; i < n; i++) {
        const PxBinding *b = px_scopes_binding(sc, i);
        v[i] = (struct FirstBinding){b->scope, px_intern(p->strings, b->name), i,
                                     b->start, b->end};
    }
    qsort(v, n, sizeof(*v), cmp_first_binding);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (k == 0 || v[i].scope != v[k - 1].scope || v[i].name != v[k - 1].name)
            v[k++] = v[i];
    mi->first_bindings = v;
    mi->nfirst_bindings = k;
}

/* The byte offsets where module-level (or scope-level) `name` is first bound. */
static bool binding_site(Project *p, uint32_t m, PxScopeId scope, const char *name,
                         uint32_t *start, uint32_t *end)
{
    ModuleInfo *mi = &p->mods[m];
    if (!name)
        return false;
    /* findings are made on several threads; only this interns meanwhile */
    pthread_mutex_lock(&p->first_bindings_lock);
    if (!mi->first_bindings_built)
        index_first_bindings(p, mi);
    pthread_mutex_unlock(&p->first_bindings_lock);
    struct FirstBinding key = {scope, name, 0, 0, 0}; /* names of objects are interned */
    uint32_t lo = 0, hi = mi->nfirst_bindings;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const struct FirstBinding *b = &mi->first_bindings[mid];
        int c = b->scope != key.scope ? (b->scope < key.scope ? -1 : 1)
                : b->name != key.name ? ((uintptr_t)b->name < (uintptr_t)key.name ? -1 : 1)
                                      : 0;
        if (c == 0) {
            *start = b->start;
            *end = b->end;
            return true;
        }
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

static void describe_target(Project *p, PxArena *arena, const Effect *e, PxFinding *f,
                            PxTraceStep *def_step, bool *has_def)
{
    const Val *t = &e->target;
    const char *prefix = t->part ? "an object reachable from " : "";
    char buf[600];
    *has_def = false;
    switch (t->kind) {
    case V_PARAM:
        f->root = PX_ROOT_ARGUMENT;
        if (t->name && !strcmp(t->name, "self") && t->cls != NONE)
            snprintf(buf, sizeof buf, "%s`self`", prefix);
        else
            snprintf(buf, sizeof buf, "%sthe argument `%s`", prefix, t->name ? t->name : "?");
        break;
    case V_DEFAULT:
        f->root = PX_ROOT_DEFAULT;
        snprintf(buf, sizeof buf, "%sthe default value of parameter `%s` of `%s`", prefix,
                 t->name ? t->name : "?", p->units[t->a].sc->qualname);
        break;
    case V_GLOBAL: {
        f->root = PX_ROOT_GLOBAL;
        snprintf(buf, sizeof buf, "%sthe module global `%s.%s`", prefix,
                 module_name(p, t->a), t->name);
        uint32_t s, en;
        if (binding_site(p, t->a, 0, t->name, &s, &en)) {
            char msg[300];
            snprintf(msg, sizeof msg, "`%s` is defined here, at import time", t->name);
            *def_step = (PxTraceStep){PX_TRACE_ALIAS, p->mods[t->a].m->source, s, en,
                                      px_arena_strdup(arena, msg)};
            *has_def = true;
        }
        break;
    }
    case V_CELL: {
        f->root = PX_ROOT_CELL;
        snprintf(buf, sizeof buf, "%sthe closure variable `%s` of `%s`", prefix, t->name,
                 p->units[t->a].sc->qualname);
        uint32_t s, en;
        const Unit *owner = &p->units[t->a];
        if (binding_site(p, owner->module, owner->scope, t->name, &s, &en)) {
            char msg[300];
            snprintf(msg, sizeof msg, "`%s` is bound here, in `%s`", t->name, owner->sc->qualname);
            *def_step = (PxTraceStep){PX_TRACE_ALIAS, p->mods[owner->module].m->source, s, en,
                                      px_arena_strdup(arena, msg)};
            *has_def = true;
        }
        break;
    }
    case V_CLASS:
        f->root = PX_ROOT_CLASS;
        snprintf(buf, sizeof buf, "%sthe class `%s`", t->part ? "an attribute of " : "",
                 p->units[t->a].sc->qualname);
        break;
    case V_MODULE:
        f->root = PX_ROOT_MODULE;
        snprintf(buf, sizeof buf, "%sthe module `%s`", prefix, module_name(p, t->a));
        break;
    case V_FUNCTION:
        f->root = PX_ROOT_FUNCTION;
        snprintf(buf, sizeof buf, "%sthe function `%s`", prefix, p->units[t->a].sc->qualname);
        break;
    case V_EXTERNAL:
        f->root = PX_ROOT_GLOBAL;
        if (t->b == 1)
            snprintf(buf, sizeof buf, "%sa shared `%s` object a library call returned",
                     prefix, t->name);
        else
            snprintf(buf, sizeof buf, "%s`%s`", prefix, t->name);
        break;
    default:
        f->root = PX_ROOT_NONE;
        buf[0] = '\0';
    }
    f->object = px_arena_strdup(arena, buf);
    f->reached = t->part;
}

struct TargetText {
    Val target; /* kind V_UNKNOWN with a == 0: an empty slot */
    PxRootKind root;
    const char *object;
    bool has_def;
    PxTraceStep def;
};

/* How findings describe each target object, made once per object and
 * worker: many findings share one (`self`, a module global). An
 * open-addressing table, resized at half. */
typedef struct {
    struct TargetText *v;
    size_t n, cap;
} TargetTexts;

/* describe_target through the worker's table; the texts live in `arena`. */
static void described_target(Project *p, PxArena *arena, TargetTexts *texts,
                             const Effect *e, PxFinding *f, PxTraceStep *def_step,
                             bool *has_def)
{
    if ((texts->n + 1) * 2 > texts->cap) {
        size_t cap = texts->cap ? texts->cap * 2 : 1024;
        struct TargetText *t = px_calloc(cap, sizeof(*t));
        for (size_t i = 0; i < texts->cap; i++) {
            if (!texts->v[i].object)
                continue;
            size_t j = val_hash(&texts->v[i].target) & (cap - 1);
            while (t[j].object)
                j = (j + 1) & (cap - 1);
            t[j] = texts->v[i];
        }
        free(texts->v);
        texts->v = t;
        texts->cap = cap;
    }
    size_t j = val_hash(&e->target) & (texts->cap - 1);
    while (texts->v[j].object) {
        struct TargetText *t = &texts->v[j];
        if (val_eq(&t->target, &e->target)) {
            f->root = t->root;
            f->object = t->object;
            f->reached = e->target.part;
            *def_step = t->def;
            *has_def = t->has_def;
            return;
        }
        j = (j + 1) & (texts->cap - 1);
    }
    describe_target(p, arena, e, f, def_step, has_def);
    texts->v[j] = (struct TargetText){e->target, f->root, f->object, *has_def, *def_step};
    texts->n++;
}

/* True for the wrapper's call of the function it wraps: the closure
 * variable is the decorator's parameter that received the original. */
static bool calls_wrapped(const Project *p, const Effect *e, const Wrap *w)
{
    const Unit *d = &p->units[w->decorator];
    return e->kind == PX_FIND_UNVERIFIABLE && e->target.kind == V_CELL &&
           e->target.a == w->decorator && d->sc->nparams > 0 && e->target.name &&
           strcmp(e->target.name, d->sc->params[0]) == 0;
}

static void make_result(Project *p, PxArena *arena, TargetTexts *texts, uint32_t uid,
                        const Wrap *wrap, PxCallbackResult *r)
{
    Unit merged;
    const Unit *u = &p->units[uid];
    if (wrap) {
        /* the decorated function runs inside its wrapper: both bodies count */
        merged = *u;
        const Unit *w = &p->units[wrap->wrapper];
        Effect *all = px_calloc(u->sum.neffects + w->sum.neffects + 1, sizeof(Effect));
        uint32_t n = 0;
        for (uint32_t i = 0; i < u->sum.neffects; i++)
            all[n++] = u->sum.effects[i];
        for (uint32_t i = 0; i < w->sum.neffects; i++)
            if (!calls_wrapped(p, &w->sum.effects[i], wrap))
                all[n++] = w->sum.effects[i];
        merged.sum.effects = all;
        merged.sum.neffects = n;
        u = &merged;
    }
    r->module = p->mods[u->module].m;
    r->module_name = module_name(p, u->module);
    r->qualname = u->sc->qualname;
    r->first_line = u->sc->first_line;
    r->end_line = u->ir->end_line;
    r->def_start = u->sc->def_start;
    r->nfindings = u->sum.neffects;
    PxFinding *fs = px_arena_alloc(arena, (r->nfindings ? r->nfindings : 1) * sizeof(PxFinding));
    for (uint32_t i = 0; i < u->sum.neffects; i++) {
        const Effect *e = &u->sum.effects[i];
        PxFinding *f = &fs[i];
        f->kind = e->kind;
        f->source = p->mods[e->module].m->source;
        f->start = e->start;
        f->end = e->end;
        f->action = e->action;
        PxTraceStep def = {0};
        bool has_def = false;
        described_target(p, arena, texts, e, f, &def, &has_def);
        PxTraceStep *steps = px_arena_alloc(arena, (e->nsteps + 1) * sizeof(PxTraceStep));
        for (uint32_t k = 0; k < e->nsteps; k++)
            steps[k] = (PxTraceStep){e->steps[k].is_call ? PX_TRACE_CALL : PX_TRACE_ALIAS,
                                     p->mods[e->steps[k].module].m->source,
                                     e->steps[k].start, e->steps[k].end, e->steps[k].message};
        f->nsteps = e->nsteps;
        if (has_def)
            steps[f->nsteps++] = def;
        f->steps = steps;
    }
    r->findings = fs;
    if (wrap)
        free(merged.sum.effects);
}

static int cmp_results(const void *a, const void *b)
{
    const PxCallbackResult *x = a, *y = b;
    int c = strcmp(x->module_name, y->module_name);
    if (c)
        return c;
    if (x->first_line != y->first_line)
        return x->first_line < y->first_line ? -1 : 1;
    if (x->def_start != y->def_start)
        return x->def_start < y->def_start ? -1 : 1;
    return strcmp(x->qualname, y->qualname);
}

/* Findings are made in chunks of callbacks on the workers, each chunk in
 * an arena of its own, each worker with its own texts of target objects
 * (the same texts whichever worker makes them). */
typedef struct {
    Project *p;
    uint32_t *units; /* to make results of, in order */
    const Wrap **wraps;
    size_t n, nchunks;
} ResultJobs;

static void *texts_create(void *shared)
{
    (void)shared;
    return px_calloc(1, sizeof(TargetTexts));
}

static void texts_destroy(void *state)
{
    TargetTexts *texts = state;
    free(texts->v);
    free(texts);
}

static void make_results(size_t chunk, void *state, void *shared)
{
    ResultJobs *job = shared;
    Project *p = job->p;
    PxArena *arena = p->result_arenas[chunk] = px_arena_create();
    size_t lo = chunk * job->n / job->nchunks, hi = (chunk + 1) * job->n / job->nchunks;
    for (size_t i = lo; i < hi; i++)
        make_result(p, arena, state, job->units[i], job->wraps[i], &p->results[i]);
}

static void collect_callbacks(Project *p)
{
    PxIdSet cbs = {0};
    PxIdSet wrapped = {0}; /* originals reached through a spawned wrapper */
    for (uint32_t i = 0; i < p->spawned.n; i++) {
        uint32_t cb = p->spawned.v[i];
        px_idset_add(&cbs, cb);
        for (size_t k = 0; k < p->nwraps; k++)
            if (p->wraps[k].wrapper == cb)
                px_idset_add(&wrapped, p->wraps[k].original);
        /* `lambda: f(x)` unwraps to f: the functions a spawned lambda calls
         * run on the parallel thread with main-thread arguments too. */
        if (p->units[cb].sc && p->units[cb].sc->kind == PX_SCOPE_LAMBDA)
            for (size_t u = 0; u < p->nunits; u++)
                if (p->units[u].kind == UNIT_FUNCTION && p->units[u].ir &&
                    px_idset_has(&p->units[u].dependents, cb))
                    px_idset_add(&cbs, (uint32_t)u);
    }
    for (size_t i = 0; i < p->nunits; i++) {
        const Unit *u = &p->units[i];
        if (u->kind == UNIT_CLASS && u->ir && px_class_is_thread_subclass(p, (uint32_t)i)) {
            bool data = false;
            if (px_unit_name(u, px_intern(p->strings, "run")) >= 0) {
                uint32_t f = px_class_lookup(p, (uint32_t)i, px_intern(p->strings, "run"), &data);
                if (f != NONE)
                    px_idset_add(&cbs, f);
            }
        }
        if (u->kind == UNIT_FUNCTION && u->ir &&
            (p->all_functions || configured_callback(p, u)))
            px_idset_add(&cbs, (uint32_t)i);
    }
    px_idset_union(&cbs, &wrapped);
    ResultJobs job = {p, px_calloc(cbs.n ? cbs.n : 1, sizeof(uint32_t)),
                      px_calloc(cbs.n ? cbs.n : 1, sizeof(Wrap *)), 0, 0};
    for (uint32_t i = 0; i < cbs.n; i++) {
        const Unit *u = &p->units[cbs.v[i]];
        if (u->kind != UNIT_FUNCTION || !u->ir)
            continue;
        const Wrap *wrap = NULL;
        for (size_t k = 0; k < p->nwraps && px_idset_has(&wrapped, cbs.v[i]); k++)
            if (p->wraps[k].original == cbs.v[i])
                wrap = &p->wraps[k];
        job.units[job.n] = cbs.v[i];
        job.wraps[job.n++] = wrap;
    }
    px_idset_free(&wrapped);
    px_idset_free(&cbs);
    p->nresults = job.n;
    p->results = px_arena_alloc(p->arena, (job.n ? job.n : 1) * sizeof(PxCallbackResult));
    job.nchunks = job.n < 64 ? (job.n ? job.n : 1) : 64;
    p->nresult_arenas = job.nchunks;
    p->result_arenas = px_calloc(job.nchunks, sizeof(PxArena *));
    unsigned jobs = p->options->jobs ? p->options->jobs : px_cpu_count();
    px_parallel_for(job.nchunks, jobs, texts_create, texts_destroy, make_results, &job);
    free(job.units);
    free(job.wraps);
    qsort(p->results, p->nresults, sizeof(PxCallbackResult), cmp_results);
}

PxProject *px_project_analyze(const PxProjectOptions *o)
{
    Project *p = px_calloc(1, sizeof(*p));
    p->arena = px_arena_create();
    pthread_mutex_init(&p->first_bindings_lock, NULL);
    p->strings = px_interner_create();
    p->name_facts = px_ptrmap_create();
    p->known_methods = px_ptrmap_create();
    p->kb = o->knowledge;
    p->all_functions = o->all_functions;
    p->options = o;
    p->solving = NONE;
    p->nmods = o->nmodules;
    p->mods = px_calloc(p->nmods ? p->nmods : 1, sizeof(ModuleInfo));
    p->sorted_mods = px_calloc(p->nmods ? p->nmods : 1, sizeof(uint32_t));
    for (size_t i = 0; i < p->nmods; i++) {
        bool pkg = false;
        char *name = px_module_name(px_source_path(o->modules[i]->source),
                                    o->python_path, o->npython_path, &pkg);
        p->mods[i].name = px_intern(p->strings, name);
        free(name);
        p->mods[i].is_package = pkg;
        p->mods[i].m = o->modules[i];
        const PxScopes *sc = o->modules[i]->scopes;
        for (uint32_t k = 0; sc && k < px_scopes_binding_count(sc); k++) {
            const PxBinding *b = px_scopes_binding(sc, k);
            if (b->kind == PX_BIND_IMPORT_STAR && b->scope == 0)
                PX_PUSH(p->mods[i].star_bindings, p->mods[i].nstar_bindings,
                        p->mods[i].capstar_bindings, k);
        }
        p->sorted_mods[i] = (uint32_t)i;
    }
    sort_indices(p->sorted_mods, p->nmods, p, cmp_modules);
    index_submodules(p);
    build_units(p, o);
    index_methods(p);
    px_run_fixpoint(p);
    if (o->record_calls) {
        /* one more pass over the stable summaries, noting every call */
        p->recording = true;
        for (size_t i = 0; i < p->nunits; i++)
            px_solve_unit(p, (uint32_t)i);
        p->recording = false;
        if (p->ncalls > 1)
            qsort(p->calls, p->ncalls, sizeof(PxCallEdge), cmp_calls);
    }
    px_solve_buffers_free(p);
    collect_callbacks(p);
    return p;
}

void px_project_destroy(PxProject *p)
{
    if (!p)
        return;
    px_ptrmap_destroy(p->name_facts);
    px_ptrmap_destroy(p->known_methods);
    for (size_t i = 0; i < p->nunits; i++) {
        Unit *u = &p->units[i];
        free(u->sum.effects);
        free(u->sum.returns);
        free(u->sum.flows);
        for (uint32_t k = 0; k < u->nnames; k++)
            free(u->name_vals[k]);
        free(u->name_vals);
        free(u->name_nvals);
        free(u->names);
        free(u->bases);
        free(u->external_bases);
        px_idset_free(&u->dependents);
        px_idset_free(&u->name_readers);
        px_idset_free(&u->override_readers);
        free(u->slot_names);
        px_idset_free(&u->subclasses);
    }
    free(p->units);
    free(p->queue);
    free(p->scc_stack);
    px_idset_free(&p->spawned);
    free(p->wraps);
    free(p->calls);
    for (size_t i = 0; i < p->nresult_arenas; i++)
        px_arena_destroy(p->result_arenas[i]);
    free(p->result_arenas);
    pthread_mutex_destroy(&p->first_bindings_lock);
    for (size_t i = 0; i < p->nmethod_names; i++)
        px_idset_free(&p->method_units[i]);
    free(p->method_units);
    free(p->method_names);
    for (size_t i = 0; i < p->nmods; i++) {
        px_idset_free(&p->mods[i].submodules);
        free(p->mods[i].first_bindings);
        free(p->mods[i].star_bindings);
    }
    free(p->mods);
    free(p->sorted_mods);
    px_interner_destroy(p->strings);
    px_arena_destroy(p->arena);
    free(p);
}

size_t px_project_solve_count(const PxProject *p)
{
    size_t n = 0;
    for (size_t i = 0; i < p->nunits; i++)
        n += p->units[i].solves;
    return n;
}

size_t px_project_call_count(const PxProject *p) { return p->ncalls; }
const PxCallEdge *px_project_call(const PxProject *p, size_t i) { return &p->calls[i]; }
size_t px_project_callback_count(const PxProject *p) { return p->nresults; }
const PxCallbackResult *px_project_callback(const PxProject *p, size_t i) { return &p->results[i]; }
