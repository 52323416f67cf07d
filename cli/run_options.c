/* Shared run options: scanning, configuration layering (the command line
 * overrides the file, as in ruff), and the knowledge base additions the
 * configuration declares. */
#include "run_options.h"

#include "alloc.h"
#include "cext_detect.h"
#include "commands.h"
#include "path.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

void px_run_args_init(PxRunArgs *r)
{
    memset(r, 0, sizeof(*r));
    r->respect_gitignore = -1;
}

static void strlist_free(PxStrList *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->items[i]);
    free(l->items);
}

void px_run_args_free(PxRunArgs *r)
{
    strlist_free(&r->select);
    strlist_free(&r->extend_select);
    strlist_free(&r->ignore);
    strlist_free(&r->exclude);
    strlist_free(&r->extend_exclude);
    strlist_free(&r->python_path);
    for (size_t i = 0; i < r->npython_path_abs; i++)
        free(r->python_path_abs[i]);
    free(r->python_path_abs);
    free(r->paths);
    free(r->cwd);
    px_config_destroy(r->config);
    px_knowledge_destroy(r->knowledge);
}

/* Applies each comma-separated selector; false with a message on a bad one. */
static bool apply_selectors(PxRuleSet *set, const char *list, bool add,
                            FILE *log)
{
    char *copy = px_strdup(list);
    bool ok = true;
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        while (*tok == ' ')
            tok++;
        if (*tok && !px_ruleset_apply(set, tok, add)) {
            fprintf(log, "pxlint: error: unknown rule selector '%s' "
                            "(see 'pxlint rules')\n", tok);
            ok = false;
        }
    }
    free(copy);
    return ok;
}

static bool apply_list(PxRuleSet *set, const PxStrList *l, bool add, FILE *log)
{
    bool ok = true;
    for (size_t i = 0; i < l->n; i++)
        ok &= apply_selectors(set, l->items[i], add, log);
    return ok;
}

/* A whole number from 1 to max. */
static bool parse_count(const char *s, unsigned max, unsigned *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 1 || v > (long)max)
        return false;
    *out = (unsigned)v;
    return true;
}

/* Appends each piece of a `sep`-separated value to the list. */
static void split_into(const char *value, char sep, PxStrList *l)
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
            PX_PUSH(l->items, l->n, l->cap, px_strndup(p, len));
        if (!e)
            break;
        p = e + 1;
    }
}

static void push_value(PxStrList *l, const char *v)
{
    if (v)
        PX_PUSH(l->items, l->n, l->cap, px_strdup(v));
}

bool px_run_args_option(PxRunArgs *r, PxArgs *a, bool *bad)
{
    *bad = false;
    if (!px_args_is_option(a)) {
        PX_PUSH(r->paths, r->npaths, r->cappaths, px_args_positional(a));
        return true;
    }
    if (px_args_option(a, "--config", NULL)) {
        r->config_file = a->value;
    } else if (px_args_flag(a, "--isolated", NULL)) {
        r->isolated = true;
    } else if (px_args_option(a, "--select", NULL)) {
        r->has_select = true;
        push_value(&r->select, a->value);
    } else if (px_args_option(a, "--extend-select", NULL)) {
        push_value(&r->extend_select, a->value);
    } else if (px_args_option(a, "--ignore", NULL)) {
        push_value(&r->ignore, a->value);
    } else if (px_args_option(a, "--exclude", NULL)) {
        r->has_exclude = true;
        if (a->value)
            split_into(a->value, ',', &r->exclude);
    } else if (px_args_option(a, "--extend-exclude", NULL)) {
        if (a->value)
            split_into(a->value, ',', &r->extend_exclude);
    } else if (px_args_option(a, "--python-path", NULL)) {
        r->has_python_path = true;
        if (a->value)
            split_into(a->value, ':', &r->python_path);
    } else if (px_args_flag(a, "--respect-gitignore", NULL)) {
        r->respect_gitignore = 1;
    } else if (px_args_flag(a, "--no-respect-gitignore", NULL)) {
        r->respect_gitignore = 0;
    } else if (px_args_flag(a, "--force-exclude", NULL)) {
        r->force_exclude = true;
    } else if (px_args_flag(a, "--report-unused-ignores", NULL)) {
        r->report_unused = true;
    } else if (px_args_flag(a, "--all-functions", NULL)) {
        r->all_functions = true;
    } else if (px_args_flag(a, "--parse-only", NULL)) {
        r->parse_only = true;
    } else if (px_args_flag(a, "--facts-only", NULL)) {
        r->facts_only = true;
    } else if (px_args_option(a, "--jobs", "-j")) {
        if (a->value && !parse_count(a->value, 256, &r->jobs)) {
            fprintf(stderr, "pxlint: error: --jobs takes a number from 1 to 256, "
                            "not '%s'\n", a->value);
            *bad = true;
        }
    } else if (px_args_option(a, "--max-file-size", NULL)) {
        unsigned mib = 0;
        if (a->value && !parse_count(a->value, 4095, &mib)) {
            fprintf(stderr, "pxlint: error: --max-file-size takes a size in MiB "
                            "from 1 to 4095, not '%s'\n", a->value);
            *bad = true;
        }
        r->max_file_size = (size_t)mib << 20;
    } else {
        return false;
    }
    if (a->error[0]) {
        fprintf(stderr, "pxlint: error: %s\n", a->error);
        *bad = true;
    }
    return true;
}

void px_run_args_help(FILE *out)
{
    fputs("  --config FILE      read settings from FILE, not a found .pxlint.yaml\n"
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
          "  --all-functions    treat every function as a callback\n"
          "  --report-unused-ignores  report suppression comments that\n"
          "                     silence nothing (PX003)\n"
          "  --jobs N, -j N     worker threads (default: one per CPU)\n"
          "  --max-file-size MIB  skip (with an error) larger files (default: 16)\n"
          "  --parse-only       only read and parse (the benchmark's floor)\n"
          "  --facts-only       only read, parse and extract each file's facts\n"
          "                     (scopes, effect IR); no analysis, no callbacks\n",
          out);
}

/* The configuration a run uses: --isolated, --config FILE, or the
 * .pxlint.yaml found from the first path. NULL (messages printed) when it
 * cannot be read or is invalid. */
static PxConfig *load_config(const char *cwd, const char *config_file,
                             bool isolated, const char *first_path, FILE *log)
{
    if (isolated)
        return px_config_default(cwd, cwd);
    char *found = config_file ? px_strdup(config_file)
                              : px_config_find(cwd, first_path ? first_path : ".");
    if (!found)
        return px_config_default(cwd, cwd);
    PxConfigMessages *msgs = px_config_messages_create();
    PxConfig *cfg = px_config_load(cwd, found, msgs);
    px_config_messages_print(msgs, log);
    if (!cfg)
        fprintf(log, "pxlint: error: invalid configuration, nothing checked\n");
    px_config_messages_destroy(msgs);
    free(found);
    return cfg;
}

PxConfig *px_cli_load_config(const char *cwd, const char *config_file,
                             bool isolated, const char *first_path)
{
    return load_config(cwd, config_file, isolated, first_path, stderr);
}

_Static_assert((int)PX_SPAWNER_MAX_CARRIERS == (int)PX_SPAWN_MAX_CARRIERS,
               "a configured spawner lists as many carriers as the knowledge format");

/* A configured spawner as the knowledge base has one. */
static PxSpawnerArg spawner_arg(const PxSpawnerSpec *sp)
{
    PxSpawnerArg a = {.position = sp->position, .keyword = sp->keyword};
    a.args = sp->arguments == PX_SPAWNER_ARGS_REST     ? PX_SPAWN_ARGS_REST
             : sp->arguments == PX_SPAWNER_ARGS_LISTED ? PX_SPAWN_ARGS_LISTED
                                                       : PX_SPAWN_ARGS_UNKNOWN;
    a.narg_positions = sp->npositions;
    a.narg_keywords = sp->nkeywords;
    memcpy(a.arg_positions, sp->positions, sizeof a.arg_positions);
    memcpy(a.arg_keywords, sp->keywords, sizeof a.arg_keywords);
    return a;
}

/* The knowledge base: built in, plus what the configuration declares. */
static PxKnowledge *knowledge_for(const PxSettings *set)
{
    PxKnowledge *kb = px_knowledge_create();
    for (size_t i = 0; i < set->c_extension_modules.count; i++)
        px_knowledge_add_c_extension(kb, set->c_extension_modules.items[i].value);
    for (size_t i = 0; i < set->c_extension_thread_safe.count; i++)
        px_knowledge_add_thread_safe_c_extension(kb, set->c_extension_thread_safe.items[i].value);
    for (size_t i = 0; i < set->thread_safe_types.count; i++)
        px_knowledge_add_thread_safe_type(kb, set->thread_safe_types.items[i].value);
    PxEffect pure = {.effect = PX_EFFECT_PURE, .result = PX_RESULT_FRESH};
    for (size_t i = 0; i < set->pure.count; i++)
        px_knowledge_add_function(kb, set->pure.items[i].value, &pure);
    PxEffect hidden = {.effect = PX_EFFECT_HIDDEN_STATE, .result = PX_RESULT_FRESH,
                       .note = "interpreter-wide state (declared in .pxlint.yaml)"};
    for (size_t i = 0; i < set->hidden_state.count; i++)
        px_knowledge_add_function(kb, set->hidden_state.items[i].value, &hidden);
    for (size_t i = 0; i < set->nspawners; i++)
        px_knowledge_add_spawner(kb, set->spawners[i].call, spawner_arg(&set->spawners[i]));
    if (set->c_extension_detect) {
        size_t n = set->python_path.count + set->site_packages.count;
        const char **dirs = px_calloc(n ? n : 1, sizeof(char *));
        size_t k = 0;
        for (size_t i = 0; i < set->python_path.count; i++)
            dirs[k++] = set->python_path.items[i].path ? set->python_path.items[i].path
                                                       : set->python_path.items[i].value;
        for (size_t i = 0; i < set->site_packages.count; i++)
            dirs[k++] = set->site_packages.items[i].path ? set->site_packages.items[i].path
                                                         : set->site_packages.items[i].value;
        px_detect_c_extensions(kb, dirs, k);
        free(dirs);
    }
    return kb;
}

bool px_run_args_prepare(PxRunArgs *r, PxCheckOptions *opts)
{
    FILE *log = r->log ? r->log : stderr;
    if (r->npaths == 0) {
        fprintf(log, "pxlint: error: no PATH given (try 'pxlint check .')\n");
        return false;
    }
    if (r->isolated && r->config_file) {
        fprintf(log, "pxlint: error: --isolated ignores configuration "
                        "files, so it cannot be combined with --config\n");
        return false;
    }
    if (!r->cwd && !(r->cwd = px_path_cwd())) {
        fprintf(log, "pxlint: error: cannot read the current directory\n");
        return false;
    }
    /* Command-line selectors are checked before the configuration is read,
     * so a typo is reported as such and not hidden by a config error. */
    PxRuleSet scratch = px_ruleset_none();
    if (!apply_list(&scratch, &r->select, true, log) ||
        !apply_list(&scratch, &r->extend_select, true, log) ||
        !apply_list(&scratch, &r->ignore, true, log))
        return false;
    if (!(r->config = load_config(r->cwd, r->config_file, r->isolated,
                                  r->paths[0], log)))
        return false;
    PxSettings *set = px_config_edit(r->config);
    char err[300];
    if ((r->has_exclude &&
         !px_config_set_exclude(r->config, (const char *const *)r->exclude.items,
                                r->exclude.n, r->cwd, false, err, sizeof err)) ||
        !px_config_set_exclude(r->config, (const char *const *)r->extend_exclude.items,
                               r->extend_exclude.n, r->cwd, true, err, sizeof err)) {
        fprintf(log, "pxlint: error: %s\n", err);
        return false;
    }
    if (r->has_python_path)
        px_config_set_python_path(r->config, (const char *const *)r->python_path.items,
                                  r->python_path.n, r->cwd);
    if (r->respect_gitignore >= 0)
        set->respect_gitignore = r->respect_gitignore;
    set->force_exclude |= r->force_exclude;
    if (r->max_file_size)
        set->max_file_size = r->max_file_size;
    set->report_unused_ignores |= r->report_unused;
    if (r->has_select)
        set->rules = px_ruleset_none();
    apply_list(&set->rules, &r->select, true, log);
    apply_list(&set->rules, &r->extend_select, true, log);
    apply_list(&set->rules, &r->ignore, false, log);

    r->knowledge = knowledge_for(set);
    for (size_t i = 0; i < set->python_path.count; i++) {
        const PxConfigString *d = &set->python_path.items[i];
        PX_PUSH(r->python_path_abs, r->npython_path_abs, r->cappython_path_abs,
                px_strdup(d->path ? d->path : d->value));
    }
    opts->paths = r->paths;
    opts->npaths = r->npaths;
    opts->jobs = r->jobs;
    opts->config = r->config;
    opts->rules = set->rules;
    opts->max_file_size = set->max_file_size;
    opts->report_unused_ignores = set->report_unused_ignores;
    opts->all_functions = r->all_functions;
    opts->parse_only = r->parse_only;
    opts->facts_only = r->facts_only;
    opts->knowledge = r->knowledge;
    opts->python_path = (const char *const *)r->python_path_abs;
    opts->npython_path = r->npython_path_abs;
    opts->callback_decorators = &set->callback_decorators;
    opts->callback_functions = &set->callback_functions;
    return true;
}

void px_run_print_problems(const PxCheck *check)
{
    for (size_t i = 0; i < px_check_problem_count(check); i++) {
        const PxProblem *p = px_check_problem(check, i);
        fprintf(stderr, "pxlint: %s: %s: %s\n", p->is_error ? "error" : "warning",
                p->path, p->message);
    }
}
