/* PX003 unused-suppression: a suppression comment that silences nothing. */
#include "rules.h"

#include <stdio.h>
#include <string.h>

const char px_doc_PX003[] =
    "# PX003 unused-suppression\n"
    "\n"
    "Reported only with `pxlint check --report-unused-ignores` (or\n"
    "`report-unused-ignores: true` in `.pxlint.yaml`).\n"
    "\n"
    "## What it does\n"
    "Reports a `# pxlint: ignore[...]` or `# noqa: PX...` comment that\n"
    "silenced no diagnostic on its statement, a suppression naming a rule\n"
    "that does not exist, a `# pxlint:` comment that is no directive, and a\n"
    "`# pxlint: skip-file` placed after the first statement (where it does\n"
    "nothing).\n"
    "\n"
    "## Why is this bad?\n"
    "A stale suppression hides the next real problem on that line: once the\n"
    "code changes, a new mutation of shared state there is silenced without\n"
    "anyone having looked at it. A misspelled one silences nothing while\n"
    "looking as if it did.\n"
    "\n"
    "## Known problems\n"
    "A bare `# noqa` and `# noqa` codes of other tools (`E501`) are left\n"
    "alone: they may serve flake8 or ruff. Codes of rules that are not\n"
    "reported in this run (not selected, or in `per-file-ignores`) are not\n"
    "reported as unused either.\n"
    "\n"
    "## Example\n"
    "```python\n"
    "total = len(items)  # pxlint: ignore[PX101]\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "total = len(items)\n"
    "```\n";

/* "PX001" or "PX001, PX104" for the rules of `set`. */
static void codes(const PxRuleSet *set, char *buf, size_t n, int *count)
{
    buf[0] = '\0';
    *count = 0;
    for (int r = 0; r < PX_RULE_COUNT; r++) {
        if (!px_ruleset_has(set, (PxRuleId)r))
            continue;
        size_t len = strlen(buf);
        snprintf(buf + len, n - len, "%s%s", *count ? ", " : "",
                 px_rule_info((PxRuleId)r)->code);
        (*count)++;
    }
}

void px_rule_unused_suppression(const PxSource *src, const PxSuppressions *s,
                                const PxRuleSet *active, PxDiagList *out)
{
    char msg[400], list[256];
    for (size_t i = 0; i < px_suppressions_count(s); i++) {
        const PxSuppression *d = px_suppressions_get(s, i);
        if (d->problem) {
            snprintf(msg, sizeof msg, "%s", d->problem);
            px_diag_add(out, PX_RULE_PX003, src, d->start, d->end, msg);
            continue;
        }
        if (d->kind == PX_SUPPRESS_SKIP_FILE)
            continue;
        if (d->unknown) {
            snprintf(msg, sizeof msg, "the suppression names no known rule: "
                     "%s (see 'pxlint rules')", d->unknown);
            px_diag_add(out, PX_RULE_PX003, src, d->start, d->end, msg);
        }
        if (d->all) {
            /* A bare noqa may serve another tool. */
            if (d->kind == PX_SUPPRESS_IGNORE && !d->used_any)
                px_diag_add(out, PX_RULE_PX003, src, d->start, d->end,
                            "unused suppression: nothing is reported here");
            continue;
        }
        PxRuleSet unused = px_ruleset_none();
        for (int r = 0; r < PX_RULE_COUNT; r++)
            if (px_ruleset_has(&d->rules, (PxRuleId)r) &&
                px_ruleset_has(active, (PxRuleId)r) &&
                !px_ruleset_has(&d->used, (PxRuleId)r))
                px_ruleset_add(&unused, (PxRuleId)r);
        int n;
        codes(&unused, list, sizeof list, &n);
        if (n == 0)
            continue;
        snprintf(msg, sizeof msg, "unused suppression: %s %s not reported here",
                 list, n == 1 ? "is" : "are");
        px_diag_add(out, PX_RULE_PX003, src, d->start, d->end, msg);
    }
}
