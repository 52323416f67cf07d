/* JSON output: an array of diagnostic objects; the schema is documented in
 * docs/output.md and kept stable. */
#include "format.h"

#include "report.h"

#include <jansson.h>

static json_t *position_fields(json_t *o, const PxSource *s, uint32_t start,
                               uint32_t end)
{
    PxPosition a = px_source_position(s, start), b = px_source_position(s, end);
    json_object_set_new(o, "file", px_json_string(px_source_path(s)));
    json_object_set_new(o, "line", json_integer(a.line));
    json_object_set_new(o, "column", json_integer(a.column));
    json_object_set_new(o, "end_line", json_integer(b.line));
    json_object_set_new(o, "end_column", json_integer(b.column));
    return o;
}

static json_t *diagnostic(const PxDiagnostic *d)
{
    const PxRuleInfo *info = px_rule_info(d->rule);
    json_t *o = position_fields(json_object(), d->source, d->start, d->end);
    json_object_set_new(o, "code", json_string(info->code));
    json_object_set_new(o, "name", json_string(info->name));
    json_object_set_new(o, "severity", json_string(px_severity_name(d->severity)));
    json_object_set_new(o, "message", px_json_string(d->message));
    if (d->callback) {
        json_t *cb = json_object();
        json_object_set_new(cb, "module", px_json_string(d->callback->module));
        json_object_set_new(cb, "qualname", px_json_string(d->callback->qualname));
        json_object_set_new(cb, "file", px_json_string(px_source_path(d->callback->source)));
        json_object_set_new(cb, "line", json_integer(d->callback->line));
        json_object_set_new(o, "callback", cb);
    } else {
        json_object_set_new(o, "callback", json_null());
    }
    json_t *trace = json_array();
    for (size_t i = 0; i < d->ntrace; i++) {
        const PxTraceStep *t = &d->trace[i];
        json_t *step = json_object();
        json_object_set_new(step, "kind",
                            json_string(t->kind == PX_TRACE_CALL ? "call" : "alias"));
        position_fields(step, t->source, t->start, t->end);
        json_object_set_new(step, "message", px_json_string(t->message));
        json_array_append_new(trace, step);
    }
    json_object_set_new(o, "trace", trace);
    return o;
}

static json_t *element(size_t i, void *ctx)
{
    const PxReportElements *e = ctx;
    return diagnostic(px_diag_at(e->report->diags, i));
}

void px_format_json(FILE *out, const PxReport *r, const PxFormatOptions *o)
{
    (void)o;
    PxReportElements e = {.report = r};
    px_json_dump_array(out, px_diag_count(r->diags), element, &e, 0);
    fputc('\n', out);
}
