/* PX104 argument-mutation: mutates an argument passed from the main thread (or `self` of a main-thread instance). */
#include "finding_rules.h"

const char px_doc_PX104[] =
    "# PX104 argument-mutation\n"
    "\n"
    "## What it does\n"
    "Reports a callback that mutates one of its arguments, or an object\n"
    "reachable from them (`items.append(x)`, `options[\"seen\"] = True`,\n"
    "`self.queue.clear()`). The arguments given at the spawn site are\n"
    "main-thread objects, even a fresh `[]` written at the call: the main thread\n"
    "still holds it. A parameter the spawn does not pass holds its default\n"
    "(`submit(fn, a)` and `Thread(target=fn, args=(a,))` pass the first,\n"
    "`Thread(target=fn)` none, a bound method its `self`): filling a fresh\n"
    "list there is fine, and a mutable default is PX105's. A spawner\n"
    "declared in `.pxlint.yaml` says where its call takes the callback's\n"
    "arguments with `arguments:`; without it, any parameter may be passed.\n"
    "\n"
    "## Why is this bad?\n"
    "The main thread keeps a reference to what it passed and may read or\n"
    "pass it to other threads at the same time. Mutating it is a data race.\n"
    "\n"
    "## Known problems\n"
    "Mutating a copy (`items = list(items)`) is fine.\n"
    "\n"
    "## Example\n"
    "```python\n"
    "def collect(results, url):\n"
    "    results.append(fetch(url))     # PX104\n"
    "\n"
    "executor.submit(collect, RESULTS, url)\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "def collect(url):\n"
    "    return fetch(url)              # return it; the main thread gathers\n"
    "\n"
    "RESULTS = [f.result() for f in [executor.submit(collect, u) for u in urls]]\n"
    "```\n";

bool px_rule_matches_PX104(const PxFinding *f)
{
    return f->kind == PX_FIND_CONTAINER_MUTATION && f->root == PX_ROOT_ARGUMENT;
}

const char px_rule_format_PX104[] = "mutates %s, which the main thread passed in: %s";
