/* pxlint's entry point: picks the subcommand and maps outcomes to exit codes.
 * Help goes to stdout, misuse to stderr. */
#include "commands.h"

#include <stdio.h>
#include <string.h>

static const PxCommand COMMANDS[] = {
    {"check", px_cmd_check, "lint PATHs and report problems (the default)"},
    {"whitelist", px_cmd_whitelist, "write the callbacks proven safe (-o FILE)"},
    {"rules", px_cmd_rules, "list the rules"},
    {"explain", px_cmd_explain, "print a rule's documentation"},
    {"debug", px_cmd_debug, "dump what the analyzer computes, as JSON"},
    {"config", px_cmd_config, "show the settings in effect (--show)"},
    {"lsp", px_cmd_lsp, "run the Language Server for editors (stdio)"},
};

static void usage(FILE *out)
{
    fputs("pxlint: find Python callbacks that are not safe to run on parallel\n"
          "threads without the GIL, and prove the others safe.\n"
          "\n"
          "Usage: pxlint [COMMAND] [OPTIONS] PATH...\n"
          "\n"
          "Commands:\n",
          out);
    for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fputs("\n"
          "Run 'pxlint COMMAND --help' for a command's options.\n"
          "  -h, --help     show this help\n"
          "  -V, --version  show the version\n"
          "\n"
          "Exit status: 0 no problems, 1 problems found, 2 usage, configuration\n"
          "or I/O error.\n",
          out);
}

int main(int argc, char **argv)
{
    int status;
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        status = PX_EXIT_CLEAN;
    } else if (argc >= 2 && (strcmp(argv[1], "--version") == 0 ||
                             strcmp(argv[1], "-V") == 0)) {
        printf("pxlint %s\n", PX_VERSION);
        status = PX_EXIT_CLEAN;
    } else if (argc < 2) {
        usage(stderr);
        status = PX_EXIT_ERROR;
    } else {
        const PxCommand *cmd = NULL;
        for (size_t i = 0; i < sizeof COMMANDS / sizeof *COMMANDS; i++)
            if (strcmp(argv[1], COMMANDS[i].name) == 0)
                cmd = &COMMANDS[i];
        /* Without a command name, the arguments are check's. */
        status = cmd ? cmd->run(argc, argv, 2) : px_cmd_check(argc, argv, 1);
    }
    if (fclose(stdout) != 0) {
        perror("pxlint: error writing output");
        status = PX_EXIT_ERROR;
    }
    return status;
}
