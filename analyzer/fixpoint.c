/* The order of solving: each unit's first solve comes when something
 * first reads its results (a depth-first search in which Tarjan's
 * algorithm finds the cycles, each solved to a fixpoint before its readers
 * go on), then a worklist, most upstream first, solves again what read
 * results that changed. The readers of each unit are kept by what they
 * read: its summary, its names, the overrides below a class. */
#include "project_internal.h"

#include "alloc.h"

#include <stdlib.h>

/* A solve reads the same unit many times: the last reader noted is
 * remembered, so most repeats cost a compare. */
void px_add_dependent(Project *p, uint32_t on, uint32_t dependent)
{
    if (on == dependent || on >= p->nunits || p->units[on].last_dependent == dependent)
        return;
    p->units[on].last_dependent = dependent;
    px_idset_add(&p->units[on].dependents, dependent);
}

void px_add_name_reader(Project *p, uint32_t on, uint32_t reader)
{
    if (on == reader || on >= p->nunits || p->units[on].last_name_reader == reader)
        return;
    p->units[on].last_name_reader = reader;
    px_idset_add(&p->units[on].name_readers, reader);
}

void px_names_changed(Project *p, uint32_t unit)
{
    const Unit *u = &p->units[unit];
    for (uint32_t i = 0; i < u->name_readers.n; i++)
        px_enqueue(p, u->name_readers.v[i]);
}

void px_add_override_reader(Project *p, uint32_t cls, uint32_t reader)
{
    if (cls != reader && cls < p->nunits)
        px_idset_add(&p->units[cls].override_readers, reader);
}

static void subclasses_changed(Project *p, uint32_t cls, int depth)
{
    if (cls == NONE || depth > 32)
        return;
    const Unit *u = &p->units[cls];
    for (uint32_t i = 0; i < u->override_readers.n; i++)
        px_enqueue(p, u->override_readers.v[i]);
    for (uint32_t b = 0; b < u->nbases; b++)
        subclasses_changed(p, u->bases[b], depth + 1);
}

void px_subclasses_changed(Project *p, uint32_t cls)
{
    p->class_epoch++; /* px_class_overrides' answers may have changed */
    subclasses_changed(p, cls, 0);
}

static void heap_push(Project *p, uint32_t unit);

/* Callees before callers, found as they are read: a reader then sees a
 * unit's results instead of nothing, and is not solved again when they
 * appear. The first solves are a depth-first search, and Tarjan's
 * algorithm finds the cycles in it (px_solve_unit solves each to a
 * fixpoint before its readers go on). Chains deeper than the C stack
 * allows fall back to the queue (the reader is solved again when the
 * results change). */
void px_demand(Project *p, uint32_t unit)
{
    if (!p->demand || unit >= p->nunits)
        return;
    uint32_t reader = p->solving;
    Unit *u = &p->units[unit];
    if (!u->ir)
        return;
    /* while demand is on, every solve is of a unit the search reached */
    if (u->dfs_index == NONE && p->solve_depth < MAX_DEMAND_DEPTH) {
        /* The enclosing scope's solve sets what a unit's own solve reads
         * of itself: the class of a method, staticmethod, a class's bases. */
        if (u->sc && u->sc->parent != PX_NO_SCOPE)
            px_demand(p, p->mods[u->module].first_unit + u->sc->parent);
        if (u->dfs_index == NONE) {
            u->queued = false; /* its turn in the first sweep is taken */
            px_solve_unit(p, unit);
        }
    }
    /* an edge of the search: the reader and `unit` share a component
     * if `unit` still waits on the stack */
    if (reader != NONE && reader != unit && u->on_scc_stack) {
        Unit *r = &p->units[reader];
        if (u->dfs_low < r->dfs_low)
            r->dfs_low = u->dfs_low;
    }
}

bool px_demand_pending(const Project *p, uint32_t unit)
{
    const Unit *u = &p->units[unit];
    return u->ir && (u->dfs_index == NONE || u->on_scc_stack);
}

void px_solve_unit(Project *p, uint32_t unit)
{
    Unit *u = &p->units[unit];
    if (!p->demand || u->dfs_index != NONE || !u->ir) {
        px_solve_once(p, unit);
        return;
    }
    u->dfs_index = u->dfs_low = p->next_dfs_index++;
    u->on_scc_stack = true;
    /* nested solves only ever pop what they pushed: the unit stays here */
    size_t first = p->nscc_stack;
    PX_PUSH(p->scc_stack, p->nscc_stack, p->capscc_stack, unit);
    px_solve_once(p, unit);
    if (u->dfs_low != u->dfs_index)
        return; /* its component completes at a unit below it */
    /* A component of several units read each other's results before they
     * were complete: those whose inputs changed since (queued) are solved
     * again, in discovery order, until none is; only then do the units
     * that read the component see it. A unit first reached meanwhile that
     * reads a member joins the component (it stays on the stack above). */
    bool stable = p->nscc_stack - first == 1;
    for (int round = 0; !stable && round < 50; round++) {
        /* by position: the stack may grow (and move) during a solve, but
         * the first n entries stay */
        size_t n = p->nscc_stack - first;
        bool solved = false;
        for (size_t i = first; i < first + n; i++) {
            uint32_t m = p->scc_stack[i];
            if (!p->units[m].queued)
                continue;
            p->units[m].queued = false;
            px_solve_once(p, m);
            solved = true;
        }
        stable = !solved && p->nscc_stack - first == n;
    }
    for (size_t i = first; i < p->nscc_stack; i++) {
        p->units[p->scc_stack[i]].on_scc_stack = false;
        px_early_results_completed(p, p->scc_stack[i]);
    }
    p->nscc_stack = first;
}

void px_enqueue(Project *p, uint32_t unit)
{
    Unit *u = &p->units[unit];
    if (u->queued || !u->ir)
        return;
    u->queued = true;
    if (p->rank)
        heap_push(p, unit);
    else
        PX_PUSH(p->queue, p->nqueue, p->capqueue, unit);
}

/* rank[u] for every unit: a topological order of the dependency graph
 * known so far (a unit before the units that depend on it; cycles in DFS
 * order), from an iterative depth-first search: reverse postorder. */
static void rank_units(Project *p, uint32_t *rank)
{
    size_t n = p->nunits, next = n;
    uint8_t *state = px_calloc(n ? n : 1, 1); /* 0 new, 1 open, 2 done */
    uint32_t *stack = px_malloc((n ? n : 1) * sizeof(uint32_t));
    uint32_t *edge = px_malloc((n ? n : 1) * sizeof(uint32_t));
    for (size_t root = 0; root < n; root++) {
        if (state[root])
            continue;
        size_t depth = 0;
        stack[depth] = (uint32_t)root;
        edge[depth] = 0;
        state[root] = 1;
        while (depth != (size_t)-1) {
            uint32_t u = stack[depth];
            const PxIdSet *deps = &p->units[u].dependents;
            const PxIdSet *readers = &p->units[u].name_readers;
            const PxIdSet *over = &p->units[u].override_readers;
            if (edge[depth] < deps->n + readers->n + over->n) {
                uint32_t e = edge[depth]++;
                uint32_t d = e < deps->n ? deps->v[e]
                             : e < deps->n + readers->n ? readers->v[e - deps->n]
                                                        : over->v[e - deps->n - readers->n];
                if (!state[d]) {
                    state[d] = 1;
                    depth++;
                    stack[depth] = d;
                    edge[depth] = 0;
                }
                continue;
            }
            state[u] = 2;
            rank[u] = (uint32_t)--next; /* reverse postorder */
            depth--;
        }
    }
    free(state);
    free(stack);
    free(edge);
}

/* The queue after the first sweep: a binary heap of units keyed by rank
 * (then unit id), so the most upstream unit whose inputs changed is solved
 * next, and a unit downstream waits until what feeds it has settled
 * (within a cycle, until the cycle has). */
static bool heap_before(const Project *p, uint32_t a, uint32_t b)
{
    uint32_t ra = p->rank[a], rb = p->rank[b];
    return ra != rb ? ra < rb : a < b;
}

static void heap_push(Project *p, uint32_t unit)
{
    PX_PUSH(p->queue, p->nqueue, p->capqueue, unit);
    size_t i = p->nqueue - 1;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!heap_before(p, p->queue[i], p->queue[up]))
            break;
        uint32_t t = p->queue[i]; p->queue[i] = p->queue[up]; p->queue[up] = t;
        i = up;
    }
}

static uint32_t heap_pop(Project *p)
{
    uint32_t top = p->queue[0];
    p->queue[0] = p->queue[--p->nqueue];
    size_t i = 0, n = p->nqueue;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        if (l < n && heap_before(p, p->queue[l], p->queue[m]))
            m = l;
        if (r < n && heap_before(p, p->queue[r], p->queue[m]))
            m = r;
        if (m == i)
            break;
        uint32_t t = p->queue[i]; p->queue[i] = p->queue[m]; p->queue[m] = t;
        i = m;
    }
    return top;
}

/* The sweep's modules, classes and functions, each kind reversed in place. */
static void reverse_each_kind(const Project *p, uint32_t *sweep, size_t n)
{
    for (size_t lo = 0, hi; lo < n; lo = hi) {
        for (hi = lo; hi < n && p->units[sweep[hi]].kind == p->units[sweep[lo]].kind; hi++)
            ;
        for (size_t a = lo, b = hi - 1; a < b; a++, b--) {
            uint32_t t = sweep[a];
            sweep[a] = sweep[b];
            sweep[b] = t;
        }
    }
}

/* One sweep over module bodies, classes, functions (each solving what it
 * reads first, px_demand, and each cycle to a fixpoint), then the units
 * whose inputs still changed, most upstream first, until nothing changes. */
void px_run_fixpoint(Project *p)
{
    uint32_t *sweep = NULL;
    size_t nsweep = 0, cap = 0;
    for (int pass = 0; pass < 3; pass++)
        for (size_t i = 0; i < p->nunits; i++) {
            UnitKind want = pass == 0 ? UNIT_MODULE : pass == 1 ? UNIT_CLASS : UNIT_FUNCTION;
            if (p->units[i].kind == want && p->units[i].ir)
                PX_PUSH(sweep, nsweep, cap, (uint32_t)i);
        }
    if (p->options->reverse_sweep)
        reverse_each_kind(p, sweep, nsweep);
    for (size_t i = 0; i < nsweep; i++)
        p->units[sweep[i]].queued = true;
    p->demand = true;
    /* A unit still to come in this sweep stays queued: it will see
     * whatever changes before its turn. */
    for (size_t i = 0; i < nsweep; i++) {
        if (!p->units[sweep[i]].queued)
            continue; /* solved on demand since */
        p->units[sweep[i]].queued = false;
        px_solve_unit(p, sweep[i]);
    }
    p->demand = false;
    free(sweep);
    /* the dependencies the first sweep found give the order from here on */
    p->rank = px_malloc((p->nunits ? p->nunits : 1) * sizeof(uint32_t));
    rank_units(p, p->rank);
    uint32_t *pending = p->queue;
    size_t npending = p->nqueue;
    p->queue = NULL;
    p->nqueue = p->capqueue = 0;
    for (size_t i = 0; i < npending; i++)
        heap_push(p, pending[i]);
    free(pending);
    while (p->nqueue) {
        uint32_t u = heap_pop(p);
        if (!p->units[u].queued)
            continue; /* solved with its component since it was queued */
        p->units[u].queued = false;
        px_solve_unit(p, u);
        /* what feeds it has settled, most upstream first: its results are
         * most likely final, and the helper makes them meanwhile */
        if (!p->units[u].queued)
            px_early_results_completed(p, u);
    }
    free(p->rank);
    p->rank = NULL;
}
