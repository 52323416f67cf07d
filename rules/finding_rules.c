/* Dispatch of findings to their rule, and the diagnostic they make. */
#include "finding_rules.h"

bool px_finding_rule(const PxFinding *f, PxRuleId *rule, const char **format)
{
#define PX_FINDING_RULE(code)                                                 \
    if (px_rule_matches_##code(f)) {                                          \
        *rule = PX_RULE_##code;                                               \
        *format = px_rule_format_##code;                                      \
        return true;                                                          \
    }
#include "finding_rules.def"
#undef PX_FINDING_RULE
    return false;
}

/* snprintf(out, size, fmt, a, b) for a format whose only conversions are
 * two %s (the rules' formats): the messages of millions of diagnostics,
 * where snprintf's generality was most of the cost. Truncates as it does. */
static void format_two(char *out, size_t size, const char *fmt, const char *a, const char *b)
{
    const char *args[2] = {a, b};
    size_t n = 0, next = 0;
    for (const char *p = fmt; *p && n + 1 < size; p++) {
        if (p[0] == '%' && p[1] == 's' && next < 2) {
            const char *q = args[next++];
            for (q = q ? q : "(null)"; *q && n + 1 < size; q++)
                out[n++] = *q;
            p++;
        } else {
            out[n++] = *p;
        }
    }
    out[n] = '\0';
}

void px_report_finding(const PxFinding *f, const PxCallbackRef *cb, PxDiagList *out)
{
    PxRuleId rule;
    const char *format;
    if (!px_finding_rule(f, &rule, &format))
        return;
    char tail[1024], msg[1400];
    /* Formats take (object, action); call findings name no object. */
    bool call = f->kind == PX_FIND_C_EXTENSION || f->kind == PX_FIND_HIDDEN_STATE ||
                f->kind == PX_FIND_UNVERIFIABLE || f->kind == PX_FIND_DYNAMIC;
    if (!call && f->object && f->object[0])
        format_two(tail, sizeof tail, format, f->object, f->action);
    else
        format_two(tail, sizeof tail, format, f->action, "");
    format_two(msg, sizeof msg, "callback `%s` %s", cb->qualname, tail);
    PxDiagnostic *d = px_diag_add(out, rule, f->source, f->start, f->end, msg);
    d->callback = cb;
    px_diag_share_trace(d, f->steps, f->nsteps);
}
