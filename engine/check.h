/* One run over a set of paths: discover, read and parse on worker threads,
 * analyze, apply the rules. Shared by the command line and the LSP server. */
#ifndef PX_CHECK_H
#define PX_CHECK_H

#include "config.h"
#include "diagnostic.h"
#include "discover.h"
#include "knowledge.h"
#include "project.h"
#include "parse.h"
#include "rule.h"
#include "timings.h"

#include <stdbool.h>
#include <stddef.h>

/* An unsaved editor buffer (the LSP server's open documents). */
typedef struct {
    const char *path;  /* compared byte for byte with the paths discovered */
    const char *bytes; /* copied by px_check_run */
    size_t len;
    /* NULL, or a parse of exactly `bytes` by px_parser_parse or
     * px_parser_reparse (the editor's incremental tree). It is copied with
     * ts_tree_copy, never modified, and used instead of parsing; the
     * caller keeps it and must not edit it during the run. */
    const TSTree *tree;
    /* Checked even when discovery does not find the path: a buffer outside
     * the paths given, or one that was never saved. */
    bool add;
} PxOverlay;

typedef struct {
    const char *const *paths;
    size_t npaths;
    unsigned jobs;         /* 0: one per CPU */
    /* Which rules report. Every rule runs whatever the selection: what is
     * not reported is kept as silenced (px_check_silenced). */
    PxRuleSet rules;
    size_t max_file_size;  /* 0: PX_DEFAULT_MAX_FILE_SIZE */
    bool parse_only;       /* stop after parsing (benchmark floor) */
    bool facts_only;       /* stop after each file's facts (benchmark) */
    bool all_functions;    /* every function is a callback */
    const char *const *python_path;
    size_t npython_path;
    const PxKnowledge *knowledge; /* NULL: the built-in knowledge base */
    PxDiscoverOptions discover;
    /* NULL for defaults. Otherwise its per-file-ignores and severity apply,
     * and discovery uses its include/exclude/.gitignore filtering unless
     * `discover` has hooks of its own. */
    const PxConfig *config;
    bool report_unused_ignores; /* PX003 for suppressions that silence nothing */
    /* Functions that are callbacks whoever calls them: decorated with one of
     * these ("parallel", "app.parallel"), or matching "module:qualname"
     * globs. NULL for none. */
    const PxConfigList *callback_decorators;
    const PxConfigList *callback_functions;
    bool record_calls; /* keep resolved call sites (px_project_call) */
    bool reverse_sweep; /* PxProjectOptions.reverse_sweep */
    /* The caller only counts the diagnostics (--statistics): they are left
     * in no particular order instead of sorted. */
    bool unordered;
    PxTimings *timings; /* filled in phase by phase; NULL: not measured */
    /* Files analyzed from these buffers instead of the disk; NULL for none.
     * Everything else is read from disk as usual. */
    const PxOverlay *overlays;
    size_t noverlays;
} PxCheckOptions;

/* Larger files are skipped with an error: parsing costs ~50 bytes of memory
 * per source byte. */
enum { PX_DEFAULT_MAX_FILE_SIZE = 16 * 1024 * 1024 };

typedef struct PxCheck PxCheck;

/* Never NULL; problems with paths or files are recorded, not fatal. */
PxCheck *px_check_run(const PxCheckOptions *options);
void px_check_destroy(PxCheck *check);

/* Reported diagnostics, sorted by file and position. */
const PxDiagList *px_check_diagnostics(const PxCheck *check);
/* Diagnostics found but not reported, sorted, each with its reason in
 * `silenced`: rule not selected, per-file-ignores, skip-file, or a
 * suppression comment. They count as findings for the whitelist. */
const PxDiagList *px_check_silenced(const PxCheck *check);
/* Whether the file holding `source` has "# pxlint: skip-file": none of its
 * functions is proven safe, whatever is found in it. */
bool px_check_file_skipped(const PxCheck *check, const PxSource *source);
size_t px_check_file_count(const PxCheck *check);  /* files read */
size_t px_check_line_count(const PxCheck *check);  /* their lines */
size_t px_check_problem_count(const PxCheck *check);
const PxProblem *px_check_problem(const PxCheck *check, size_t i);
/* The analysis of the whole run (callbacks and their findings); NULL with
 * parse_only or facts_only. */
const PxProject *px_check_project(const PxCheck *check);
/* Callbacks found, and those with no finding in a file that parsed. */
size_t px_check_callback_count(const PxCheck *check);
size_t px_check_safe_callback_count(const PxCheck *check);

/* Problems that are errors (a path or file that could not be read). */
size_t px_check_error_count(const PxCheck *check);

#endif
