/* Rule identities and metadata, generated from registry.def. */
#ifndef PX_RULE_H
#define PX_RULE_H

#include <stdbool.h>
#include <stdint.h>

typedef enum {
    PX_SEVERITY_ERROR,
    PX_SEVERITY_WARNING,
    PX_SEVERITY_INFO,
} PxSeverity;

typedef enum {
#define PX_RULE(code, ident, name, sev, summary) PX_RULE_##code,
#include "registry.def"
#undef PX_RULE
    PX_RULE_COUNT
} PxRuleId;

typedef struct {
    PxRuleId id;
    const char *code;    /* "PX101" */
    const char *name;    /* "shared-container-mutation" */
    PxSeverity severity; /* default */
    const char *summary; /* one line */
    const char *doc;     /* Markdown: what it does, why, example, use instead */
} PxRuleInfo;

const PxRuleInfo *px_rule_info(PxRuleId id);
/* Accepts a code ("PX101") or a name ("shared-container-mutation"). */
bool px_rule_lookup(const char *code_or_name, PxRuleId *out);
const char *px_severity_name(PxSeverity severity);

/* A set of rules, e.g. the selected ones. */
typedef struct {
    uint64_t bits[(PX_RULE_COUNT + 63) / 64];
} PxRuleSet;

PxRuleSet px_ruleset_all(void);
PxRuleSet px_ruleset_none(void);
bool px_ruleset_has(const PxRuleSet *set, PxRuleId id);
void px_ruleset_add(PxRuleSet *set, PxRuleId id);
void px_ruleset_remove(PxRuleSet *set, PxRuleId id);
/* Applies a selector to the set: "ALL", a code, a code prefix ("PX1"), or a
 * rule name. Returns false (set untouched) if it matches no rule. */
bool px_ruleset_apply(PxRuleSet *set, const char *selector, bool add);

#endif
