/* A small argument scanner for subcommands: "--name=value", "--name value",
 * "-x value", "--" ending options. No global state, unlike getopt. */
#ifndef PX_ARGS_H
#define PX_ARGS_H

#include <stdbool.h>

typedef struct {
    int argc;
    char **argv;
    int index;          /* next argument to look at */
    const char *value;  /* value of the last option that takes one */
    bool options_done;  /* "--" seen */
    char error[256];
} PxArgs;

void px_args_init(PxArgs *a, int argc, char **argv, int start);
bool px_args_done(const PxArgs *a);
/* Consumes "--"; everything after it is positional. */
bool px_args_end_of_options(PxArgs *a);
bool px_args_is_option(const PxArgs *a);
/* Matches the current argument against a flag ("--quiet"); consumes it. */
bool px_args_flag(PxArgs *a, const char *long_name, const char *short_name);
/* Matches an option with a value; consumes both and sets a->value. Sets
 * a->error if the value is missing. */
bool px_args_option(PxArgs *a, const char *long_name, const char *short_name);
/* Returns the current positional argument and consumes it. */
const char *px_args_positional(PxArgs *a);

#endif
