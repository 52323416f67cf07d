/* Hover (a callback's verdict, on its definition or at a spawn site) and
 * code actions (the suppression quick fix), from the workspace's last
 * analysis, brought up to date first. */
#include "server_internal.h"

#include "alloc.h"
#include "quickfix.h"
#include "report.h"
#include "whitelist.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --- hover -------------------------------------------------------------------------- */

/* The callbacks of the check that are defined in `path`. */
typedef struct {
    size_t *idx;
    size_t n, cap;
} Hits;

static void hit(Hits *h, size_t i)
{
    for (size_t k = 0; k < h->n; k++)
        if (h->idx[k] == i)
            return;
    PX_PUSH(h->idx, h->n, h->cap, i);
}

static bool in_file(const PxCallbackResult *r, const char *path)
{
    return strcmp(px_source_path(r->module->source), path) == 0;
}

static const char *last_component(const char *qualname)
{
    const char *dot = strrchr(qualname, '.');
    return dot ? dot + 1 : qualname;
}

/* Callbacks named by an expression passed at a spawn site: a name, an
 * attribute (its last name), a lambda (by its position), or
 * functools.partial(f, ...) (its first argument). */
static void named_by(const PxProject *p, const char *path, const PxSource *src,
                     TSNode e, Hits *h, int depth)
{
    const char *type = ts_node_type(e);
    if (strcmp(type, "keyword_argument") == 0) {
        TSNode v = ts_node_child_by_field_name(e, "value", 5);
        if (!ts_node_is_null(v) && depth < 4)
            named_by(p, path, src, v, h, depth + 1);
        return;
    }
    if (strcmp(type, "call") == 0 && depth < 4) { /* partial(f, ...) */
        TSNode args = ts_node_child_by_field_name(e, "arguments", 9);
        if (!ts_node_is_null(args) && ts_node_named_child_count(args) > 0)
            named_by(p, path, src, ts_node_named_child(args, 0), h, depth + 1);
        return;
    }
    if (strcmp(type, "attribute") == 0) {
        TSNode a = ts_node_child_by_field_name(e, "attribute", 9);
        if (ts_node_is_null(a))
            return;
        e = a;
        type = ts_node_type(e);
    }
    size_t n = px_project_callback_count(p);
    if (strcmp(type, "lambda") == 0) {
        for (size_t i = 0; i < n; i++) {
            const PxCallbackResult *r = px_project_callback(p, i);
            if (in_file(r, path) && r->def_start == ts_node_start_byte(e))
                hit(h, i);
        }
        return;
    }
    if (strcmp(type, "identifier") != 0)
        return;
    uint32_t a = ts_node_start_byte(e), b = ts_node_end_byte(e);
    if (b > px_source_length(src) || b <= a)
        return;
    const char *name = px_source_bytes(src) + a;
    size_t len = b - a;
    for (size_t i = 0; i < n; i++) {
        const PxCallbackResult *r = px_project_callback(p, i);
        const char *last = last_component(r->qualname);
        if (in_file(r, path) && strlen(last) == len && memcmp(last, name, len) == 0)
            hit(h, i);
    }
}

/* The callbacks a hover at `offset` is about. */
static void hover_targets(const PxProject *p, const PxSource *src, const char *path,
                          const TSTree *tree, size_t offset, Hits *h, TSNode *range)
{
    uint32_t line = px_source_position(src, offset).line;
    size_t n = px_project_callback_count(p);
    /* On a definition: its decorators through its `def` line. */
    for (size_t i = 0; i < n; i++) {
        const PxCallbackResult *r = px_project_callback(p, i);
        if (!in_file(r, path))
            continue;
        uint32_t def_line = px_source_position(src, r->def_start).line;
        if (line >= r->first_line && line <= def_line &&
            (line < def_line || offset >= r->def_start ||
             strncmp(px_source_bytes(src) + r->def_start, "lambda", 6) != 0))
            hit(h, i);
    }
    if (h->n || !tree)
        return;
    /* At a spawn site: the callbacks passed to the enclosing call. */
    TSNode node = ts_node_descendant_for_byte_range(ts_tree_root_node(tree),
                                                    (uint32_t)offset, (uint32_t)offset);
    for (int depth = 0; !ts_node_is_null(node) && depth < 64; depth++) {
        const char *type = ts_node_type(node);
        if (strcmp(type, "call") == 0) {
            TSNode args = ts_node_child_by_field_name(node, "arguments", 9);
            uint32_t k = ts_node_is_null(args) ? 0 : ts_node_named_child_count(args);
            for (uint32_t i = 0; i < k; i++)
                named_by(p, path, src, ts_node_named_child(args, i), h, 0);
            if (h->n) {
                *range = node;
                return;
            }
        }
        if (strcmp(type, "block") == 0 || strcmp(type, "module") == 0)
            return; /* not past the statement */
        node = ts_node_parent(node);
    }
}

static const char *silence_reason(PxSilence s)
{
    switch (s) {
    case PX_SILENCE_NOT_SELECTED: return "not selected";
    case PX_SILENCE_PER_FILE: return "per-file-ignores";
    case PX_SILENCE_SKIP_FILE: return "skip-file";
    case PX_SILENCE_COMMENT: return "suppression comment";
    default: return "";
    }
}

static bool same_callback(const PxDiagnostic *d, const PxCallbackResult *r)
{
    return d->callback && d->callback->source == r->module->source &&
           d->callback->line == r->first_line &&
           strcmp(d->callback->qualname, r->qualname) == 0;
}

/* Appends the reasons (diagnostics of the callback) as a Markdown list. */
static void reasons(FILE *out, const PxDiagList *l, const PxCallbackResult *r)
{
    for (size_t i = 0; i < px_diag_count(l); i++) {
        const PxDiagnostic *d = px_diag_at(l, i);
        if (!same_callback(d, r))
            continue;
        PxPosition pos = px_source_position(d->source, d->start);
        const char *file = strrchr(px_source_path(d->source), '/');
        file = file ? file + 1 : px_source_path(d->source);
        fprintf(out, "- **%s** %s (%s:%u)", px_rule_info(d->rule)->code, d->message,
                file, pos.line);
        if (d->silenced != PX_SILENCE_NONE)
            fprintf(out, " — silenced (%s), still a finding", silence_reason(d->silenced));
        fputc('\n', out);
    }
}

static void verdict(FILE *out, const PxCheck *check, size_t i)
{
    const PxCallbackResult *r = px_project_callback(px_check_project(check), i);
    fprintf(out, "**pxlint** · callback `%s.%s`\n\n", r->module_name, r->qualname);
    switch (px_whitelist_verdict(check, i)) {
    case PX_LISTED:
        fputs("**proven parallel-safe**: it can run without the GIL "
              "(it is on the whitelist).\n", out);
        return;
    case PX_SYNTAX_ERROR:
        fprintf(out, "**not proven parallel-safe**: the file does not parse (%s).\n",
                r->module->syntax_error.message);
        return;
    case PX_SKIPPED_FILE:
        fputs("**not proven parallel-safe**: its file has `# pxlint: skip-file`.\n", out);
        return;
    case PX_AMBIGUOUS:
        fputs("no finding, but **not listed**: another function has the same "
              "module, name and line.\n", out);
        return;
    case PX_UNHASHABLE:
        fputs("no finding, but **not listed**: its lines cannot be hashed.\n", out);
        return;
    case PX_NOT_SAFE:
        break;
    }
    fputs("**not proven parallel-safe**:\n\n", out);
    reasons(out, px_check_diagnostics(check), r);
    reasons(out, px_check_silenced(check), r);
}

json_t *px_lsp_hover(PxLspServer *s, PxLspOpenDoc *d, size_t offset)
{
    PxLspWorkspace *w = px_lsp_fresh_workspace(s, d);
    if (!w || !w->check || !px_check_project(w->check))
        return json_null();
    const PxSource *src = px_lsp_document_source(d->doc);
    Hits h = {0};
    TSNode range = {{0}, 0, 0};
    hover_targets(px_check_project(w->check), src, px_lsp_document_path(d->doc),
                  px_lsp_document_tree(d->doc), offset, &h, &range);
    if (h.n == 0) {
        free(h.idx);
        return json_null();
    }
    char *text = NULL;
    size_t len = 0;
    FILE *out = open_memstream(&text, &len);
    for (size_t i = 0; i < h.n && out; i++) {
        if (i)
            fputs("\n---\n\n", out);
        verdict(out, w->check, h.idx[i]);
    }
    if (out)
        fclose(out);
    free(h.idx);
    json_t *result = json_pack("{s:{s:s, s:o}}", "contents", "kind", "markdown",
                               "value", px_json_string(text ? text : ""));
    free(text);
    if (!ts_node_is_null(range))
        json_object_set_new(result, "range",
                            px_lsp_range_json(src, ts_node_start_byte(range),
                                              ts_node_end_byte(range), true));
    return result;
}

/* --- code actions -------------------------------------------------------------------- */

static bool wants_quickfix(const json_t *only)
{
    if (!json_is_array(only))
        return true;
    size_t i;
    json_t *k;
    json_array_foreach(only, i, k) {
        const char *v = json_string_value(k);
        if (v && (strcmp(v, "quickfix") == 0 || strcmp(v, "") == 0))
            return true;
    }
    return false;
}

/* The quick fix for one diagnostic, whose site is in `site` (the document
 * itself, or a helper module: another open document, or a file on disk). */
static json_t *ignore_action(PxLspServer *s, const PxDiagnostic *x,
                             const json_t *diag_range, bool projected)
{
    PxLspOpenDoc *od = px_lsp_find_doc_by_path(s, px_source_path(x->source));
    bool buffer = od && od->python;
    const PxSource *src = buffer ? px_lsp_document_source(od->doc) : x->source;
    const TSTree *tree = buffer ? px_lsp_document_tree(od->doc) : NULL;
    TSTree *own = NULL;
    if (!buffer) /* a file on disk: parsed for its comments and statements */
        tree = own = px_parser_parse(s->parser, src);
    uint32_t line = px_source_position(x->source, x->start).line;
    PxLspEdit e;
    bool ok = px_lsp_ignore_edit(src, tree, line, x->rule, &e);
    if (own)
        ts_tree_delete(own);
    if (!ok)
        return NULL;
    const char *code = px_rule_info(x->rule)->code;
    const char *file = strrchr(px_source_path(x->source), '/');
    file = file ? file + 1 : px_source_path(x->source);
    char title[300];
    if (projected)
        snprintf(title, sizeof title, "Ignore %s in %s (line %u)", code, file, e.line);
    else if (e.line == line)
        snprintf(title, sizeof title, "Ignore %s on this line", code);
    else
        snprintf(title, sizeof title, "Ignore %s for this statement (line %u)",
                 code, e.line);
    json_t *edit = json_pack("{s:o, s:o}", "range",
                             px_lsp_range_json(src, (uint32_t)e.start, (uint32_t)e.end,
                                               buffer),
                             "newText", px_json_string(e.text));
    free(e.text);
    char *uri = buffer ? px_strdup(px_lsp_document_uri(od->doc))
                       : px_lsp_path_to_uri(px_source_path(x->source));
    json_t *changes = json_object();
    json_object_set_new(changes, uri, json_pack("[o]", edit));
    free(uri);
    return json_pack("{s:o, s:s, s:[{s:O, s:s, s:s, s:o}], s:{s:o}}",
                     "title", px_json_string(title), "kind", "quickfix",
                     "diagnostics", "range", diag_range, "source", "pxlint", "code", code,
                     "message", px_json_string(x->message), "edit", "changes", changes);
}

typedef struct {
    const PxSource *source;
    uint32_t line;
    PxRuleId rule;
} Seen;

json_t *px_lsp_code_actions(PxLspServer *s, PxLspOpenDoc *d, uint32_t first_line,
                            uint32_t last_line, const json_t *only)
{
    json_t *actions = json_array();
    PxLspWorkspace *w = px_lsp_fresh_workspace(s, d);
    if (!w || !w->check || !wants_quickfix(only))
        return actions;
    const char *path = px_lsp_document_path(d->doc);
    const PxSource *src = px_lsp_document_source(d->doc);
    const PxDiagList *l = px_check_diagnostics(w->check);
    /* One action per rule and site line, whatever the number of diagnostics. */
    Seen *seen = NULL;
    size_t nseen = 0, cap = 0;
    for (size_t i = 0; i < px_diag_count(l); i++) {
        const PxDiagnostic *x = px_diag_at(l, i);
        uint32_t a, b;
        bool projected;
        if (x->rule == PX_RULE_PX001 || x->rule == PX_RULE_PX003 ||
            !px_lsp_anchor(x, path, &a, &b, &projected))
            continue;
        if (px_source_position(src, b).line < first_line ||
            px_source_position(src, a).line > last_line)
            continue;
        Seen key = {x->source, px_source_position(x->source, x->start).line, x->rule};
        bool dup = false;
        for (size_t k = 0; k < nseen && !dup; k++)
            dup = seen[k].source == key.source && seen[k].line == key.line &&
                  seen[k].rule == key.rule;
        if (dup)
            continue;
        PX_PUSH(seen, nseen, cap, key);
        json_t *range = px_lsp_range_json(src, a, b, true);
        json_t *action = ignore_action(s, x, range, projected);
        json_decref(range);
        if (action)
            json_array_append_new(actions, action);
    }
    free(seen);
    return actions;
}
