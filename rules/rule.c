/* The rule table and rule-set operations, generated from registry.def. */
#include "rule.h"

#include <string.h>

#define PX_RULE(code, ident, name, sev, summary) extern const char px_doc_##code[];
#include "registry.def"
#undef PX_RULE

static const PxRuleInfo RULES[PX_RULE_COUNT] = {
#define PX_RULE(code, ident, name, sev, summary)                              \
    {PX_RULE_##code, #code, name, sev, summary, px_doc_##code},
#include "registry.def"
#undef PX_RULE
};

const PxRuleInfo *px_rule_info(PxRuleId id) { return &RULES[id]; }

bool px_rule_lookup(const char *s, PxRuleId *out)
{
    for (int i = 0; i < PX_RULE_COUNT; i++) {
        if (strcmp(RULES[i].code, s) == 0 || strcmp(RULES[i].name, s) == 0) {
            *out = (PxRuleId)i;
            return true;
        }
    }
    return false;
}

const char *px_severity_name(PxSeverity s)
{
    switch (s) {
    case PX_SEVERITY_ERROR: return "error";
    case PX_SEVERITY_WARNING: return "warning";
    case PX_SEVERITY_INFO: return "info";
    }
    return "error";
}

PxRuleSet px_ruleset_none(void) { return (PxRuleSet){{0}}; }

PxRuleSet px_ruleset_all(void)
{
    PxRuleSet s = px_ruleset_none();
    for (int i = 0; i < PX_RULE_COUNT; i++)
        px_ruleset_add(&s, (PxRuleId)i);
    return s;
}

bool px_ruleset_has(const PxRuleSet *s, PxRuleId id)
{
    return (s->bits[id / 64] >> (id % 64)) & 1u;
}

void px_ruleset_add(PxRuleSet *s, PxRuleId id)
{
    s->bits[id / 64] |= (uint64_t)1 << (id % 64);
}

void px_ruleset_remove(PxRuleSet *s, PxRuleId id)
{
    s->bits[id / 64] &= ~((uint64_t)1 << (id % 64));
}

bool px_ruleset_apply(PxRuleSet *s, const char *sel, bool add)
{
    bool all = strcmp(sel, "ALL") == 0;
    size_t n = strlen(sel);
    bool matched = false;
    for (int i = 0; i < PX_RULE_COUNT; i++) {
        if (all || strncmp(RULES[i].code, sel, n) == 0 ||
            strcmp(RULES[i].name, sel) == 0) {
            matched = true;
            if (add)
                px_ruleset_add(s, (PxRuleId)i);
            else
                px_ruleset_remove(s, (PxRuleId)i);
        }
    }
    return matched;
}
