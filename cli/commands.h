/* The subcommands; each parses its own options from argv[start..]. */
#ifndef PX_COMMANDS_H
#define PX_COMMANDS_H

#include "config.h"

#include <stdbool.h>

#define PX_VERSION "0.1.0"

typedef enum {
    PX_EXIT_CLEAN = 0,    /* nothing found */
    PX_EXIT_FINDINGS = 1, /* diagnostics reported */
    PX_EXIT_ERROR = 2,    /* usage, configuration or I/O error */
} PxExit;

typedef struct {
    const char *name;
    int (*run)(int argc, char **argv, int start);
    const char *summary;
} PxCommand;

int px_cmd_check(int argc, char **argv, int start);
int px_cmd_rules(int argc, char **argv, int start);
int px_cmd_explain(int argc, char **argv, int start);
int px_cmd_whitelist(int argc, char **argv, int start);
int px_cmd_debug(int argc, char **argv, int start);
int px_cmd_config(int argc, char **argv, int start);
int px_cmd_lsp(int argc, char **argv, int start);

/* The configuration a run uses: none with `isolated`, else `config_file`,
 * else the .pxlint.yaml found from `first_path` (defaults without one).
 * NULL, with the messages printed to stderr, when it is unreadable or
 * invalid. */
PxConfig *px_cli_load_config(const char *cwd, const char *config_file,
                             bool isolated, const char *first_path);

#endif
