/* The whole-run analysis driver: builds the unit table (one unit per module
 * body, class and function of every module), runs the summaries to a
 * fixpoint (fixpoint.c), then has the callbacks' summaries turned into
 * findings (results.c). */
#include "project_internal.h"

#include "alloc.h"
#include "modname.h"
#include "prefault.h"
#include "workers.h"

#include <stdlib.h>
#include <string.h>

void px_record_spawn(Project *p, uint32_t unit, uint32_t params)
{
    px_idset_add(&p->spawned, unit);
    if (params > p->units[unit].spawn_params)
        p->units[unit].spawn_params = params;
}

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

void px_record_wrap(Project *p, uint32_t wrapper, uint32_t original, uint32_t decorator)
{
    /* solves repeat, and record their wraps each time */
    const Unit *key_a = &p->units[wrapper], *key_b = &p->units[original];
    if (px_ptrmap_get(p->wrap_index, key_a, key_b))
        return;
    Wrap w = {wrapper, original, decorator};
    PX_PUSH(p->wraps, p->nwraps, p->capwraps, w);
    px_ptrmap_put(p->wrap_index, key_a, key_b, (void *)key_a);
}

/* Recorded as met: a call is met again at each pass of its unit's solve,
 * and the copies go after the pass (unique_calls). */
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
    PX_PUSH(p->calls, p->ncalls, p->capcalls, e);
}

/* By path, offset and callee (the order `debug calls` prints), then kind
 * and callee module: 0 only for the same call recorded again. */
static int cmp_calls(const void *a, const void *b, void *ctx)
{
    const Project *p = ctx;
    const PxCallEdge *x = &p->calls[*(const uint32_t *)a], *y = &p->calls[*(const uint32_t *)b];
    int c = x->module == y->module
                ? 0
                : strcmp(px_source_path(x->module->source), px_source_path(y->module->source));
    if (c)
        return c;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if ((c = strcmp(x->callee, y->callee)))
        return c;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    if (!x->callee_module || !y->callee_module)
        return (x->callee_module != NULL) - (y->callee_module != NULL);
    return strcmp(x->callee_module, y->callee_module);
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

/* The recorded calls sorted (cmp_calls), each once: the first recorded of
 * equal ones, as the sort is stable. Sorting instead of looking each call
 * up as it is recorded keeps a large run's recording linear. */
static void unique_calls(Project *p)
{
    size_t n = p->ncalls;
    if (n < 2)
        return;
    uint32_t *order = px_malloc(n * sizeof(*order));
    for (size_t i = 0; i < n; i++)
        order[i] = (uint32_t)i;
    sort_indices(order, n, p, cmp_calls);
    PxCallEdge *kept = px_malloc(n * sizeof(*kept));
    size_t nkept = 0;
    for (size_t i = 0; i < n; i++)
        if (i == 0 || cmp_calls(&order[i - 1], &order[i], p) != 0)
            kept[nkept++] = p->calls[order[i]];
    free(order);
    free(p->calls);
    p->calls = kept;
    p->ncalls = nkept;
    p->capcalls = n;
}

/* What a module's entry needs from its file, on worker threads: the name
 * (its path resolved, __init__.py looked for up its directories: a dozen
 * system calls) and its star imports (a pass over all its bindings). */
typedef struct {
    Project *p;
    const PxProjectOptions *o;
    char **names;
} EntryJob;

static void fill_module_entry(size_t i, void *state, void *shared)
{
    (void)state;
    const EntryJob *job = shared;
    ModuleInfo *mi = &job->p->mods[i];
    job->names[i] = px_module_name(px_source_path(job->o->modules[i]->source),
                                   job->o->python_path, job->o->npython_path,
                                   &mi->is_package);
    const PxScopes *sc = job->o->modules[i]->scopes;
    for (uint32_t k = 0; sc && k < px_scopes_binding_count(sc); k++) {
        const PxBinding *b = px_scopes_binding(sc, k);
        if (b->kind == PX_BIND_IMPORT_STAR && b->scope == 0)
            PX_PUSH(mi->star_bindings, mi->nstar_bindings, mi->capstar_bindings, k);
    }
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
        uint32_t first, n = px_modules_named(p, parent, &first);
        free(parent);
        for (uint32_t k = 0; k < n; k++) /* a package of another's name too */
            px_idset_add(&p->mods[p->sorted_mods[first + k]].submodules, (uint32_t)i);
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

/* Everything only the analysis reads: the units' summaries and indexes,
 * the memos. Results, call edges, counts and strings stay. */
static void *release_analysis(void *arg)
{
    Project *p = arg;
    px_ptrmap_destroy(p->name_facts);
    px_ptrmap_destroy(p->known_methods);
    px_ptrmap_destroy(p->dotted);
    px_class_overrides_free(p);
    px_ptrmap_destroy(p->import_targets);
    free(p->published);
    free(p->published_first);
    px_ptrmap_destroy(p->hidden_objects);
    px_ptrmap_destroy(p->wrap_index);
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
    free(p->queue);
    free(p->scc_stack);
    px_idset_free(&p->spawned);
    free(p->wraps);
    for (size_t i = 0; i < p->nmethod_names; i++)
        px_idset_free(&p->method_units[i]);
    free(p->method_units);
    free(p->method_names);
    for (size_t i = 0; i < p->nmods; i++) {
        px_idset_free(&p->mods[i].submodules);
        px_ptrmap_destroy(p->mods[i].symbols);
        px_ptrmap_destroy(p->mods[i].ir_names);
        free(p->mods[i].first_bindings);
        free(p->mods[i].star_bindings);
    }
    return NULL;
}

/* The analysis state goes on another thread while the caller works with
 * the results: hundreds of thousands of blocks to free, which took the
 * end of a run over the standard library a tenth of a second. */
static void start_release(Project *p)
{
    p->releasing = pthread_create(&p->release, NULL, release_analysis, p) == 0;
    if (!p->releasing)
        release_analysis(p);
}

/* Functions, classes and module bodies from which the fixpoint's page
 * faults are worth another thread: about 250k lines of Python. */
enum { PREFAULT_MIN_UNITS = 20000 };

PxProject *px_project_analyze(const PxProjectOptions *o)
{
    Project *p = px_calloc(1, sizeof(*p));
    p->arena = px_arena_create();
    pthread_mutex_init(&p->first_bindings_lock, NULL);
    p->strings = px_interner_create();
    p->name_facts = px_ptrmap_create();
    p->known_methods = px_ptrmap_create();
    p->dotted = px_ptrmap_create();
    p->hidden_objects = px_ptrmap_create();
    p->wrap_index = px_ptrmap_create();
    p->kb = o->knowledge;
    p->all_functions = o->all_functions;
    p->options = o;
    p->solving = NONE;
    p->nmods = o->nmodules;
    p->mods = px_calloc(p->nmods ? p->nmods : 1, sizeof(ModuleInfo));
    p->sorted_mods = px_calloc(p->nmods ? p->nmods : 1, sizeof(uint32_t));
    EntryJob entries = {p, o, px_calloc(p->nmods ? p->nmods : 1, sizeof(char *))};
    px_parallel_for(p->nmods, px_jobs(o->jobs), NULL, NULL, fill_module_entry, &entries);
    for (size_t i = 0; i < p->nmods; i++) {
        p->mods[i].name = px_intern(p->strings, entries.names[i]);
        free(entries.names[i]);
        p->mods[i].m = o->modules[i];
        p->sorted_mods[i] = (uint32_t)i;
    }
    free(entries.names);
    sort_indices(p->sorted_mods, p->nmods, p, cmp_modules);
    index_submodules(p);
    build_units(p, o);
    index_methods(p);
    px_timings_mark(o->timings, PX_PHASE_INDEX);
    /* On the other core, which the helper below leaves idle half the time.
     * A small project's fixpoint allocates little: a populated step of the
     * heap would be memory for nothing. */
    PxPrefault *prefault = px_jobs(o->jobs) > 1 && p->nunits >= PREFAULT_MIN_UNITS
                               ? px_prefault_start()
                               : NULL;
    px_early_results_start(p);
    px_run_fixpoint(p);
    px_early_results_stop(p);
    px_prefault_stop(prefault);
    px_timings_mark(o->timings, PX_PHASE_FIXPOINT);
    if (o->record_calls) {
        /* one more pass over the stable summaries, noting every call */
        p->recording = true;
        for (size_t i = 0; i < p->nunits; i++)
            px_solve_unit(p, (uint32_t)i);
        p->recording = false;
        unique_calls(p);
    }
    px_solve_buffers_free(p);
    px_collect_callbacks(p);
    px_timings_mark(o->timings, PX_PHASE_RESULTS);
    start_release(p);
    return p;
}

void px_project_destroy(PxProject *p)
{
    if (!p)
        return;
    if (p->releasing)
        pthread_join(p->release, NULL);
    px_early_results_free(p);
    free(p->units);
    free(p->calls);
    for (size_t i = 0; i < p->nresult_arenas; i++)
        px_arena_destroy(p->result_arenas[i]);
    free(p->result_arenas);
    pthread_mutex_destroy(&p->first_bindings_lock);
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
