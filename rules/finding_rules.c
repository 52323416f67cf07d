/* Dispatch of findings to their rule, and the diagnostic they make. */
#include "finding_rules.h"

#include <string.h>

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

/* Appends up to len bytes of s at out[n], leaving room for the NUL. */
static size_t append(char *out, size_t size, size_t n, const char *s, size_t len)
{
    size_t room = size - 1 - n;
    if (len > room)
        len = room;
    memcpy(out + n, s, len);
    return n + len;
}

/* snprintf(out, size, fmt, a, b) for a format whose only conversions are
 * two %s (the rules' formats): the messages of millions of diagnostics,
 * where snprintf's generality was most of the cost. Copies spans, not
 * bytes. Truncates as snprintf does. */
static void format_two(char *out, size_t size, const char *fmt, const char *a, const char *b)
{
    const char *args[2] = {a ? a : "(null)", b ? b : "(null)"};
    size_t n = 0;
    for (int next = 0;; next++) {
        const char *conv = next < 2 ? strstr(fmt, "%s") : NULL;
        n = append(out, size, n, fmt, conv ? (size_t)(conv - fmt) : strlen(fmt));
        if (!conv)
            break;
        n = append(out, size, n, args[next], strlen(args[next]));
        fmt = conv + 2;
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
