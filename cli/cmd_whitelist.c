/* `pxlint whitelist PATH... -o FILE`: write the callbacks proven safe. */
#include "commands.h"

#include "alloc.h"
#include "args.h"
#include "check.h"
#include "run_options.h"
#include "whitelist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void help(FILE *out)
{
    fputs("Usage: pxlint whitelist [OPTIONS] PATH... [-o FILE]\n"
          "\n"
          "Analyzes the Python files under each PATH and writes the callbacks\n"
          "proven parallel-safe to FILE (JSON; see docs/whitelist.md). The file\n"
          "is replaced atomically: a failed run leaves the previous one intact.\n"
          "A callback with any finding, reported or suppressed, in a file with\n"
          "`# pxlint: skip-file`, or in a file that does not parse, is never\n"
          "listed.\n"
          "\n"
          "Options:\n"
          "  -o, --output FILE   where to write it (default: `whitelist: output`\n"
          "                      of the configuration)\n"
          "  --root DIR          make entry paths relative to DIR (default: the\n"
          "                      configuration file's directory, else .)\n"
          "  --explain-missing   tell why each callback left off is left off\n"
          "  -h, --help          show this help\n",
          out);
    px_run_args_help(out);
    fputs("\nExit status: 0 written, 2 usage, configuration or I/O error.\n", out);
}

int px_cmd_whitelist(int argc, char **argv, int start)
{
    PxArgs a;
    px_args_init(&a, argc, argv, start);
    PxRunArgs run;
    px_run_args_init(&run);
    PxCheckOptions opts = {0};
    const char *output = NULL, *root = NULL;
    bool explain = false, bad = false;
    int status = PX_EXIT_ERROR;
    while (!px_args_done(&a)) {
        if (px_args_end_of_options(&a)) {
            continue;
        } else if (px_args_flag(&a, "--help", "-h")) {
            help(stdout);
            status = PX_EXIT_CLEAN;
            goto out;
        } else if (px_args_option(&a, "--output", "-o")) {
            output = a.value;
        } else if (px_args_option(&a, "--root", NULL)) {
            root = a.value;
        } else if (px_args_flag(&a, "--explain-missing", NULL)) {
            explain = true;
        } else if (!px_run_args_option(&run, &a, &bad)) {
            fprintf(stderr, "pxlint: error: unknown option '%s' (see 'pxlint "
                            "whitelist --help')\n", argv[a.index]);
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
    if (opts.parse_only || opts.facts_only) {
        /* an empty whitelist would replace the real one */
        fprintf(stderr, "pxlint: error: %s only benchmarks `check`; a whitelist "
                        "needs the whole analysis\n",
                opts.parse_only ? "--parse-only" : "--facts-only");
        goto out;
    }
    const PxSettings *set = px_config_settings(run.config);
    if (!output && set->whitelist_output.value)
        output = set->whitelist_output.path ? set->whitelist_output.path
                                            : set->whitelist_output.value;
    if (!output) {
        fprintf(stderr, "pxlint: error: no output file given (-o FILE, or "
                        "`whitelist: output` in .pxlint.yaml)\n");
        goto out;
    }
    if (!root)
        root = set->root;
    opts.all_functions |= set->whitelist_all_functions;
    PxCheck *check = px_check_run(&opts);
    px_run_print_problems(check);
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
    px_run_args_free(&run);
    return status;
}
