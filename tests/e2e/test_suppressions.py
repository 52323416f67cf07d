"""End-to-end: suppression comments and --report-unused-ignores through the
command line (exit status, output formats, interplay with selection)."""
import json

from tests.e2e.helpers import TempDirTest, run


class Suppressions(TempDirTest):
    def test_a_silenced_file_exits_clean(self):
        self.write("a.py", "values = [1, 2,  # pxlint: ignore[PX001]\n")
        proc = run(["check", "--isolated", "a.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        self.assertIn("All checks passed!", proc.stdout)

    def test_json_and_statistics_leave_silenced_diagnostics_out(self):
        self.write("a.py", "values = [1, 2,  # noqa\n")
        self.write("b.py", "values = [1, 2,\n")
        proc = run(["check", "--isolated", "--format", "json", "."], cwd=self.dir)
        self.assertEqual([d["file"] for d in json.loads(proc.stdout)], ["./b.py"])
        proc = run(["check", "--isolated", "--statistics", "."], cwd=self.dir)
        self.assertRegex(proc.stdout, r"\s1\s+PX001\s+syntax-error")

    def test_skip_file_silences_the_whole_file(self):
        self.write("gen.py", "# pxlint: skip-file\nvalues = [1, 2,\n")
        proc = run(["check", "--isolated", "gen.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 0, proc.stdout)

    def test_unused_suppressions_only_with_the_flag(self):
        self.write("a.py", "x = 1  # pxlint: ignore[PX001]\n")
        self.assertEqual(run(["check", "--isolated", "a.py"], cwd=self.dir).returncode, 0)
        proc = run(["check", "--isolated", "--report-unused-ignores", "a.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("a.py:1:8: PX003 unused suppression: PX001 is not reported here",
                      proc.stdout)

    def test_unused_report_respects_selection(self):
        self.write("a.py", "x = 1  # pxlint: ignore[PX001]\n")
        # PX003 itself not selected: nothing to report.
        proc = run(["check", "--isolated", "--report-unused-ignores", "--select", "PX001",
                    "a.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        # PX001 not selected: its suppression may be in use on other runs.
        proc = run(["check", "--isolated", "--report-unused-ignores", "--ignore", "PX001",
                    "a.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 0, proc.stdout)

    def test_per_file_ignores_keep_their_codes_from_being_unused(self):
        self.write(".pxlint.yaml", "per-file-ignores: {a.py: [PX001]}\n"
                                   "report-unused-ignores: true\n")
        self.write("a.py", "values = [1, 2,  # pxlint: ignore[PX001]\n")
        proc = run(["check", "a.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 0, proc.stdout)

    def test_explain_px003(self):
        proc = run(["explain", "PX003"])
        self.assertEqual(proc.returncode, 0)
        self.assertIn("--report-unused-ignores", proc.stdout)
        self.assertIn("unused-suppression", run(["rules"]).stdout)
