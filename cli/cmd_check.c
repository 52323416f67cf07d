/* `pxlint check`: options, the run, rendering, exit status. */
#include "commands.h"

#include "alloc.h"
#include "args.h"
#include "check.h"
#include "format.h"
#include "output.h"

#include <errno.h>
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
            "for *.py, skipping hidden directories, __pycache__, node_modules\n"
            "and virtualenvs).\n"
            "\n"
            "Options:\n"
            "  --format FORMAT, --output-format FORMAT\n"
            "                     output format: %s\n"
            "                     (default: text)\n"
            "  --select CODES     report only these rules (comma-separated codes,\n"
            "                     prefixes such as PX1, names, or ALL)\n"
            "  --ignore CODES     do not report these rules\n"
            "  --jobs N, -j N     worker threads (default: one per CPU)\n"
            "  --max-file-size MIB  skip (with an error) larger files (default: 16)\n"
            "  --statistics       print counts per rule instead of each problem\n"
            "  --quiet, -q        print problems only, no summary line\n"
            "  --output-file FILE, -o FILE\n"
            "                     write the report to FILE instead of stdout\n"
            "  --no-color         no colors (also: NO_COLOR=1; FORCE_COLOR=1\n"
            "                     forces them when not on a terminal)\n"
            "  -h, --help         show this help\n"
            "\n"
            "Exit status: 0 no problems, 1 problems found, 2 usage or I/O error.\n",
            px_formatter_names());
}

/* Applies each comma-separated selector; false with a message on a bad one. */
static bool apply_selectors(PxRuleSet *set, const char *list, bool add)
{
    char *copy = px_strdup(list);
    bool ok = true;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        if (*tok && !px_ruleset_apply(set, tok, add)) {
            fprintf(stderr, "pxlint: error: unknown rule selector '%s' "
                            "(see 'pxlint rules')\n", tok);
            ok = false;
        }
    }
    free(copy);
    return ok;
}

/* A whole number from 1 to 4095. */
static bool parse_count(const char *s, unsigned *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 1 || v > 4095)
        return false;
    *out = (unsigned)v;
    return true;
}

static bool parse_size_mib(const char *s, size_t *out)
{
    unsigned mib;
    if (!parse_count(s, &mib) || mib > 4095)
        return false;
    *out = (size_t)mib << 20;
    return true;
}

int px_cmd_check(int argc, char **argv, int start)
{
    PxArgs a;
    px_args_init(&a, argc, argv, start);
    PxCheckOptions opts = {.rules = px_ruleset_all()};
    PxFormatOptions fmt = {0};
    const PxFormatter *formatter = px_formatter_find("text");
    const char **paths = NULL;
    size_t npaths = 0, cap = 0;
    const char *select = NULL, *ignore = NULL, *output_file = NULL;
    bool no_color = false;
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
        } else if (px_args_option(&a, "--format", NULL) ||
                   px_args_option(&a, "--output-format", NULL)) {
            if (a.value && !(formatter = px_formatter_find(a.value))) {
                fprintf(stderr, "pxlint: error: unknown format '%s' (expected "
                                "one of: %s)\n", a.value, px_formatter_names());
                goto out;
            }
        } else if (px_args_option(&a, "--select", NULL)) {
            select = a.value;
        } else if (px_args_option(&a, "--ignore", NULL)) {
            ignore = a.value;
        } else if (px_args_option(&a, "--jobs", "-j")) {
            if (a.value && (!parse_count(a.value, &opts.jobs) || opts.jobs > 256)) {
                fprintf(stderr, "pxlint: error: --jobs takes a number from 1 "
                                "to 256, not '%s'\n", a.value);
                goto out;
            }
        } else if (px_args_option(&a, "--max-file-size", NULL)) {
            if (a.value && !parse_size_mib(a.value, &opts.max_file_size)) {
                fprintf(stderr, "pxlint: error: --max-file-size takes a size in "
                                "MiB from 1 to 4095, not '%s'\n", a.value);
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
        } else {
            fprintf(stderr, "pxlint: error: unknown option '%s' (see "
                            "'pxlint check --help')\n", argv[a.index]);
            goto out;
        }
        if (a.error[0]) {
            fprintf(stderr, "pxlint: error: %s\n", a.error);
            goto out;
        }
    }
    if (npaths == 0) {
        fprintf(stderr, "pxlint: error: no PATH given (try 'pxlint check .')\n");
        goto out;
    }
    if (select) {
        opts.rules = px_ruleset_none();
        if (!apply_selectors(&opts.rules, select, true))
            goto out;
    }
    if (ignore && !apply_selectors(&opts.rules, ignore, false))
        goto out;

    if (fmt.statistics && !formatter->has_summary) {
        fprintf(stderr, "pxlint: error: --statistics works with the text and "
                        "concise formats, not '%s'\n", formatter->name);
        goto out;
    }
    /* Open the report before the run, so a bad path fails fast. */
    PxOutput output;
    char err[512];
    if (!px_output_open(&output, output_file, err, sizeof err)) {
        fprintf(stderr, "pxlint: error: %s\n", err);
        goto out;
    }
    fmt.color = formatter->has_summary && px_output_color(&output, no_color);
    char *cwd = getcwd(NULL, 0);
    fmt.base_dir = cwd;

    opts.paths = paths;
    opts.npaths = npaths;
    PxCheck *check = px_check_run(&opts);
    size_t nproblems = px_check_problem_count(check);
    PxProblem *problems = px_calloc(nproblems ? nproblems : 1, sizeof(*problems));
    for (size_t i = 0; i < nproblems; i++) {
        const PxProblem *p = px_check_problem(check, i);
        problems[i] = *p;
        fprintf(stderr, "pxlint: %s: %s: %s\n", p->is_error ? "error" : "warning",
                p->path, p->message);
    }
    PxReport report = {
        .diags = px_check_diagnostics(check),
        .files_checked = px_check_file_count(check),
        .problems = problems,
        .nproblems = nproblems,
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
    free(cwd);
    px_check_destroy(check);
out:
    free(paths);
    return status;
}
