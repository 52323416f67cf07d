/* `pxlint debug scopes|calls|verdicts|timings`: dumps what the analyzer
 * computes as JSON (the scope graph of each file, the call sites, each
 * callback's verdict, where the time goes), for tests and for people looking
 * inside the analyzer. */
#include "commands.h"

#include "alloc.h"
#include "args.h"
#include "check.h"
#include "finding_rules.h"
#include "module.h"
#include "run_options.h"
#include "readfile.h"
#include "scope.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const SCOPE_KINDS[] = {
    [PX_SCOPE_MODULE] = "module",       [PX_SCOPE_CLASS] = "class",
    [PX_SCOPE_FUNCTION] = "function",   [PX_SCOPE_LAMBDA] = "lambda",
    [PX_SCOPE_COMPREHENSION] = "comprehension",
    [PX_SCOPE_TYPE_PARAMS] = "type_params",
};

static const char *const SYM_SCOPES[] = {
    [PX_SYM_LOCAL] = "local",
    [PX_SYM_GLOBAL_EXPLICIT] = "global_explicit",
    [PX_SYM_GLOBAL_IMPLICIT] = "global_implicit",
    [PX_SYM_FREE] = "free",
    [PX_SYM_CELL] = "cell",
};

static const struct {
    uint32_t flag;
    const char *name;
} SYM_FLAGS[] = {
    {PX_SYMF_PARAM, "param"},         {PX_SYMF_ASSIGNED, "assigned"},
    {PX_SYMF_REFERENCED, "referenced"}, {PX_SYMF_IMPORTED, "imported"},
    {PX_SYMF_GLOBAL_DECL, "global"},  {PX_SYMF_NONLOCAL_DECL, "nonlocal"},
    {PX_SYMF_ANNOTATED, "annotated"}, {PX_SYMF_FREE_CLASS, "free_class"},
    {PX_SYMF_COMP_ITER, "comp_iter"},
};

static const char *const BIND_KINDS[] = {
    [PX_BIND_ASSIGN] = "assign",   [PX_BIND_AUGASSIGN] = "augassign",
    [PX_BIND_WALRUS] = "walrus",   [PX_BIND_FOR] = "for",
    [PX_BIND_WITH] = "with",       [PX_BIND_EXCEPT] = "except",
    [PX_BIND_IMPORT] = "import",   [PX_BIND_IMPORT_STAR] = "import_star",
    [PX_BIND_DEF] = "def",         [PX_BIND_CLASS] = "class",
    [PX_BIND_PARAM] = "param",     [PX_BIND_DEL] = "del",
    [PX_BIND_MATCH] = "match",     [PX_BIND_TYPE_PARAM] = "type_param",
};

/* A JSON string; bytes that are not UTF-8 (paths, broken sources) become
 * '?' so the output stays valid JSON. */
static json_t *jstr(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    size_t n = strlen(s);
    char *copy = malloc(n + 1);
    if (!copy)
        return json_string("?");
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        size_t k = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3
                              : (c >> 3) == 30 ? 4 : 0;
        bool ok = k > 0 && i + k <= n;
        for (size_t j2 = 1; ok && j2 < k; j2++)
            ok = ((unsigned char)s[i + j2] & 0xC0) == 0x80;
        if (ok && k > 1) {
            /* json_string also refuses overlong forms and surrogates. */
            char one[5] = {0};
            memcpy(one, s + i, k);
            json_t *t = json_string(one);
            ok = t != NULL;
            json_decref(t);
        }
        if (!ok)
            k = 1;
        for (size_t j2 = 0; j2 < k; j2++)
            copy[i + j2] = ok ? s[i + j2] : '?';
        i += k;
    }
    copy[n] = '\0';
    j = json_string(copy);
    free(copy);
    return j ? j : json_string("?");
}

static json_t *scope_id(PxScopeId id)
{
    return id == PX_NO_SCOPE ? json_null() : json_integer(id);
}

static json_t *qualname_of(const PxScopes *s, PxScopeId id)
{
    const PxScope *sc = id == PX_NO_SCOPE ? NULL : px_scopes_get(s, id);
    return sc ? jstr(sc->qualname) : json_null();
}

static json_t *dump_scope(const PxScopes *s, const PxSource *src, PxScopeId id)
{
    const PxScope *sc = px_scopes_get(s, id);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_integer(id));
    json_object_set_new(o, "kind", json_string(SCOPE_KINDS[sc->kind]));
    json_object_set_new(o, "name", jstr(sc->name));
    json_object_set_new(o, "qualname", jstr(sc->qualname));
    json_object_set_new(o, "first_line", json_integer(sc->first_line));
    json_object_set_new(o, "def_line",
                        json_integer(px_source_position(src, sc->def_start).line));
    json_object_set_new(o, "parent", scope_id(sc->parent));
    json_object_set_new(o, "start", json_integer(sc->start));
    json_object_set_new(o, "end", json_integer(sc->end));
    json_t *params = json_array();
    for (uint32_t i = 0; i < sc->nparams; i++)
        json_array_append_new(params, jstr(sc->params[i]));
    json_object_set_new(o, "params", params);
    json_object_set_new(o, "nposonly", json_integer(sc->nposonly));
    json_object_set_new(o, "nkwonly", json_integer(sc->nkwonly));
    json_object_set_new(o, "star_index", json_integer(sc->star_index));
    json_object_set_new(o, "starstar_index", json_integer(sc->starstar_index));
    if (sc->kind == PX_SCOPE_CLASS)
        json_object_set_new(o, "class_cell", json_boolean(sc->class_cell));
    json_t *syms = json_array();
    for (uint32_t i = 0; i < sc->nsymbols; i++) {
        const PxSymbol *y = &sc->symbols[i];
        json_t *flags = json_array();
        for (size_t f = 0; f < sizeof SYM_FLAGS / sizeof *SYM_FLAGS; f++)
            if (y->flags & SYM_FLAGS[f].flag)
                json_array_append_new(flags, json_string(SYM_FLAGS[f].name));
        json_array_append_new(
            syms, json_pack("{s:o, s:s, s:o, s:o, s:o}", "name", jstr(y->name), "scope",
                            SYM_SCOPES[y->scope], "flags", flags, "defining_scope",
                            qualname_of(s, y->defining_scope), "defining_scope_id",
                            scope_id(y->defining_scope)));
    }
    json_object_set_new(o, "symbols", syms);
    return o;
}

static json_t *position(const PxSource *src, uint32_t offset)
{
    PxPosition p = px_source_position(src, offset);
    return json_pack("[I, I]", (json_int_t)p.line, (json_int_t)p.column);
}

static json_t *dump_bindings(const PxScopes *s, const PxSource *src)
{
    json_t *arr = json_array();
    for (uint32_t i = 0; i < px_scopes_binding_count(s); i++) {
        const PxBinding *b = px_scopes_binding(s, i);
        json_t *o = json_pack("{s:s, s:o, s:o, s:o, s:I, s:I}", "kind",
                              BIND_KINDS[b->kind], "name", jstr(b->name), "scope",
                              scope_id(b->scope), "at", position(src, b->start),
                              "start", (json_int_t)b->start, "end", (json_int_t)b->end);
        if (b->import_module) {
            json_object_set_new(o, "import_module", jstr(b->import_module));
            json_object_set_new(o, "import_name",
                                b->import_name ? jstr(b->import_name) : json_null());
            json_object_set_new(o, "import_level", json_integer(b->import_level));
        }
        json_array_append_new(arr, o);
    }
    return arr;
}

static json_t *dump_references(const PxScopes *s, const PxSource *src)
{
    json_t *arr = json_array();
    for (uint32_t i = 0; i < px_scopes_reference_count(s); i++) {
        const PxReference *r = px_scopes_reference(s, i);
        json_array_append_new(
            arr, json_pack("{s:o, s:I, s:o, s:s, s:o}", "name", jstr(r->name), "scope",
                           (json_int_t)r->scope, "at", position(src, r->start),
                           "resolution", SYM_SCOPES[r->resolution], "target_scope",
                           scope_id(r->target_scope)));
    }
    return arr;
}

/* One file's object; NULL and a message when it cannot be read. */
static json_t *dump_file(const char *path, PxParser *parser, bool scopes_only,
                         char *err, size_t errlen)
{
    size_t len = 0;
    char *bytes = px_read_file(path, 64u << 20, &len, err, errlen);
    if (!bytes)
        return NULL;
    PxModule *m = px_module_create(px_source_create(path, bytes, len));
    px_module_parse(m, parser);
    px_module_build_facts(m);
    json_t *o = json_object();
    json_object_set_new(o, "file", jstr(path));
    if (m->has_syntax_error) {
        PxPosition p = px_source_position(m->source, m->syntax_error.start);
        json_object_set_new(o, "syntax_error",
                            json_pack("{s:I, s:I, s:o}", "line", (json_int_t)p.line,
                                      "column", (json_int_t)p.column, "message",
                                      jstr(m->syntax_error.message)));
    } else {
        json_object_set_new(o, "syntax_error", json_null());
    }
    json_t *scopes = json_array();
    for (uint32_t i = 0; i < px_scopes_count(m->scopes); i++)
        json_array_append_new(scopes, dump_scope(m->scopes, m->source, i));
    json_object_set_new(o, "scopes", scopes);
    if (!scopes_only) {
        json_object_set_new(o, "bindings", dump_bindings(m->scopes, m->source));
        json_object_set_new(o, "references", dump_references(m->scopes, m->source));
    }
    px_module_destroy(m);
    return o;
}

static void help(FILE *out)
{
    fputs("Usage: pxlint debug scopes [--scopes-only] FILE...\n"
          "\n"
          "Prints, as one JSON array with an object per file, the scopes pxlint\n"
          "builds (kind, qualified name, first line, parent, parameters, symbols\n"
          "classified as CPython's symtable does), the bindings and the name\n"
          "references. Files with syntax errors are dumped too, with\n"
          "\"syntax_error\" set; code under the error is left out.\n"
          "\n"
          "Options:\n"
          "  --scopes-only   leave out bindings and references\n"
          "  -h, --help      show this help\n"
          "\n"
          "Exit status: 0, or 2 when a file could not be read (it is reported on\n"
          "stderr and left out of the array).\n",
          out);
}

static int debug_scopes(int argc, char **argv, int start)
{
    PxArgs a;
    px_args_init(&a, argc, argv, start);
    bool scopes_only = false;
    const char **files = NULL;
    size_t nfiles = 0;
    int status = PX_EXIT_CLEAN;
    files = calloc((size_t)argc + 1, sizeof(char *));
    if (!files)
        return PX_EXIT_ERROR;
    while (!px_args_done(&a)) {
        if (px_args_end_of_options(&a)) {
            continue;
        } else if (!px_args_is_option(&a)) {
            files[nfiles++] = px_args_positional(&a);
        } else if (px_args_flag(&a, "--help", "-h")) {
            help(stdout);
            free(files);
            return PX_EXIT_CLEAN;
        } else if (px_args_flag(&a, "--scopes-only", NULL)) {
            scopes_only = true;
        } else {
            fprintf(stderr, "pxlint: error: unknown option '%s' (see 'pxlint "
                            "debug scopes --help')\n", argv[a.index]);
            free(files);
            return PX_EXIT_ERROR;
        }
    }
    if (nfiles == 0) {
        help(stderr);
        free(files);
        return PX_EXIT_ERROR;
    }
    PxParser *parser = px_parser_create();
    fputs("[", stdout);
    bool first = true;
    for (size_t i = 0; i < nfiles; i++) {
        char err[256];
        json_t *o = dump_file(files[i], parser, scopes_only, err, sizeof err);
        if (!o) {
            fprintf(stderr, "pxlint: error: %s: %s\n", files[i], err);
            status = PX_EXIT_ERROR;
            continue;
        }
        fputs(first ? "\n" : ",\n", stdout);
        first = false;
        json_dumpf(o, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER);
        json_decref(o);
    }
    fputs("\n]\n", stdout);
    px_parser_destroy(parser);
    free(files);
    return status;
}

static const char *const CALLEE_KINDS[] = {
    [PX_CALLEE_FUNCTION] = "function",
    [PX_CALLEE_EXTERNAL] = "external",
    [PX_CALLEE_UNRESOLVED] = "unresolved",
};

/* What `debug calls`, `verdicts` and `timings` share: the options of
 * `pxlint check`, a run, and its JSON array. `dump` gets no project (NULL)
 * from a run that made none (--parse-only, no files). */
typedef struct {
    const char *help;
    bool record_calls;
    bool takes_reverse_sweep; /* accepts --reverse-sweep */
    bool timed; /* measures the run's phases (PxCheckOptions.timings) */
    void (*dump)(const PxProject *p, const PxTimings *t, json_t *arr);
} DebugRun;

static int debug_run(int argc, char **argv, int start, const DebugRun *d)
{
    PxArgs a;
    px_args_init(&a, argc, argv, start);
    PxRunArgs run;
    px_run_args_init(&run);
    PxCheckOptions opts = {0};
    bool reverse = false;
    int status = PX_EXIT_ERROR;
    bool bad = false;
    while (!px_args_done(&a)) {
        if (px_args_end_of_options(&a)) {
            continue;
        } else if (px_args_flag(&a, "--help", "-h")) {
            fputs(d->help, stdout);
            status = PX_EXIT_CLEAN;
            goto out;
        } else if (d->takes_reverse_sweep && px_args_flag(&a, "--reverse-sweep", NULL)) {
            reverse = true;
        } else if (!px_run_args_option(&run, &a, &bad)) {
            fprintf(stderr, "pxlint: error: unknown option '%s'\n", argv[a.index]);
            goto out;
        }
        if (bad)
            goto out;
    }
    if (!px_run_args_prepare(&run, &opts))
        goto out;
    opts.record_calls = d->record_calls;
    opts.reverse_sweep = reverse;
    PxTimings timings;
    opts.timings = d->timed ? &timings : NULL;
    PxCheck *check = px_check_run(&opts);
    px_run_print_problems(check);
    const PxProject *p = px_check_project(check);
    json_t *arr = json_array();
    d->dump(p, opts.timings, arr);
    json_dumpf(arr, stdout, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(6));
    putchar('\n');
    json_decref(arr);
    status = px_check_error_count(check) ? PX_EXIT_ERROR : PX_EXIT_CLEAN;
    px_check_destroy(check);
out:
    px_run_args_free(&run);
    return status;
}

/* `pxlint debug calls PATH...`: every call site the analysis resolved, with
 * what it calls, over the whole run (imports resolved across files). */
static void dump_calls(const PxProject *p, const PxTimings *t, json_t *arr)
{
    (void)t;
    for (size_t i = 0; p && i < px_project_call_count(p); i++) {
        const PxCallEdge *e = px_project_call(p, i);
        PxPosition pos = px_source_position(e->module->source, e->start);
        json_t *o = json_object();
        json_object_set_new(o, "file", jstr(px_source_path(e->module->source)));
        json_object_set_new(o, "line", json_integer(pos.line));
        json_object_set_new(o, "column", json_integer(pos.column));
        json_object_set_new(o, "caller", jstr(e->caller));
        json_object_set_new(o, "kind", json_string(CALLEE_KINDS[e->kind]));
        json_object_set_new(o, "callee_module",
                            e->callee_module ? jstr(e->callee_module) : json_null());
        json_object_set_new(o, "callee", jstr(e->callee));
        json_array_append_new(arr, o);
    }
}

static int cmp_strings(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* "PX101 path:line:column" for each finding that breaks a rule, sorted. */
static json_t *finding_sites(const PxCallbackResult *r)
{
    char **sites = px_calloc(r->nfindings ? r->nfindings : 1, sizeof(char *));
    size_t n = 0;
    for (uint32_t k = 0; k < r->nfindings; k++) {
        const PxFinding *f = &r->findings[k];
        PxRuleId rule;
        const char *format;
        if (!px_finding_rule(f, &rule, &format))
            continue;
        PxPosition at = px_source_position(f->source, f->start);
        const char *path = px_source_path(f->source);
        size_t len = strlen(path) + 64;
        sites[n] = px_malloc(len);
        snprintf(sites[n++], len, "%s %s:%u:%u", px_rule_info(rule)->code, path,
                 at.line, at.column);
    }
    qsort(sites, n, sizeof(char *), cmp_strings);
    json_t *arr = json_array();
    for (size_t k = 0; k < n; k++) {
        json_array_append_new(arr, json_string(sites[k]));
        free(sites[k]);
    }
    free(sites);
    return arr;
}

/* `pxlint debug verdicts [--reverse-sweep] PATH...`: each callback with the
 * rules its findings break and where, for comparing two runs: neither may
 * depend on the order the fixpoint solves in. */
static void dump_verdicts(const PxProject *p, const PxTimings *t, json_t *arr)
{
    (void)t;
    for (size_t i = 0; p && i < px_project_callback_count(p); i++) {
        const PxCallbackResult *r = px_project_callback(p, i);
        bool broken[PX_RULE_COUNT] = {false};
        for (uint32_t k = 0; k < r->nfindings; k++) {
            PxRuleId rule;
            const char *format;
            if (px_finding_rule(&r->findings[k], &rule, &format))
                broken[rule] = true;
        }
        json_t *rules = json_array();
        for (int k = 0; k < PX_RULE_COUNT; k++)
            if (broken[k])
                json_array_append_new(rules, json_string(px_rule_info((PxRuleId)k)->code));
        json_t *o = json_object();
        json_object_set_new(o, "module", jstr(r->module_name));
        json_object_set_new(o, "callback", jstr(r->qualname));
        /* two files may have one module name, and the lambdas of one
         * function share a qualname: the place tells them apart */
        json_object_set_new(o, "path", jstr(px_source_path(r->module->source)));
        PxPosition at = px_source_position(r->module->source, r->def_start);
        json_object_set_new(o, "line", json_integer(at.line));
        json_object_set_new(o, "column", json_integer(at.column));
        json_object_set_new(o, "rules", rules);
        json_object_set_new(o, "sites", finding_sites(r));
        json_array_append_new(arr, o);
    }
}

static const DebugRun CALLS = {
    .help = "Usage: pxlint debug calls [OPTIONS] PATH...\n\n"
            "Prints, as a JSON array, every call site of the checked files\n"
            "with what the analysis resolved it to: a function of the run\n"
            "(module and qualname), something outside it (dotted name), or\n"
            "unresolved; by file and position. Takes the options of\n"
            "`pxlint check`.\n",
    .record_calls = true,
    .dump = dump_calls,
};

static const DebugRun VERDICTS = {
    .help = "Usage: pxlint debug verdicts [--reverse-sweep] [OPTIONS] PATH...\n\n"
            "Prints, as a JSON array, each callback (module, qualname, and the\n"
            "path, line and column of its def or lambda) with the codes of the\n"
            "rules its findings break, none if it is safe, and the sites of\n"
            "those findings (\"PX101 path:line:column\", sorted).\n"
            "Takes the options of `pxlint check`.\n\n"
            "  --reverse-sweep  the fixpoint's first sweep takes modules, classes\n"
            "                   and functions in reverse order; the verdicts and\n"
            "                   their sites must be the same\n",
    .takes_reverse_sweep = true,
    .dump = dump_verdicts,
};

/* `pxlint debug timings PATH...`: the run's phases with their wall and CPU
 * seconds, for finding where a run's time goes (make bench gives totals). */
static void dump_timings(const PxProject *p, const PxTimings *t, json_t *arr)
{
    (void)p;
    for (int k = 0; k < PX_PHASE_COUNT; k++) {
        json_t *o = json_object();
        json_object_set_new(o, "phase", json_string(px_phase_name((PxPhase)k)));
        json_object_set_new(o, "wall", json_real(t->wall[k]));
        json_object_set_new(o, "cpu", json_real(t->cpu[k]));
        json_array_append_new(arr, o);
    }
}

static const DebugRun TIMINGS = {
    .help = "Usage: pxlint debug timings [OPTIONS] PATH...\n\n"
            "Checks the paths as `pxlint check` does (and takes its options),\n"
            "without printing diagnostics, and prints, as a JSON array, each\n"
            "phase of the run with its wall-clock and CPU seconds (the CPU of\n"
            "all threads: a phase keeping two cores busy shows about twice its\n"
            "wall time). Phases: files (discovery, reading, parsing, per-file\n"
            "facts), index, fixpoint, results, report, silence, sort.\n",
    .timed = true,
    .dump = dump_timings,
};

int px_cmd_debug(int argc, char **argv, int start)
{
    if (start < argc && strcmp(argv[start], "scopes") == 0)
        return debug_scopes(argc, argv, start + 1);
    if (start < argc && strcmp(argv[start], "calls") == 0)
        return debug_run(argc, argv, start + 1, &CALLS);
    if (start < argc && strcmp(argv[start], "verdicts") == 0)
        return debug_run(argc, argv, start + 1, &VERDICTS);
    if (start < argc && strcmp(argv[start], "timings") == 0)
        return debug_run(argc, argv, start + 1, &TIMINGS);
    FILE *out = start < argc && (strcmp(argv[start], "--help") == 0 ||
                                 strcmp(argv[start], "-h") == 0)
                    ? stdout
                    : stderr;
    fputs("Usage: pxlint debug scopes [--scopes-only] FILE...\n"
          "       pxlint debug calls [OPTIONS] PATH...\n"
          "       pxlint debug verdicts [--reverse-sweep] [OPTIONS] PATH...\n"
          "       pxlint debug timings [OPTIONS] PATH...\n"
          "\n"
          "Dumps what the analyzer computes, as JSON. Subcommands:\n"
          "  scopes   scopes, symbols, bindings and references of each file\n"
          "  calls    every call site and what it resolves to, across files\n"
          "  verdicts each callback and the rules it breaks\n"
          "  timings  the wall and CPU seconds of each phase of a check\n",
          out);
    return out == stdout ? PX_EXIT_CLEAN : PX_EXIT_ERROR;
}
