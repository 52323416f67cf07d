#!/usr/bin/env python3
"""Fixture runner: each Python file (or project directory) under fixtures/
sits beside its expected diagnostics.

Two checks per fixture:
  * inline markers: a line ending in `# error: [PX101]` (or `[PX101, PX104]`)
    must get exactly those codes, and unmarked lines must get none;
  * the snapshot `<fixture>.expected` (position, code, message, callback and
    trace of every diagnostic) must match. `--bless` rewrites snapshots after
    a reviewed change; markers are never rewritten.

Layout: fixtures/<GROUP>/<name>.py is a single-file fixture,
fixtures/<GROUP>/<name>/ a project fixture (the whole directory is checked).
Extra pxlint arguments go in a first-lines comment `# pxlint-args: ...` (file)
or in `<name>/pxlint-args` (project). A fixture's own config is
`<name>.pxlint.yaml` (file) or `<name>/.pxlint.yaml` (project).
"""
import argparse
import difflib
import json
import os
import re
import shlex
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARKER = re.compile(r"#\s*error:\s*\[([A-Z0-9,\s]+)\]")
ARGS = re.compile(r"#\s*pxlint-args:\s*(.*)")


def find_fixtures(base):
    for group in sorted(os.listdir(base)):
        gdir = os.path.join(base, group)
        if not os.path.isdir(gdir) or group.startswith("."):
            continue
        for name in sorted(os.listdir(gdir)):
            path = os.path.join(gdir, name)
            if name.endswith(".py") and os.path.isfile(path):
                yield path, False
            elif os.path.isdir(path) and not name.startswith(("_", ".")):
                yield path, True


def extra_args(path, is_project):
    if is_project:
        f = os.path.join(path, "pxlint-args")
        return shlex.split(open(f).read()) if os.path.exists(f) else []
    with open(path, "rb") as fh:
        for line in fh.read().decode("utf-8", "replace").splitlines()[:5]:
            m = ARGS.search(line)
            if m:
                return shlex.split(m.group(1))
    return []


def config_args(path, is_project):
    cfg = os.path.join(path, ".pxlint.yaml") if is_project else path[:-3] + ".pxlint.yaml"
    if os.path.exists(cfg):
        return ["--config", cfg]
    return ["--isolated"] if ISOLATED_SUPPORTED else []


def run_pxlint(pxlint, path, is_project):
    rel = os.path.relpath(path, ROOT)
    cmd = [pxlint, "check", "--format", "json", *config_args(rel, is_project),
           *extra_args(path, is_project), rel]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, timeout=120)
    if proc.returncode not in (0, 1):
        raise RuntimeError("%s exited %d:\n%s" % (" ".join(cmd), proc.returncode,
                                                  proc.stderr.decode("utf-8", "replace")))
    return json.loads(proc.stdout)


def markers(path, is_project):
    files = []
    if is_project:
        for dirpath, _, names in os.walk(path):
            files += [os.path.join(dirpath, n) for n in names if n.endswith(".py")]
    else:
        files = [path]
    want = set()
    for f in files:
        rel = os.path.relpath(f, ROOT)
        with open(f, "rb") as fh:
            text = fh.read().decode("utf-8", "replace")
        for lineno, line in enumerate(text.splitlines(), 1):
            m = MARKER.search(line)
            if m:
                for code in m.group(1).split(","):
                    if code.strip():
                        want.add((rel, lineno, code.strip()))
    return want


def snapshot(diags):
    out = []
    for d in diags:
        out.append("%s:%d:%d-%d:%d %s %s" % (d["file"], d["line"], d["column"],
                                            d["end_line"], d["end_column"],
                                            d["code"], d["message"]))
        if d.get("callback"):
            cb = d["callback"]
            out.append("    callback %s.%s (%s:%d)" % (cb["module"], cb["qualname"],
                                                     cb["file"], cb["line"]))
        for t in d.get("trace", []):
            out.append("    %s %s:%d:%d %s" % (t["kind"], t["file"], t["line"],
                                              t["column"], t["message"]))
    return "\n".join(out) + ("\n" if out else "")


def expected_path(path, is_project):
    return path.rstrip("/") + ".expected" if is_project else path[:-3] + ".expected"


def supports_isolated(pxlint):
    proc = subprocess.run([pxlint, "check", "--help"], capture_output=True)
    return b"--isolated" in proc.stdout


def main():
    global ISOLATED_SUPPORTED
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pxlint", required=True)
    ap.add_argument("--bless", action="store_true", help="rewrite .expected snapshots")
    ap.add_argument("filter", nargs="*", help="only fixtures whose path contains one of these")
    args = ap.parse_args()
    pxlint = os.path.abspath(args.pxlint)
    ISOLATED_SUPPORTED = supports_isolated(pxlint)
    passed = failed = 0
    for path, is_project in find_fixtures(os.path.join(ROOT, "fixtures")):
        rel = os.path.relpath(path, ROOT)
        if args.filter and not any(f in rel for f in args.filter):
            continue
        problems = []
        try:
            diags = run_pxlint(pxlint, path, is_project)
        except (RuntimeError, subprocess.TimeoutExpired, ValueError) as e:
            print("FAIL %s: %s" % (rel, e))
            failed += 1
            continue
        got = {(d["file"], d["line"], d["code"]) for d in diags}
        want = markers(path, is_project)
        for f, line, code in sorted(want - got):
            problems.append("%s:%d: expected %s (inline marker), not reported" % (f, line, code))
        for f, line, code in sorted(got - want):
            problems.append("%s:%d: %s reported, but the line has no marker for it" % (f, line, code))
        snap = snapshot(diags)
        exp = expected_path(path, is_project)
        if args.bless:
            old = open(exp).read() if os.path.exists(exp) else None
            if old != snap:
                with open(exp, "w") as fh:
                    fh.write(snap)
                print("blessed %s" % os.path.relpath(exp, ROOT))
        elif not os.path.exists(exp):
            problems.append("no snapshot %s (run `make bless` after review)" % os.path.relpath(exp, ROOT))
        else:
            old = open(exp).read()
            if old != snap:
                diff = difflib.unified_diff(old.splitlines(), snap.splitlines(),
                                            "expected", "got", lineterm="")
                problems.append("snapshot differs:\n    " + "\n    ".join(diff))
        if problems:
            failed += 1
            print("FAIL %s" % rel)
            for p in problems:
                print("  " + p)
        else:
            passed += 1
    print("fixtures: %d passed, %d failed" % (passed, failed))
    if passed + failed == 0:
        print("no fixtures found")
        return 1
    return 1 if failed else 0


ISOLATED_SUPPORTED = False

if __name__ == "__main__":
    sys.exit(main())
