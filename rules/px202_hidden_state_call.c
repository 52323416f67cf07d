/* PX202 hidden-state-call: calls a standard-library function that mutates hidden interpreter state. */
#include "finding_rules.h"

const char px_doc_PX202[] =
    "# PX202 hidden-state-call\n"
    "\n"
    "## What it does\n"
    "Reports a callback that calls a standard-library function which changes\n"
    "state shared by the whole interpreter: the module-level `random` functions\n"
    "(they use one global generator), `os.environ` writes, `os.chdir`,\n"
    "`sys.path` and `sys.modules` changes, `logging.basicConfig`,\n"
    "`locale.setlocale`, `warnings.filterwarnings`, `signal.signal`, ...\n"
    "\n"
    "## Why is this bad?\n"
    "That state is invisible at the call site but shared by every thread: two\n"
    "threads drawing from `random.random()` race on the generator's state, and\n"
    "`os.chdir` changes the directory for every thread at once.\n"
    "\n"
    "## Known problems\n"
    "The list lives in pxlint's knowledge base (`rules/knowledge/`) and can be\n"
    "extended under `hidden-state` in `.pxlint.yaml`.\n"
    "\n"
    "## Example\n"
    "```python\n"
    "import random\n"
    "\n"
    "def sample(items):\n"
    "    return random.choice(items)       # PX202: the global generator\n"
    "```\n"
    "\n"
    "## Use instead\n"
    "```python\n"
    "import random\n"
    "\n"
    "def sample(items, seed):\n"
    "    return random.Random(seed).choice(items)   # a generator of its own\n"
    "```\n";

bool px_rule_matches_PX202(const PxFinding *f)
{
    return f->kind == PX_FIND_HIDDEN_STATE;
}

const char px_rule_format_PX202[] = "%s%s";
