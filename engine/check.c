/* The check pipeline. Each worker owns a parser and writes only its file's
 * slot, so no locks are needed and the output order is fixed. */
#include "check.h"

#include "alloc.h"
#include "finding_rules.h"
#include "ir.h"
#include "module.h"
#include "readfile.h"
#include "rules.h"
#include "suppress.h"
#include "workers.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *path;
    const PxOverlay *overlay; /* NULL: read from disk */
    PxModule *module; /* NULL if the file could not be read */
    char *error;
    PxDiagList *diags;
    PxSuppressions *suppressions; /* in the module's arena; NULL: none */
    PxRuleSet file_ignores;       /* from per-file-ignores */
} FileSlot;

struct PxCheck {
    PxDiscovery *discovery;
    FileSlot *files;
    size_t nfiles;
    size_t nlines;
    PxDiagList *diags;    /* reported */
    PxDiagList *silenced; /* found, not reported */
    PxProblem *problems;
    size_t nproblems, capproblems;
    PxKnowledge *own_knowledge;
    PxProject *project;
    size_t ncallbacks, nsafe;
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
    char *bytes;
    if (f->overlay && f->overlay->len > limit) {
        snprintf(err, sizeof err, "skipped: the buffer is %.1f MiB, over the "
                 "%.1f MiB limit (see --max-file-size)",
                 (double)f->overlay->len / 1048576.0, (double)limit / 1048576.0);
        bytes = NULL;
    } else if (f->overlay) {
        len = f->overlay->len;
        bytes = px_malloc(len + 1);
        if (len)
            memcpy(bytes, f->overlay->bytes, len);
        bytes[len] = '\0'; /* as px_read_file leaves it */
    } else {
        bytes = px_read_file(f->path, limit, &len, err, sizeof err);
    }
    if (!bytes) {
        f->error = px_strdup(err);
        return;
    }
    f->module = px_module_create(px_source_create(f->path, bytes, len));
    f->diags = px_diag_list_create();
    PxModule *m = f->module;
    if (f->overlay && f->overlay->tree)
        px_module_adopt_tree(m, ts_tree_copy(f->overlay->tree));
    else
        px_module_parse(m, state);
    if (!o->parse_only) {
        /* Every rule runs: a finding that is not reported still keeps its
         * callback off the whitelist. */
        px_rule_syntax_error(m, f->diags);
        if (o->config)
            f->file_ignores = px_config_ignored_for(o->config, f->path);
        /* Facts are extracted while the tree is alive; then it goes. */
        if (m->tree) {
            f->suppressions = px_suppressions_collect(
                m->arena, ts_tree_root_node(m->tree), m->source);
            px_module_build_facts(m);
        }
    }
    px_module_drop_tree(m);
}

/* Source -> file slot, for diagnostics that may come from any file. */
typedef struct {
    const PxSource *source;
    FileSlot *slot;
} SlotIndex;

static int cmp_index(const void *a, const void *b)
{
    uintptr_t x = (uintptr_t)((const SlotIndex *)a)->source;
    uintptr_t y = (uintptr_t)((const SlotIndex *)b)->source;
    return x < y ? -1 : x > y;
}

static FileSlot *slot_of(const SlotIndex *idx, size_t n, const PxSource *src)
{
    SlotIndex key = {src, NULL};
    const SlotIndex *hit = bsearch(&key, idx, n, sizeof(*idx), cmp_index);
    return hit ? hit->slot : NULL;
}

static PxSilence why_silenced(const PxCheckOptions *o, FileSlot *f,
                              const PxDiagnostic *d)
{
    if (!px_ruleset_has(&o->rules, d->rule))
        return PX_SILENCE_NOT_SELECTED;
    if (!f)
        return PX_SILENCE_NONE;
    if (px_ruleset_has(&f->file_ignores, d->rule))
        return PX_SILENCE_PER_FILE;
    if (!f->suppressions)
        return PX_SILENCE_NONE;
    if (px_suppressions_skip_file(f->suppressions))
        return PX_SILENCE_SKIP_FILE;
    if (d->rule == PX_RULE_PX003)
        return PX_SILENCE_NONE; /* a suppression cannot hide its own report */
    uint32_t line = px_source_position(d->source, d->start).line;
    PxSuppression *sup = px_suppressions_find(f->suppressions, line, d->rule);
    if (!sup)
        return PX_SILENCE_NONE;
    sup->used_any = true;
    px_ruleset_add(&sup->used, d->rule);
    return PX_SILENCE_COMMENT;
}

static bool is_reported(const PxDiagnostic *d, void *ctx)
{
    (void)ctx;
    return d->silenced == PX_SILENCE_NONE;
}

static void set_severity(const PxCheckOptions *o, PxDiagnostic *d)
{
    if (o->config)
        d->severity = px_config_settings(o->config)->severity[d->rule];
}

/* The last pass, on one thread: severities from the config, the reason
 * each diagnostic is silenced, PX003 for directives that silenced nothing,
 * then silenced diagnostics move to their own list. One pass over the
 * diagnostics, then one over PX003's: with --all-functions they are
 * hundreds of thousands, scattered through memory. */
static void silence(PxCheck *c, const PxCheckOptions *o)
{
    SlotIndex *idx = px_calloc(c->nfiles + 1, sizeof(*idx));
    size_t n = 0;
    for (size_t i = 0; i < c->nfiles; i++)
        if (c->files[i].module)
            idx[n++] = (SlotIndex){c->files[i].module->source, &c->files[i]};
    qsort(idx, n, sizeof(*idx), cmp_index);

    size_t count = px_diag_count(c->diags);
    for (size_t i = 0; i < count; i++) {
        PxDiagnostic *d = px_diag_get(c->diags, i);
        d->silenced = why_silenced(o, slot_of(idx, n, d->source), d);
        set_severity(o, d);
        if (d->silenced != PX_SILENCE_NONE)
            px_diag_copy(c->silenced, d);
    }
    if (o->report_unused_ignores && px_ruleset_has(&o->rules, PX_RULE_PX003)) {
        PxDiagList *unused = px_diag_list_create();
        for (size_t i = 0; i < c->nfiles; i++) {
            FileSlot *f = &c->files[i];
            if (!f->suppressions || px_suppressions_skip_file(f->suppressions) ||
                px_ruleset_has(&f->file_ignores, PX_RULE_PX003))
                continue;
            PxRuleSet active = o->rules;
            for (int r = 0; r < PX_RULE_COUNT; r++)
                if (px_ruleset_has(&f->file_ignores, (PxRuleId)r))
                    px_ruleset_remove(&active, (PxRuleId)r);
            px_rule_unused_suppression(f->module->source, f->suppressions,
                                       &active, unused);
        }
        for (size_t i = 0; i < px_diag_count(unused); i++)
            set_severity(o, px_diag_get(unused, i));
        px_diag_list_append(c->diags, unused);
        px_diag_list_destroy(unused);
    }
    px_diag_filter(c->diags, is_reported, NULL);
    free(idx);
}

static void add_problem(PxCheck *c, const char *path, const char *msg,
                        bool is_error)
{
    PxProblem p = {px_strdup(path), px_strdup(msg), is_error};
    PX_PUSH(c->problems, c->nproblems, c->capproblems, p);
}

/* The strings of a configuration list, as a plain array (malloc'd). */
static const char **config_values(const PxConfigList *l, size_t *n)
{
    *n = l ? l->count : 0;
    const char **v = px_calloc(*n ? *n : 1, sizeof(char *));
    for (size_t i = 0; i < *n; i++)
        v[i] = l->items[i].value;
    return v;
}

static void report_result(const PxCallbackResult *r, PxDiagList *out)
{
    PxCallbackRef ref = {r->module_name, r->qualname, r->module->source,
                         r->first_line};
    const PxCallbackRef *kept = px_diag_keep_callback(out, &ref);
    for (uint32_t f = 0; f < r->nfindings; f++)
        px_report_finding(&r->findings[f], kept, out);
}

/* On the project's helper thread, while the fixpoint runs: the list is
 * that thread's alone until the project is made. */
static PxEarlyReport report_early(const PxCallbackResult *r, void *list)
{
    size_t first = px_diag_count(list);
    report_result(r, list);
    return (PxEarlyReport){true, (uint32_t)first, (uint32_t)(px_diag_count(list) - first)};
}

/* Findings become diagnostics in chunks of callbacks, on the workers:
 * each chunk writes its own list, appended in order afterwards. Results
 * reported early share their diagnostics from the early list. */
typedef struct {
    const PxProject *project;
    const PxDiagList *early;
    size_t ncallbacks, nchunks;
    PxDiagList **lists;
} ReportJob;

static void report_chunk(size_t i, void *state, void *shared)
{
    (void)state;
    ReportJob *job = shared;
    PxDiagList *out = px_diag_list_create();
    job->lists[i] = out;
    size_t lo = i * job->ncallbacks / job->nchunks;
    size_t hi = (i + 1) * job->ncallbacks / job->nchunks;
    for (size_t k = lo; k < hi; k++) {
        const PxCallbackResult *r = px_project_callback(job->project, k);
        if (!r->nfindings)
            continue;
        if (r->early.made)
            px_diag_list_share(out, job->early, r->early.first, r->early.count);
        else
            report_result(r, out);
    }
}

/* The project-wide analysis, and the findings of each callback reported
 * through the rules. */
static void analyze(PxCheck *c, const PxCheckOptions *o, PxModule **modules,
                    size_t n)
{
    const PxKnowledge *kb = o->knowledge;
    if (!kb)
        kb = c->own_knowledge = px_knowledge_create();
    PxProjectOptions po = {
        .modules = modules,
        .nmodules = n,
        .python_path = o->python_path,
        .npython_path = o->npython_path,
        .knowledge = kb,
        .all_functions = o->all_functions,
        .record_calls = o->record_calls,
        .reverse_sweep = o->reverse_sweep,
        .jobs = o->jobs,
        .timings = o->timings,
    };
    const char **decorators = config_values(o->callback_decorators, &po.ncallback_decorators);
    const char **functions = config_values(o->callback_functions, &po.ncallback_functions);
    po.callback_decorators = decorators;
    po.callback_functions = functions;
    PxDiagList *early = px_diag_list_create();
    po.report_early = report_early;
    po.report_early_ctx = early;
    c->project = px_project_analyze(&po);
    free(decorators);
    free(functions);
    c->ncallbacks = px_project_callback_count(c->project);
    for (size_t i = 0; i < c->ncallbacks; i++) {
        const PxCallbackResult *r = px_project_callback(c->project, i);
        if (r->nfindings == 0 && !r->module->has_syntax_error)
            c->nsafe++;
    }
    ReportJob job = {c->project, early, c->ncallbacks, 0, NULL};
    job.nchunks = c->ncallbacks < 64 ? (c->ncallbacks ? c->ncallbacks : 1) : 64;
    job.lists = px_calloc(job.nchunks, sizeof(PxDiagList *));
    unsigned jobs = px_jobs(o->jobs);
    px_parallel_for(job.nchunks, jobs, NULL, NULL, report_chunk, &job);
    for (size_t i = 0; i < job.nchunks; i++) {
        px_diag_list_append(c->diags, job.lists[i]);
        px_diag_list_destroy(job.lists[i]);
    }
    px_diag_list_adopt(c->diags, early);
    free(job.lists);
    px_timings_mark(o->timings, PX_PHASE_REPORT);
}

/* One slot per discovered file, each with its overlay if it has one, then
 * one per overlay to add that discovery did not find. */
static void attach_overlays(PxCheck *c, const PxCheckOptions *o)
{
    size_t nfound = px_discovery_count(c->discovery);
    c->files = px_calloc(nfound + o->noverlays + 1, sizeof(FileSlot));
    bool *used = px_calloc(o->noverlays + 1, sizeof(bool));
    for (size_t i = 0; i < nfound; i++) {
        FileSlot *f = &c->files[c->nfiles++];
        f->path = px_discovery_path(c->discovery, i);
        for (size_t k = 0; k < o->noverlays; k++) {
            if (!used[k] && strcmp(o->overlays[k].path, f->path) == 0) {
                f->overlay = &o->overlays[k];
                used[k] = true;
                break;
            }
        }
    }
    for (size_t k = 0; k < o->noverlays; k++) {
        if (used[k] || !o->overlays[k].add)
            continue;
        bool twin = false; /* the same path twice: the first one wins */
        for (size_t j = 0; j < k && !twin; j++)
            twin = (used[j] || o->overlays[j].add) &&
                   strcmp(o->overlays[j].path, o->overlays[k].path) == 0;
        if (twin)
            continue;
        c->files[c->nfiles++] = (FileSlot){.path = o->overlays[k].path,
                                           .overlay = &o->overlays[k]};
    }
    free(used);
}

PxCheck *px_check_run(const PxCheckOptions *o)
{
    px_timings_start(o->timings);
    PxCheck *c = px_calloc(1, sizeof(*c));
    c->diags = px_diag_list_create();
    c->silenced = px_diag_list_create();
    PxFileFilter *filter = NULL;
    PxDiscoverOptions discover = o->discover;
    if (o->config && !discover.exclude && !discover.exclude_given &&
        !discover.include) {
        filter = px_file_filter_create(o->config);
        discover = px_file_filter_options(filter);
    }
    c->discovery = px_discover(o->paths, o->npaths, &discover);
    px_file_filter_destroy(filter);
    for (size_t i = 0; i < px_discovery_problem_count(c->discovery); i++) {
        const PxProblem *p = px_discovery_problem(c->discovery, i);
        add_problem(c, p->path, p->message, p->is_error);
    }
    attach_overlays(c, o);

    Shared shared = {o, c->files};
    unsigned jobs = px_jobs(o->jobs);
    px_parallel_for(c->nfiles, jobs, worker_init, worker_fini, check_file,
                    &shared);

    PxModule **modules = px_calloc(c->nfiles ? c->nfiles : 1, sizeof(PxModule *));
    size_t nmodules = 0;
    for (size_t i = 0; i < c->nfiles; i++) {
        FileSlot *f = &c->files[i];
        if (f->error) {
            add_problem(c, f->path, f->error, true);
            continue;
        }
        c->nlines += px_source_line_count(f->module->source);
        px_diag_list_append(c->diags, f->diags);
        modules[nmodules++] = f->module;
    }
    px_timings_mark(o->timings, PX_PHASE_FILES);
    if (!o->parse_only && !o->facts_only)
        analyze(c, o, modules, nmodules);
    free(modules);
    silence(c, o);
    px_timings_mark(o->timings, PX_PHASE_SILENCE);
    if (!o->unordered) { /* a fifth of a second for the standard library */
        px_diag_sort(c->diags, jobs);
        px_diag_sort(c->silenced, jobs);
    }
    px_timings_mark(o->timings, PX_PHASE_SORT);
    return c;
}

void px_check_destroy(PxCheck *c)
{
    if (!c)
        return;
    px_diag_list_destroy(c->diags);
    px_project_destroy(c->project);
    px_knowledge_destroy(c->own_knowledge);
    px_diag_list_destroy(c->silenced);
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
const PxDiagList *px_check_silenced(const PxCheck *c) { return c->silenced; }

bool px_check_file_skipped(const PxCheck *c, const PxSource *source)
{
    for (size_t i = 0; i < c->nfiles; i++)
        if (c->files[i].module && c->files[i].module->source == source)
            return px_suppressions_skip_file(c->files[i].suppressions);
    return false;
}

size_t px_check_file_count(const PxCheck *c)
{
    size_t n = 0;
    for (size_t i = 0; i < c->nfiles; i++)
        n += c->files[i].module != NULL;
    return n;
}

const PxProject *px_check_project(const PxCheck *c) { return c->project; }
size_t px_check_callback_count(const PxCheck *c) { return c->ncallbacks; }
size_t px_check_safe_callback_count(const PxCheck *c) { return c->nsafe; }

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
