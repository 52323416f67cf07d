/* The whole-run analysis: module index, call resolution, effect summaries
 * computed to a fixpoint, callbacks and their findings. */
#ifndef PX_PROJECT_H
#define PX_PROJECT_H

#include "findings.h"
#include "knowledge.h"
#include "module.h"
#include "timings.h"

#include <stdbool.h>
#include <stddef.h>

/* What the caller made of a result while the fixpoint ran (see
 * PxProjectOptions.report_early): for the engine, where the result's
 * diagnostics sit in a list of its own. */
typedef struct {
    bool made;
    uint32_t first, count;
} PxEarlyReport;

struct PxCallbackResult;

typedef struct {
    PxModule *const *modules; /* parsed modules, with scopes and IR */
    size_t nmodules;
    const char *const *python_path;
    size_t npython_path;
    const PxKnowledge *knowledge;
    bool all_functions; /* every function is a callback */
    /* Callbacks by declaration: functions decorated with one of these names
     * ("parallel" matches @parallel and @app.parallel, with or without
     * arguments), and functions whose "module:qualname" matches one of
     * these fnmatch globs. */
    const char *const *callback_decorators;
    size_t ncallback_decorators;
    const char *const *callback_functions;
    size_t ncallback_functions;
    bool record_calls; /* keep the resolved call sites (px_project_call) */
    /* `pxlint debug verdicts --reverse-sweep`: the first sweep takes each
     * kind of unit in reverse order. Which example sites a finding shows
     * may change; which callbacks break which rules must not (a change
     * there is a dependency the fixpoint does not track). */
    bool reverse_sweep;
    unsigned jobs;     /* threads that make the findings; 0: one per CPU */
    /* With all_functions, most results are made on a helper thread while
     * the fixpoint runs on another core. report_early, if set, is called
     * there too, with each of those results that has findings, so that what
     * the caller makes of them (the engine: diagnostics) is made meanwhile
     * as well; what it returns stays in the result (`early`) if the result
     * is final. */
    PxEarlyReport (*report_early)(const struct PxCallbackResult *result, void *ctx);
    void *report_early_ctx;
    PxTimings *timings; /* marked at the end of each phase; NULL: not measured */
} PxProjectOptions;

typedef struct PxCallbackResult {
    const PxModule *module;
    const char *module_name;
    const char *qualname;
    uint32_t first_line, end_line;
    uint32_t def_start; /* byte offset of the def/lambda keyword */
    const PxFinding *findings;
    uint32_t nfindings;
    PxEarlyReport early; /* made: options.report_early had it as it is */
} PxCallbackResult;

/* One resolved call site, for `pxlint debug calls` and tests. */
typedef enum {
    PX_CALLEE_FUNCTION,   /* a function or method of the checked files */
    PX_CALLEE_EXTERNAL,   /* something outside them, by dotted name */
    PX_CALLEE_UNRESOLVED, /* pxlint could not tell what is called */
} PxCalleeKind;

typedef struct {
    const PxModule *module;     /* where the call is */
    const char *caller;         /* qualname of the calling function ("<module>") */
    uint32_t start, end;        /* the call's bytes */
    PxCalleeKind kind;
    const char *callee_module;  /* PX_CALLEE_FUNCTION: its module */
    const char *callee;         /* qualname, dotted name, or what was called */
} PxCallEdge;

typedef struct PxProject PxProject;

/* Analyzes the modules together. Never fails. The modules must outlive the
 * project (findings point at their sources). */
PxProject *px_project_analyze(const PxProjectOptions *options);
void px_project_destroy(PxProject *project);

/* Callbacks in a deterministic order (module name, then first line). */
size_t px_project_callback_count(const PxProject *project);
const PxCallbackResult *px_project_callback(const PxProject *project, size_t i);

/* How many times the fixpoint solved a unit (a module body, class or
 * function), all units together: the measure of its work. */
size_t px_project_solve_count(const PxProject *project);

/* Resolved call sites, when options.record_calls was set, each once;
 * sorted by path, offset, callee, kind and callee module. */
size_t px_project_call_count(const PxProject *project);
const PxCallEdge *px_project_call(const PxProject *project, size_t i);

#endif
