/* PX102 global-rebind: rebinds or deletes a global, a class attribute or a closure variable. */
#include "finding_rules.h"

const char px_doc_PX102[] =
    "# PX102 global-rebind\n"
    "\n"
    "## What it does\n"
    "Reports a callback that rebinds a name the main thread owns: a module\n"
    "global (`global COUNT; COUNT += 1`), a closure variable (`nonlocal total`),\n"
    "a class attribute (`Stats.calls += 1`) or another module's global\n"
    "(`config.DEBUG = True`), or deletes one.\n"
    "\n"
    "## Why is this bad?\n"
    "A module's globals, a class's attributes and a closure's cells are shared\n"
    "by every thread. Rebinding them from a parallel thread races with every\n"
    "other reader and writer, and `x += 1` on a global is a read-modify-write\n"
    "that loses updates.\n"
    "\n"
    "## Known problems\n"
    "`global` declarations in a function that only reads the global are not\n"
    "reported; only assignments and deletions are.\n"
    "\n"
    "## Example\n"
    "```python\n"
    "COUNT = 0\n"
    "\n"
    "def handle(request):\n"
    "    global COUNT\n"
    "    COUNT += 1          # PX102\n"
    "    return respond(request)\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "def handle(request):\n"
    "    return respond(request)   # count requests on the main thread instead,\n"
    "                              # e.g. from the futures it gets back\n"
    "```\n";

bool px_rule_matches_PX102(const PxFinding *f)
{
    return f->kind == PX_FIND_REBIND || (f->kind == PX_FIND_ATTRIBUTE_WRITE &&
           (f->root == PX_ROOT_MODULE || f->root == PX_ROOT_CLASS) && !f->reached);
}

const char px_rule_format_PX102[] = "changes %s: %s";
