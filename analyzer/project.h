/* The whole-run analysis: module index, call resolution, effect summaries
 * computed to a fixpoint, callbacks and their findings. */
#ifndef PX_PROJECT_H
#define PX_PROJECT_H

#include "findings.h"
#include "knowledge.h"
#include "module.h"

#include <stdbool.h>
#include <stddef.h>

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
} PxProjectOptions;

typedef struct {
    const PxModule *module;
    const char *module_name;
    const char *qualname;
    uint32_t first_line, end_line;
    uint32_t def_start; /* byte offset of the def/lambda keyword */
    const PxFinding *findings;
    uint32_t nfindings;
} PxCallbackResult;

typedef struct PxProject PxProject;

/* Analyzes the modules together. Never fails. The modules must outlive the
 * project (findings point at their sources). */
PxProject *px_project_analyze(const PxProjectOptions *options);
void px_project_destroy(PxProject *project);

/* Callbacks in a deterministic order (module name, then first line). */
size_t px_project_callback_count(const PxProject *project);
const PxCallbackResult *px_project_callback(const PxProject *project, size_t i);
const char *px_project_module_name(const PxProject *project, size_t module_index);

#endif
