/* Entry points of the rules: each turns analyzer facts into diagnostics. */
#ifndef PX_RULES_H
#define PX_RULES_H

#include "diagnostic.h"
#include "module.h"
#include "suppress.h"

void px_rule_syntax_error(const PxModule *module, PxDiagList *out);
/* Reports the directives of `s` that silenced nothing (their `used` marks
 * filled in by the filtering). Only rules in `active` (reported for this
 * file) count as unused: the others may be silenced on a run that reports
 * them. */
void px_rule_unused_suppression(const PxSource *source, const PxSuppressions *s,
                                const PxRuleSet *active, PxDiagList *out);

#endif
