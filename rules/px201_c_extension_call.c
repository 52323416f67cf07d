/* PX201 c-extension-call: calls into a C extension module not configured thread-safe. */
#include "finding_rules.h"

const char px_doc_PX201[] =
    "# PX201 c-extension-call\n"
    "\n"
    "## What it does\n"
    "Reports a callback that calls a function of a C extension module (listed\n"
    "under `c-extensions: modules` in `.pxlint.yaml`, or detected as a shared\n"
    "object on the configured python path), through any alias\n"
    "(`import numpy as np; np.dot(...)`), or a method of an object such a call\n"
    "returned.\n"
    "\n"
    "## Why is this bad?\n"
    "C extensions are written assuming the GIL is held: they keep static\n"
    "buffers, caches and reference counts that are not atomic. Calling one from\n"
    "a thread that runs without the GIL corrupts memory.\n"
    "\n"
    "## Known problems\n"
    "Extensions that are documented as thread-safe can be listed under\n"
    "`c-extensions: thread-safe`.\n"
    "\n"
    "## Example\n"
    "```python\n"
    "import zlib\n"
    "\n"
    "def handle(payload):\n"
    "    return zlib.compress(payload)   # PX201 when zlib is configured as a\n"
    "                                    # C extension\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "def handle(payload):\n"
    "    return payload                  # compress on the main thread, or run\n"
    "                                    # this callback under the lock\n"
    "```\n";

bool px_rule_matches_PX201(const PxFinding *f)
{
    return f->kind == PX_FIND_C_EXTENSION;
}

const char px_rule_format_PX201[] = "%s%s";
