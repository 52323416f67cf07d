/* PX105 captured-state-mutation: mutates an object held by a closure cell or a default argument. */
#include "finding_rules.h"

const char px_doc_PX105[] =
    "# PX105 captured-state-mutation\n"
    "\n"
    "## What it does\n"
    "Reports a callback that mutates an object captured in a closure\n"
    "(`cache[k] = v` where `cache` is a variable of an enclosing function) or a\n"
    "default argument value (`def f(seen=set()): seen.add(x)`).\n"
    "\n"
    "## Why is this bad?\n"
    "A closure's cells and a function's defaults are created once, on the main\n"
    "thread, and shared by every call: every thread running the callback mutates\n"
    "the same object.\n"
    "\n"
    "## Known problems\n"
    "A closure variable that the enclosing function itself fills before the\n"
    "callback runs is still shared once the callback is handed to a thread.\n"
    "\n"
    "## Example\n"
    "```python\n"
    "def make_handler():\n"
    "    cache = {}\n"
    "    def handle(key):\n"
    "        cache[key] = load(key)     # PX105\n"
    "        return cache[key]\n"
    "    return handle\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "def make_handler():\n"
    "    def handle(key):\n"
    "        return load(key)           # or a thread-safe cache\n"
    "    return handle\n"
    "```\n";

bool px_rule_matches_PX105(const PxFinding *f)
{
    return f->kind == PX_FIND_CONTAINER_MUTATION &&
           (f->root == PX_ROOT_CELL || f->root == PX_ROOT_DEFAULT);
}

const char px_rule_format_PX105[] = "mutates %s, which outlives the call: %s";
