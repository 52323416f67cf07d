/* `pxlint config --show`: prints the settings a check of PATH would use. */
#include "commands.h"

#include "args.h"
#include "config.h"
#include "path.h"

#include <stdio.h>
#include <stdlib.h>

static void help(FILE *out)
{
    fputs("Usage: pxlint config --show [--config FILE | --isolated] [PATH]\n"
          "\n"
          "Prints the settings in effect for a check of PATH (default: the\n"
          "current directory) as YAML: defaults merged with the .pxlint.yaml\n"
          "found from PATH upwards, or with FILE. The file is validated; an\n"
          "invalid one is reported with file:line:col and exit status 2.\n",
          out);
}

int px_cmd_config(int argc, char **argv, int start)
{
    PxArgs a;
    px_args_init(&a, argc, argv, start);
    bool show = false, isolated = false;
    const char *config_file = NULL, *path = NULL;
    while (!px_args_done(&a)) {
        if (px_args_end_of_options(&a)) {
            continue;
        } else if (!px_args_is_option(&a)) {
            const char *p = px_args_positional(&a);
            if (path) {
                fprintf(stderr, "pxlint: error: config takes one PATH, not "
                                "'%s' too\n", p);
                return PX_EXIT_ERROR;
            }
            path = p;
        } else if (px_args_flag(&a, "--help", "-h")) {
            help(stdout);
            return PX_EXIT_CLEAN;
        } else if (px_args_flag(&a, "--show", NULL)) {
            show = true;
        } else if (px_args_flag(&a, "--isolated", NULL)) {
            isolated = true;
        } else if (px_args_option(&a, "--config", NULL)) {
            config_file = a.value;
        } else {
            fprintf(stderr, "pxlint: error: unknown option '%s' (see "
                            "'pxlint config --help')\n", argv[a.index]);
            return PX_EXIT_ERROR;
        }
        if (a.error[0]) {
            fprintf(stderr, "pxlint: error: %s\n", a.error);
            return PX_EXIT_ERROR;
        }
    }
    if (!show) {
        help(stderr);
        return PX_EXIT_ERROR;
    }
    if (isolated && config_file) {
        fprintf(stderr, "pxlint: error: --isolated cannot be combined with "
                        "--config\n");
        return PX_EXIT_ERROR;
    }
    char *cwd = px_path_cwd();
    if (!cwd) {
        fprintf(stderr, "pxlint: error: cannot read the current directory\n");
        return PX_EXIT_ERROR;
    }
    PxConfig *cfg = px_cli_load_config(cwd, config_file, isolated, path);
    int status = PX_EXIT_ERROR;
    if (cfg) {
        px_config_show(cfg, stdout);
        status = PX_EXIT_CLEAN;
    }
    px_config_destroy(cfg);
    free(cwd);
    return status;
}
