/* The check pipeline. Each worker owns a parser and writes only its file's
 * slot, so no locks are needed and the output order is fixed. */
#include "check.h"

#include "alloc.h"
#include "module.h"
#include "readfile.h"
#include "rules.h"
#include "workers.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *path;
    PxModule *module; /* NULL if the file could not be read */
    char *error;
    PxDiagList *diags;
} FileSlot;

struct PxCheck {
    PxDiscovery *discovery;
    FileSlot *files;
    size_t nfiles;
    size_t nlines;
    PxDiagList *diags;
    PxProblem *problems;
    size_t nproblems, capproblems;
};

typedef struct {
    const PxCheckOptions *options;
    FileSlot *files;
} Shared;

static void *worker_init(void *shared)
{
    (void)shared;
    return px_parser_create();
}

static void worker_fini(void *state) { px_parser_destroy(state); }

static void check_file(size_t i, void *state, void *shared_)
{
    Shared *shared = shared_;
    FileSlot *f = &shared->files[i];
    const PxCheckOptions *o = shared->options;
    size_t len = 0;
    char err[256];
    size_t limit = o->max_file_size ? o->max_file_size : PX_DEFAULT_MAX_FILE_SIZE;
    char *bytes = px_read_file(f->path, limit, &len, err, sizeof err);
    if (!bytes) {
        f->error = px_strdup(err);
        return;
    }
    f->module = px_module_create(px_source_create(f->path, bytes, len));
    f->diags = px_diag_list_create();
    px_module_parse(f->module, state);
    if (!o->parse_only) {
        /* Built even with syntax errors: code under ERROR nodes is left
         * out, and the analysis decides what to trust. */
        PxModule *m = f->module;
        m->scopes = px_scopes_build(m->arena, m->tree, m->source);
    }
    if (!o->parse_only && px_ruleset_has(&o->rules, PX_RULE_PX001))
        px_rule_syntax_error(f->module, f->diags);
    px_module_drop_tree(f->module);
}

static void add_problem(PxCheck *c, const char *path, const char *msg,
                        bool is_error)
{
    PxProblem p = {px_strdup(path), px_strdup(msg), is_error};
    PX_PUSH(c->problems, c->nproblems, c->capproblems, p);
}

PxCheck *px_check_run(const PxCheckOptions *o)
{
    PxCheck *c = px_calloc(1, sizeof(*c));
    c->diags = px_diag_list_create();
    c->discovery = px_discover(o->paths, o->npaths, &o->discover);
    for (size_t i = 0; i < px_discovery_problem_count(c->discovery); i++) {
        const PxProblem *p = px_discovery_problem(c->discovery, i);
        add_problem(c, p->path, p->message, p->is_error);
    }
    c->nfiles = px_discovery_count(c->discovery);
    c->files = px_calloc(c->nfiles, sizeof(FileSlot));
    for (size_t i = 0; i < c->nfiles; i++)
        c->files[i].path = px_discovery_path(c->discovery, i);

    Shared shared = {o, c->files};
    unsigned jobs = o->jobs ? o->jobs : px_cpu_count();
    px_parallel_for(c->nfiles, jobs, worker_init, worker_fini, check_file,
                    &shared);

    for (size_t i = 0; i < c->nfiles; i++) {
        FileSlot *f = &c->files[i];
        if (f->error) {
            add_problem(c, f->path, f->error, true);
            continue;
        }
        c->nlines += px_source_line_count(f->module->source);
        px_diag_list_append(c->diags, f->diags);
    }
    px_diag_sort(c->diags);
    return c;
}

void px_check_destroy(PxCheck *c)
{
    if (!c)
        return;
    px_diag_list_destroy(c->diags);
    for (size_t i = 0; i < c->nfiles; i++) {
        px_module_destroy(c->files[i].module);
        px_diag_list_destroy(c->files[i].diags);
        free(c->files[i].error);
    }
    for (size_t i = 0; i < c->nproblems; i++) {
        free((char *)c->problems[i].path);
        free((char *)c->problems[i].message);
    }
    free(c->problems);
    free(c->files);
    px_discovery_destroy(c->discovery);
    free(c);
}

const PxDiagList *px_check_diagnostics(const PxCheck *c) { return c->diags; }

size_t px_check_file_count(const PxCheck *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nfiles; i++)
        n += c->files[i].module != NULL;
    return n;
}

size_t px_check_line_count(const PxCheck *c) { return c->nlines; }
size_t px_check_problem_count(const PxCheck *c) { return c->nproblems; }
const PxProblem *px_check_problem(const PxCheck *c, size_t i) { return &c->problems[i]; }

size_t px_check_error_count(const PxCheck *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nproblems; i++)
        n += c->problems[i].is_error;
    return n;
}
