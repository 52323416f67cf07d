/* GitLab Code Quality output: the JSON array GitLab reads from a job's
 * `artifacts:reports:codequality` to annotate merge requests. */
#include "format.h"

#include "alloc.h"
#include "report.h"

#include <stdlib.h>
#include <string.h>

/* GitLab's scale: info, minor, major, critical, blocker. */
static const char *severity(PxSeverity s)
{
    switch (s) {
    case PX_SEVERITY_ERROR: return "major";
    case PX_SEVERITY_WARNING: return "minor";
    case PX_SEVERITY_INFO: return "info";
    }
    return "major";
}

static json_t *issue(size_t i, void *ctx)
{
    const PxReportElements *is = ctx;
    const PxDiagnostic *d = px_diag_at(is->report->diags, i);
    const PxRuleInfo *info = px_rule_info(d->rule);
    char *path = px_report_relpath(px_source_path(d->source), is->base_dir, NULL);
    uint32_t first, last;
    px_report_span_lines(d->source, d->start, d->end, &first, &last);
    size_t len = strlen(info->code) + strlen(d->message) + 2;
    char *description = px_malloc(len);
    snprintf(description, len, "%s %s", info->code, d->message);
    json_t *o = json_pack("{s:o, s:s, s:s, s:s, s:{s:o, s:{s:i, s:i}}}",
                          "description", px_json_string(description),
                          "check_name", info->code, "fingerprint", is->fingerprints[i].hex,
                          "severity", severity(d->severity), "location",
                          "path", px_json_string(path), "lines", "begin",
                          (json_int_t)first, "end", (json_int_t)last);
    free(description);
    free(path);
    return o;
}

void px_format_gitlab(FILE *out, const PxReport *r, const PxFormatOptions *o)
{
    PxFingerprint *fps = px_report_fingerprints(r, o->base_dir);
    PxReportElements is = {r, fps, o->base_dir};
    px_json_dump_array(out, px_diag_count(r->diags), issue, &is, 0);
    fputc('\n', out);
    free(fps);
}
