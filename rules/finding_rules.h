/* Rules that turn the ownership analysis's findings into diagnostics. Each
 * rule file defines px_rule_matches_CODE (does the finding belong to it) and
 * px_rule_format_CODE (printf format of the message after the callback's
 * name, taking the affected object and the action). */
#ifndef PX_FINDING_RULES_H
#define PX_FINDING_RULES_H

#include "diagnostic.h"
#include "findings.h"

#include <stdbool.h>

#define PX_FINDING_RULE(code)                                                 \
    bool px_rule_matches_##code(const PxFinding *f);                          \
    extern const char px_rule_format_##code[];
#include "finding_rules.def"
#undef PX_FINDING_RULE

/* The rule a finding belongs to; false if none (never for valid findings). */
bool px_finding_rule(const PxFinding *f, PxRuleId *rule, const char **format);

/* Adds the diagnostic for one finding of callback `cb` to `out` (whether it is
 * reported is decided later, with the other diagnostics). `cb` is shared,
 * not copied: it comes from px_diag_keep_callback(out, ...). So is the
 * finding's trace, which must outlive `out` (a check's project outlives
 * its diagnostics). */
void px_report_finding(const PxFinding *f, const PxCallbackRef *cb, PxDiagList *out);

#endif
