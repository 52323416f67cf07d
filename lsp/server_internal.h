/* State shared by the server's files: server.c (loop, lifecycle, text
 * sync), workspace.c (configuration, analysis, diagnostics) and features.c
 * (hover, code actions). */
#ifndef PX_LSP_SERVER_INTERNAL_H
#define PX_LSP_SERVER_INTERNAL_H

#include "check.h"
#include "document.h"
#include "run_options.h"
#include "server.h"
#include "transport.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

/* JSON-RPC and LSP error codes. */
enum {
    PX_RPC_PARSE_ERROR = -32700,
    PX_RPC_INVALID_REQUEST = -32600,
    PX_RPC_METHOD_NOT_FOUND = -32601,
    PX_RPC_INVALID_PARAMS = -32602,
    PX_RPC_INTERNAL_ERROR = -32603,
    PX_LSP_SERVER_NOT_INITIALIZED = -32002,
    PX_LSP_REQUEST_CANCELLED = -32800,
};

/* window/logMessage and showMessage types. */
enum { PX_MSG_ERROR = 1, PX_MSG_WARNING = 2, PX_MSG_INFO = 3, PX_MSG_LOG = 4 };

/* A project analyzed as a whole: a workspace folder (as `pxlint check
 * ROOT`), or the "loose" documents outside every folder. */
typedef struct {
    char *root; /* NULL: the loose documents */
    char *anchor; /* where the configuration was looked for from */
    PxRunArgs run;
    PxCheckOptions opts;
    bool configured;
    PxCheck *check;       /* the last analysis, or NULL */
    bool dirty;           /* the analysis is out of date */
    int64_t deadline_ms;  /* when to analyze (debounce) */
    bool report_problems; /* log the run's file problems (after a reload) */
} PxLspWorkspace;

/* An open document and what was last published for it. */
typedef struct {
    PxLspDocument *doc;
    bool python; /* analyzed (languageId python, or a .py file) */
    json_t *published; /* the last items sent (push) or computed (pull) */
    int64_t published_version;
    bool ever_published;
    unsigned result_id;
} PxLspOpenDoc;

typedef struct PxLspServer {
    PxLspTransport *t;
    PxParser *parser;
    const PxLspServerOptions *options;
    int debounce_ms;
    enum { PX_LSP_STARTING, PX_LSP_RUNNING, PX_LSP_SHUT_DOWN } state;
    bool exit_now;
    int exit_status;
    /* client capabilities */
    bool client_pull, client_refresh, client_watch_dynamic, push;
    char *docs_url; /* "{code}" pattern from initializationOptions, or NULL */
    char *docs_dir; /* rule docs written here (file:// hrefs), or NULL */
    bool docs_tried;
    PxLspOpenDoc *docs;
    size_t ndocs, capdocs;
    PxLspWorkspace **ws;
    size_t nws, capws;
    PxLspWorkspace *loose;
    long next_id; /* of requests the server sends */
} PxLspServer;

int64_t px_lsp_now_ms(void);
void px_lsp_send(PxLspServer *s, json_t *message); /* steals the message */
void px_lsp_notify(PxLspServer *s, const char *method, json_t *params);
void px_lsp_request(PxLspServer *s, const char *method, json_t *params);
/* To stderr; with a type other than PX_MSG_LOG also to window/logMessage. */
void px_lsp_log(PxLspServer *s, int type, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

PxLspOpenDoc *px_lsp_find_doc(PxLspServer *s, const char *uri);
PxLspOpenDoc *px_lsp_find_doc_by_path(PxLspServer *s, const char *path);

/* workspace.c */
void px_lsp_workspaces_init(PxLspServer *s, const json_t *init_params);
void px_lsp_workspaces_free(PxLspServer *s);
void px_lsp_workspace_add(PxLspServer *s, const char *root);
void px_lsp_workspace_remove(PxLspServer *s, const char *root);
/* The workspace analyzing a document (the loose one outside folders). */
PxLspWorkspace *px_lsp_workspace_of(PxLspServer *s, const char *path);
/* Marks for analysis in `delay_ms` (0: as soon as the input is read). */
void px_lsp_workspace_touch(PxLspServer *s, PxLspWorkspace *w, int delay_ms);
/* Re-reads every workspace's configuration and marks them for analysis. */
void px_lsp_reload_config(PxLspServer *s);
/* Analyzes what is due (all dirty ones with `force`), publishing the
 * diagnostics of their open documents; the time until the next deadline
 * in ms, or -1. */
int px_lsp_analyze_due(PxLspServer *s, bool force);
/* Brings the analysis of a document's workspace up to date. */
PxLspWorkspace *px_lsp_fresh_workspace(PxLspServer *s, PxLspOpenDoc *d);
/* The LSP Diagnostic array of a document from its workspace's analysis. */
json_t *px_lsp_doc_diagnostics(PxLspServer *s, PxLspWorkspace *w,
                               PxLspOpenDoc *d);
/* Where a diagnostic shows in the file `path`: at its site when the site
 * is there; else, when its callback is defined there (the site is in a
 * helper module the callback calls), at the callback's first call on the
 * way (or its definition). False when it does not show in that file. */
bool px_lsp_anchor(const PxDiagnostic *d, const char *path, uint32_t *start,
                   uint32_t *end, bool *projected);
/* A Location for bytes of any analyzed source. */
json_t *px_lsp_location(PxLspServer *s, const PxSource *src, uint32_t a, uint32_t b);
/* Clears what a closed document showed. */
void px_lsp_clear_diagnostics(PxLspServer *s, PxLspOpenDoc *d);
json_t *px_lsp_range_json(const PxSource *src, uint32_t start, uint32_t end,
                          bool bom_is_text);

/* features.c: the results of the requests (NULL result: JSON null). */
json_t *px_lsp_hover(PxLspServer *s, PxLspOpenDoc *d, size_t offset);
json_t *px_lsp_code_actions(PxLspServer *s, PxLspOpenDoc *d, uint32_t first_line,
                            uint32_t last_line, const json_t *only);

#endif
