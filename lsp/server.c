/* The LSP server's loop: framing errors, JSON-RPC dispatch, the lifecycle
 * (initialize, shutdown, exit), cancellation and text synchronization.
 * Input is read while it is available, then handled in order, then the
 * due analyses run: a burst of keystrokes costs one analysis. */
#include "server_internal.h"

#include "alloc.h"
#include "commands.h"
#include "report.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum {
    DEFAULT_DEBOUNCE_MS = 150,
    MAX_BATCH = 256, /* messages read before handling them */
};

int64_t px_lsp_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void px_lsp_send(PxLspServer *s, json_t *message)
{
    if (!message)
        return;
    if (!px_lsp_transport_write(s->t, message) && !s->exit_now) {
        fprintf(stderr, "pxlint lsp: the client closed the output; exiting\n");
        s->exit_now = true;
    }
    json_decref(message);
}

void px_lsp_notify(PxLspServer *s, const char *method, json_t *params)
{
    json_t *m = json_object();
    json_object_set_new(m, "jsonrpc", json_string("2.0"));
    json_object_set_new(m, "method", json_string(method));
    json_object_set_new(m, "params", params ? params : json_object());
    px_lsp_send(s, m);
}

void px_lsp_request(PxLspServer *s, const char *method, json_t *params)
{
    char id[32];
    snprintf(id, sizeof id, "pxlint-%ld", ++s->next_id);
    json_t *m = json_object();
    json_object_set_new(m, "jsonrpc", json_string("2.0"));
    json_object_set_new(m, "id", json_string(id));
    json_object_set_new(m, "method", json_string(method));
    json_object_set_new(m, "params", params ? params : json_object());
    px_lsp_send(s, m);
}

void px_lsp_log(PxLspServer *s, int type, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    fprintf(stderr, "pxlint lsp: %s\n", buf);
    if (type != PX_MSG_LOG && s->state != PX_LSP_STARTING)
        px_lsp_notify(s, "window/logMessage",
                      json_pack("{s:i, s:o}", "type", type, "message",
                                px_json_string(buf)));
}

static void respond(PxLspServer *s, json_t *id, json_t *result)
{
    json_t *m = json_object();
    json_object_set_new(m, "jsonrpc", json_string("2.0"));
    json_object_set(m, "id", id ? id : json_null());
    json_object_set_new(m, "result", result ? result : json_null());
    px_lsp_send(s, m);
}

static void respond_error(PxLspServer *s, json_t *id, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void respond_error(PxLspServer *s, json_t *id, int code, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    json_t *m = json_object();
    json_object_set_new(m, "jsonrpc", json_string("2.0"));
    json_object_set(m, "id", id ? id : json_null());
    json_object_set_new(m, "error", json_pack("{s:i, s:o}", "code", code, "message",
                                              px_json_string(buf)));
    px_lsp_send(s, m);
}

/* --- documents ------------------------------------------------------------ */

PxLspOpenDoc *px_lsp_find_doc(PxLspServer *s, const char *uri)
{
    for (size_t i = 0; i < s->ndocs; i++)
        if (strcmp(px_lsp_document_uri(s->docs[i].doc), uri) == 0)
            return &s->docs[i];
    return NULL;
}

PxLspOpenDoc *px_lsp_find_doc_by_path(PxLspServer *s, const char *path)
{
    for (size_t i = 0; i < s->ndocs; i++) {
        const char *p = px_lsp_document_path(s->docs[i].doc);
        if (p && strcmp(p, path) == 0)
            return &s->docs[i];
    }
    return NULL;
}

static const char *str_at(const json_t *o, const char *key)
{
    return json_string_value(json_object_get(o, key));
}

static const char *doc_uri(const json_t *params)
{
    return str_at(json_object_get(params, "textDocument"), "uri");
}

/* A Position object; false when it is not one. */
static bool get_position(const json_t *p, PxLspPosition *out)
{
    json_t *l = json_object_get(p, "line"), *c = json_object_get(p, "character");
    if (!json_is_integer(l) || !json_is_integer(c) || json_integer_value(l) < 0 ||
        json_integer_value(c) < 0)
        return false;
    json_int_t lv = json_integer_value(l), cv = json_integer_value(c);
    out->line = lv > UINT32_MAX - 1 ? UINT32_MAX - 1 : (uint32_t)lv;
    out->character = cv > UINT32_MAX ? UINT32_MAX : (uint32_t)cv;
    return true;
}

static bool get_range(const json_t *r, PxLspPosition *a, PxLspPosition *b)
{
    return get_position(json_object_get(r, "start"), a) &&
           get_position(json_object_get(r, "end"), b);
}

static bool is_python(const char *language, const char *path)
{
    if (language && strcmp(language, "python") == 0)
        return true;
    size_t n = path ? strlen(path) : 0;
    return n > 3 && (strcmp(path + n - 3, ".py") == 0 || strcmp(path + n - 4, ".pyi") == 0);
}

static void touch_doc(PxLspServer *s, PxLspOpenDoc *d, int delay_ms)
{
    const char *path = px_lsp_document_path(d->doc);
    if (d->python && path)
        px_lsp_workspace_touch(s, px_lsp_workspace_of(s, path), delay_ms);
}

static bool did_open(PxLspServer *s, const json_t *params)
{
    const json_t *td = json_object_get(params, "textDocument");
    const char *uri = str_at(td, "uri");
    json_t *text = json_object_get(td, "text");
    if (!uri || !json_is_string(text))
        return false;
    json_t *v = json_object_get(td, "version");
    int64_t version = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
    PxLspOpenDoc *d = px_lsp_find_doc(s, uri);
    if (d) { /* opened twice: the new text wins */
        px_lsp_document_destroy(d->doc);
        json_decref(d->published);
    } else {
        px_grow((void **)&s->docs, &s->capdocs, s->ndocs + 1, sizeof(*s->docs));
        d = &s->docs[s->ndocs++];
    }
    memset(d, 0, sizeof(*d));
    d->doc = px_lsp_document_create(uri, json_string_value(text),
                                    json_string_length(text), version, s->parser);
    d->python = is_python(str_at(td, "languageId"), px_lsp_document_path(d->doc));
    touch_doc(s, d, 0);
    return true;
}

static bool did_change(PxLspServer *s, const json_t *params)
{
    const char *uri = doc_uri(params);
    json_t *changes = json_object_get(params, "contentChanges");
    if (!uri || !json_is_array(changes))
        return false;
    PxLspOpenDoc *d = px_lsp_find_doc(s, uri);
    if (!d) {
        px_lsp_log(s, PX_MSG_WARNING, "didChange for %s, which is not open", uri);
        return true;
    }
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c) {
        json_t *text = json_object_get(c, "text");
        json_t *range = json_object_get(c, "range");
        PxLspPosition a, b;
        if (!json_is_string(text) || (range && !get_range(range, &a, &b)))
            return false;
        if (!px_lsp_document_change(d->doc, range ? &a : NULL, range ? &b : NULL,
                                    json_string_value(text), json_string_length(text)))
            return false;
    }
    px_lsp_document_reparse(d->doc, s->parser);
    json_t *v = json_object_get(json_object_get(params, "textDocument"), "version");
    if (json_is_integer(v))
        px_lsp_document_set_version(d->doc, (int64_t)json_integer_value(v));
    touch_doc(s, d, s->debounce_ms);
    return true;
}

static bool did_close(PxLspServer *s, const json_t *params)
{
    const char *uri = doc_uri(params);
    if (!uri)
        return false;
    PxLspOpenDoc *d = px_lsp_find_doc(s, uri);
    if (!d)
        return true;
    px_lsp_clear_diagnostics(s, d);
    /* The file on disk replaces the buffer in the analysis. */
    touch_doc(s, d, s->debounce_ms);
    px_lsp_document_destroy(d->doc);
    json_decref(d->published);
    *d = s->docs[--s->ndocs];
    return true;
}

static bool did_save(PxLspServer *s, const json_t *params)
{
    const char *uri = doc_uri(params);
    if (!uri)
        return false;
    char *path = px_lsp_uri_to_path(uri);
    /* A helper module saved: every open file of its project may change. */
    if (path && is_python(NULL, path))
        px_lsp_workspace_touch(s, px_lsp_workspace_of(s, path), 0);
    free(path);
    return true;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0 && (n == k || s[n - k - 1] == '/');
}

static bool did_change_watched(PxLspServer *s, const json_t *params)
{
    json_t *changes = json_object_get(params, "changes");
    if (!json_is_array(changes))
        return false;
    bool reload = false;
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c) {
        const char *uri = str_at(c, "uri");
        char *path = uri ? px_lsp_uri_to_path(uri) : NULL;
        if (!path)
            continue;
        if (ends_with(path, ".pxlint.yaml") || ends_with(path, ".gitignore"))
            reload = true;
        else if (is_python(NULL, path))
            px_lsp_workspace_touch(s, px_lsp_workspace_of(s, path), 0);
        free(path);
    }
    if (reload)
        px_lsp_reload_config(s);
    return true;
}

static bool did_change_folders(PxLspServer *s, const json_t *params)
{
    json_t *ev = json_object_get(params, "event");
    json_t *added = json_object_get(ev, "added"), *removed = json_object_get(ev, "removed");
    size_t i;
    json_t *f;
    json_array_foreach(removed, i, f) {
        char *p = str_at(f, "uri") ? px_lsp_uri_to_path(str_at(f, "uri")) : NULL;
        if (p)
            px_lsp_workspace_remove(s, p);
        free(p);
    }
    json_array_foreach(added, i, f) {
        char *p = str_at(f, "uri") ? px_lsp_uri_to_path(str_at(f, "uri")) : NULL;
        if (p)
            px_lsp_workspace_add(s, p);
        free(p);
    }
    for (size_t k = 0; k < s->ndocs; k++)
        touch_doc(s, &s->docs[k], 0);
    return true;
}

/* --- lifecycle -------------------------------------------------------------- */

static json_t *capabilities(PxLspServer *s)
{
    json_t *caps = json_pack(
        "{s:s, s:{s:b, s:i, s:{s:b}}, s:b, s:{s:[s]}, s:{s:{s:b, s:b}}}",
        "positionEncoding", "utf-16",
        "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
        "hoverProvider", 1,
        "codeActionProvider", "codeActionKinds", "quickfix",
        "workspace", "workspaceFolders", "supported", 1, "changeNotifications", 1);
    if (s->client_pull)
        json_object_set_new(caps, "diagnosticProvider",
                            json_pack("{s:s, s:b, s:b}", "identifier", "pxlint",
                                      "interFileDependencies", 1,
                                      "workspaceDiagnostics", 0));
    return caps;
}

static bool flag_at(const json_t *o, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", path);
    const json_t *cur = o;
    for (char *save = NULL, *k = strtok_r(buf, ".", &save); k && cur;
         k = strtok_r(NULL, ".", &save))
        cur = json_object_get(cur, k);
    return json_is_true(cur);
}

static void initialize(PxLspServer *s, json_t *id, const json_t *params)
{
    const json_t *caps = json_object_get(params, "capabilities");
    const json_t *td = json_object_get(caps, "textDocument");
    s->client_pull = json_is_object(json_object_get(td, "diagnostic"));
    s->client_refresh = flag_at(caps, "workspace.diagnostics.refreshSupport");
    s->client_watch_dynamic = flag_at(caps, "workspace.didChangeWatchedFiles.dynamicRegistration");
    /* A client that pulls, and can be told to pull again when another file
     * changes, needs no push; the others get both. */
    s->push = !(s->client_pull && s->client_refresh);
    const json_t *io = json_object_get(params, "initializationOptions");
    json_t *push = json_object_get(io, "pushDiagnostics");
    if (json_is_boolean(push))
        s->push = json_is_true(push);
    json_t *debounce = json_object_get(io, "debounceMs");
    if (json_is_integer(debounce) && json_integer_value(debounce) >= 0 &&
        json_integer_value(debounce) <= 10000)
        s->debounce_ms = (int)json_integer_value(debounce);
    const char *url = str_at(io, "ruleDocsUrl");
    if (url && strstr(url, "{code}"))
        s->docs_url = px_strdup(url);

    px_lsp_workspaces_init(s, params);
    s->state = PX_LSP_RUNNING;
    respond(s, id, json_pack("{s:o, s:{s:s, s:s}}", "capabilities", capabilities(s),
                             "serverInfo", "name", "pxlint", "version", PX_VERSION));
}

static void initialized(PxLspServer *s)
{
    if (!s->client_watch_dynamic)
        return; /* the client may still send what it watches on its own */
    px_lsp_request(s, "client/registerCapability", json_pack(
        "{s:[{s:s, s:s, s:{s:[{s:s}, {s:s}, {s:s}]}}]}", "registrations",
        "id", "pxlint-watch", "method", "workspace/didChangeWatchedFiles",
        "registerOptions", "watchers", "globPattern", "**/.pxlint.yaml",
        "globPattern", "**/*.py", "globPattern", "**/.gitignore"));
}

/* --- dispatch ------------------------------------------------------------------ */

typedef struct {
    json_t **items;
    size_t n, cap;
    json_t *cancelled; /* ids (as JSON) asked to be cancelled */
} Batch;

static bool is_cancelled(Batch *b, json_t *id)
{
    size_t i;
    json_t *c;
    json_array_foreach(b->cancelled, i, c)
        if (json_equal(c, id))
            return true;
    return false;
}

static void handle_request(PxLspServer *s, json_t *id, const char *method,
                           json_t *params, Batch *b)
{
    if (strcmp(method, "initialize") == 0) {
        if (s->state != PX_LSP_STARTING)
            respond_error(s, id, PX_RPC_INVALID_REQUEST, "initialize was already sent");
        else
            initialize(s, id, params);
        return;
    }
    if (s->state == PX_LSP_STARTING) {
        respond_error(s, id, PX_LSP_SERVER_NOT_INITIALIZED,
                      "%s before initialize", method);
        return;
    }
    if (s->state == PX_LSP_SHUT_DOWN) {
        respond_error(s, id, PX_RPC_INVALID_REQUEST, "%s after shutdown", method);
        return;
    }
    if (is_cancelled(b, id)) {
        respond_error(s, id, PX_LSP_REQUEST_CANCELLED, "%s cancelled", method);
        return;
    }
    if (strcmp(method, "shutdown") == 0) {
        s->state = PX_LSP_SHUT_DOWN;
        respond(s, id, json_null());
        return;
    }
    bool is_hover = strcmp(method, "textDocument/hover") == 0;
    bool is_action = strcmp(method, "textDocument/codeAction") == 0;
    bool is_pull = strcmp(method, "textDocument/diagnostic") == 0;
    if (!is_hover && !is_action && !is_pull) {
        respond_error(s, id, PX_RPC_METHOD_NOT_FOUND, "unknown method %s", method);
        return;
    }
    const char *uri = doc_uri(params);
    if (!uri) {
        respond_error(s, id, PX_RPC_INVALID_PARAMS, "%s: no textDocument.uri", method);
        return;
    }
    PxLspOpenDoc *d = px_lsp_find_doc(s, uri);
    if (is_pull) {
        json_t *items = d ? NULL : json_array();
        if (d && d->python && px_lsp_document_path(d->doc)) {
            PxLspWorkspace *w = px_lsp_fresh_workspace(s, d);
            items = px_lsp_doc_diagnostics(s, w, d);
            if (!d->published || !json_equal(d->published, items)) {
                json_decref(d->published);
                d->published = json_incref(items);
                d->result_id++;
            }
        } else if (!items) {
            items = json_array();
        }
        char rid[32];
        snprintf(rid, sizeof rid, "%u", d ? d->result_id : 0);
        const char *prev = str_at(params, "previousResultId");
        if (d && prev && strcmp(prev, rid) == 0) {
            json_decref(items);
            respond(s, id, json_pack("{s:s, s:s}", "kind", "unchanged", "resultId", rid));
        } else {
            respond(s, id, json_pack("{s:s, s:s, s:o}", "kind", "full", "resultId", rid,
                                     "items", items));
        }
        return;
    }
    if (is_hover) {
        PxLspPosition p;
        if (!get_position(json_object_get(params, "position"), &p)) {
            respond_error(s, id, PX_RPC_INVALID_PARAMS, "hover: bad position");
            return;
        }
        respond(s, id, d ? px_lsp_hover(s, d, px_lsp_offset(px_lsp_document_source(d->doc), p))
                         : json_null());
        return;
    }
    PxLspPosition a, e;
    if (!get_range(json_object_get(params, "range"), &a, &e)) {
        respond_error(s, id, PX_RPC_INVALID_PARAMS, "codeAction: bad range");
        return;
    }
    respond(s, id, d ? px_lsp_code_actions(s, d, a.line + 1, e.line + 1,
                                           json_object_get(json_object_get(params, "context"), "only"))
                     : json_array());
}

static void handle_notification(PxLspServer *s, const char *method, json_t *params)
{
    if (strcmp(method, "exit") == 0) {
        s->exit_now = true;
        s->exit_status = s->state == PX_LSP_SHUT_DOWN ? 0 : 1;
        return;
    }
    if (s->state != PX_LSP_RUNNING)
        return; /* before initialize or after shutdown: dropped */
    bool ok = true;
    if (strcmp(method, "initialized") == 0)
        initialized(s);
    else if (strcmp(method, "textDocument/didOpen") == 0)
        ok = did_open(s, params);
    else if (strcmp(method, "textDocument/didChange") == 0)
        ok = did_change(s, params);
    else if (strcmp(method, "textDocument/didClose") == 0)
        ok = did_close(s, params);
    else if (strcmp(method, "textDocument/didSave") == 0)
        ok = did_save(s, params);
    else if (strcmp(method, "workspace/didChangeWatchedFiles") == 0)
        ok = did_change_watched(s, params);
    else if (strcmp(method, "workspace/didChangeConfiguration") == 0)
        px_lsp_reload_config(s);
    else if (strcmp(method, "workspace/didChangeWorkspaceFolders") == 0)
        ok = did_change_folders(s, params);
    /* $/cancelRequest was seen when the batch was read; $/setTrace and
     * other notifications need nothing. */
    if (!ok)
        px_lsp_log(s, PX_MSG_WARNING, "%s: invalid params, ignored", method);
}

static void handle(PxLspServer *s, json_t *msg, Batch *b)
{
    if (!json_is_object(msg)) {
        respond_error(s, NULL, PX_RPC_INVALID_REQUEST,
                      json_is_array(msg) ? "batches are not part of LSP"
                                         : "a message must be a JSON object");
        return;
    }
    json_t *id = json_object_get(msg, "id");
    json_t *method = json_object_get(msg, "method");
    json_t *params = json_object_get(msg, "params");
    if (id && !json_is_string(id) && !json_is_integer(id)) {
        respond_error(s, NULL, PX_RPC_INVALID_REQUEST, "id must be a number or a string");
        return;
    }
    if (!method) {
        if (id && (json_object_get(msg, "result") || json_object_get(msg, "error")))
            return; /* a response to one of our requests: nothing to do */
        respond_error(s, id, PX_RPC_INVALID_REQUEST, "no method");
        return;
    }
    if (!json_is_string(method)) {
        respond_error(s, id, PX_RPC_INVALID_REQUEST, "method must be a string");
        return;
    }
    if (params && !json_is_object(params) && !json_is_array(params)) {
        if (id)
            respond_error(s, id, PX_RPC_INVALID_PARAMS, "params must be structured");
        return;
    }
    if (id)
        handle_request(s, id, json_string_value(method), params, b);
    else
        handle_notification(s, json_string_value(method), params);
}

/* Reads one message into the batch; false at the end of input. */
static bool read_one(PxLspServer *s, Batch *b)
{
    char *body = NULL, err[256];
    size_t len = 0;
    PxLspReadStatus st = px_lsp_transport_read(s->t, &body, &len, err, sizeof err);
    if (st == PX_LSP_READ_EOF)
        return false;
    if (st != PX_LSP_READ_OK) {
        /* A message that cannot be read has no id: the error goes to null. */
        fprintf(stderr, "pxlint lsp: %s\n", err);
        respond_error(s, NULL, PX_RPC_PARSE_ERROR, "%s", err);
        return true;
    }
    json_error_t jerr;
    json_t *msg = json_loadb(body, len, JSON_ALLOW_NUL, &jerr);
    free(body);
    if (!msg) {
        fprintf(stderr, "pxlint lsp: invalid JSON: %s\n", jerr.text);
        respond_error(s, NULL, PX_RPC_PARSE_ERROR, "invalid JSON: %s (at byte %d)",
                      jerr.text, jerr.position);
        return true;
    }
    const char *method = json_string_value(json_object_get(msg, "method"));
    if (method && strcmp(method, "$/cancelRequest") == 0) {
        json_t *cid = json_object_get(json_object_get(msg, "params"), "id");
        if (cid)
            json_array_append(b->cancelled, cid);
        json_decref(msg);
        return true;
    }
    PX_PUSH(b->items, b->n, b->cap, msg);
    return true;
}

int px_lsp_serve(int in_fd, int out_fd, const PxLspServerOptions *options)
{
    PxLspServer srv = {0}, *s = &srv;
    s->t = px_lsp_transport_create(in_fd, out_fd, 0);
    s->parser = px_parser_create();
    s->options = options;
    s->debounce_ms = options->debounce_ms >= 0 ? options->debounce_ms : DEFAULT_DEBOUNCE_MS;
    s->exit_status = 1;
    Batch b = {0};
    b.cancelled = json_array();
    bool eof = false;
    while (!s->exit_now && !eof) {
        int timeout = px_lsp_analyze_due(s, false);
        if (px_lsp_transport_wait(s->t, timeout) == 0)
            continue; /* a deadline passed: analyze */
        /* Read what is there, then handle it: cancellations apply to the
         * requests read with them, and edits are analyzed once. */
        do
            eof = !read_one(s, &b);
        while (!eof && b.n < MAX_BATCH && px_lsp_transport_wait(s->t, 0) > 0);
        for (size_t i = 0; i < b.n; i++) {
            if (!s->exit_now)
                handle(s, b.items[i], &b);
            json_decref(b.items[i]);
        }
        b.n = 0;
        json_array_clear(b.cancelled);
    }
    if (eof && !s->exit_now)
        fprintf(stderr, "pxlint lsp: end of input without exit; exiting\n");
    int status = s->exit_now ? s->exit_status : s->state == PX_LSP_SHUT_DOWN ? 0 : 1;
    free(b.items);
    json_decref(b.cancelled);
    for (size_t i = 0; i < s->ndocs; i++) {
        px_lsp_document_destroy(s->docs[i].doc);
        json_decref(s->docs[i].published);
    }
    free(s->docs);
    px_lsp_workspaces_free(s);
    free(s->docs_url);
    free(s->docs_dir);
    px_parser_destroy(s->parser);
    px_lsp_transport_destroy(s->t);
    return status;
}
