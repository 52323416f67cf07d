/* `pxlint check`: options, the run, rendering, exit status. */
#include "commands.h"

#include "alloc.h"
#include "args.h"
#include "check.h"
#include "config.h"
#include "format.h"
#include "output.h"
#include "run_options.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
            "  --format FORMAT, --output-format FORMAT\n"
            "                     output format: %s\n"
            "                     (default: text)\n"
            "  --statistics       print counts per rule instead of each problem\n"
            "  --quiet, -q        print problems only, no summary line\n"
            "  --output-file FILE, -o FILE\n"
            "                     write the report to FILE instead of stdout\n"
            "  --no-color         no colors (also: NO_COLOR=1; FORCE_COLOR=1\n"
            "                     forces them when not on a terminal)\n"
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
    const char *output_file = NULL;
    bool no_color = false, bad = false;
    int status = PX_EXIT_ERROR;

    while (!px_args_done(&a)) {
        if (px_args_end_of_options(&a)) {
            continue;
        } else if (px_args_flag(&a, "--help", "-h")) {
            help(stdout);
            status = PX_EXIT_CLEAN;
            goto out;
        } else if (px_args_option(&a, "--format", NULL) ||
                   px_args_option(&a, "--output-format", NULL)) {
            if (a.value && !(formatter = px_formatter_find(a.value))) {
                fprintf(stderr, "pxlint: error: unknown format '%s' (expected "
                                "one of: %s)\n", a.value, px_formatter_names());
                goto out;
            }
        } else if (px_args_flag(&a, "--statistics", NULL)) {
            fmt.statistics = true;
        } else if (px_args_flag(&a, "--quiet", "-q")) {
            fmt.quiet = true;
        } else if (px_args_option(&a, "--output-file", "-o")) {
            output_file = a.value;
        } else if (px_args_flag(&a, "--no-color", NULL)) {
            no_color = true;
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
    if (fmt.statistics && !formatter->has_summary) {
        fprintf(stderr, "pxlint: error: --statistics works with the text and "
                        "concise formats, not '%s'\n", formatter->name);
        goto out;
    }
    if (!px_run_args_prepare(&run, &opts))
        goto out;
    opts.unordered = fmt.statistics;
    /* Open the report before the run, so a bad path fails fast. */
    PxOutput output;
    char err[512];
    if (!px_output_open(&output, output_file, err, sizeof err)) {
        fprintf(stderr, "pxlint: error: %s\n", err);
        goto out;
    }
    fmt.color = formatter->has_summary && px_output_color(&output, no_color);
    fmt.base_dir = run.cwd;

    PxCheck *check = px_check_run(&opts);
    px_run_print_problems(check);
    size_t nproblems = px_check_problem_count(check);
    PxProblem *problems = px_calloc(nproblems ? nproblems : 1, sizeof(*problems));
    for (size_t i = 0; i < nproblems; i++)
        problems[i] = *px_check_problem(check, i);
    size_t ncallbacks = px_check_callback_count(check);
    size_t nsafe = px_check_safe_callback_count(check);
    PxReport report = {
        .diags = px_check_diagnostics(check),
        .files_checked = px_check_file_count(check),
        .problems = problems,
        .nproblems = nproblems,
        .has_callback_counts = ncallbacks > 0,
        .callbacks_safe = nsafe,
        .callbacks_unsafe = ncallbacks - nsafe,
    };
    formatter->render(output.fp, &report, &fmt);
    if (!px_output_close(&output, true, err, sizeof err)) {
        fprintf(stderr, "pxlint: error: %s\n", err);
        status = PX_EXIT_ERROR;
    } else if (px_check_error_count(check)) {
        status = PX_EXIT_ERROR;
    } else {
        status = px_diag_count(report.diags) ? PX_EXIT_FINDINGS : PX_EXIT_CLEAN;
    }
    free(problems);
    px_check_destroy(check);
out:
    px_run_args_free(&run);
    return status;
}
