#!/usr/bin/env python3
"""Robustness: pxlint --all-functions over the machine's Python standard
library (without site-packages), every function analyzed as a callback. Run
with the ASan+UBSan build in `make test`: the analysis must finish with exit
0 or 1 and no sanitizer report. Reads the library, never writes into it."""
import argparse
import os
import subprocess
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "bench"))
from bench import stdlib_files  # noqa: E402  (the bench's own file list)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pxlint", required=True)
    args = ap.parse_args()
    root, files = stdlib_files()
    if not files:
        print("stdlib run: skipped: no Python standard library found via sysconfig")
        return 0
    proc = subprocess.run([args.pxlint, "check", "--quiet", "--all-functions", "--isolated",
                           "--format", "concise", *files],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          errors="replace")
    bad = [line for line in proc.stderr.splitlines()
           if "Sanitizer" in line or "runtime error" in line]
    if proc.returncode not in (0, 1) or bad:
        print("stdlib run: FAILED (exit %d) over %d files under %s" % (proc.returncode, len(files), root))
        print(proc.stderr[-4000:])
        return 1
    print("stdlib run: %d files, every function as a callback: exit %d, no sanitizer report"
          % (len(files), proc.returncode))
    return 0


if __name__ == "__main__":
    sys.exit(main())
