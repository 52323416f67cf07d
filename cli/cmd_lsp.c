/* `pxlint lsp`: the Language Server over stdin/stdout. stdout is kept for
 * the protocol alone: fd 1 is pointed at stderr, so a stray print can never
 * corrupt a message. */
#include "commands.h"

#include "args.h"
#include "run_options.h"
#include "server.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *out)
{
    fputs("Usage: pxlint lsp [OPTIONS]\n"
          "\n"
          "Runs the Language Server (LSP 3.17) on stdin and stdout, for editors:\n"
          "diagnostics as you type, a quick fix that adds a suppression comment,\n"
          "and each callback's verdict on hover. Each workspace folder is checked\n"
          "as 'pxlint check FOLDER' would, with its .pxlint.yaml; open files are\n"
          "read from the editor. Logs go to stderr. See docs/editors.md.\n"
          "\n"
          "Options:\n"
          "  --stdio            accepted for editors that pass it (the default)\n"
          "  --debounce-ms MS   wait after a keystroke before analyzing (150)\n"
          "  -h, --help         show this help\n"
          "and these options of 'pxlint check', applied to every workspace:\n",
          out);
    px_run_args_help(out);
}

int px_cmd_lsp(int argc, char **argv, int start)
{
    PxArgs a;
    px_args_init(&a, argc, argv, start);
    PxLspServerOptions opts = {argc, argv, start, -1};
    PxRunArgs probe;
    px_run_args_init(&probe);
    int status = PX_EXIT_ERROR;
    bool bad = false;
    /* Scanned once here to refuse mistakes before the editor waits on us;
     * each workspace scans them again for its own run. */
    while (!px_args_done(&a)) {
        if (px_args_end_of_options(&a)) {
            continue;
        } else if (px_args_flag(&a, "--help", "-h")) {
            help(stdout);
            status = PX_EXIT_CLEAN;
            goto out;
        } else if (px_args_flag(&a, "--stdio", NULL)) {
            continue;
        } else if (px_args_option(&a, "--debounce-ms", NULL)) {
            char *end;
            long v = a.value ? strtol(a.value, &end, 10) : -1;
            if (!a.value || *end || v < 0 || v > 10000) {
                fprintf(stderr, "pxlint: error: --debounce-ms takes 0 to 10000\n");
                goto out;
            }
            opts.debounce_ms = (int)v;
        } else if (!px_args_is_option(&a)) {
            fprintf(stderr, "pxlint: error: 'pxlint lsp' takes no PATH: the editor "
                            "names the workspace folders\n");
            goto out;
        } else if (!px_run_args_option(&probe, &a, &bad)) {
            fprintf(stderr, "pxlint: error: unknown option '%s' (see "
                            "'pxlint lsp --help')\n", argv[a.index]);
            goto out;
        }
        if (bad)
            goto out;
        if (a.error[0]) {
            fprintf(stderr, "pxlint: error: %s\n", a.error);
            goto out;
        }
    }
    fflush(stdout);
    int proto = dup(STDOUT_FILENO);
    if (proto < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        perror("pxlint: error: cannot set up stdout");
        goto out;
    }
    /* A client that goes away must not kill us mid-write: EPIPE is handled. */
    signal(SIGPIPE, SIG_IGN);
    status = px_lsp_serve(STDIN_FILENO, proto, &opts);
    close(proto);
out:
    px_run_args_free(&probe);
    return status;
}
