"""End-to-end: finding .pxlint.yaml, command-line precedence, include/exclude
and .gitignore discovery, `pxlint config --show`, and config errors."""
import json
import os
import unittest

from tests.e2e.helpers import TempDirTest, run

BAD = "values = [1, 2,\n"  # PX001 on line 1
GOOD = "x = 1\n"


def checked_files(proc):
    """Files with a PX001 (every fixture file here has one) from JSON output."""
    return sorted({d["file"] for d in json.loads(proc.stdout)})


class DiscoveryOfTheConfigFile(TempDirTest):
    def setUp(self):
        super().setUp()
        self.write("proj/.pxlint.yaml", "ignore: [PX001]\n")
        self.write("proj/a/b/bad.py", BAD)
        self.sub = os.path.join(self.dir, "proj", "a", "b")

    def test_found_two_directories_up(self):
        proc = run(["check", "bad.py"], cwd=self.sub)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_found_from_the_first_path_not_the_cwd(self):
        proc = run(["check", "proj/a/b/bad.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)

    def test_without_a_config_the_error_is_reported(self):
        os.remove(os.path.join(self.dir, "proj", ".pxlint.yaml"))
        proc = run(["check", "bad.py"], cwd=self.sub)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("bad.py:1:", proc.stdout)

    def test_isolated_ignores_the_file(self):
        proc = run(["check", "--isolated", "bad.py"], cwd=self.sub)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("PX001", proc.stdout)

    def test_explicit_config_replaces_the_found_one(self):
        other = self.write("other.yaml", "select: [PX001]\n")
        proc = run(["check", "--config", other, "bad.py"], cwd=self.sub)
        self.assertEqual(proc.returncode, 1)

    def test_isolated_and_config_conflict(self):
        proc = run(["check", "--isolated", "--config", "x.yaml", "bad.py"], cwd=self.sub)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--isolated", proc.stderr)

    def test_missing_config_file(self):
        proc = run(["check", "--config", "nope.yaml", "bad.py"], cwd=self.sub)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("nope.yaml: error: cannot read", proc.stderr)
        self.assertEqual(proc.stdout, "")


class CommandLineOverridesTheFile(TempDirTest):
    def check(self, config, *args):
        self.write(".pxlint.yaml", config)
        self.write("bad.py", BAD)
        return run(["check", *args, "bad.py"], cwd=self.dir)

    def test_select_replaces_the_configured_selection(self):
        proc = self.check("ignore: [PX001]\n", "--select", "PX001")
        self.assertEqual(proc.returncode, 1)

    def test_extend_select_adds(self):
        self.assertEqual(self.check("select: [PX003]\n").returncode, 0)
        proc = self.check("select: [PX003]\n", "--extend-select", "syntax-error")
        self.assertEqual(proc.returncode, 1)

    def test_ignore_adds_to_the_configured_ignores(self):
        self.assertEqual(self.check("", "--ignore", "PX0").returncode, 0)
        self.assertEqual(self.check("select: [ALL]\n", "--ignore", "PX001").returncode, 0)

    def test_unknown_selector_on_the_command_line(self):
        proc = self.check("", "--select", "PX01")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("unknown rule selector 'PX01'", proc.stderr)

    def test_max_file_size(self):
        self.write(".pxlint.yaml", "max-file-size: 1\n")
        self.write("big.py", "x = 1\n" * 400000)  # 2.4 MB
        proc = run(["check", "big.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("big.py", proc.stderr)
        proc = run(["check", "--max-file-size", "4", "big.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 0, proc.stderr)

    def test_report_unused_ignores_from_the_file(self):
        self.write("x.py", "x = 1  # pxlint: ignore[PX001]\n")
        self.write(".pxlint.yaml", "report-unused-ignores: true\n")
        proc = run(["check", "x.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 1)
        self.assertIn("PX003 unused suppression: PX001 is not reported here", proc.stdout)
        proc = run(["check", "--ignore", "PX003", "x.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 0)

    def test_python_path_is_accepted(self):
        # Not used by the analysis yet: accepted, and it changes no result.
        proc = self.check("python-path: [src]\n", "--python-path", "lib:vendor")
        self.assertEqual(proc.returncode, 1, proc.stderr)

    def test_severity_reaches_the_output(self):
        proc = self.check("severity: {PX001: info}\n", "--format", "json")
        self.assertEqual(json.loads(proc.stdout)[0]["severity"], "info")


class IncludeExcludeAndGitignore(TempDirTest):
    def setUp(self):
        super().setUp()
        for rel in ["src/a.py", "src/gen/g.py", "src/skip.tmp.py", "src/keep.tmp.py",
                    "build/b.py", "rootonly.py", "src/rootonly.py", "sub/deep/d.py",
                    "sub/deep/local.py", "tests/t.py", "src/tests/t2.py", "tool.pyw"]:
            self.write(rel, BAD)
        self.write(".gitignore", "# comment\ngen/\n*.tmp.py\n!keep.tmp.py\n/rootonly.py\n")
        self.write("sub/.gitignore", "deep/local.py\n")

    def files(self, *args, config=None):
        if config is not None:
            self.write(".pxlint.yaml", config)
        proc = run(["check", "--format", "json", *args, "."], cwd=self.dir)
        self.assertIn(proc.returncode, (0, 1), proc.stderr)
        return checked_files(proc)

    def test_gitignore_is_honoured(self):
        self.assertEqual(self.files(), [
            "./build/b.py", "./src/a.py", "./src/keep.tmp.py", "./src/rootonly.py",
            "./src/tests/t2.py", "./sub/deep/d.py", "./tests/t.py"])

    def test_gitignore_escapes(self):
        self.write("esc/.gitignore", "!bang.py\n\\!lit.py\n\\#hash.py\n")
        for name in ["!lit.py", "#hash.py", "bang.py"]:
            self.write("esc/" + name, BAD)
        proc = run(["check", "--isolated", "--format", "json", "esc"], cwd=self.dir)
        self.assertEqual(checked_files(proc), ["esc/bang.py"])

    def test_no_respect_gitignore(self):
        got = self.files("--no-respect-gitignore")
        self.assertIn("./src/gen/g.py", got)
        self.assertIn("./sub/deep/local.py", got)
        self.assertIn("./rootonly.py", got)
        got = self.files(config="respect-gitignore: false\n")
        self.assertIn("./src/skip.tmp.py", got)
        got = self.files("--respect-gitignore", config="respect-gitignore: false\n")
        self.assertNotIn("./src/skip.tmp.py", got)

    def test_exclude_from_the_config(self):
        got = self.files(config="exclude: [build/, /tests]\n")
        self.assertNotIn("./build/b.py", got)
        self.assertNotIn("./tests/t.py", got)
        self.assertIn("./src/tests/t2.py", got)  # /tests is anchored at the root

    def test_unanchored_directory_name_matches_at_any_depth(self):
        got = self.files(config="exclude: [tests/]\n")
        self.assertNotIn("./tests/t.py", got)
        self.assertNotIn("./src/tests/t2.py", got)

    def test_exclude_on_the_command_line_replaces_extend_adds(self):
        cfg = "exclude: [build/]\nextend-exclude: ['**/tests']\n"
        got = self.files("--exclude", "src/", config=cfg)
        self.assertIn("./build/b.py", got)
        self.assertNotIn("./src/a.py", got)
        self.assertNotIn("./tests/t.py", got)
        got = self.files("--extend-exclude", "sub", config=cfg)
        self.assertNotIn("./build/b.py", got)
        self.assertNotIn("./sub/deep/d.py", got)

    def test_patterns_in_the_config_are_relative_to_its_directory(self):
        self.write(".pxlint.yaml", "exclude: [/src/a.py]\n")
        proc = run(["check", "--format", "json", "."], cwd=os.path.join(self.dir, "src"))
        self.assertNotIn("./a.py", checked_files(proc))
        self.assertIn("./tests/t2.py", checked_files(proc))

    def test_a_path_given_explicitly_is_checked_unless_forced(self):
        self.write(".pxlint.yaml", "exclude: [build/]\n")
        proc = run(["check", "build/b.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 1)
        proc = run(["check", "--force-exclude", "build/b.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 0, proc.stdout)
        self.write(".pxlint.yaml", "exclude: [build/]\nforce-exclude: true\n")
        self.assertEqual(run(["check", "build/b.py"], cwd=self.dir).returncode, 0)

    def test_an_excluded_directory_given_explicitly_is_walked(self):
        # As tests/tsan.sh runs `pxlint check fixtures` with the repo's
        # config excluding /fixtures/: a path given is a root, not a match.
        self.write(".pxlint.yaml", "exclude: [/build/, gen/]\n")
        proc = run(["check", "--format", "json", "build"], cwd=self.dir)
        self.assertEqual(checked_files(proc), ["build/b.py"])
        proc = run(["check", "--format", "json", "--force-exclude", "build"], cwd=self.dir)
        self.assertEqual(checked_files(proc), [])

    def test_include(self):
        got = self.files(config="include: ['*.pyw']\n")
        self.assertEqual(got, ["./tool.pyw"])

    def test_per_file_ignores(self):
        got = self.files(config="per-file-ignores:\n  'tests/': [PX001]\n  /src/a.py: [ALL]\n")
        self.assertNotIn("./tests/t.py", got)
        self.assertNotIn("./src/tests/t2.py", got)
        self.assertNotIn("./src/a.py", got)
        self.assertIn("./build/b.py", got)

    def test_bad_exclude_on_the_command_line(self):
        proc = run(["check", "--exclude", "a/../b", "."], cwd=self.dir)
        self.assertEqual(proc.returncode, 2)
        self.assertIn("bad pattern 'a/../b'", proc.stderr)


class ShowConfig(TempDirTest):
    def test_show_names_the_file_and_merges_defaults(self):
        path = self.write("proj/.pxlint.yaml", "exclude: [build/]\nc-extensions:\n  modules: [zlib]\n")
        self.write("proj/pkg/m.py", GOOD)
        proc = run(["config", "--show", "pkg"], cwd=os.path.join(self.dir, "proj"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertIn("defaults merged with %s" % os.path.realpath(path), proc.stdout)
        self.assertIn("exclude: [build/]", proc.stdout)
        self.assertIn("modules: [zlib]", proc.stdout)
        self.assertIn("respect-gitignore: true", proc.stdout)
        self.assertIn("\n# Analysis\n", proc.stdout)
        self.assertNotIn("next release", proc.stdout)

    def test_show_output_is_a_valid_config(self):
        self.write(".pxlint.yaml", "select: [PX001]\nper-file-ignores: {'t/*.py': [PX001]}\n")
        shown = run(["config", "--show"], cwd=self.dir).stdout
        self.write("again/.pxlint.yaml", shown)
        proc = run(["config", "--show", "--config", "again/.pxlint.yaml"], cwd=self.dir)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        # Equal but for comments ("# default" marks values not written).
        strip = lambda s: [l.split("  #")[0] for l in s.splitlines()
                           if not l.startswith("#")]
        self.assertEqual(strip(proc.stdout), strip(shown))

    def test_isolated_shows_defaults(self):
        self.write(".pxlint.yaml", "exclude: [build/]\n")
        proc = run(["config", "--show", "--isolated"], cwd=self.dir)
        self.assertIn("defaults (no .pxlint.yaml used)", proc.stdout)
        self.assertIn("exclude: []", proc.stdout)

    def test_show_reports_errors(self):
        self.write(".pxlint.yaml", "select: [PX001]\nc-extension:\n  modules: [zlib]\n")
        proc = run(["config", "--show"], cwd=self.dir)
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stdout, "")
        self.assertIn(".pxlint.yaml:2:1: error: unknown key 'c-extension' — did you "
                      "mean 'c-extensions'?", proc.stderr)

    def test_config_without_show(self):
        self.assertEqual(run(["config"], cwd=self.dir).returncode, 2)


class ConfigErrorsExitTwo(TempDirTest):
    def fails(self, content, expected, mode="w"):
        self.write(".pxlint.yaml", content, mode=mode)
        self.write("bad.py", BAD)
        proc = run(["check", "bad.py"], cwd=self.dir, timeout=20)
        self.assertEqual(proc.returncode, 2, proc.stdout + proc.stderr)
        self.assertEqual(proc.stdout, "", "nothing may run after a config error")
        self.assertIn(expected, proc.stderr)
        self.assertIn("invalid configuration, nothing checked", proc.stderr)

    def test_misspelled_key(self):
        self.fails("select: [PX001]\nc-extension:\n  modules: [zlib]\n",
                   ".pxlint.yaml:2:1: error: unknown key 'c-extension' — did you mean "
                   "'c-extensions'?")

    def test_wrong_type(self):
        self.fails("exclude: build/\n", ".pxlint.yaml:1:10: error: 'exclude' must be a list")

    def test_unknown_rule(self):
        self.fails("ignore: [PX1O1]\n", ".pxlint.yaml:1:10: error: unknown rule selector 'PX1O1'")

    def test_duplicate_key(self):
        self.fails("mode: strict\nmode: strict\n",
                   ".pxlint.yaml:2:1: error: duplicate key 'mode' (first given at line 1)")

    def test_tab(self):
        self.fails("callbacks:\n\tdecorators: [x]\n", ".pxlint.yaml:2:1: error: a tab")

    def test_not_a_mapping(self):
        self.fails("- PX001\n", ".pxlint.yaml:1:1: error: expected a mapping of settings")

    def test_not_utf8(self):
        self.fails(b"exclude: ['\xff']\n", ".pxlint.yaml:1:12: error: the file is not valid UTF-8",
                   mode="wb")

    def test_yaml_bomb_is_refused_quickly(self):
        lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
        for i in range(1, 12):
            refs = ", ".join(["*a%d" % (i - 1)] * 9)
            lines.append("a%d: &a%d [%s]" % (i, i, refs))
        self.fails("\n".join(lines) + "\n", ".pxlint.yaml:2:10: error: aliases (*a0) are not supported")

    def test_several_errors_are_all_shown(self):
        self.write(".pxlint.yaml", "selct: [PX001]\nrespect-gitignore: maybe\n")
        self.write("bad.py", BAD)
        proc = run(["check", "bad.py"], cwd=self.dir)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(".pxlint.yaml:1:1: error: unknown key 'selct' — did you mean 'select'?",
                      proc.stderr)
        self.assertIn(".pxlint.yaml:2:20: error: 'respect-gitignore' must be true or false",
                      proc.stderr)

    def test_empty_file_is_a_valid_empty_config(self):
        self.write(".pxlint.yaml", "")
        self.write("bad.py", BAD)
        self.assertEqual(run(["check", "bad.py"], cwd=self.dir).returncode, 1)


class FixtureRunnerContract(unittest.TestCase):
    def test_check_help_mentions_isolated(self):
        # tests/fixtures.py passes --isolated only when the help mentions it.
        self.assertIn("--isolated", run(["check", "--help"]).stdout)


if __name__ == "__main__":
    unittest.main()
