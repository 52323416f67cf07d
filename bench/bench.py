#!/usr/bin/env python3
"""`make bench`: pxlint over the machine's Python standard library (without
site-packages), against a parse-only pass of the same files, which is the
floor every later change is compared with: the per-file facts (scopes and
effect IR, issue #3's target: 1.5x), the check of the callbacks found, and
every function as a callback (issue #4's target: 2x). Prints files, lines,
wall and CPU seconds (the best of --repeat rounds, each running every mode
once), peak memory, each mode's cost against parse-only: the median over
rounds of the ratio to that round's parse-only run, and the phases of one
more every-function run (`pxlint debug timings`). Never writes into the
library."""
import argparse
import json
import os
import statistics
import subprocess
import sys
import sysconfig


def stdlib_files():
    try:
        root = sysconfig.get_paths()["stdlib"]
    except (KeyError, TypeError):
        return None, []
    if not root or not os.path.isdir(root):
        return root, []
    site = os.path.join(root, "site-packages")
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        if dirpath == site or dirpath.startswith(site + os.sep):
            dirnames[:] = []
            continue
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d != "__pycache__")
        files += [os.path.join(dirpath, f) for f in sorted(filenames) if f.endswith(".py")]
    return root, files


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pxlint", required=True)
    ap.add_argument("--jobs", type=int, default=0, help="worker threads (default: all CPUs)")
    ap.add_argument("--repeat", type=int, default=5,
                    help="rounds; each runs every mode once (default: 5)")
    args = ap.parse_args()
    root, files = stdlib_files()
    if not files:
        print("bench: skipped: no Python standard library found via sysconfig")
        return 0
    lines = 0
    for f in files:
        with open(f, "rb") as fh:
            lines += fh.read().count(b"\n")
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    print("bench: %d files, %d lines under %s (site-packages excluded)" % (len(files), lines, root))
    print("%-14s %9s %9s %10s" % ("mode", "wall s", "cpu s", "peak MiB"))
    print("(best of %d rounds; each round runs every mode once, in turn)" % args.repeat)
    runs = {}
    modes = (("parse-only", ["--parse-only"]), ("facts-only", ["--facts-only"]),
             ("check", []), ("all-functions", ["--all-functions", "--statistics"]))
    # Rounds over every mode rather than one mode at a time: the speed of
    # this kind of machine drifts over minutes, so a mode is compared with
    # the parse-only run of its own round (paired), and the median of those
    # ratios is the figure; a best-against-best ratio pairs a lucky run of
    # one mode with an unlucky one of the other.
    for _ in range(args.repeat):
        for mode, extra in modes:
            # A fresh interpreter per run so peak memory is this run's alone.
            code = ("import resource,subprocess,sys,time;t=time.perf_counter();"
                    "p=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.PIPE);"
                    "w=time.perf_counter()-t;u=resource.getrusage(resource.RUSAGE_CHILDREN);"
                    "print(w,u.ru_utime+u.ru_stime,u.ru_maxrss/1024.0,p.returncode);"
                    "sys.stderr.write(p.stderr.decode(errors='replace'))")
            proc = subprocess.run([sys.executable, "-c", code, args.pxlint, "check", "--quiet",
                                   *jobs, *extra, *files], capture_output=True, text=True)
            wall, cpu, rss, rc = proc.stdout.split()
            if int(rc) not in (0, 1):
                print("bench: pxlint exited %s:\n%s" % (rc, proc.stderr[-2000:]))
                return 1
            runs.setdefault(mode, []).append((float(wall), float(cpu), float(rss)))
    for mode, _ in modes:
        print("%-14s %9.2f %9.2f %10.1f" % (mode, *min(runs[mode])))
    floor = runs["parse-only"]
    for mode, _ in modes[1:]:
        ratios = [[r[k] / f[k] for r, f in zip(runs[mode], floor)] for k in range(3)]
        print("%s / parse-only (median of paired rounds): wall %.2fx, cpu %.2fx, memory %.2fx;"
              " wall per round: %s" % (mode, *(statistics.median(x) for x in ratios),
                                       " ".join("%.2f" % x for x in ratios[0])))
    # Where an all-functions run's time goes, from one more run.
    proc = subprocess.run([args.pxlint, "debug", "timings", "--all-functions", *jobs, *files],
                          capture_output=True, text=True)
    if proc.returncode != 0:
        print("bench: pxlint debug timings exited %d:\n%s" % (proc.returncode, proc.stderr[-2000:]))
        return 1
    print("all-functions by phase (one run; wall s / cpu s): " +
          ", ".join("%s %.2f/%.2f" % (p["phase"], p["wall"], p["cpu"])
                    for p in json.loads(proc.stdout)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
