/* Entry points of the rules: each turns analyzer facts into diagnostics. */
#ifndef PX_RULES_H
#define PX_RULES_H

#include "diagnostic.h"
#include "module.h"

void px_rule_syntax_error(const PxModule *module, PxDiagList *out);

#endif
