#!/usr/bin/env python3
"""Score pxlint against the labeled callback corpus (tests/corpus/cases).

    python3 tests/corpus/score.py --pxlint build/pxlint

runs, from the repository root,

    PXLINT check --format json --config tests/corpus/.pxlint.yaml tests/corpus/cases
    PXLINT whitelist --config tests/corpus/.pxlint.yaml tests/corpus/cases -o TMP/wl.json

and compares the results with the labels (read by harness.py's discovery):

  soundness        UNSAFE callbacks on the whitelist           target: 0
  precision        SAFE callbacks on the whitelist             target: >= 95%
  family accuracy  UNSAFE callbacks with a diagnostic whose callback is
                   them and whose code is of the labeled family
                   (mutation: PX101-PX105, call: PX201-PX202,
                   unprovable: PX301-PX302)                    target: 100%

Callbacks are matched by (file relative to the repo root, line of the first
decorator or def).  Every miss is listed.  Exit status: 0 all targets met,
1 a target missed, 2 pxlint failed (exit 2, a crash, unreadable output).

Stdlib only.
"""

import argparse
import collections
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO_ROOT = os.path.dirname(os.path.dirname(HERE))
CASES_REL = "tests/corpus/cases"
CONFIG_REL = "tests/corpus/.pxlint.yaml"

FAMILY_CODES = {
    "mutation": range(101, 106),
    "call": range(201, 203),
    "unprovable": range(301, 303),
}
PRECISION_TARGET = 95.0
FAMILY_TARGET = 100.0
PXLINT_TIMEOUT = 600


class ToolError(Exception):
    """pxlint could not be run or its output could not be read."""


def load_harness():
    sys.dont_write_bytecode = True      # never write __pycache__ into the repo
    spec = importlib.util.spec_from_file_location("pxlint_corpus_harness",
                                                  os.path.join(HERE, "harness.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def load_corpus():
    """Return the labeled callbacks as dicts (same shape as harness --list)."""
    harness = load_harness()
    out, problems = [], []
    for path in harness.case_files():
        cbs, probs = harness.discover(path)
        out += [cb.as_json() for cb in cbs]
        problems += probs
    if problems:
        raise ToolError("corpus labels are malformed:\n  " + "\n  ".join(problems))
    return out


def norm_path(path, known):
    """Normalise a path reported by pxlint to repo-root-relative posix form."""
    if not isinstance(path, str) or not path:
        return None
    candidates = []
    if os.path.isabs(path):
        candidates.append(path)
    else:
        # pxlint runs with cwd = repo root; be lenient about other bases.
        for base in (REPO_ROOT, HERE, os.path.join(REPO_ROOT, CASES_REL)):
            candidates.append(os.path.join(base, path))
    first = None
    for c in candidates:
        rel = os.path.relpath(os.path.normpath(c), REPO_ROOT).replace(os.sep, "/")
        if first is None:
            first = rel
        if rel in known:
            return rel
    # symlinked checkouts: compare real paths
    for c in candidates:
        rel = os.path.relpath(os.path.realpath(c), os.path.realpath(REPO_ROOT))
        rel = rel.replace(os.sep, "/")
        if rel in known:
            return rel
    return first


def code_number(code):
    if isinstance(code, str) and code.upper().startswith("PX") and code[2:].isdigit():
        return int(code[2:])
    return None


def family_of(code):
    n = code_number(code)
    for fam, rng in FAMILY_CODES.items():
        if n is not None and n in rng:
            return fam
    return None


def run_pxlint(cmd):
    try:
        proc = subprocess.run(cmd, cwd=REPO_ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, timeout=PXLINT_TIMEOUT)
    except FileNotFoundError:
        raise ToolError("cannot run %s: not found" % cmd[0])
    except PermissionError:
        raise ToolError("cannot run %s: permission denied" % cmd[0])
    except subprocess.TimeoutExpired:
        raise ToolError("%s timed out after %ds" % (" ".join(cmd), PXLINT_TIMEOUT))
    if proc.returncode not in (0, 1):
        raise ToolError("%s exited %d\n%s" % (" ".join(cmd), proc.returncode,
                                             proc.stderr.decode("utf-8", "replace")[-4000:]))
    return proc


def read_diagnostics(stdout, known):
    try:
        data = json.loads(stdout.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as e:
        raise ToolError("check --format json did not print JSON: %s" % e)
    if not isinstance(data, list):
        raise ToolError("check --format json printed %s, not an array" % type(data).__name__)
    diags = []
    for i, d in enumerate(data):
        if not isinstance(d, dict) or "code" not in d:
            raise ToolError("diagnostic #%d is not an object with a code: %r" % (i, d))
        cb = d.get("callback")
        key = None
        if isinstance(cb, dict) and isinstance(cb.get("line"), int):
            key = (norm_path(cb.get("file"), known), cb["line"])
        diags.append({"code": d["code"], "callback": key,
                      "callback_qualname": cb.get("qualname") if isinstance(cb, dict) else None,
                      "where": "%s:%s" % (norm_path(d.get("file"), known), d.get("line")),
                      "message": d.get("message", "")})
    return diags


def read_whitelist(path, known):
    try:
        with open(path, encoding="utf-8") as f:
            data = json.load(f)
    except FileNotFoundError:
        raise ToolError("whitelist was not written to %s" % path)
    except (UnicodeDecodeError, ValueError) as e:
        raise ToolError("whitelist is not JSON: %s" % e)
    if not isinstance(data, dict) or data.get("pxlint_whitelist") != 1 \
            or not isinstance(data.get("functions"), list):
        raise ToolError("whitelist lacks \"pxlint_whitelist\": 1 and a \"functions\" array")
    entries = []
    for i, e in enumerate(data["functions"]):
        if not isinstance(e, dict) or not isinstance(e.get("line"), int):
            raise ToolError("whitelist entry #%d has no integer line: %r" % (i, e))
        entries.append(dict(e, key=(norm_path(e.get("file"), known), e["line"])))
    return entries


def check_hash(entry):
    """Return None if the entry's source_sha256 matches its lines, else a note."""
    rel, line = entry["key"]
    end = entry.get("end_line")
    want = entry.get("source_sha256")
    if rel is None or not isinstance(end, int) or not isinstance(want, str):
        return "missing file, end_line or source_sha256"
    try:
        with open(os.path.join(REPO_ROOT, rel), "rb") as f:
            lines = f.read().splitlines(keepends=True)
    except OSError as e:
        return "cannot read %s: %s" % (rel, e)
    chunk = b"".join(lines[line - 1:end])
    variants = {hashlib.sha256(chunk).hexdigest(),
                hashlib.sha256(chunk.rstrip(b"\r\n")).hexdigest(),
                hashlib.sha256(b"\n".join(l.rstrip(b"\r\n") for l in lines[line - 1:end])).hexdigest()}
    return None if want.lower() in variants else "source_sha256 does not match lines %d-%d" % (line, end)


def pct(n, d):
    return 100.0 * n / d if d else 100.0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--pxlint", default="build/pxlint",
                    help="pxlint binary (default: build/pxlint, relative to the repo root)")
    ap.add_argument("--min-precision", type=float, default=PRECISION_TARGET,
                    help="precision target in percent (default %(default)s)")
    ap.add_argument("--min-family-accuracy", type=float, default=FAMILY_TARGET,
                    help="family accuracy target in percent (default %(default)s)")
    ap.add_argument("--quiet", action="store_true", help="print only the summary lines")
    opts = ap.parse_args(argv)

    pxlint = opts.pxlint
    if os.sep in pxlint or (os.altsep and os.altsep in pxlint):
        pxlint = os.path.abspath(pxlint) if os.path.exists(pxlint) \
            else os.path.join(REPO_ROOT, pxlint)

    try:
        corpus = load_corpus()
        known = {c["file"] for c in corpus}
        check = run_pxlint([pxlint, "check", "--format", "json", "--config", CONFIG_REL,
                            CASES_REL])
        diags = read_diagnostics(check.stdout, known)
        with tempfile.TemporaryDirectory(prefix="pxlint-score-") as tmp:
            wl_path = os.path.join(tmp, "wl.json")
            run_pxlint([pxlint, "whitelist", "--config", CONFIG_REL, CASES_REL,
                        "-o", wl_path])
            whitelist = read_whitelist(wl_path, known)
    except ToolError as e:
        print("score: error: %s" % e, file=sys.stderr)
        return 2

    by_key = {(c["file"], c["line"]): c for c in corpus}
    listed = {e["key"]: e for e in whitelist}
    diags_for = collections.defaultdict(list)
    stray_diags = 0
    for d in diags:
        if d["callback"] in by_key:
            diags_for[d["callback"]].append(d)
        elif d["callback"] is not None:
            stray_diags += 1

    safe = [c for c in corpus if c["label"] == "SAFE"]
    unsafe = [c for c in corpus if c["label"] == "UNSAFE"]
    unsound, imprecise, family_miss, notes = [], [], [], []

    def where(c):
        return "%s:%d %s" % (c["file"], c["line"], c["qualname"])

    def codes(key):
        return ", ".join("%s at %s" % (d["code"], d["where"]) for d in diags_for[key]) \
            or "no diagnostic"

    for c in unsafe:
        key = (c["file"], c["line"])
        if key in listed:
            unsound.append("UNSOUND   %s (UNSAFE %s) is whitelisted" % (where(c), c["family"]))
        if not any(family_of(d["code"]) == c["family"] for d in diags_for[key]):
            lo, hi = FAMILY_CODES[c["family"]][0], FAMILY_CODES[c["family"]][-1]
            family_miss.append("FAMILY    %s (UNSAFE %s, want PX%d-PX%d): %s"
                               % (where(c), c["family"], lo, hi, codes(key)))
    for c in safe:
        key = (c["file"], c["line"])
        if key not in listed:
            imprecise.append("IMPRECISE %s (SAFE) not whitelisted: %s" % (where(c), codes(key)))
    for key, e in sorted(listed.items(), key=lambda kv: (str(kv[0][0]), kv[0][1])):
        c = by_key.get(key)
        if c is None:
            notes.append("note: whitelist entry %s:%s %s is not a labeled callback"
                         % (key[0], key[1], e.get("qualname")))
            continue
        if e.get("qualname") != c["qualname"]:
            notes.append("note: whitelist entry %s has qualname %r, corpus says %r"
                         % (where(c), e.get("qualname"), c["qualname"]))
        bad = check_hash(e)
        if bad:
            notes.append("note: whitelist entry %s: %s" % (where(c), bad))
    if stray_diags:
        notes.append("note: %d diagnostics name a callback that is not labeled in the corpus"
                     % stray_diags)

    safe_listed = len(safe) - len(imprecise)
    fam_ok = len(unsafe) - len(family_miss)
    precision = pct(safe_listed, len(safe))
    family_acc = pct(fam_ok, len(unsafe))
    ok_sound = not unsound
    ok_prec = precision >= opts.min_precision
    ok_fam = family_acc >= opts.min_family_accuracy

    if not opts.quiet:
        for line in unsound + family_miss + imprecise + notes:
            print(line)
    fams = collections.Counter(c["family"] for c in unsafe)
    print("corpus: %d callbacks: %d SAFE, %d UNSAFE (%s)"
          % (len(corpus), len(safe), len(unsafe),
             ", ".join("%s %d" % kv for kv in sorted(fams.items()))))
    print("pxlint: %d diagnostics, %d whitelisted functions" % (len(diags), len(whitelist)))
    print("soundness: %d UNSAFE callbacks whitelisted (target 0) %s"
          % (len(unsound), "ok" if ok_sound else "MISSED"))
    print("precision: %d/%d SAFE callbacks whitelisted = %.1f%% (target >= %.1f%%) %s"
          % (safe_listed, len(safe), precision, opts.min_precision,
             "ok" if ok_prec else "MISSED"))
    print("family accuracy: %d/%d UNSAFE callbacks with a diagnostic of their family "
          "= %.1f%% (target >= %.1f%%) %s"
          % (fam_ok, len(unsafe), family_acc, opts.min_family_accuracy,
             "ok" if ok_fam else "MISSED"))
    for fam in sorted(FAMILY_CODES):
        total = fams.get(fam, 0)
        missed = sum(1 for m in family_miss if "(UNSAFE %s," % fam in m)
        print("  %-10s %d/%d" % (fam, total - missed, total))
    return 0 if (ok_sound and ok_prec and ok_fam) else 1


if __name__ == "__main__":
    sys.exit(main())
