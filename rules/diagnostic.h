/* Diagnostics: a rule id, a byte range in a source, a message, the callback it
 * concerns and the trace that connects them. Positions are computed from the
 * source's line index when rendering. */
#ifndef PX_DIAGNOSTIC_H
#define PX_DIAGNOSTIC_H

#include "findings.h" /* PxTraceStep */
#include "rule.h"
#include "source.h"

#include <stddef.h>
#include <stdint.h>

typedef struct {
    const char *module;   /* dotted name */
    const char *qualname; /* as CPython's __qualname__ */
    const PxSource *source;
    uint32_t line; /* first decorator line, or the def line */
} PxCallbackRef;

/* Why a diagnostic is not reported. A silenced diagnostic is still a
 * finding: it keeps its callback off the whitelist (silencing hides a
 * report, it proves nothing). */
typedef enum {
    PX_SILENCE_NONE,         /* reported */
    PX_SILENCE_NOT_SELECTED, /* select/ignore (config or command line) */
    PX_SILENCE_PER_FILE,     /* per-file-ignores */
    PX_SILENCE_SKIP_FILE,    /* "# pxlint: skip-file" */
    PX_SILENCE_COMMENT,      /* "# pxlint: ignore[...]" or "# noqa" */
} PxSilence;

typedef struct {
    PxRuleId rule;
    PxSeverity severity;
    PxSilence silenced;
    const PxSource *source;
    uint32_t start, end;
    const char *message;
    const PxCallbackRef *callback; /* NULL for file-level diagnostics */
    const PxTraceStep *trace;
    size_t ntrace;
} PxDiagnostic;

/* A growing list of diagnostics owning their strings. */
typedef struct PxDiagList PxDiagList;

PxDiagList *px_diag_list_create(void);
void px_diag_list_destroy(PxDiagList *list);

/* Copies the message and the trace (strings included) into the list. */
PxDiagnostic *px_diag_add(PxDiagList *list, PxRuleId rule,
                          const PxSource *source, uint32_t start, uint32_t end,
                          const char *message);
void px_diag_set_callback(PxDiagList *list, PxDiagnostic *d,
                          const PxCallbackRef *callback);
/* A copy of `callback` in the list, for many of its diagnostics to share
 * (d->callback = the copy) instead of one copy each. */
const PxCallbackRef *px_diag_keep_callback(PxDiagList *list,
                                           const PxCallbackRef *callback);
/* Replaces d's trace with a copy of n steps, messages and all. */
void px_diag_set_trace(PxDiagList *list, PxDiagnostic *d, const PxTraceStep *steps,
                       size_t n);
/* Sets d's trace to n steps that are shared, not copied: they must outlive
 * d's list. A run's traces hold millions of steps. */
void px_diag_share_trace(PxDiagnostic *d, const PxTraceStep *steps, size_t n);
/* Copies d (message, callback and trace included) to the end of list. */
PxDiagnostic *px_diag_copy(PxDiagList *list, const PxDiagnostic *d);
/* Mutable access, for the engine's last pass (severity, silencing). */
PxDiagnostic *px_diag_get(PxDiagList *list, size_t i);
/* Moves every diagnostic of `from` to the end of `to`; `from` is emptied. */
void px_diag_list_append(PxDiagList *to, PxDiagList *from);
/* Puts diagnostics [first, first + n) of `from` at the end of `to` as well,
 * shared, not copied: `from` must outlive `to`, or be given to it with
 * px_diag_list_adopt. */
void px_diag_list_share(PxDiagList *to, const PxDiagList *from, size_t first, size_t n);
/* `to` takes over the memory of `from`, and with it the diagnostics it was
 * shared (the others go); `from` is destroyed. */
void px_diag_list_adopt(PxDiagList *to, PxDiagList *from);

size_t px_diag_count(const PxDiagList *list);
const PxDiagnostic *px_diag_at(const PxDiagList *list, size_t i);
/* Sorts by path, then start offset, then code, then callback, then message,
 * on up to two threads (jobs). */
void px_diag_sort(PxDiagList *list, unsigned jobs);
/* Removes the diagnostics for which keep() returns false. */
void px_diag_filter(PxDiagList *list,
                    bool (*keep)(const PxDiagnostic *d, void *ctx), void *ctx);

#endif
