/* Argument scanning; see args.h. */
#include "args.h"

#include <stdio.h>
#include <string.h>

void px_args_init(PxArgs *a, int argc, char **argv, int start)
{
    memset(a, 0, sizeof(*a));
    a->argc = argc;
    a->argv = argv;
    a->index = start;
}

bool px_args_done(const PxArgs *a) { return a->index >= a->argc; }

bool px_args_end_of_options(PxArgs *a)
{
    if (a->options_done || px_args_done(a) || strcmp(a->argv[a->index], "--"))
        return false;
    a->options_done = true;
    a->index++;
    return true;
}

bool px_args_is_option(const PxArgs *a)
{
    if (a->options_done || px_args_done(a))
        return false;
    const char *s = a->argv[a->index];
    return s[0] == '-' && s[1] != '\0';
}

bool px_args_flag(PxArgs *a, const char *long_name, const char *short_name)
{
    if (!px_args_is_option(a))
        return false;
    const char *s = a->argv[a->index];
    if ((long_name && strcmp(s, long_name) == 0) ||
        (short_name && strcmp(s, short_name) == 0)) {
        a->index++;
        return true;
    }
    return false;
}

bool px_args_option(PxArgs *a, const char *long_name, const char *short_name)
{
    if (!px_args_is_option(a))
        return false;
    const char *s = a->argv[a->index];
    size_t n = long_name ? strlen(long_name) : 0;
    if (long_name && strncmp(s, long_name, n) == 0 && s[n] == '=') {
        a->value = s + n + 1;
        a->index++;
        return true;
    }
    if ((long_name && strcmp(s, long_name) == 0) ||
        (short_name && strcmp(s, short_name) == 0)) {
        if (a->index + 1 >= a->argc) {
            snprintf(a->error, sizeof a->error, "option %s needs a value", s);
            a->index++;
            a->value = NULL;
            return true;
        }
        a->value = a->argv[a->index + 1];
        a->index += 2;
        return true;
    }
    return false;
}

const char *px_args_positional(PxArgs *a)
{
    if (px_args_done(a))
        return NULL;
    return a->argv[a->index++];
}
