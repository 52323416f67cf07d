/* Text output: one "path:line:col: CODE message" line per diagnostic, then a
 * summary line, in the manner of ruff and flake8. */
#include "format.h"

static void statistics(FILE *out, const PxDiagList *diags)
{
    size_t counts[PX_RULE_COUNT] = {0};
    for (size_t i = 0; i < px_diag_count(diags); i++)
        counts[px_diag_at(diags, i)->rule]++;
    for (int r = 0; r < PX_RULE_COUNT; r++) {
        if (!counts[r])
            continue;
        const PxRuleInfo *info = px_rule_info((PxRuleId)r);
        fprintf(out, "%6zu  %s  %s\n", counts[r], info->code, info->name);
    }
}

void px_format_text(FILE *out, const PxCheck *check, const PxFormatOptions *o)
{
    const PxDiagList *diags = px_check_diagnostics(check);
    size_t n = px_diag_count(diags);
    if (o->statistics) {
        statistics(out, diags);
    } else {
        for (size_t i = 0; i < n; i++) {
            const PxDiagnostic *d = px_diag_at(diags, i);
            PxPosition p = px_source_position(d->source, d->start);
            fprintf(out, "%s:%u:%u: %s %s\n", px_source_path(d->source), p.line,
                    p.column, px_rule_info(d->rule)->code, d->message);
        }
    }
    if (o->quiet)
        return;
    size_t files = px_check_file_count(check);
    size_t failed = px_check_error_count(check);
    char unread[64] = "";
    if (failed)
        snprintf(unread, sizeof unread, "; %zu path%s could not be checked",
                 failed, failed == 1 ? "" : "s");
    if (n == 0) {
        fprintf(out, "%s (%zu file%s checked%s)\n",
                failed ? "No problems found" : "All checks passed!", files,
                files == 1 ? "" : "s", unread);
        return;
    }
    size_t with = 0;
    const PxSource *last = NULL;
    for (size_t i = 0; i < n; i++) {
        const PxSource *s = px_diag_at(diags, i)->source;
        with += s != last;
        last = s;
    }
    fprintf(out, "Found %zu problem%s in %zu file%s (%zu file%s checked%s).\n",
            n, n == 1 ? "" : "s", with, with == 1 ? "" : "s", files,
            files == 1 ? "" : "s", unread);
}
