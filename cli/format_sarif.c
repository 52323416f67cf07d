/* SARIF 2.1.0 output for code scanning (GitHub, Azure DevOps, IDE viewers):
 * every rule with its docs, each diagnostic a result with its location, the
 * trace as a code flow and related locations, and a fingerprint that stays
 * when unrelated lines move. Columns are 1-based UTF-16 code units, SARIF's
 * default. */
#include "format.h"

#include "alloc.h"
#include "commands.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define SRCROOT "%SRCROOT%"
#define FINGERPRINT_KEY "pxlint/v1"

/* A URI reference for a path: every byte but unreserved ones and '/'
 * percent-encoded (so non-UTF-8 names and ':' in a first segment stay
 * valid). The caller frees it. */
static char *uri_encode(const char *prefix, const char *path, const char *suffix)
{
    size_t n = strlen(prefix) + strlen(path) * 3 + strlen(suffix) + 1;
    char *out = px_malloc(n), *w = out;
    w += sprintf(w, "%s", prefix);
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~' || c == '/')
            *w++ = (char)c;
        else
            w += sprintf(w, "%%%02X", c);
    }
    sprintf(w, "%s", suffix);
    return out;
}

static json_t *artifact(const PxSource *s, const char *base_dir)
{
    bool relative;
    char *path = px_report_relpath(px_source_path(s), base_dir, &relative);
    json_t *a = json_object();
    if (relative) {
        char *uri = uri_encode("", path, "");
        json_object_set_new(a, "uri", json_string(uri));
        if (base_dir)
            json_object_set_new(a, "uriBaseId", json_string(SRCROOT));
        free(uri);
    } else {
        char *uri = uri_encode("file://", path, "");
        json_object_set_new(a, "uri", json_string(uri));
        free(uri);
    }
    free(path);
    return a;
}

/* SARIF columns count UTF-16 code units from 1; a leading BOM is not text. */
static uint32_t column(const PxSource *s, uint32_t offset)
{
    uint32_t col = px_source_utf16_column(s, offset);
    if (px_source_has_bom(s) && offset >= 3 && px_source_position(s, offset).line == 1)
        col--;
    return col + 1;
}

static json_t *physical(const PxSource *s, uint32_t start, uint32_t end,
                        const char *base_dir)
{
    PxPosition a = px_source_position(s, start), b = px_source_position(s, end);
    json_t *region = json_pack("{s:i, s:i, s:i, s:i}", "startLine", (json_int_t)a.line,
                               "startColumn", (json_int_t)column(s, start),
                               "endLine", (json_int_t)b.line,
                               "endColumn", (json_int_t)column(s, end));
    return json_pack("{s:{s:o, s:o}}", "physicalLocation", "artifactLocation",
                     artifact(s, base_dir), "region", region);
}

static json_t *text_message(const char *text)
{
    return json_pack("{s:o}", "text", px_json_string(text));
}

/* The "What it does" paragraph of a rule's Markdown doc, on one line. */
static char *what_it_does(const char *doc, const char *fallback)
{
    const char *head = strstr(doc, "## What it does\n");
    if (!head)
        return px_strdup(fallback);
    head += strlen("## What it does\n");
    const char *stop = strstr(head, "\n\n");
    size_t n = stop ? (size_t)(stop - head) : strlen(head);
    char *out = px_strndup(head, n);
    for (char *p = out; *p; p++)
        if (*p == '\n')
            *p = ' ';
    return out;
}

static const char *level(PxSeverity severity)
{
    switch (severity) {
    case PX_SEVERITY_ERROR: return "error";
    case PX_SEVERITY_WARNING: return "warning";
    case PX_SEVERITY_INFO: return "note";
    }
    return "error";
}

static json_t *rules(void)
{
    json_t *arr = json_array();
    for (int i = 0; i < PX_RULE_COUNT; i++) {
        const PxRuleInfo *r = px_rule_info((PxRuleId)i);
        char *full = what_it_does(r->doc, r->summary);
        json_array_append_new(
            arr, json_pack("{s:s, s:s, s:{s:s}, s:{s:o}, s:{s:s, s:s}, s:{s:s}}",
                           "id", r->code, "name", r->name, "shortDescription",
                           "text", r->summary, "fullDescription", "text",
                           px_json_string(full), "help", "text", r->doc,
                           "markdown", r->doc, "defaultConfiguration", "level",
                           level(r->severity)));
        free(full);
    }
    return arr;
}

static json_t *callback_location(const PxCallbackRef *cb, const char *base_dir,
                                 const char *what)
{
    size_t len = strlen(cb->module) + strlen(cb->qualname) + strlen(what) + 8;
    char *text = px_malloc(len);
    snprintf(text, len, "%s `%s.%s`", what, cb->module, cb->qualname);
    json_t *loc = json_pack("{s:{s:o, s:{s:i}}, s:o}", "physicalLocation",
                            "artifactLocation", artifact(cb->source, base_dir),
                            "region", "startLine", (json_int_t)cb->line,
                            "message", text_message(text));
    free(text);
    return loc;
}

/* The trace as one thread flow, in the order a reader follows it: the
 * callback, each call and alias step, then the flagged site. */
static json_t *code_flows(const PxDiagnostic *d, const char *base_dir)
{
    json_t *steps = json_array();
    if (d->callback)
        json_array_append_new(
            steps, json_pack("{s:o}", "location",
                             callback_location(d->callback, base_dir, "callback")));
    for (size_t i = 0; i < d->ntrace; i++) {
        const PxTraceStep *t = &d->trace[i];
        json_t *loc = physical(t->source, t->start, t->end, base_dir);
        json_object_set_new(loc, "message", text_message(t->message));
        json_t *step = json_pack("{s:o}", "location", loc);
        if (t->kind == PX_TRACE_CALL)
            json_object_set_new(step, "kinds", json_pack("[s]", "call"));
        json_array_append_new(steps, step);
    }
    json_t *site = physical(d->source, d->start, d->end, base_dir);
    json_object_set_new(site, "message", text_message(d->message));
    json_array_append_new(steps, json_pack("{s:o}", "location", site));
    return json_pack("[{s:[{s:o}]}]", "threadFlows", "locations", steps);
}

static json_t *result(const PxDiagnostic *d, const PxFingerprint *fp,
                      const char *base_dir)
{
    const PxRuleInfo *info = px_rule_info(d->rule);
    json_t *loc = physical(d->source, d->start, d->end, base_dir);
    if (d->callback) {
        size_t len = strlen(d->callback->module) + strlen(d->callback->qualname) + 2;
        char *fq = px_malloc(len);
        snprintf(fq, len, "%s.%s", d->callback->module, d->callback->qualname);
        json_object_set_new(loc, "logicalLocations",
                            json_pack("[{s:o, s:s}]", "fullyQualifiedName",
                                      px_json_string(fq), "kind", "function"));
        free(fq);
    }
    json_t *res = json_pack("{s:s, s:i, s:s, s:o, s:[o], s:{s:s}}", "ruleId",
                            info->code, "ruleIndex", (json_int_t)d->rule, "level",
                            level(d->severity), "message", text_message(d->message),
                            "locations", loc, "partialFingerprints",
                            FINGERPRINT_KEY, fp->hex);
    if (d->ntrace || d->callback) {
        json_t *related = json_array();
        json_int_t id = 1;
        for (size_t i = 0; i < d->ntrace; i++) {
            const PxTraceStep *t = &d->trace[i];
            json_t *rl = physical(t->source, t->start, t->end, base_dir);
            json_object_set_new(rl, "id", json_integer(id++));
            json_object_set_new(rl, "message", text_message(t->message));
            json_array_append_new(related, rl);
        }
        if (d->callback) {
            json_t *rl = callback_location(d->callback, base_dir,
                                           "the callback");
            json_object_set_new(rl, "id", json_integer(id++));
            json_array_append_new(related, rl);
        }
        json_object_set_new(res, "relatedLocations", related);
        json_object_set_new(res, "codeFlows", code_flows(d, base_dir));
    }
    return res;
}

/* Paths that could not be read become notifications of the invocation. */
static json_t *invocation(const PxReport *r, const char *base_dir)
{
    json_t *notes = json_array();
    for (size_t i = 0; i < r->nproblems; i++) {
        const PxProblem *p = &r->problems[i];
        bool relative;
        char *path = px_report_relpath(p->path, base_dir, &relative);
        char *uri = uri_encode(relative ? "" : "file://", path, "");
        json_t *art = json_pack("{s:s}", "uri", uri);
        if (relative && base_dir)
            json_object_set_new(art, "uriBaseId", json_string(SRCROOT));
        json_array_append_new(
            notes, json_pack("{s:s, s:o, s:[{s:{s:o}}]}", "level",
                             p->is_error ? "error" : "warning", "message",
                             text_message(p->message), "locations",
                             "physicalLocation", "artifactLocation", art));
        free(uri);
        free(path);
    }
    json_t *inv = json_pack("{s:b}", "executionSuccessful", 1);
    if (json_array_size(notes))
        json_object_set_new(inv, "toolExecutionNotifications", notes);
    else
        json_decref(notes);
    return inv;
}

static json_t *nth_result(size_t i, void *ctx)
{
    const PxReportElements *rs = ctx;
    return result(px_diag_at(rs->report->diags, i), &rs->fingerprints[i], rs->base_dir);
}

/* The run's "results" key, as the dump of the log writes it when they are
 * none: a key line of the run object (indented six spaces, the indent the
 * results are written at; a string value cannot hold an unescaped quote),
 * so it is found once. */
static const char RESULTS_KEY[] = "\n      \"results\": []";

void px_format_sarif(FILE *out, const PxReport *r, const PxFormatOptions *o)
{
    PxFingerprint *fps = px_report_fingerprints(r, o->base_dir);
    json_t *run = json_pack("{s:{s:{s:s, s:s, s:s, s:o}}, s:[o], s:o, s:s}",
                            "tool", "driver", "name", "pxlint", "version",
                            PX_VERSION, "semanticVersion", PX_VERSION, "rules",
                            rules(), "invocations", invocation(r, o->base_dir),
                            "results", json_array(), "columnKind", "utf16CodeUnits");
    if (o->base_dir) {
        /* The base must be an absolute URI ending in '/'. */
        char *dir = px_strdup(o->base_dir);
        for (size_t n = strlen(dir); n > 0 && dir[n - 1] == '/'; n--)
            dir[n - 1] = '\0';
        char *base = uri_encode("file://", dir, "/");
        free(dir);
        json_object_set_new(run, "originalUriBaseIds",
                            json_pack("{s:{s:s}}", SRCROOT, "uri", base));
        free(base);
    }
    json_t *log = json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA,
                            "version", "2.1.0", "runs", run);
    /* The log around an empty results array, then the results written
     * into its place one at a time (see px_json_dump_array). */
    char *text = json_dumps(log, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    const char *at = text ? strstr(text, RESULTS_KEY) : NULL;
    PxReportElements rs = {r, fps, o->base_dir};
    if (at) {
        size_t head = (size_t)(at - text) + sizeof RESULTS_KEY - 3; /* up to "[]" */
        fwrite(text, 1, head, out);
        px_json_dump_array(out, px_diag_count(r->diags), nth_result, &rs,
                           strspn(RESULTS_KEY + 1, " "));
        fputs(text + head + 2, out);
    } else {
        /* a jansson that lays documents out otherwise: the whole log */
        json_t *results = json_object_get(run, "results");
        for (size_t i = 0; i < px_diag_count(r->diags); i++)
            json_array_append_new(results, nth_result(i, &rs));
        json_dumpf(log, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    }
    fputc('\n', out);
    free(text);
    json_decref(log);
    free(fps);
}
