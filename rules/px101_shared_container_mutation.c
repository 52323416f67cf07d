/* PX101 shared-container-mutation: mutates a main-thread list, dict, set or other container reached from a global, class or module. */
#include "finding_rules.h"

const char px_doc_PX101[] =
    "# PX101 shared-container-mutation\n"
    "\n"
    "## What it does\n"
    "Reports a callback that mutates a container the main thread built: a\n"
    "module-level list or dict, a class attribute, something reachable from a\n"
    "module global (`LOG.append(x)`, `CACHE[key] = value`, `del INDEX[k]`,\n"
    "`SEEN |= {x}`), directly or through the functions it calls.\n"
    "\n"
    "## Why is this bad?\n"
    "Without the GIL, two threads appending to the same list, or one thread\n"
    "resizing a dict while another reads it, corrupt the object or crash the\n"
    "interpreter. Even with the GIL, the callback's result depends on scheduling.\n"
    "A callback that mutates main-thread state can never run lock-free.\n"
    "\n"
    "## Known problems\n"
    "pxlint tracks aliases (`log = LOG; log.append(x)`), elements\n"
    "(`for row in TABLE: row.append(x)`) and calls, but not every dynamic\n"
    "pattern: what it cannot follow is reported as PX301 instead.\n"
    "\n"
    "## Example\n"
    "```python\n"
    "HITS = {}\n"
    "\n"
    "def handle(query):\n"
    "    HITS[query] = HITS.get(query, 0) + 1   # PX101\n"
    "    return search(query)\n"
    "\n"
    "executor.submit(handle, \"python\")\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "import queue\n"
    "\n"
    "HITS = queue.Queue()   # a thread-safe type: the main thread drains it\n"
    "\n"
    "def handle(query):\n"
    "    HITS.put(query)\n"
    "    return search(query)\n"
    "```\n";

bool px_rule_matches_PX101(const PxFinding *f)
{
    return f->kind == PX_FIND_CONTAINER_MUTATION &&
           (f->root == PX_ROOT_GLOBAL || f->root == PX_ROOT_CLASS || f->root == PX_ROOT_MODULE || f->root == PX_ROOT_FUNCTION);
}

const char px_rule_format_PX101[] = "mutates %s, a main-thread object: %s";
