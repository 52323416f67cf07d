/* PX103 shared-attribute-write: sets or deletes an attribute of a main-thread object. */
#include "finding_rules.h"

const char px_doc_PX103[] =
    "# PX103 shared-attribute-write\n"
    "\n"
    "## What it does\n"
    "Reports a callback that sets or deletes an attribute of an object the main\n"
    "thread created: a module-level instance (`CONFIG.debug = True`), `self` of\n"
    "a method run on a parallel thread (`self.result = x`), an argument\n"
    "(`request.user = u`), or something reachable from them.\n"
    "\n"
    "## Why is this bad?\n"
    "Attribute writes change the object's `__dict__`, which other threads read\n"
    "at the same time. Without the GIL that is a data race.\n"
    "\n"
    "## Known problems\n"
    "Attributes of objects the callback created itself are fine, including\n"
    "instances of project classes it constructs.\n"
    "\n"
    "## Example\n"
    "```python\n"
    "class Job:\n"
    "    def run(self):\n"
    "        self.result = compute()   # PX103: `self` is the main thread's Job\n"
    "\n"
    "executor.submit(job.run)\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "class Job:\n"
    "    def run(self):\n"
    "        return compute()          # return the result instead\n"
    "\n"
    "future = executor.submit(job.run)\n"
    "job.result = future.result()      # set it on the main thread\n"
    "```\n";

bool px_rule_matches_PX103(const PxFinding *f)
{
    return f->kind == PX_FIND_ATTRIBUTE_WRITE &&
           !(f->root == PX_ROOT_MODULE || (f->root == PX_ROOT_CLASS && !f->reached));
}

const char px_rule_format_PX103[] = "writes to %s, a main-thread object: %s";
