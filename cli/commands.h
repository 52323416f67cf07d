/* The subcommands; each parses its own options from argv[start..]. */
#ifndef PX_COMMANDS_H
#define PX_COMMANDS_H

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

#endif
