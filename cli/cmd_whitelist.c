/* `pxlint whitelist PATH... -o FILE`: write the callbacks proven safe. */
#include "commands.h"

#include "alloc.h"
#include "args.h"
#include "check.h"
#include "whitelist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fputs("Usage: pxlint whitelist [OPTIONS] PATH... -o FILE\n"
          "\n"
          "Analyzes the Python files under each PATH and writes the callbacks\n"
          "proven parallel-safe to FILE (JSON; see docs/whitelist.md). The file\n"
          "is replaced atomically: a failed run leaves the previous one intact.\n"
          "A callback with any finding, reported or suppressed, or in a file\n"
          "that does not parse, is never listed.\n"
          "\n"
          "Options:\n"
          "  -o, --output FILE   where to write the whitelist (required)\n"
          "  --all-functions     list every safe function, not only callbacks\n"
          "  --root DIR          make entry paths relative to DIR (default: .)\n"
          "  --explain-missing   tell why each callback left off is left off\n"
          "  --jobs N, -j N      worker threads (default: one per CPU)\n"
          "  -h, --help          show this help\n"
          "\n"
          "Exit status: 0 written, 2 usage or I/O error.\n",
          out);
}

int px_cmd_whitelist(int argc, char **argv, int start)
{
    PxArgs a;
    px_args_init(&a, argc, argv, start);
    PxCheckOptions opts = {.rules = px_ruleset_all()};
    const char **paths = NULL;
    size_t npaths = 0, cap = 0;
    const char *output = NULL, *root = ".";
    bool explain = false;
    int status = PX_EXIT_ERROR;
    while (!px_args_done(&a)) {
        if (px_args_end_of_options(&a)) {
            continue;
        } else if (!px_args_is_option(&a)) {
            PX_PUSH(paths, npaths, cap, px_args_positional(&a));
        } else if (px_args_flag(&a, "--help", "-h")) {
            help(stdout);
            status = PX_EXIT_CLEAN;
            goto out;
        } else if (px_args_option(&a, "--output", "-o")) {
            output = a.value;
        } else if (px_args_option(&a, "--root", NULL)) {
            root = a.value;
        } else if (px_args_option(&a, "--jobs", "-j")) {
            char *end = NULL;
            long j = a.value ? strtol(a.value, &end, 10) : 0;
            if (!a.value || *end || j < 1 || j > 256) {
                fprintf(stderr, "pxlint: error: --jobs takes a number from 1 to 256\n");
                goto out;
            }
            opts.jobs = (unsigned)j;
        } else if (px_args_flag(&a, "--all-functions", NULL)) {
            opts.all_functions = true;
        } else if (px_args_flag(&a, "--explain-missing", NULL)) {
            explain = true;
        } else {
            fprintf(stderr, "pxlint: error: unknown option '%s' (see 'pxlint "
                            "whitelist --help')\n", argv[a.index]);
            goto out;
        }
        if (a.error[0]) {
            fprintf(stderr, "pxlint: error: %s\n", a.error);
            goto out;
        }
    }
    if (npaths == 0 || !output) {
        fprintf(stderr, "pxlint: error: %s (usage: pxlint whitelist PATH... -o FILE)\n",
                npaths == 0 ? "no PATH given" : "no output file given");
        goto out;
    }
    opts.paths = paths;
    opts.npaths = npaths;
    PxCheck *check = px_check_run(&opts);
    for (size_t i = 0; i < px_check_problem_count(check); i++) {
        const PxProblem *p = px_check_problem(check, i);
        fprintf(stderr, "pxlint: %s: %s: %s\n", p->is_error ? "error" : "warning",
                p->path, p->message);
    }
    char err[512];
    if (px_check_error_count(check)) {
        /* An incomplete run must not replace a complete whitelist. */
        fprintf(stderr, "pxlint: error: not writing %s: some paths could not be "
                        "checked\n", output);
    } else if (!px_whitelist_write(check, root, output, err, sizeof err)) {
        fprintf(stderr, "pxlint: error: %s\n", err);
    } else {
        size_t listed = 0, n = px_check_callback_count(check);
        for (size_t i = 0; i < n; i++)
            listed += px_whitelist_verdict(check, i) == PX_LISTED;
        fprintf(stderr, "pxlint: wrote %s: %zu of %zu %s proven safe\n", output, listed,
                n, opts.all_functions ? "functions" : "callbacks");
        if (explain)
            px_whitelist_explain(check, stdout);
        status = PX_EXIT_CLEAN;
    }
    px_check_destroy(check);
out:
    free(paths);
    return status;
}
