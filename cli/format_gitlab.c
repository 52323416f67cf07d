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

void px_format_gitlab(FILE *out, const PxReport *r, const PxFormatOptions *o)
{
    PxFingerprint *fps = px_report_fingerprints(r, o->base_dir);
    json_t *arr = json_array();
    for (size_t i = 0; i < px_diag_count(r->diags); i++) {
        const PxDiagnostic *d = px_diag_at(r->diags, i);
        const PxRuleInfo *info = px_rule_info(d->rule);
        char *path = px_report_relpath(px_source_path(d->source), o->base_dir, NULL);
        uint32_t first, last;
        px_report_span_lines(d->source, d->start, d->end, &first, &last);
        size_t len = strlen(info->code) + strlen(d->message) + 2;
        char *description = px_malloc(len);
        snprintf(description, len, "%s %s", info->code, d->message);
        json_array_append_new(
            arr, json_pack("{s:o, s:s, s:s, s:s, s:{s:o, s:{s:i, s:i}}}",
                           "description", px_json_string(description),
                           "check_name", info->code, "fingerprint", fps[i].hex,
                           "severity", severity(d->severity), "location",
                           "path", px_json_string(path), "lines", "begin",
                           (json_int_t)first, "end", (json_int_t)last));
        free(description);
        free(path);
    }
    json_dumpf(arr, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    fputc('\n', out);
    json_decref(arr);
    free(fps);
}
