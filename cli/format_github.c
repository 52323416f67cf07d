/* GitHub Actions output: one workflow command per diagnostic
 * ("::error file=...,line=...::message"), shown as an annotation on the
 * pull request. The trace goes into the annotation's message. */
#include "format.h"

#include "report.h"

#include <stdlib.h>
#include <string.h>

/* Workflow commands end at a newline and split properties at ',' and '::':
 * escape '%', CR and LF everywhere, and ':' and ',' in property values. */
static void escape(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':':
            if (property)
                fputs("%3A", out);
            else
                fputc(':', out);
            break;
        case ',':
            if (property)
                fputs("%2C", out);
            else
                fputc(',', out);
            break;
        default: fputc(*s, out);
        }
    }
}

static const char *command(PxSeverity severity)
{
    switch (severity) {
    case PX_SEVERITY_ERROR: return "error";
    case PX_SEVERITY_WARNING: return "warning";
    case PX_SEVERITY_INFO: return "notice";
    }
    return "error";
}

/* "path:line:col" of a trace step or callback, as a message line. */
static void where(FILE *out, const PxSource *s, uint32_t offset,
                  const char *base_dir)
{
    char *path = px_report_relpath(px_source_path(s), base_dir, NULL);
    PxPosition p = px_source_position(s, offset);
    escape(out, path, false);
    fprintf(out, ":%u:%u", p.line, p.column);
    free(path);
}

void px_format_github(FILE *out, const PxReport *r, const PxFormatOptions *o)
{
    for (size_t i = 0; i < px_diag_count(r->diags); i++) {
        const PxDiagnostic *d = px_diag_at(r->diags, i);
        const PxRuleInfo *info = px_rule_info(d->rule);
        PxPosition a = px_source_position(d->source, d->start);
        PxPosition b = px_source_position(d->source, d->end);
        char *path = px_report_relpath(px_source_path(d->source), o->base_dir, NULL);
        fprintf(out, "::%s file=", command(d->severity));
        escape(out, path, true);
        fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u,title=", a.line,
                a.column, b.line, b.column);
        escape(out, info->code, true);
        fputc(' ', out);
        escape(out, info->name, true);
        fputs("::", out);
        escape(out, d->message, false);
        if (d->callback) {
            fputs("%0Acallback: ", out);
            escape(out, d->callback->module, false);
            fputc('.', out);
            escape(out, d->callback->qualname, false);
            char *cb = px_report_relpath(px_source_path(d->callback->source),
                                         o->base_dir, NULL);
            fputs(" (", out);
            escape(out, cb, false);
            fprintf(out, ":%u)", d->callback->line);
            free(cb);
        }
        for (size_t k = 0; k < d->ntrace; k++) {
            const PxTraceStep *t = &d->trace[k];
            fputs(t->kind == PX_TRACE_CALL ? "%0Acall: " : "%0Aalias: ", out);
            where(out, t->source, t->start, o->base_dir);
            fputs(": ", out);
            escape(out, t->message, false);
        }
        fputc('\n', out);
        free(path);
    }
}
