/* Diagnostic lists: records in a growable array, strings in the list's arena. */
#include "diagnostic.h"

#include "alloc.h"
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct PxDiagList {
    PxArena *arena;
    PxArena **extra; /* arenas adopted from appended lists */
    size_t nextra, capextra;
    PxDiagnostic **items;
    size_t n, cap;
};

PxDiagList *px_diag_list_create(void)
{
    PxDiagList *l = px_calloc(1, sizeof(*l));
    l->arena = px_arena_create();
    return l;
}

void px_diag_list_destroy(PxDiagList *l)
{
    if (!l)
        return;
    px_arena_destroy(l->arena);
    for (size_t i = 0; i < l->nextra; i++)
        px_arena_destroy(l->extra[i]);
    free(l->extra);
    free(l->items);
    free(l);
}

PxDiagnostic *px_diag_add(PxDiagList *l, PxRuleId rule, const PxSource *source,
                          uint32_t start, uint32_t end, const char *message)
{
    PxDiagnostic *d = px_arena_alloc(l->arena, sizeof(*d));
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

void px_diag_add_trace(PxDiagList *l, PxDiagnostic *d, PxTraceKind kind,
                       const PxSource *source, uint32_t start, uint32_t end,
                       const char *message)
{
    PxTraceStep *steps = px_arena_alloc(l->arena, (d->ntrace + 1) * sizeof(*steps));
    if (d->ntrace)
        memcpy(steps, d->trace, d->ntrace * sizeof(*steps));
    steps[d->ntrace] = (PxTraceStep){kind, source, start, end,
                                     px_arena_strdup(l->arena, message)};
    d->trace = steps;
    d->ntrace++;
}

PxDiagnostic *px_diag_copy(PxDiagList *l, const PxDiagnostic *d)
{
    PxDiagnostic *c = px_diag_add(l, d->rule, d->source, d->start, d->end,
                                  d->message);
    c->severity = d->severity;
    c->silenced = d->silenced;
    if (d->callback)
        px_diag_set_callback(l, c, d->callback);
    for (size_t i = 0; i < d->ntrace; i++)
        px_diag_add_trace(l, c, d->trace[i].kind, d->trace[i].source,
                          d->trace[i].start, d->trace[i].end, d->trace[i].message);
    return c;
}

PxDiagnostic *px_diag_get(PxDiagList *l, size_t i) { return l->items[i]; }

void px_diag_list_append(PxDiagList *to, PxDiagList *from)
{
    for (size_t i = 0; i < from->n; i++)
        PX_PUSH(to->items, to->n, to->cap, from->items[i]);
    PX_PUSH(to->extra, to->nextra, to->capextra, from->arena);
    for (size_t i = 0; i < from->nextra; i++)
        PX_PUSH(to->extra, to->nextra, to->capextra, from->extra[i]);
    from->arena = px_arena_create();
    from->nextra = 0;
    from->n = 0;
}

size_t px_diag_count(const PxDiagList *l) { return l->n; }
const PxDiagnostic *px_diag_at(const PxDiagList *l, size_t i) { return l->items[i]; }

static int cmp_diag(const void *pa, const void *pb)
{
    const PxDiagnostic *a = *(PxDiagnostic *const *)pa;
    const PxDiagnostic *b = *(PxDiagnostic *const *)pb;
    /* most pairs share a file: its path need not be compared */
    int c = a->source == b->source ? 0
                                   : strcmp(px_source_path(a->source), px_source_path(b->source));
    if (c)
        return c;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    if (a->rule != b->rule)
        return a->rule < b->rule ? -1 : 1;
    c = strcmp(a->callback ? a->callback->qualname : "",
               b->callback ? b->callback->qualname : "");
    return c ? c : strcmp(a->message, b->message);
}

void px_diag_sort(PxDiagList *l)
{
    if (l->n > 1) /* qsort(NULL, 0, ...) is undefined */
        qsort(l->items, l->n, sizeof(*l->items), cmp_diag);
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
