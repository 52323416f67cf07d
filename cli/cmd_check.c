/* `pxlint check`: options, the run, rendering, exit status. */
#include "commands.h"

#include "alloc.h"
#include "args.h"
#include "check.h"
#include "config.h"
#include "format.h"
#include "path.h"

#include <errno.h>
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
            "  --config FILE      read settings from FILE, not a found .pxlint.yaml\n"
            "  --isolated         ignore every configuration file\n"
            "  --select CODES     report only these rules (comma-separated codes,\n"
            "                     prefixes such as PX1, names, or ALL); replaces\n"
            "                     the configured selection\n"
            "  --extend-select CODES  report these rules too\n"
            "  --ignore CODES     do not report these rules\n"
            "  --exclude GLOBS    replace the configured exclude patterns\n"
            "                     (comma-separated, .gitignore syntax, relative\n"
            "                     to the current directory)\n"
            "  --extend-exclude GLOBS  exclude these too\n"
            "  --force-exclude    apply exclusions to the PATHs given as well\n"
            "  --respect-gitignore, --no-respect-gitignore\n"
            "                     honour .gitignore files (default: yes)\n"
            "  --python-path DIRS module search path (':'-separated; replaces\n"
            "                     the configured python-path)\n"
            "  --report-unused-ignores  report suppression comments that\n"
            "                     silence nothing (PX003)\n"
            "  --jobs N, -j N     worker threads (default: one per CPU)\n"
            "  --max-file-size MIB  skip (with an error) larger files (default: 16)\n"
            "  --all-functions    treat every function as a callback\n"
            "  --statistics       print counts per rule instead of each problem\n"
            "  --parse-only       only read and parse (the benchmark's floor)\n"
            "  --quiet, -q        print problems only, no summary line\n"
            "  -h, --help         show this help\n"
            "\n"
            "Exit status: 0 no problems, 1 problems found, 2 usage, configuration\n"
            "or I/O error.\n",
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

/* Appends each piece of a `sep`-separated value to *list. */
static void split_into(const char *value, char sep, char ***list, size_t *n,
                       size_t *cap)
{
    const char *p = value;
    for (;;) {
        const char *e = strchr(p, sep);
        size_t len = e ? (size_t)(e - p) : strlen(p);
        while (len && *p == ' ') {
            p++;
            len--;
        }
        if (len)
            PX_PUSH(*list, *n, *cap, px_strndup(p, len));
        if (!e)
            break;
        p = e + 1;
    }
}

typedef struct {
    char **items;
    size_t n, cap;
} StrList;

static void strlist_free(StrList *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
}

static bool apply_list(PxRuleSet *set, const StrList *l, bool add)
{
    bool ok = true;
    for (size_t i = 0; i < l->n; i++)
        ok &= apply_selectors(set, l->items[i], add);
    return ok;
}

/* The configuration a run uses: --isolated, --config FILE, or the
 * .pxlint.yaml found from the first path. NULL (messages printed) when it
 * cannot be read or is invalid. */
PxConfig *px_cli_load_config(const char *cwd, const char *config_file,
                             bool isolated, const char *first_path)
{
    if (isolated)
        return px_config_default(cwd, cwd);
    char *found = config_file ? px_strdup(config_file)
                              : px_config_find(cwd, first_path ? first_path : ".");
    if (!found)
        return px_config_default(cwd, cwd);
    PxConfigMessages *msgs = px_config_messages_create();
    PxConfig *cfg = px_config_load(cwd, found, msgs);
    px_config_messages_print(msgs, stderr);
    if (!cfg)
        fprintf(stderr, "pxlint: error: invalid configuration, nothing checked\n");
    px_config_messages_destroy(msgs);
    free(found);
    return cfg;
}

int px_cmd_check(int argc, char **argv, int start)
{
    PxArgs a;
    px_args_init(&a, argc, argv, start);
    PxCheckOptions opts = {0};
    PxFormatOptions fmt = {0};
    const PxFormatter *formatter = px_formatter_find("text");
    const char **paths = NULL;
    size_t npaths = 0, cap = 0;
    StrList select = {0}, extend_select = {0}, ignore = {0};
    StrList exclude = {0}, extend_exclude = {0}, python_path = {0};
    bool has_select = false, has_exclude = false, has_python_path = false;
    const char *config_file = NULL;
    bool isolated = false, report_unused = false, force_exclude = false;
    int respect_gitignore = -1; /* -1: as configured */
    size_t max_file_size = 0;
    char *cwd = NULL;
    PxConfig *cfg = NULL;
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
        } else if (px_args_option(&a, "--format", NULL)) {
            if (a.value && !(formatter = px_formatter_find(a.value))) {
                fprintf(stderr, "pxlint: error: unknown format '%s' (expected "
                                "one of: %s)\n", a.value, px_formatter_names());
                goto out;
            }
        } else if (px_args_option(&a, "--config", NULL)) {
            config_file = a.value;
        } else if (px_args_flag(&a, "--isolated", NULL)) {
            isolated = true;
        } else if (px_args_option(&a, "--select", NULL)) {
            has_select = true;
            if (a.value)
                PX_PUSH(select.items, select.n, select.cap, px_strdup(a.value));
        } else if (px_args_option(&a, "--extend-select", NULL)) {
            if (a.value)
                PX_PUSH(extend_select.items, extend_select.n, extend_select.cap,
                        px_strdup(a.value));
        } else if (px_args_option(&a, "--ignore", NULL)) {
            if (a.value)
                PX_PUSH(ignore.items, ignore.n, ignore.cap, px_strdup(a.value));
        } else if (px_args_option(&a, "--exclude", NULL)) {
            has_exclude = true;
            if (a.value)
                split_into(a.value, ',', &exclude.items, &exclude.n, &exclude.cap);
        } else if (px_args_option(&a, "--extend-exclude", NULL)) {
            if (a.value)
                split_into(a.value, ',', &extend_exclude.items, &extend_exclude.n,
                           &extend_exclude.cap);
        } else if (px_args_option(&a, "--python-path", NULL)) {
            has_python_path = true;
            if (a.value)
                split_into(a.value, ':', &python_path.items, &python_path.n,
                           &python_path.cap);
        } else if (px_args_flag(&a, "--respect-gitignore", NULL)) {
            respect_gitignore = 1;
        } else if (px_args_flag(&a, "--no-respect-gitignore", NULL)) {
            respect_gitignore = 0;
        } else if (px_args_flag(&a, "--force-exclude", NULL)) {
            force_exclude = true;
        } else if (px_args_flag(&a, "--report-unused-ignores", NULL)) {
            report_unused = true;
        } else if (px_args_option(&a, "--jobs", "-j")) {
            if (a.value && (!parse_count(a.value, &opts.jobs) || opts.jobs > 256)) {
                fprintf(stderr, "pxlint: error: --jobs takes a number from 1 "
                                "to 256, not '%s'\n", a.value);
                goto out;
            }
        } else if (px_args_option(&a, "--max-file-size", NULL)) {
            if (a.value && !parse_size_mib(a.value, &max_file_size)) {
                fprintf(stderr, "pxlint: error: --max-file-size takes a size in "
                                "MiB from 1 to 4095, not '%s'\n", a.value);
                goto out;
            }
        } else if (px_args_flag(&a, "--all-functions", NULL)) {
            opts.all_functions = true;
        } else if (px_args_flag(&a, "--parse-only", NULL)) {
            opts.parse_only = true;
        } else if (px_args_flag(&a, "--statistics", NULL)) {
            fmt.statistics = true;
        } else if (px_args_flag(&a, "--quiet", "-q")) {
            fmt.quiet = true;
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
    if (isolated && config_file) {
        fprintf(stderr, "pxlint: error: --isolated ignores configuration "
                        "files, so it cannot be combined with --config\n");
        goto out;
    }
    if (!(cwd = px_path_cwd())) {
        fprintf(stderr, "pxlint: error: cannot read the current directory\n");
        goto out;
    }
    /* Command-line selectors are checked before the configuration is read,
     * so a typo is reported as such and not hidden by a config error. */
    PxRuleSet scratch = px_ruleset_none();
    if (!apply_list(&scratch, &select, true) ||
        !apply_list(&scratch, &extend_select, true) ||
        !apply_list(&scratch, &ignore, true))
        goto out;
    if (!(cfg = px_cli_load_config(cwd, config_file, isolated, paths[0])))
        goto out;

    /* The command line overrides the file. */
    PxSettings *set = px_config_edit(cfg);
    char err[300];
    if ((has_exclude &&
         !px_config_set_exclude(cfg, (const char *const *)exclude.items, exclude.n,
                                cwd, false, err, sizeof err)) ||
        !px_config_set_exclude(cfg, (const char *const *)extend_exclude.items,
                               extend_exclude.n, cwd, true, err, sizeof err)) {
        fprintf(stderr, "pxlint: error: %s\n", err);
        goto out;
    }
    if (has_python_path)
        px_config_set_python_path(cfg, (const char *const *)python_path.items,
                                  python_path.n, cwd);
    if (respect_gitignore >= 0)
        set->respect_gitignore = respect_gitignore;
    set->force_exclude |= force_exclude;
    if (max_file_size)
        set->max_file_size = max_file_size;
    set->report_unused_ignores |= report_unused;
    if (has_select)
        set->rules = px_ruleset_none();
    apply_list(&set->rules, &select, true);
    apply_list(&set->rules, &extend_select, true);
    apply_list(&set->rules, &ignore, false);

    opts.paths = paths;
    opts.npaths = npaths;
    opts.config = cfg;
    opts.rules = set->rules;
    opts.max_file_size = set->max_file_size;
    opts.report_unused_ignores = set->report_unused_ignores;
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
    px_config_destroy(cfg);
    free(cwd);
    strlist_free(&select);
    strlist_free(&extend_select);
    strlist_free(&ignore);
    strlist_free(&exclude);
    strlist_free(&extend_exclude);
    strlist_free(&python_path);
    free(paths);
    return status;
}
