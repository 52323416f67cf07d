/* Workspaces: each folder is configured as `pxlint check ROOT` would be
 * (its .pxlint.yaml, then the options given to `pxlint lsp`) and analyzed
 * as a whole, open documents from their buffers (overlays carrying their
 * incremental trees), the rest from disk; then the diagnostics of its open
 * documents are published. */
#include "server_internal.h"

#include "alloc.h"
#include "args.h"
#include "commands.h"
#include "path.h"
#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* --- configuration ----------------------------------------------------------- */

/* Prepares w->run and w->opts from `lsp`'s options and the configuration
 * found from `anchor` (the root, or the first loose document). With
 * `isolated`, the configuration files are not read. */
static bool prepare(PxLspServer *s, PxLspWorkspace *w, const char *anchor,
                    bool isolated, char **messages)
{
    if (w->configured)
        px_run_args_free(&w->run);
    px_run_args_init(&w->run);
    memset(&w->opts, 0, sizeof(w->opts));
    w->configured = true;
    const PxLspServerOptions *o = s->options;
    PxArgs a;
    px_args_init(&a, o->argc, o->argv, o->start);
    bool bad = false;
    while (!px_args_done(&a) && !bad) {
        if (px_args_end_of_options(&a))
            continue;
        if (!px_run_args_option(&w->run, &a, &bad))
            a.index++; /* cmd_lsp's own options */
    }
    w->run.npaths = 0; /* paths are the workspace's, never the command line's */
    w->run.isolated |= isolated;
    if (isolated)
        w->run.config_file = NULL;
    if (anchor != w->anchor) { /* kept: run.paths points at it */
        free(w->anchor);
        w->anchor = px_strdup(anchor);
    }
    PX_PUSH(w->run.paths, w->run.npaths, w->run.cappaths, w->anchor);
    w->run.cwd = w->root ? px_strdup(w->root) : px_path_dirname(anchor);
    size_t len = 0;
    *messages = NULL;
    w->run.log = open_memstream(messages, &len);
    bool ok = px_run_args_prepare(&w->run, &w->opts);
    if (w->run.log)
        fclose(w->run.log);
    w->run.log = NULL;
    if (!w->root)
        w->opts.npaths = 0; /* loose documents come as overlays to add */
    return ok;
}

static void configure(PxLspServer *s, PxLspWorkspace *w, const char *anchor)
{
    char *msgs = NULL;
    bool ok = prepare(s, w, anchor, false, &msgs);
    const char *where = w->root ? w->root : anchor;
    if (msgs && *msgs)
        px_lsp_log(s, ok ? PX_MSG_WARNING : PX_MSG_ERROR, "configuration of %s:\n%s",
                   where, msgs);
    if (!ok) {
        char first[300];
        snprintf(first, sizeof first, "%s", msgs && *msgs ? msgs : "invalid settings");
        first[strcspn(first, "\n")] = '\0';
        px_lsp_notify(s, "window/showMessage", json_pack(
            "{s:i, s:o}", "type", PX_MSG_ERROR, "message",
            px_json_string(first)));
        free(msgs);
        /* Diagnostics with the defaults beat none while the file is fixed. */
        ok = prepare(s, w, anchor, true, &msgs);
    }
    free(msgs);
    w->report_problems = true;
}

/* --- workspaces ------------------------------------------------------------- */

static char *normalized_dir(const char *path)
{
    char *p = px_strdup(path);
    size_t n = strlen(p);
    while (n > 1 && p[n - 1] == '/')
        p[--n] = '\0';
    return p;
}

void px_lsp_workspace_add(PxLspServer *s, const char *root)
{
    struct stat st;
    if (stat(root, &st) != 0 || !S_ISDIR(st.st_mode)) {
        px_lsp_log(s, PX_MSG_WARNING, "workspace folder %s: not a directory, ignored",
                   root);
        return;
    }
    char *r = normalized_dir(root);
    for (size_t i = 0; i < s->nws; i++) {
        if (strcmp(s->ws[i]->root, r) == 0) {
            free(r);
            return;
        }
    }
    PxLspWorkspace *w = px_calloc(1, sizeof(*w));
    w->root = r;
    configure(s, w, w->root);
    PX_PUSH(s->ws, s->nws, s->capws, w);
}

static void workspace_free(PxLspWorkspace *w)
{
    if (!w)
        return;
    px_check_destroy(w->check);
    if (w->configured)
        px_run_args_free(&w->run);
    free(w->root);
    free(w->anchor);
    free(w);
}

void px_lsp_workspace_remove(PxLspServer *s, const char *root)
{
    char *r = normalized_dir(root);
    for (size_t i = 0; i < s->nws; i++) {
        if (strcmp(s->ws[i]->root, r) == 0) {
            workspace_free(s->ws[i]);
            s->ws[i] = s->ws[--s->nws];
            break;
        }
    }
    free(r);
}

void px_lsp_workspaces_init(PxLspServer *s, const json_t *params)
{
    json_t *folders = json_object_get(params, "workspaceFolders");
    size_t i;
    json_t *f;
    json_array_foreach(folders, i, f) {
        const char *uri = json_string_value(json_object_get(f, "uri"));
        char *p = uri ? px_lsp_uri_to_path(uri) : NULL;
        if (p)
            px_lsp_workspace_add(s, p);
        free(p);
    }
    if (s->nws == 0) {
        const char *uri = json_string_value(json_object_get(params, "rootUri"));
        char *p = uri ? px_lsp_uri_to_path(uri) : NULL;
        if (!p && json_string_value(json_object_get(params, "rootPath")))
            p = px_strdup(json_string_value(json_object_get(params, "rootPath")));
        if (p && p[0] == '/')
            px_lsp_workspace_add(s, p);
        free(p);
    }
    px_lsp_log(s, PX_MSG_LOG, "serving %zu workspace folder(s)", s->nws);
}

void px_lsp_workspaces_free(PxLspServer *s)
{
    for (size_t i = 0; i < s->nws; i++)
        workspace_free(s->ws[i]);
    free(s->ws);
    workspace_free(s->loose);
}

static bool under(const char *path, const char *root)
{
    size_t n = strlen(root);
    if (strcmp(root, "/") == 0)
        return path[0] == '/';
    return strncmp(path, root, n) == 0 && path[n] == '/';
}

/* The deepest folder holding the path, or NULL. */
static PxLspWorkspace *folder_of(PxLspServer *s, const char *path)
{
    PxLspWorkspace *best = NULL;
    for (size_t i = 0; i < s->nws; i++)
        if (under(path, s->ws[i]->root) &&
            (!best || strlen(s->ws[i]->root) > strlen(best->root)))
            best = s->ws[i];
    return best;
}

PxLspWorkspace *px_lsp_workspace_of(PxLspServer *s, const char *path)
{
    PxLspWorkspace *w = folder_of(s, path);
    if (w)
        return w;
    if (!s->loose) {
        s->loose = px_calloc(1, sizeof(*s->loose));
        configure(s, s->loose, path);
    }
    return s->loose;
}

void px_lsp_workspace_touch(PxLspServer *s, PxLspWorkspace *w, int delay_ms)
{
    int64_t at = px_lsp_now_ms() + delay_ms;
    /* A later keystroke pushes the deadline back; an open or a save
     * (delay 0) brings it forward. */
    if (!w->dirty || delay_ms == 0 || at > w->deadline_ms)
        w->deadline_ms = at;
    w->dirty = true;
}

void px_lsp_reload_config(PxLspServer *s)
{
    for (size_t i = 0; i < s->nws; i++) {
        configure(s, s->ws[i], s->ws[i]->root);
        px_lsp_workspace_touch(s, s->ws[i], 0);
    }
    if (s->loose) {
        /* Re-anchored at the first loose document still open. */
        workspace_free(s->loose);
        s->loose = NULL;
        for (size_t i = 0; i < s->ndocs; i++) {
            const char *p = px_lsp_document_path(s->docs[i].doc);
            if (s->docs[i].python && p && !folder_of(s, p)) {
                px_lsp_workspace_touch(s, px_lsp_workspace_of(s, p), 0);
                break;
            }
        }
    }
}

/* --- rule documentation -------------------------------------------------------- */

static bool mkdirs(const char *dir)
{
    char *p = px_strdup(dir);
    bool ok = true;
    for (char *c = p + 1; ok; c++) {
        if (*c == '/' || *c == '\0') {
            char keep = *c;
            *c = '\0';
            ok = mkdir(p, 0755) == 0 || errno == EEXIST;
            *c = keep;
            if (!keep)
                break;
        }
    }
    free(p);
    return ok;
}

/* Writes each rule's documentation (as `pxlint explain` prints it) under
 * the user's cache directory, for file:// links from diagnostics. */
static void write_rule_docs(PxLspServer *s)
{
    s->docs_tried = true;
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    char dir[4096];
    if (xdg && xdg[0] == '/')
        snprintf(dir, sizeof dir, "%s/pxlint/%s/rules", xdg, PX_VERSION);
    else if (home && home[0] == '/')
        snprintf(dir, sizeof dir, "%s/.cache/pxlint/%s/rules", home, PX_VERSION);
    else
        return;
    if (!mkdirs(dir)) {
        px_lsp_log(s, PX_MSG_LOG, "cannot create %s: %s; no rule links", dir,
                   strerror(errno));
        return;
    }
    for (int r = 0; r < PX_RULE_COUNT; r++) {
        const PxRuleInfo *info = px_rule_info((PxRuleId)r);
        char path[4200], tmp[4300];
        snprintf(path, sizeof path, "%s/%s.md", dir, info->code);
        snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
        FILE *f = fopen(tmp, "w");
        if (!f)
            return;
        fprintf(f, "# %s %s\n\n%s", info->code, info->name, info->doc);
        if (fclose(f) != 0 || rename(tmp, path) != 0) {
            unlink(tmp);
            return;
        }
    }
    s->docs_dir = px_strdup(dir);
}

static json_t *rule_href(PxLspServer *s, PxRuleId rule)
{
    const char *code = px_rule_info(rule)->code;
    if (s->docs_url) {
        const char *at = strstr(s->docs_url, "{code}");
        size_t n = strlen(s->docs_url) + strlen(code);
        char *url = px_malloc(n + 1);
        snprintf(url, n + 1, "%.*s%s%s", (int)(at - s->docs_url), s->docs_url, code,
                 at + 6);
        json_t *j = px_json_string(url);
        free(url);
        return j;
    }
    if (!s->docs_tried)
        write_rule_docs(s);
    if (!s->docs_dir)
        return NULL;
    char path[4200];
    snprintf(path, sizeof path, "%s/%s.md", s->docs_dir, code);
    char *uri = px_lsp_path_to_uri(path);
    json_t *j = px_json_string(uri);
    free(uri);
    return j;
}

/* --- diagnostics ----------------------------------------------------------------- */

static json_t *position_json(PxLspPosition p)
{
    return json_pack("{s:I, s:I}", "line", (json_int_t)p.line, "character",
                     (json_int_t)p.character);
}

json_t *px_lsp_range_json(const PxSource *src, uint32_t start, uint32_t end,
                          bool bom_is_text)
{
    if (end < start)
        end = start;
    return json_pack("{s:o, s:o}",
                     "start", position_json(px_lsp_position(src, start, bom_is_text)),
                     "end", position_json(px_lsp_position(src, end, bom_is_text)));
}

/* A Location in any file: an open document's own URI and text, or a file
 * on disk (shown by editors without its BOM). */
json_t *px_lsp_location(PxLspServer *s, const PxSource *src, uint32_t a, uint32_t b)
{
    const char *path = px_source_path(src);
    PxLspOpenDoc *d = px_lsp_find_doc_by_path(s, path);
    bool buffer = d && d->python;
    char *uri = buffer ? px_strdup(px_lsp_document_uri(d->doc)) : px_lsp_path_to_uri(path);
    json_t *loc = json_pack("{s:o, s:o}", "uri", px_json_string(uri), "range",
                            px_lsp_range_json(src, a, b, buffer));
    free(uri);
    return loc;
}

static int severity(PxSeverity sev)
{
    return sev == PX_SEVERITY_ERROR ? 1 : sev == PX_SEVERITY_WARNING ? 2 : 3;
}

bool px_lsp_anchor(const PxDiagnostic *d, const char *path, uint32_t *start,
                   uint32_t *end, bool *projected)
{
    *projected = false;
    if (strcmp(px_source_path(d->source), path) == 0) {
        *start = d->start;
        *end = d->end;
        return true;
    }
    if (!d->callback || strcmp(px_source_path(d->callback->source), path) != 0)
        return false;
    *projected = true;
    for (size_t i = 0; i < d->ntrace; i++) {
        const PxTraceStep *t = &d->trace[i];
        if (t->kind == PX_TRACE_CALL && t->source == d->callback->source) {
            *start = t->start;
            *end = t->end;
            return true;
        }
    }
    size_t a = 0, b = 0;
    px_source_line_span(d->callback->source, d->callback->line, &a, &b);
    *start = (uint32_t)a;
    *end = (uint32_t)b;
    return true;
}

static json_t *diagnostic_json(PxLspServer *s, const PxDiagnostic *d, uint32_t start,
                               uint32_t end, bool projected)
{
    const PxRuleInfo *info = px_rule_info(d->rule);
    json_t *o = json_object();
    const PxSource *here = projected ? d->callback->source : d->source;
    json_object_set_new(o, "range", px_lsp_range_json(here, start, end, true));
    json_object_set_new(o, "severity", json_integer(severity(d->severity)));
    json_object_set_new(o, "code", json_string(info->code));
    json_t *href = rule_href(s, d->rule);
    if (href)
        json_object_set_new(o, "codeDescription", json_pack("{s:o}", "href", href));
    json_object_set_new(o, "source", json_string("pxlint"));
    json_t *related = json_array();
    if (projected) {
        /* The site is in another file: say where, and link it first. */
        const char *file = strrchr(px_source_path(d->source), '/');
        file = file ? file + 1 : px_source_path(d->source);
        PxPosition pos = px_source_position(d->source, d->start);
        size_t n = strlen(d->message) + strlen(file) + 64;
        char *msg = px_malloc(n);
        snprintf(msg, n, "%s (in %s:%u)", d->message, file, pos.line);
        json_object_set_new(o, "message", px_json_string(msg));
        free(msg);
        json_array_append_new(related, json_pack(
            "{s:o, s:s}", "location", px_lsp_location(s, d->source, d->start, d->end),
            "message", "the site, in the module the callback calls"));
    } else {
        json_object_set_new(o, "message", px_json_string(d->message));
    }
    if (d->callback) {
        char msg[512];
        snprintf(msg, sizeof msg, "in callback `%s.%s`", d->callback->module,
                 d->callback->qualname);
        size_t a = 0, b = 0;
        px_source_line_span(d->callback->source, d->callback->line, &a, &b);
        json_array_append_new(related, json_pack(
            "{s:o, s:o}", "location",
            px_lsp_location(s, d->callback->source, (uint32_t)a, (uint32_t)b),
            "message", px_json_string(msg)));
    }
    for (size_t i = 0; i < d->ntrace; i++) {
        const PxTraceStep *t = &d->trace[i];
        json_array_append_new(related, json_pack(
            "{s:o, s:o}", "location", px_lsp_location(s, t->source, t->start, t->end),
            "message", px_json_string(t->message)));
    }
    json_object_set_new(o, "relatedInformation", related);
    json_object_set_new(o, "data", json_pack("{s:s}", "name", info->name));
    return o;
}

json_t *px_lsp_doc_diagnostics(PxLspServer *s, PxLspWorkspace *w, PxLspOpenDoc *d)
{
    json_t *items = json_array();
    const char *path = px_lsp_document_path(d->doc);
    if (!w || !w->check || !path || !d->python)
        return items;
    const PxDiagList *l = px_check_diagnostics(w->check);
    for (size_t i = 0; i < px_diag_count(l); i++) {
        const PxDiagnostic *x = px_diag_at(l, i);
        uint32_t a, b;
        bool projected;
        if (px_lsp_anchor(x, path, &a, &b, &projected))
            json_array_append_new(items, diagnostic_json(s, x, a, b, projected));
    }
    return items;
}

static void publish(PxLspServer *s, PxLspOpenDoc *d, json_t *items)
{
    json_t *p = json_pack("{s:s, s:O}", "uri", px_lsp_document_uri(d->doc),
                          "diagnostics", items);
    json_object_set_new(p, "version", json_integer(px_lsp_document_version(d->doc)));
    px_lsp_notify(s, "textDocument/publishDiagnostics", p);
}

void px_lsp_clear_diagnostics(PxLspServer *s, PxLspOpenDoc *d)
{
    if (s->push && d->ever_published && json_array_size(d->published)) {
        json_t *none = json_array();
        publish(s, d, none);
        json_decref(none);
    }
}

static bool exists_on_disk(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

static void analyze(PxLspServer *s, PxLspWorkspace *w)
{
    PxOverlay *ov = px_calloc(s->ndocs + 1, sizeof(*ov));
    size_t n = 0;
    for (size_t i = 0; i < s->ndocs; i++) {
        PxLspOpenDoc *d = &s->docs[i];
        const char *path = px_lsp_document_path(d->doc);
        if (!d->python || !path || px_lsp_workspace_of(s, path) != w)
            continue;
        const PxSource *src = px_lsp_document_source(d->doc);
        ov[n++] = (PxOverlay){
            .path = path,
            .bytes = px_source_bytes(src),
            .len = px_source_length(src),
            .tree = px_lsp_document_tree(d->doc),
            .add = !w->root || !exists_on_disk(path),
        };
    }
    PxCheckOptions o = w->opts;
    o.overlays = ov;
    o.noverlays = n;
    int64_t t0 = px_lsp_now_ms();
    px_check_destroy(w->check);
    w->check = px_check_run(&o);
    w->dirty = false;
    free(ov);
    px_lsp_log(s, PX_MSG_LOG, "analyzed %s: %zu files, %zu open, %lld ms",
               w->root ? w->root : "(files outside the workspace folders)",
               px_check_file_count(w->check), n, (long long)(px_lsp_now_ms() - t0));
    if (w->report_problems) {
        for (size_t i = 0; i < px_check_problem_count(w->check); i++) {
            const PxProblem *p = px_check_problem(w->check, i);
            px_lsp_log(s, p->is_error ? PX_MSG_ERROR : PX_MSG_WARNING, "%s: %s",
                       p->path, p->message);
        }
        w->report_problems = false;
    }
    bool changed = false;
    for (size_t i = 0; i < s->ndocs; i++) {
        PxLspOpenDoc *d = &s->docs[i];
        const char *path = px_lsp_document_path(d->doc);
        if (!d->python || !path || px_lsp_workspace_of(s, path) != w)
            continue;
        json_t *items = px_lsp_doc_diagnostics(s, w, d);
        bool same = d->published && json_equal(d->published, items);
        int64_t version = px_lsp_document_version(d->doc);
        if (!same) {
            d->result_id++;
            changed = true;
        }
        /* Republished after every edit even when equal: the client then
         * knows its version was analyzed. */
        if (s->push && (!same || !d->ever_published || d->published_version != version))
            publish(s, d, items);
        d->ever_published = true;
        d->published_version = version;
        json_decref(d->published);
        d->published = items;
    }
    if (changed && !s->push && s->client_refresh)
        px_lsp_request(s, "workspace/diagnostic/refresh", NULL);
}

int px_lsp_analyze_due(PxLspServer *s, bool force)
{
    int64_t now = px_lsp_now_ms(), next = -1;
    size_t nall = s->nws + (s->loose != NULL);
    for (size_t i = 0; i < nall && !s->exit_now; i++) {
        PxLspWorkspace *w = i < s->nws ? s->ws[i] : s->loose;
        if (!w->dirty)
            continue;
        if (force || w->deadline_ms <= now) {
            analyze(s, w);
            now = px_lsp_now_ms();
        } else if (next < 0 || w->deadline_ms < next) {
            next = w->deadline_ms;
        }
    }
    if (next < 0)
        return -1;
    return next > now ? (int)(next - now) : 0;
}

PxLspWorkspace *px_lsp_fresh_workspace(PxLspServer *s, PxLspOpenDoc *d)
{
    const char *path = px_lsp_document_path(d->doc);
    if (!path || !d->python)
        return NULL;
    PxLspWorkspace *w = px_lsp_workspace_of(s, path);
    if (w->dirty || !w->check)
        analyze(s, w);
    return w;
}
