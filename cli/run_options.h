/* Options shared by the commands that run a check (check, whitelist): paths,
 * configuration, rule selection, discovery, analysis. Each command scans its
 * own options and hands the rest to px_run_args_option. */
#ifndef PX_RUN_OPTIONS_H
#define PX_RUN_OPTIONS_H

#include "args.h"
#include "check.h"
#include "config.h"
#include "knowledge.h"

#include <stdbool.h>
#include <stdio.h>

typedef struct {
    char **items;
    size_t n, cap;
} PxStrList;

typedef struct {
    const char **paths;
    size_t npaths, cappaths;
    PxStrList select, extend_select, ignore, exclude, extend_exclude, python_path;
    bool has_select, has_exclude, has_python_path;
    const char *config_file;
    bool isolated, report_unused, force_exclude, all_functions, parse_only, facts_only;
    int respect_gitignore; /* -1: as configured */
    unsigned jobs;
    size_t max_file_size;
    /* Where prepare's messages go; NULL: stderr (the LSP server collects
     * them for the editor). */
    FILE *log;
    /* filled by px_run_args_prepare (cwd: unless set before, malloc'd) */
    char *cwd;
    PxConfig *config;
    PxKnowledge *knowledge;
    char **python_path_abs;
    size_t npython_path_abs, cappython_path_abs;
} PxRunArgs;

void px_run_args_init(PxRunArgs *r);
void px_run_args_free(PxRunArgs *r);

/* Consumes the current argument if it is a shared option or a PATH. Returns
 * false if it is not one; sets *bad (message printed) on an invalid value. */
bool px_run_args_option(PxRunArgs *r, PxArgs *a, bool *bad);

/* The help lines of the shared options. */
void px_run_args_help(FILE *out);

/* Validates, loads the configuration, applies the command line over it,
 * builds the knowledge base with the configuration's additions, and fills
 * `opts`. False (message printed) on a usage or configuration error. */
bool px_run_args_prepare(PxRunArgs *r, PxCheckOptions *opts);

/* Each problem of the run (a path that could not be read, ...) on stderr:
 * "pxlint: error: PATH: MESSAGE". */
void px_run_print_problems(const PxCheck *check);

#endif
