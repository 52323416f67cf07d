#!/usr/bin/env python3
"""Compares pxlint's PX001 verdicts with CPython's compile() over the standard
library (without site-packages). pxlint is not a syntax checker: this shows
where the grammar and CPython disagree, for the README. Never writes into the
library (compile() only, no bytecode files)."""
import argparse
import json
import os
import subprocess
import sys
import sysconfig
import warnings


def stdlib_files():
    root = sysconfig.get_paths()["stdlib"]
    site = os.path.join(root, "site-packages")
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        if dirpath.startswith(site):
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".")
                             and d != "__pycache__" and d != "node_modules")
        out += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
    return root, out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pxlint", required=True)
    args = ap.parse_args()
    root, files = stdlib_files()
    cpython_bad = {}
    warnings.simplefilter("ignore")
    for f in files:
        try:
            with open(f, "rb") as fh:
                compile(fh.read(), f, "exec", dont_inherit=True)
        except (SyntaxError, ValueError) as e:
            cpython_bad[f] = "%s: %s" % (type(e).__name__, e)
    proc = subprocess.run([args.pxlint, "check", "--format", "json", "--select", "PX001",
                           *files], capture_output=True, text=True)
    if proc.returncode not in (0, 1):
        print(proc.stderr)
        return 2
    px_bad = {d["file"]: "%d:%d %s" % (d["line"], d["column"], d["message"])
              for d in json.loads(proc.stdout)}
    print("files: %d under %s (site-packages excluded)" % (len(files), root))
    print("CPython rejects %d, pxlint reports PX001 for %d" % (len(cpython_bad), len(px_bad)))
    both = set(cpython_bad) & set(px_bad)
    print("both reject: %d" % len(both))
    print("CPython rejects, the grammar accepts (%d):" % len(set(cpython_bad) - set(px_bad)))
    for f in sorted(set(cpython_bad) - set(px_bad)):
        print("  %s  [%s]" % (os.path.relpath(f, root), cpython_bad[f][:100]))
    print("the grammar rejects, CPython accepts (%d):" % len(set(px_bad) - set(cpython_bad)))
    for f in sorted(set(px_bad) - set(cpython_bad)):
        print("  %s  [%s]" % (os.path.relpath(f, root), px_bad[f][:100]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
