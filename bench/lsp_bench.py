#!/usr/bin/env python3
"""`make bench`, Language Server part: the time from a one-character edit to
the diagnostics published for it, on a generated 5,000-line file with 250
callbacks (a third of them unsafe), measured from the client's side of the
pipe. Prints the median and p95 with the default debounce (150 ms, what an
editor sees) and without it (--debounce-ms 0: re-parse plus analysis)."""
import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def generate(blocks=250):
    out = ["import threading", ""]
    for i in range(blocks):
        unsafe = i % 3 == 0
        out += [
            f"STATE_{i} = []",
            f"LIMIT_{i} = {i}",
            f"def helper_{i}(x):",
            f"    y = [x, x + {i}]",
            "    for k in range(3):",
            "        y.append(k * 2)",
            "    return y",
            f"def handler_{i}(x):",
            "    # the callback: reads the limit, builds a fresh list",
            f"    z = helper_{i}(x)",
            f"    if x > LIMIT_{i}:",
            f"        {'STATE_%d.append(z)' % i if unsafe else 'z = [x]'}",
            "    total = 0",
            "    for v in z:",
            "        total += v",
            "    return total",
            f"threading.Thread(target=handler_{i}, args=({i},)).start()",
            "",
            "",
            "",
        ]
    return "\n".join(out[:5000]) + "\n"


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, int(round(p / 100.0 * (len(s) - 1))))]


def measure(pxlint, debounce, edits):
    os.environ["PXLINT"] = pxlint
    from tests.e2e.lsp_helpers import Server, uri
    with tempfile.TemporaryDirectory(prefix="pxlint-lsp-bench-") as d:
        text = generate()
        path = os.path.join(d, "big.py")
        with open(path, "w") as fh:
            fh.write(text)
        args = [] if debounce is None else ["--debounce-ms", str(debounce)]
        s = Server(args, cwd=d)
        s.initialize(d)
        s.open(path, text)
        first = s.diagnostics(uri(path), timeout=120)
        times = []
        # Type characters into a comment in the middle of the file.
        line = 2 + 125 * 20 + 8
        col = len("    # the callback: reads the limit, builds a fresh list")
        for v in range(2, edits + 2):
            mark = s.mark()
            t0 = time.perf_counter()
            s.change(path, v, [{"range": {"start": {"line": line, "character": col},
                                          "end": {"line": line, "character": col}},
                                "text": "x"}])
            s.diagnostics(uri(path), mark, timeout=60, version=v)
            times.append((time.perf_counter() - t0) * 1000)
            col += 1
        s.finish()
        return len(text.splitlines()), len(first), times


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pxlint", required=True)
    ap.add_argument("--edits", type=int, default=40)
    args = ap.parse_args()
    pxlint = os.path.abspath(args.pxlint)
    for label, debounce in (("default debounce (150 ms)", None), ("no debounce", 0)):
        lines, ndiags, t = measure(pxlint, debounce, args.edits)
        print(f"lsp bench: {lines} lines, {ndiags} diagnostics, {len(t)} one-character "
              f"edits, {label}: edit -> publishDiagnostics median "
              f"{statistics.median(t):.1f} ms, p95 {pct(t, 95):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
