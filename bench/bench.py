#!/usr/bin/env python3
"""`make bench`: pxlint over the machine's Python standard library (without
site-packages), against a parse-only pass of the same files, which is the
floor every later change is compared with: the per-file facts (scopes and
effect IR, issue #3's target: 1.5x), the check of the callbacks found, and
every function as a callback (issue #4's target: 2x). Prints files, lines,
wall and CPU seconds and peak memory (the best of each mode's runs), each
mode's cost against parse-only: the median, over --repeat rounds, of its
ratio to a parse-only run made right before or after it, with the middle
half of those ratios, and the phases of one more every-function run
(`pxlint debug timings`). Never writes into the library."""
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
    ap.add_argument("--repeat", type=int, default=7,
                    help="rounds; each times every mode next to a parse-only run (default: 7)")
    args = ap.parse_args()
    if args.repeat < 1:
        ap.error("--repeat must be at least 1")
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
    floor = ("parse-only", ["--parse-only"])
    modes = (("facts-only", ["--facts-only"]), ("check", []),
             ("all-functions", ["--all-functions", "--statistics"]))

    def run(extra):
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
            raise RuntimeError("pxlint exited %s:\n%s" % (rc, proc.stderr[-2000:]))
        return float(wall), float(cpu), float(rss)

    # This kind of machine changes speed by a third from one run to the
    # next and drifts over minutes: each mode is timed right next to a
    # parse-only run of its own (over twelve pairs, the ratios' standard
    # deviation was 0.18 against 0.22 when paired a minute apart), the two
    # taking turns going first, and the modes taking turns in order; the
    # figure is the median of those paired ratios. A best-against-best
    # ratio pairs a lucky run of one mode with an unlucky one of the other.
    runs = {floor[0]: []}
    ratios = {mode: [] for mode, _ in modes}
    try:
        for r in range(args.repeat):
            for i, (mode, extra) in enumerate(modes if r % 2 == 0 else modes[::-1]):
                floor_first = (r + i) % 2 == 0
                a = run(floor[1] if floor_first else extra)
                b = run(extra if floor_first else floor[1])
                base, this = (a, b) if floor_first else (b, a)
                runs[floor[0]].append(base)
                runs.setdefault(mode, []).append(this)
                ratios[mode].append((*(x / y for x, y in zip(this, base)), base[0]))
    except RuntimeError as e:
        print("bench: %s" % e)
        return 1
    print("%-14s %9s %9s %10s" % ("mode", "wall s", "cpu s", "peak MiB"))
    print("(best of each mode's runs; %d rounds, each timing every mode next to a "
          "parse-only run)" % args.repeat)
    for mode in (floor[0], *(m for m, _ in modes)):
        print("%-14s %9.2f %9.2f %10.1f" % (mode, *min(runs[mode])))
    for mode, _ in modes:
        wall, cpu, memory, floor_wall = ([x[k] for x in ratios[mode]] for k in range(4))
        spread = ""
        if len(wall) >= 2:
            q1, _, q3 = statistics.quantiles(wall, n=4, method="inclusive")
            spread = " (middle half %.2fx-%.2fx)" % (q1, q3)
        # each pair's parse-only seconds too: the ratio is higher when the
        # machine runs fast (the parse gains on both cores, the fixpoint,
        # on one and waiting on memory, less)
        print("%s / parse-only (median of %d adjacent pairs): wall %.2fx%s, cpu %.2fx, "
              "memory %.2fx; wall per pair (parse-only's time): %s"
              % (mode, len(wall), statistics.median(wall), spread, statistics.median(cpu),
                 statistics.median(memory),
                 ", ".join("%.2f (%.1f s)" % x for x in zip(wall, floor_wall))))
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
