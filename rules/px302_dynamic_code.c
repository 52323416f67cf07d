/* PX302 dynamic-code: uses exec, eval, globals(), vars(), setattr with a computed name or __dict__ writes. */
#include "finding_rules.h"

const char px_doc_PX302[] =
    "# PX302 dynamic-code\n"
    "\n"
    "## What it does\n"
    "Reports code whose effect depends on values known only at run time:\n"
    "`exec`, `eval`, `compile`, `globals()`, `vars()`, `locals()`,\n"
    "`__import__`, `setattr`/`delattr` with a computed attribute name, writes\n"
    "into an object's `__dict__`.\n"
    "\n"
    "## Why is this bad?\n"
    "Static analysis cannot tell what such code changes, so the callback cannot\n"
    "be proven parallel-safe.\n"
    "\n"
    "## Known problems\n"
    "`getattr(obj, \"name\")` and `setattr(obj, \"name\", v)` with a constant name\n"
    "are understood and are not reported here. A constant name with an escape\n"
    "in it (`\"caf\\xe9\"`) counts as computed: pxlint does not decode escapes.\n"
    "\n"
    "## Example\n"
    "```python\n"
    "def configure(obj, key, value):\n"
    "    setattr(obj, key, value)     # PX302\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "def configure(obj, value):\n"
    "    obj.timeout = value          # explicit: pxlint can check it\n"
    "```\n";

bool px_rule_matches_PX302(const PxFinding *f)
{
    return f->kind == PX_FIND_DYNAMIC;
}

const char px_rule_format_PX302[] = "cannot be proven safe: it %s%s";
