"""`pxlint debug timings`: every phase of a check, in order, with the
wall-clock and CPU seconds it took."""
import json
import time
import unittest

from tests.e2e.helpers import TempDirTest, run

PHASES = ["files", "index", "fixpoint", "results", "report", "silence", "sort"]

APP = (
    "import threading\n"
    "LOG = []\n"
    "def work(n):\n"
    "    LOG.append(n)\n"
    "def helper(xs):\n"
    "    return sorted(xs)\n"
    "threading.Thread(target=work, args=(1,)).start()\n")


class TestDebugTimings(TempDirTest):
    def test_every_phase_is_timed(self):
        # enough code that each phase takes measurable time
        for i in range(40):
            self.write("pkg/mod%d.py" % i, APP * 20)
        started = time.monotonic()
        r = run(["debug", "timings", "--isolated", "--all-functions", "pkg"], cwd=self.dir)
        elapsed = time.monotonic() - started
        self.assertEqual(r.returncode, 0, r.stderr)
        phases = json.loads(r.stdout)
        self.assertEqual([p["phase"] for p in phases], PHASES)
        for p in phases:
            self.assertGreater(p["wall"], 0.0, p["phase"])
            self.assertGreaterEqual(p["cpu"], 0.0, p["phase"])
        # the phases are parts of the run, not more than it
        self.assertLess(sum(p["wall"] for p in phases), elapsed)

    def test_parse_only_runs_no_analysis(self):
        self.write("app.py", APP)
        r = run(["debug", "timings", "--isolated", "--parse-only", "app.py"], cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        walls = {p["phase"]: p["wall"] for p in json.loads(r.stdout)}
        self.assertGreater(walls["files"], 0.0)
        for phase in ("index", "fixpoint", "results", "report"):
            self.assertEqual(walls[phase], 0.0, phase)

    def test_a_path_that_cannot_be_read_is_named(self):
        # every debug runner says why it exits 2, as check does
        for sub in ("timings", "verdicts", "calls"):
            r = run(["debug", sub, "--isolated", "missing.py"], cwd=self.dir)
            self.assertEqual(r.returncode, 2, sub)
            self.assertIn("pxlint: error: missing.py:", r.stderr, sub)

    def test_help_and_bad_option(self):
        r = run(["debug", "timings", "--help"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("wall-clock and CPU seconds", r.stdout)
        self.assertIn("timings", run(["debug", "--help"]).stdout)
        self.assertEqual(run(["debug", "timings", "--bogus", "x.py"]).returncode, 2)


if __name__ == "__main__":
    unittest.main()
