/* Dispatch of findings to their rule, and the diagnostic they make. */
#include "finding_rules.h"

#include "alloc.h"

#include <stdio.h>
#include <stdlib.h>

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
        snprintf(tail, sizeof tail, format, f->object, f->action);
    else
        snprintf(tail, sizeof tail, format, f->action, "");
    snprintf(msg, sizeof msg, "callback `%s` %s", cb->qualname, tail);
    PxDiagnostic *d = px_diag_add(out, rule, f->source, f->start, f->end, msg);
    d->callback = cb;
    px_diag_share_trace(out, d, f->steps, f->nsteps);
}
