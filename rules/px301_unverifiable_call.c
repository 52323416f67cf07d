/* PX301 unverifiable-call: calls something that cannot be resolved, so the callback cannot be proven safe. */
#include "finding_rules.h"

const char px_doc_PX301[] =
    "# PX301 unverifiable-call\n"
    "\n"
    "## What it does\n"
    "Reports a call that pxlint cannot follow: a function from a module that is\n"
    "neither among the checked files nor in pxlint's knowledge base, a method\n"
    "whose effect is unknown called on a main-thread object, a function passed\n"
    "in as an argument, a value pxlint cannot resolve.\n"
    "\n"
    "## Why is this bad?\n"
    "pxlint only whitelists what it can prove. A call it cannot see into could\n"
    "mutate anything, so the callback stays off the whitelist and runs under\n"
    "the lock. This is \"cannot prove\", not \"definitely unsafe\".\n"
    "\n"
    "## Known problems\n"
    "Add the module to the checked paths, declare the function under `pure`\n"
    "in `.pxlint.yaml`, or suppress the diagnostic if you have checked the\n"
    "call yourself (suppression does not put the callback on the whitelist).\n"
    "\n"
    "## Example\n"
    "```python\n"
    "import thirdparty\n"
    "\n"
    "def handle(request):\n"
    "    return thirdparty.render(request)   # PX301\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "# .pxlint.yaml\n"
    "pure:\n"
    "  - thirdparty.render\n"
    "```\n";

bool px_rule_matches_PX301(const PxFinding *f)
{
    return f->kind == PX_FIND_UNVERIFIABLE;
}

const char px_rule_format_PX301[] = "cannot be proven safe: it %s%s";
