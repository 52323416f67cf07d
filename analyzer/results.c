/* The findings of each callback, made from the summaries the fixpoint
 * left: which units are callbacks, and what each effect is in words (the
 * object, where it was defined), on the workers. */
#include "project_internal.h"

#include "alloc.h"
#include "workers.h"

#include <fnmatch.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

static const char *module_name(const Project *p, uint32_t m) { return p->mods[m].name; }

struct FirstBinding {
    PxScopeId scope;
    const char *name; /* the scopes' text, not interned: findings are made
                         on other threads while the fixpoint interns */
    uint32_t index;   /* of the binding, in source order */
    uint32_t start, end;
};

static int cmp_first_binding(const void *a, const void *b)
{
    const struct FirstBinding *x = a, *y = b;
    if (x->scope != y->scope)
        return x->scope < y->scope ? -1 : 1;
    int c = strcmp(x->name, y->name);
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* Module m's bindings sorted, the first of each (scope, name) kept. */
static void index_first_bindings(ModuleInfo *mi)
{
    mi->first_bindings_built = true;
    const PxScopes *sc = mi->m->scopes;
    uint32_t n = sc ? px_scopes_binding_count(sc) : 0;
    if (!n)
        return;
    struct FirstBinding *v = px_malloc(n * sizeof(*v));
    for (uint32_t i = 0; i < n; i++) {
        const PxBinding *b = px_scopes_binding(sc, i);
        v[i] = (struct FirstBinding){b->scope, b->name, i, b->start, b->end};
    }
    qsort(v, n, sizeof(*v), cmp_first_binding);
    uint32_t k = 0;
    for (uint32_t i = 0; i < n; i++)
        if (k == 0 || v[i].scope != v[k - 1].scope || strcmp(v[i].name, v[k - 1].name))
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
    pthread_mutex_lock(&p->first_bindings_lock); /* findings are made on several threads */
    if (!mi->first_bindings_built)
        index_first_bindings(mi);
    pthread_mutex_unlock(&p->first_bindings_lock);
    uint32_t lo = 0, hi = mi->nfirst_bindings;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        const struct FirstBinding *b = &mi->first_bindings[mid];
        int c = b->scope != scope ? (b->scope < scope ? -1 : 1) : strcmp(b->name, name);
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

/* Words a worker makes once and its findings share: how each target object
 * is described (many findings name one: `self`, a module global), in an
 * open-addressing table resized at half; and the marked form of each call
 * step that ends a cut trace. */
typedef struct {
    struct TargetText *v;
    size_t n, cap;
    PxPtrMap *left_out; /* a call step's message -> marked as the last kept
                           of a longer trace; made when first needed */
} TargetTexts;

static void texts_free(TargetTexts *texts)
{
    free(texts->v);
    px_ptrmap_destroy(texts->left_out);
}

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

#define LEFT_OUT "… calls left out, then: "

/* The steps a finding shows of a trace: at most MAX_STEPS. A longer chain
 * keeps its first seven and, last, its deepest call below its eighth step,
 * marked so the reader knows calls are missing between them; with no such
 * call, its eighth step. */
static uint32_t trace_steps(Project *p, PxArena *arena, TargetTexts *texts,
                            const TraceLink *trace, PxTraceStep *out)
{
    Step kept[MAX_STEPS];
    uint32_t n = 0;
    const TraceLink *l = trace;
    for (; l && n < MAX_STEPS; l = l->next)
        kept[n++] = l->step;
    bool marked = l && l->deepest_call;
    if (marked)
        kept[MAX_STEPS - 1] = l->deepest_call->step;
    for (uint32_t k = 0; k < n; k++) {
        const char *message = kept[k].message;
        if (marked && k == MAX_STEPS - 1 &&
            strncmp(message, LEFT_OUT, strlen(LEFT_OUT)) != 0) {
            if (!texts->left_out)
                texts->left_out = px_ptrmap_create();
            const char *known = px_ptrmap_get(texts->left_out, message, NULL);
            if (!known) {
                char msg[600];
                snprintf(msg, sizeof msg, LEFT_OUT "%s", message);
                known = px_arena_strdup(arena, msg);
                px_ptrmap_put(texts->left_out, message, NULL, (void *)known);
            }
            message = known;
        }
        out[k] = (PxTraceStep){kept[k].is_call ? PX_TRACE_CALL : PX_TRACE_ALIAS,
                               p->mods[kept[k].module].m->source, kept[k].start,
                               kept[k].end, message};
    }
    return n;
}

/* The result of unit u, whose summary's effects are `effects`, run with
 * its first `params` parameters passed: an effect on a later one is on
 * nothing the main thread passed (the parameter holds its default, an
 * effect of its own, or the call fails). */
static void findings_of(Project *p, PxArena *arena, TargetTexts *texts, const Unit *u,
                        const Effect *effects, uint32_t neffects, uint32_t params,
                        PxCallbackResult *r)
{
    r->module = p->mods[u->module].m;
    r->module_name = module_name(p, u->module);
    r->qualname = u->sc->qualname;
    r->first_line = u->sc->first_line;
    r->end_line = u->ir->end_line;
    r->def_start = u->sc->def_start;
    r->nfindings = 0;
    r->early = (PxEarlyReport){0};
    PxFinding *fs = px_arena_alloc(arena, (neffects ? neffects : 1) * sizeof(PxFinding));
    for (uint32_t i = 0; i < neffects; i++) {
        const Effect *e = &effects[i];
        if (e->target.kind == V_PARAM && e->target.a >= params)
            continue;
        PxFinding *f = &fs[r->nfindings++];
        f->kind = e->kind;
        f->source = p->mods[e->module].m->source;
        f->start = e->start;
        f->end = e->end;
        f->action = e->action;
        PxTraceStep def = {0};
        bool has_def = false;
        described_target(p, arena, texts, e, f, &def, &has_def);
        PxTraceStep shown[MAX_STEPS + 1];
        f->nsteps = trace_steps(p, arena, texts, e->trace, shown);
        if (has_def)
            shown[f->nsteps++] = def;
        /* copied, not zeroed first: a million findings hold 200 MB of steps */
        f->steps = f->nsteps ? px_arena_copy(arena, shown, f->nsteps * sizeof(PxTraceStep))
                             : NULL;
    }
    r->findings = fs;
}

static void make_result(Project *p, PxArena *arena, TargetTexts *texts, uint32_t uid,
                        const Wrap *wrap, uint32_t params, PxCallbackResult *r)
{
    const Unit *u = &p->units[uid];
    if (!wrap) {
        findings_of(p, arena, texts, u, u->sum.effects, u->sum.neffects, params, r);
        return;
    }
    /* the decorated function runs inside its wrapper: both bodies count */
    const Unit *w = &p->units[wrap->wrapper];
    Effect *all = px_calloc(u->sum.neffects + w->sum.neffects + 1, sizeof(Effect));
    uint32_t n = 0;
    for (uint32_t i = 0; i < u->sum.neffects; i++)
        all[n++] = u->sum.effects[i];
    for (uint32_t i = 0; i < w->sum.neffects; i++)
        if (!calls_wrapped(p, &w->sum.effects[i], wrap))
            all[n++] = w->sum.effects[i];
    findings_of(p, arena, texts, u, all, n, params, r);
    free(all);
}

/* ---- findings made while the fixpoint runs ----------------------------
 * With every function a callback, the other core would idle through the
 * fixpoint. A helper thread makes each function's findings from the
 * summary its component completed with; the search goes on meanwhile,
 * taking the lock below to replace a summary. A result is kept if its unit
 * was not solved again since (the same solve count), and is then the
 * result making it afterwards would give. */

typedef struct EarlyResults EarlyResults;

typedef struct {
    bool made;
    uint32_t stamp; /* the unit's solve count when its summary was read */
    PxCallbackResult result;
} EarlyResult;

struct EarlyResults {
    pthread_t thread;
    pthread_mutex_t summaries; /* p->summary_lock */
    pthread_mutex_t lock;      /* the queue, and waiting on it */
    pthread_cond_t more;
    uint32_t *queue; /* completed function units, in order */
    size_t nqueue, capqueue;
    atomic_bool stop; /* the fixpoint is done: the rest are made later */
    uint32_t *batch; /* the search's, queued a few dozen at a time */
    size_t nbatch, capbatch;
    EarlyResult *made; /* per unit */
    PxArena *arena;
};

static void make_early(Project *p, EarlyResults *er, TargetTexts *texts, uint32_t uid)
{
    const Unit *u = &p->units[uid];
    pthread_mutex_lock(&er->summaries);
    uint32_t stamp = u->solves, n = u->sum.neffects;
    Effect *copy = px_malloc((n ? n : 1) * sizeof(Effect));
    if (n)
        memcpy(copy, u->sum.effects, n * sizeof(Effect));
    pthread_mutex_unlock(&er->summaries);
    EarlyResult *e = &er->made[uid];
    findings_of(p, er->arena, texts, u, copy, n, PX_ANY_PARAMS, &e->result);
    const PxProjectOptions *o = p->options;
    if (o->report_early && e->result.nfindings)
        e->result.early = o->report_early(&e->result, o->report_early_ctx);
    e->stamp = stamp;
    e->made = true;
    free(copy);
}

static void *early_main(void *arg)
{
    Project *p = arg;
    EarlyResults *er = p->early;
    TargetTexts texts = {0};
    uint32_t *mine = NULL;
    size_t cap = 0, taken = 0;
    for (;;) {
        pthread_mutex_lock(&er->lock);
        while (taken == er->nqueue && !atomic_load(&er->stop))
            pthread_cond_wait(&er->more, &er->lock);
        size_t n = atomic_load(&er->stop) ? 0 : er->nqueue - taken;
        if (n > cap) {
            cap = n * 2;
            mine = px_realloc(mine, cap * sizeof(uint32_t));
        }
        if (n)
            memcpy(mine, er->queue + taken, n * sizeof(uint32_t));
        taken += n;
        pthread_mutex_unlock(&er->lock);
        if (!n)
            break;
        for (size_t i = 0; i < n && !atomic_load(&er->stop); i++)
            make_early(p, er, &texts, mine[i]);
    }
    free(mine);
    texts_free(&texts);
    return NULL;
}

static void early_flush(EarlyResults *er)
{
    pthread_mutex_lock(&er->lock);
    for (size_t i = 0; i < er->nbatch; i++)
        PX_PUSH(er->queue, er->nqueue, er->capqueue, er->batch[i]);
    pthread_cond_signal(&er->more);
    pthread_mutex_unlock(&er->lock);
    er->nbatch = 0;
}

void px_early_results_start(Project *p)
{
    unsigned jobs = px_jobs(p->options->jobs);
    if (!p->all_functions || jobs < 2)
        return;
    EarlyResults *er = px_calloc(1, sizeof(*er));
    pthread_mutex_init(&er->summaries, NULL);
    pthread_mutex_init(&er->lock, NULL);
    pthread_cond_init(&er->more, NULL);
    atomic_init(&er->stop, false);
    er->made = px_calloc(p->nunits ? p->nunits : 1, sizeof(EarlyResult));
    er->arena = px_arena_create();
    p->early = er;
    p->summary_lock = &er->summaries;
    if (pthread_create(&er->thread, NULL, early_main, p) != 0) {
        px_early_results_free(p); /* all results are made afterwards */
        p->summary_lock = NULL;
    }
}

void px_early_results_completed(Project *p, uint32_t unit)
{
    EarlyResults *er = p->early;
    const Unit *u = &p->units[unit];
    if (!er || u->kind != UNIT_FUNCTION || !u->ir)
        return;
    PX_PUSH(er->batch, er->nbatch, er->capbatch, unit);
    if (er->nbatch >= 64)
        early_flush(er);
}

void px_early_results_stop(Project *p)
{
    EarlyResults *er = p->early;
    if (!er)
        return;
    pthread_mutex_lock(&er->lock);
    atomic_store(&er->stop, true);
    pthread_cond_signal(&er->more);
    pthread_mutex_unlock(&er->lock);
    pthread_join(er->thread, NULL);
    p->summary_lock = NULL;
}

void px_early_results_free(Project *p)
{
    EarlyResults *er = p->early;
    if (!er)
        return;
    pthread_mutex_destroy(&er->summaries);
    pthread_mutex_destroy(&er->lock);
    pthread_cond_destroy(&er->more);
    free(er->queue);
    free(er->batch);
    free(er->made);
    px_arena_destroy(er->arena);
    free(er);
    p->early = NULL;
}

/* The result of uid made while the fixpoint ran, if its summary is the
 * final one. */
static const PxCallbackResult *made_early(const Project *p, uint32_t uid)
{
    const EarlyResult *e = p->early ? &p->early->made[uid] : NULL;
    return e && e->made && e->stamp == p->units[uid].solves ? &e->result : NULL;
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
    uint32_t *params; /* the parameters each is passed (findings_of) */
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
    texts_free(texts);
    free(texts);
}

static void make_results(size_t chunk, void *state, void *shared)
{
    ResultJobs *job = shared;
    Project *p = job->p;
    PxArena *arena = p->result_arenas[chunk] = px_arena_create();
    size_t lo = chunk * job->n / job->nchunks, hi = (chunk + 1) * job->n / job->nchunks;
    for (size_t i = lo; i < hi; i++) {
        const PxCallbackResult *early = job->wraps[i] ? NULL : made_early(p, job->units[i]);
        if (early)
            p->results[i] = *early;
        else
            make_result(p, arena, state, job->units[i], job->wraps[i], job->params[i],
                        &p->results[i]);
    }
}

void px_collect_callbacks(Project *p)
{
    PxIdSet cbs = {0};
    PxIdSet wrapped = {0}; /* originals reached through a spawned wrapper */
    PxIdSet any_params = {0}; /* callbacks that may be passed any parameter */
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
                    px_idset_has(&p->units[u].dependents, cb)) {
                    px_idset_add(&cbs, (uint32_t)u);
                    px_idset_add(&any_params, (uint32_t)u);
                }
    }
    for (size_t i = 0; i < p->nunits; i++) {
        const Unit *u = &p->units[i];
        if (u->kind == UNIT_CLASS && u->ir && px_class_is_thread_subclass(p, (uint32_t)i)) {
            bool data = false;
            if (px_unit_name(u, px_intern(p->strings, "run")) >= 0) {
                uint32_t f = px_class_lookup(p, (uint32_t)i, px_intern(p->strings, "run"), &data);
                if (f != NONE) {
                    px_idset_add(&cbs, f);
                    px_idset_add(&any_params, f);
                }
            }
        }
        if (u->kind == UNIT_FUNCTION && u->ir &&
            (p->all_functions || configured_callback(p, u))) {
            px_idset_add(&cbs, (uint32_t)i);
            px_idset_add(&any_params, (uint32_t)i);
        }
    }
    px_idset_union(&cbs, &wrapped);
    px_idset_union(&any_params, &wrapped);
    size_t ncbs = cbs.n ? cbs.n : 1;
    ResultJobs job = {p, px_calloc(ncbs, sizeof(uint32_t)), px_calloc(ncbs, sizeof(Wrap *)),
                      px_calloc(ncbs, sizeof(uint32_t)), 0, 0};
    for (uint32_t i = 0; i < cbs.n; i++) {
        const Unit *u = &p->units[cbs.v[i]];
        if (u->kind != UNIT_FUNCTION || !u->ir)
            continue;
        const Wrap *wrap = NULL;
        for (size_t k = 0; k < p->nwraps && px_idset_has(&wrapped, cbs.v[i]); k++)
            if (p->wraps[k].original == cbs.v[i])
                wrap = &p->wraps[k];
        job.units[job.n] = cbs.v[i];
        job.params[job.n] = px_idset_has(&any_params, cbs.v[i]) ? PX_ANY_PARAMS : u->spawn_params;
        job.wraps[job.n++] = wrap;
    }
    px_idset_free(&wrapped);
    px_idset_free(&any_params);
    px_idset_free(&cbs);
    p->nresults = job.n;
    p->results = px_arena_alloc(p->arena, (job.n ? job.n : 1) * sizeof(PxCallbackResult));
    job.nchunks = job.n < 64 ? (job.n ? job.n : 1) : 64;
    p->nresult_arenas = job.nchunks;
    p->result_arenas = px_calloc(job.nchunks, sizeof(PxArena *));
    unsigned jobs = px_jobs(p->options->jobs);
    px_parallel_for(job.nchunks, jobs, texts_create, texts_destroy, make_results, &job);
    free(job.units);
    free(job.wraps);
    free(job.params);
    qsort(p->results, p->nresults, sizeof(PxCallbackResult), cmp_results);
}
