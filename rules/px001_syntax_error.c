/* PX001 syntax-error: a file that does not parse cannot be analyzed. */
#include "rules.h"

const char px_doc_PX001[] =
    "# PX001 syntax-error\n"
    "\n"
    "## What it does\n"
    "Reports the first place where the Python grammar (tree-sitter-python)\n"
    "cannot parse a file.\n"
    "\n"
    "## Why is this bad?\n"
    "pxlint can only prove a function parallel-safe when it understands all\n"
    "of its code. A function in a file that does not parse is never put on\n"
    "the whitelist: it will run under the lock.\n"
    "\n"
    "## Known problems\n"
    "pxlint is not a syntax checker. Its grammar accepts some code CPython\n"
    "rejects (Python 2 syntax, bad encodings) and rejects a few valid\n"
    "corner cases. Run `python -m py_compile` for a real syntax check.\n"
    "\n"
    "## Example\n"
    "```python\n"
    "def handler(request:\n"
    "    return request\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "def handler(request):\n"
    "    return request\n"
    "```\n";

void px_rule_syntax_error(const PxModule *m, PxDiagList *out)
{
    if (!m->has_syntax_error)
        return;
    px_diag_add(out, PX_RULE_PX001, m->source, m->syntax_error.start,
                m->syntax_error.end, m->syntax_error.message);
}
