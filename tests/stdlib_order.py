#!/usr/bin/env python3
"""The order the fixpoint solves in changes nothing it reports: over the
machine's Python standard library (without site-packages), every function a
callback, `pxlint debug verdicts` and its --reverse-sweep must give each
callback the same rules and the same sites. A rule that differs is a
dependency the fixpoint does not track; sites that differ are a cap that
keeps the first effects a solve meets rather than the first in the files
(before they were ordered, 15,841 of 59,232 callbacks differed). Reads the
library, never writes into it."""
import argparse
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from bench import stdlib_files  # noqa: E402  (the bench's own file list)


def keyed(verdicts):
    """`pxlint debug verdicts` output as (path, qualname, line, column) ->
    (rules, sites): two files may have one module name, and the lambdas of
    one function share a qualname."""
    out = {}
    for v in verdicts:
        key = (v["path"], v["callback"], v["line"], v["column"])
        if key in out:
            raise SystemExit("stdlib order: FAILED: two callbacks are %s" % (key,))
        out[key] = (v["rules"], v["sites"])
    return out


def verdicts(pxlint, files, reverse):
    args = [pxlint, "debug", "verdicts", "--isolated", "--all-functions"]
    proc = subprocess.run(args + (["--reverse-sweep"] if reverse else []) + files,
                          capture_output=True, text=True, errors="replace")
    if proc.returncode != 0:
        raise SystemExit("stdlib order: FAILED: pxlint exited %d\n%s"
                         % (proc.returncode, proc.stderr[-4000:]))
    return keyed(json.loads(proc.stdout))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pxlint", required=True)
    args = ap.parse_args()
    root, files = stdlib_files()
    if not files:
        print("stdlib order: skipped: no Python standard library found via sysconfig")
        return 0
    natural = verdicts(args.pxlint, files, False)
    reverse = verdicts(args.pxlint, files, True)
    failed = False
    for part, what in ((0, "rules"), (1, "sites")):
        differ = sorted(k for k in natural.keys() | reverse.keys()
                        if natural.get(k, ((), ()))[part] != reverse.get(k, ((), ()))[part])
        if differ:
            failed = True
            print("stdlib order: FAILED: %d of %d callbacks get other %s in reverse, e.g.:"
                  % (len(differ), len(natural), what))
            for k in differ[:5]:
                a, b = natural.get(k, ((), ()))[part], reverse.get(k, ((), ()))[part]
                print("  %s.%s (%d:%d): %s" % (k[0], k[1], k[2], k[3], sorted(set(a) ^ set(b))[:4]))
    if failed:
        return 1
    nsites = sum(len(v[1]) for v in natural.values())
    print("stdlib order: %d files, %d callbacks: the same rules and %d sites in either order"
          % (len(files), len(natural), nsites))
    return 0


if __name__ == "__main__":
    sys.exit(main())
