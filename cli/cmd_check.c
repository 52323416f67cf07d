/* `pxlint check`: options, the run, rendering, exit status. */
#include "commands.h"

#include "alloc.h"
#include "args.h"
#include "check.h"
#include "config.h"
#include "format.h"
#include "run_options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fprintf(out,
            "Usage: pxlint [check] [OPTIONS] PATH...\n"
            "\n"
            "Checks the Python files under each PATH (directories are searched\n"
            "for *.py, skipping hidden directories, __pycache__, node_modules,\n"
            "virtualenvs, and what .gitignore files and the configuration\n"
            "exclude). Settings come from the .pxlint.yaml found in the first\n"
            "PATH's directory or above; options given here override them.\n"
            "\n"
            "Options:\n"
            "  --format FORMAT    output format: %s (default: text)\n"
            "  --statistics       print counts per rule instead of each problem\n"
            "  --quiet, -q        print problems only, no summary line\n"
            "  -h, --help         show this help\n",
            px_formatter_names());
    px_run_args_help(out);
    fputs("\nExit status: 0 no problems, 1 problems found, 2 usage, configuration\n"
          "or I/O error.\n", out);
}

int px_cmd_check(int argc, char **argv, int start)
{
    PxArgs a;
    px_args_init(&a, argc, argv, start);
    PxRunArgs run;
    px_run_args_init(&run);
    PxCheckOptions opts = {0};
    PxFormatOptions fmt = {0};
    const PxFormatter *formatter = px_formatter_find("text");
    int status = PX_EXIT_ERROR;
    bool bad = false;

    while (!px_args_done(&a)) {
        if (px_args_end_of_options(&a)) {
            continue;
        } else if (px_args_flag(&a, "--help", "-h")) {
            help(stdout);
            status = PX_EXIT_CLEAN;
            goto out;
        } else if (px_args_option(&a, "--format", NULL)) {
            if (a.value && !(formatter = px_formatter_find(a.value))) {
                fprintf(stderr, "pxlint: error: unknown format '%s' (expected "
                                "one of: %s)\n", a.value, px_formatter_names());
                goto out;
            }
        } else if (px_args_flag(&a, "--statistics", NULL)) {
            fmt.statistics = true;
        } else if (px_args_flag(&a, "--quiet", "-q")) {
            fmt.quiet = true;
        } else if (!px_run_args_option(&run, &a, &bad)) {
            fprintf(stderr, "pxlint: error: unknown option '%s' (see "
                            "'pxlint check --help')\n", argv[a.index]);
            goto out;
        }
        if (bad)
            goto out;
        if (a.error[0]) {
            fprintf(stderr, "pxlint: error: %s\n", a.error);
            goto out;
        }
    }
    if (!px_run_args_prepare(&run, &opts))
        goto out;
    PxCheck *check = px_check_run(&opts);
    for (size_t i = 0; i < px_check_problem_count(check); i++) {
        const PxProblem *p = px_check_problem(check, i);
        fprintf(stderr, "pxlint: %s: %s: %s\n", p->is_error ? "error" : "warning",
                p->path, p->message);
    }
    formatter->render(stdout, check, &fmt);
    fflush(stdout);
    if (px_check_error_count(check))
        status = PX_EXIT_ERROR;
    else
        status = px_diag_count(px_check_diagnostics(check)) ? PX_EXIT_FINDINGS
                                                            : PX_EXIT_CLEAN;
    px_check_destroy(check);
out:
    px_run_args_free(&run);
    return status;
}
