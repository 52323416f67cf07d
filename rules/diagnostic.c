/* Diagnostic lists: records in a growable array, strings in the list's arena. */
#include "diagnostic.h"

#include "alloc.h"
#include "arena.h"
#include "ptrmap.h"
#include "workers.h"

#include <stdlib.h>
#include <string.h>

struct PxDiagList {
    PxArena *arena;
    /* the records alone, packed: every late pass (silencing, sorting,
     * counting, printing) reads each one, and strings and traces between
     * them would spread those reads over several times the memory */
    PxArena *records;
    PxArena **extra; /* arenas adopted from appended lists */
    size_t nextra, capextra;
    PxDiagnostic **items;
    size_t n, cap;
};

PxDiagList *px_diag_list_create(void)
{
    PxDiagList *l = px_calloc(1, sizeof(*l));
    l->arena = px_arena_create();
    l->records = px_arena_create();
    return l;
}

void px_diag_list_destroy(PxDiagList *l)
{
    if (!l)
        return;
    px_arena_destroy(l->arena);
    px_arena_destroy(l->records);
    for (size_t i = 0; i < l->nextra; i++)
        px_arena_destroy(l->extra[i]);
    free(l->extra);
    free(l->items);
    free(l);
}

PxDiagnostic *px_diag_add(PxDiagList *l, PxRuleId rule, const PxSource *source,
                          uint32_t start, uint32_t end, const char *message)
{
    PxDiagnostic *d = px_arena_alloc(l->records, sizeof(*d));
    d->rule = rule;
    d->severity = px_rule_info(rule)->severity;
    d->source = source;
    d->start = start;
    d->end = end < start ? start : end;
    d->message = px_arena_strdup(l->arena, message);
    PX_PUSH(l->items, l->n, l->cap, d);
    return d;
}

const PxCallbackRef *px_diag_keep_callback(PxDiagList *l, const PxCallbackRef *cb)
{
    PxCallbackRef *c = px_arena_alloc(l->arena, sizeof(*c));
    c->module = px_arena_strdup(l->arena, cb->module);
    c->qualname = px_arena_strdup(l->arena, cb->qualname);
    c->source = cb->source;
    c->line = cb->line;
    return c;
}

void px_diag_set_callback(PxDiagList *l, PxDiagnostic *d,
                          const PxCallbackRef *cb)
{
    d->callback = px_diag_keep_callback(l, cb);
}

void px_diag_share_trace(PxDiagnostic *d, const PxTraceStep *steps, size_t n)
{
    d->trace = steps;
    d->ntrace = n;
}

void px_diag_set_trace(PxDiagList *l, PxDiagnostic *d, const PxTraceStep *steps,
                       size_t n)
{
    PxTraceStep *to = px_arena_alloc(l->arena, (n ? n : 1) * sizeof(*to));
    for (size_t i = 0; i < n; i++) {
        to[i] = steps[i];
        to[i].message = px_arena_strdup(l->arena, steps[i].message);
    }
    d->trace = to;
    d->ntrace = n;
}

PxDiagnostic *px_diag_copy(PxDiagList *l, const PxDiagnostic *d)
{
    PxDiagnostic *c = px_diag_add(l, d->rule, d->source, d->start, d->end,
                                  d->message);
    c->severity = d->severity;
    c->silenced = d->silenced;
    if (d->callback)
        px_diag_set_callback(l, c, d->callback);
    px_diag_set_trace(l, c, d->trace, d->ntrace);
    return c;
}

PxDiagnostic *px_diag_get(PxDiagList *l, size_t i) { return l->items[i]; }

void px_diag_list_append(PxDiagList *to, PxDiagList *from)
{
    for (size_t i = 0; i < from->n; i++)
        PX_PUSH(to->items, to->n, to->cap, from->items[i]);
    PX_PUSH(to->extra, to->nextra, to->capextra, from->arena);
    PX_PUSH(to->extra, to->nextra, to->capextra, from->records);
    for (size_t i = 0; i < from->nextra; i++)
        PX_PUSH(to->extra, to->nextra, to->capextra, from->extra[i]);
    from->arena = px_arena_create();
    from->records = px_arena_create();
    from->nextra = 0;
    from->n = 0;
}

void px_diag_list_share(PxDiagList *to, const PxDiagList *from, size_t first, size_t n)
{
    for (size_t i = first; i < first + n && i < from->n; i++)
        PX_PUSH(to->items, to->n, to->cap, from->items[i]);
}

void px_diag_list_adopt(PxDiagList *to, PxDiagList *from)
{
    from->n = 0;
    px_diag_list_append(to, from);
    px_diag_list_destroy(from);
}

size_t px_diag_count(const PxDiagList *l) { return l->n; }
const PxDiagnostic *px_diag_at(const PxDiagList *l, size_t i) { return l->items[i]; }

/* The sort works on small keys rather than on the diagnostics, which are
 * scattered through arenas: most comparisons then touch no diagnostic. */
typedef struct {
    uint32_t file, start, rule, callback; /* file and callback: ranks */
    const PxDiagnostic *d;
    size_t index; /* equal diagnostics keep their order */
} SortKey;

typedef int (*CmpFn)(const void *, const void *);

/* Each of n pointers (many repeated, none NULL) -> the rank of what it
 * points to among the distinct ones, by cmp; equal ones share a rank. */
static void rank_pointers(const void **ptrs, size_t n, CmpFn cmp, uint32_t *out)
{
    /* each distinct pointer maps to its entry in `first`, the index it
     * first appeared at among the distinct ones */
    PxPtrMap *seen = px_ptrmap_create();
    uint32_t *first = px_malloc(n * sizeof(*first));
    const void **distinct = px_malloc(n * sizeof(*distinct));
    size_t nd = 0;
    for (size_t i = 0; i < n; i++) {
        if (i && ptrs[i] == ptrs[i - 1]) { /* a callback's diagnostics come together */
            out[i] = out[i - 1];
            continue;
        }
        uint32_t *d = px_ptrmap_get(seen, ptrs[i], NULL);
        if (!d) {
            d = &first[nd];
            *d = (uint32_t)nd;
            distinct[nd++] = ptrs[i];
            px_ptrmap_put(seen, ptrs[i], NULL, d);
        }
        out[i] = *d; /* for now, the distinct index */
    }
    qsort(distinct, nd, sizeof(*distinct), cmp);
    uint32_t *rank = px_malloc((nd ? nd : 1) * sizeof(*rank));
    for (size_t r = 0; r < nd; r++) {
        uint32_t *d = px_ptrmap_get(seen, distinct[r], NULL);
        uint32_t *prev = r ? px_ptrmap_get(seen, distinct[r - 1], NULL) : NULL;
        rank[*d] = prev && cmp(&distinct[r - 1], &distinct[r]) == 0 ? rank[*prev]
                                                                     : (uint32_t)r;
    }
    for (size_t i = 0; i < n; i++)
        out[i] = rank[out[i]];
    free(rank);
    free(distinct);
    free(first);
    px_ptrmap_destroy(seen);
}

static int cmp_path(const void *pa, const void *pb)
{
    return strcmp(px_source_path(*(const PxSource *const *)pa),
                  px_source_path(*(const PxSource *const *)pb));
}

/* stands for "no callback" (file-level diagnostics), first among them */
static const PxCallbackRef no_callback = {.qualname = ""};

static int cmp_callback(const void *pa, const void *pb)
{
    const PxCallbackRef *a = *(const PxCallbackRef *const *)pa;
    const PxCallbackRef *b = *(const PxCallbackRef *const *)pb;
    return strcmp(a->qualname, b->qualname);
}

static int cmp_key(const SortKey *a, const SortKey *b)
{
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    if (a->callback != b->callback)
        return a->callback < b->callback ? -1 : 1;
    int c = strcmp(a->d->message, b->d->message);
    return c ? c : (a->index < b->index ? -1 : a->index > b->index);
}

/* A stable merge sort, the comparison inlined: qsort's indirect calls and
 * element copies of unknown size were most of the time. */
static void sort_keys(SortKey *keys, size_t n)
{
    SortKey *tmp = px_malloc(n * sizeof(*tmp));
    SortKey *from = keys, *to = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                to[k++] = cmp_key(&from[j], &from[i]) < 0 ? from[j++] : from[i++];
            while (i < mid)
                to[k++] = from[i++];
            while (j < hi)
                to[k++] = from[j++];
        }
        SortKey *t = from;
        from = to;
        to = t;
    }
    if (from != keys)
        memcpy(keys, from, n * sizeof(*keys));
    free(tmp);
}

/* The keys of each file, sorted on the workers. */
typedef struct {
    SortKey *keys;
    const size_t *first; /* per file rank: where its keys start; then n */
} FileRuns;

static void sort_file(size_t f, void *state, void *shared)
{
    (void)state;
    const FileRuns *runs = shared;
    sort_keys(runs->keys + runs->first[f], runs->first[f + 1] - runs->first[f]);
}

/* Each diagnostic read once, into its key, in chunks on the workers: they
 * are scattered through arenas, and the reads are most of the sort. */
typedef struct {
    PxDiagnostic *const *items;
    size_t n, nchunks;
    const void **sources, **cbs;
    SortKey *keys;
} KeyJob;

static void read_keys(size_t chunk, void *state, void *shared)
{
    (void)state;
    const KeyJob *job = shared;
    size_t lo = chunk * job->n / job->nchunks, hi = (chunk + 1) * job->n / job->nchunks;
    for (size_t i = lo; i < hi; i++) {
        const PxDiagnostic *d = job->items[i];
        job->sources[i] = d->source;
        job->cbs[i] = d->callback ? (const void *)d->callback : (const void *)&no_callback;
        job->keys[i] = (SortKey){0, d->start, (uint32_t)d->rule, 0, d, i};
    }
}

/* By path, offset, rule, callback and message. Paths and callbacks are
 * ranked first, so each distinct one is compared by its text only once.
 * The keys are put in file order by counting, then each file's few are
 * sorted. */
void px_diag_sort(PxDiagList *l, unsigned jobs)
{
    size_t n = l->n;
    if (n < 2)
        return;
    const void **sources = px_malloc(n * sizeof(*sources));
    const void **cbs = px_malloc(n * sizeof(*cbs));
    SortKey *keys = px_malloc(n * sizeof(*keys));
    KeyJob kj = {l->items, n, n < 4096 ? 1 : 16, sources, cbs, keys};
    px_parallel_for(kj.nchunks, jobs, NULL, NULL, read_keys, &kj);
    uint32_t *rank = px_malloc(n * sizeof(*rank));
    rank_pointers(cbs, n, cmp_callback, rank);
    for (size_t i = 0; i < n; i++)
        keys[i].callback = rank[i];
    rank_pointers(sources, n, cmp_path, rank);
    size_t nfiles = 0;
    for (size_t i = 0; i < n; i++) {
        keys[i].file = rank[i];
        if (rank[i] + (size_t)1 > nfiles)
            nfiles = rank[i] + (size_t)1;
    }
    size_t *first = px_calloc(nfiles + 1, sizeof(*first));
    for (size_t i = 0; i < n; i++)
        first[keys[i].file + 1]++;
    for (size_t f = 0; f < nfiles; f++)
        first[f + 1] += first[f];
    size_t *next = px_malloc((nfiles + 1) * sizeof(*next));
    memcpy(next, first, (nfiles + 1) * sizeof(*next));
    SortKey *by_file = px_malloc(n * sizeof(*by_file));
    for (size_t i = 0; i < n; i++)
        by_file[next[keys[i].file]++] = keys[i];
    free(next);
    free(keys);
    free(rank);
    free(cbs);
    free(sources);
    FileRuns runs = {by_file, first};
    px_parallel_for(nfiles, jobs, NULL, NULL, sort_file, &runs);
    for (size_t i = 0; i < n; i++)
        l->items[i] = (PxDiagnostic *)by_file[i].d;
    free(first);
    free(by_file);
}

void px_diag_filter(PxDiagList *l, bool (*keep)(const PxDiagnostic *, void *),
                    void *ctx)
{
    size_t k = 0;
    for (size_t i = 0; i < l->n; i++)
        if (keep(l->items[i], ctx))
            l->items[k++] = l->items[i];
    l->n = k;
}
