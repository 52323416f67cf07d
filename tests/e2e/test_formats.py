"""Output formats end to end: each format over real files, the terminal
options (colors, --output-file, --quiet, --statistics), and the SARIF output
through Microsoft's SARIF Multitool (fetched from npm into build/)."""
import json
import os
import pty
import re
import select
import shutil
import subprocess
import sys
import unittest

from tests.e2e.helpers import PXLINT, ROOT, TempDirTest, run

# Three files that do not parse (one with a BOM and non-ASCII text, one with
# CRLF line ends) and one that does.
BROKEN_A = "def handler(items):\n    return len(items\n"
BROKEN_U = "\ufeffname = \"\u00e9\U0001F642\" + (\n"
BROKEN_CRLF = "x = 1\r\ny = (  # open\r\n"
CLEAN = "def handler(items):\n    return sorted(items)\n"

GITHUB_LINE = re.compile(
    r"^::(error|warning|notice) file=([^,]*),line=(\d+),col=(\d+),"
    r"endLine=(\d+),endColumn=(\d+),title=([^:,]*)::(.*)$")


class Project(TempDirTest):
    """A scratch project with broken and clean files."""

    def setUp(self):
        super().setUp()
        self.write("pkg/a.py", BROKEN_A)
        self.write("pkg/u.py", BROKEN_U.encode("utf-8"), mode="wb")
        self.write("pkg/crlf.py", BROKEN_CRLF.encode(), mode="wb")
        self.write("pkg/clean.py", CLEAN)

    def lint(self, *args, env=None):
        return run(["check", *args], cwd=self.dir, env=env)

    def json_diags(self):
        proc = self.lint("--format", "json", "pkg")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        return json.loads(proc.stdout)


class JsonFormat(Project):
    def test_fields_and_types(self):
        diags = self.json_diags()
        self.assertEqual(len(diags), 3)
        fields = {"file": str, "line": int, "column": int, "end_line": int,
                  "end_column": int, "code": str, "name": str, "severity": str,
                  "message": str, "trace": list}
        for d in diags:
            self.assertEqual(set(d), set(fields) | {"callback"})
            for key, typ in fields.items():
                self.assertIsInstance(d[key], typ, key)
            self.assertTrue(d["callback"] is None or isinstance(d["callback"], dict))
            self.assertIn(d["severity"], ("error", "warning", "info"))
            self.assertRegex(d["code"], r"^PX\d{3}$")
            self.assertGreaterEqual(d["line"], 1)
            self.assertGreaterEqual(d["column"], 1)
            self.assertGreaterEqual((d["end_line"], d["end_column"]),
                                    (d["line"], d["column"]))
            for step in d["trace"]:
                self.assertIn(step["kind"], ("call", "alias"))
                for key in ("file", "message"):
                    self.assertIsInstance(step[key], str)
                for key in ("line", "column", "end_line", "end_column"):
                    self.assertIsInstance(step[key], int)
        by_file = {d["file"]: d for d in diags}
        self.assertEqual(sorted(by_file), ["pkg/a.py", "pkg/crlf.py", "pkg/u.py"])
        u = by_file["pkg/u.py"]
        # Code points after the BOM: name = "é🙂" + ( puts '(' in column 15.
        self.assertEqual((u["line"], u["column"]), (1, 15))
        self.assertEqual(by_file["pkg/crlf.py"]["line"], 2)

    def test_clean_run_is_an_empty_array(self):
        proc = self.lint("--format", "json", "pkg/clean.py")
        self.assertEqual(proc.returncode, 0)
        self.assertEqual(json.loads(proc.stdout), [])


class JsonLayout(Project):
    """JSON, GitLab and SARIF reports are written a diagnostic at a time;
    the layout stays that of the whole document dumped at once (two-space
    indent, ": " and ",\n"), which Python's json.dumps(indent=2) also
    writes."""

    def setUp(self):
        super().setUp()
        self.write("pkg/app.py", "import threading\n\nLOG = []\n\n\n"
                   "def record(entry):\n    LOG.append(entry)\n\n\n"
                   "def worker(items):\n    for item in items:\n        record(item)\n\n\n"
                   "threading.Thread(target=worker, args=([],)).start()\n")

    def assert_layout(self, *args):
        proc = self.lint(*args)
        self.assertIn(proc.returncode, (0, 1, 2), proc.stderr)  # 2: a path is missing
        data = json.loads(proc.stdout)
        self.assertEqual(proc.stdout, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return data

    def test_json(self):
        diags = self.assert_layout("--format", "json", "pkg")
        self.assertGreater(len(diags), 3)
        self.assertTrue(any(d["trace"] for d in diags))
        self.assertEqual(self.assert_layout("--format", "json", "pkg/clean.py"), [])

    def test_gitlab(self):
        self.assertGreater(len(self.assert_layout("--format", "gitlab", "pkg")), 3)
        self.assertEqual(self.assert_layout("--format", "gitlab", "pkg/clean.py"), [])

    def test_sarif(self):
        # the results are written into the log's place for them
        log = self.assert_layout("--format", "sarif", "pkg", "missing.py")
        run = log["runs"][0]
        self.assertGreater(len(run["results"]), 3)
        keys = list(run)
        self.assertEqual(keys[keys.index("results") + 1], "columnKind")
        self.assertTrue(run["invocations"][0]["toolExecutionNotifications"])
        clean = self.assert_layout("--format", "sarif", "pkg/clean.py")
        self.assertEqual(clean["runs"][0]["results"], [])


class TextFormats(Project):
    def test_full_output(self):
        proc = self.lint("pkg/a.py", "pkg/clean.py")
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(
            proc.stdout,
            "pkg/a.py:2:5: PX001 syntax error: unexpected 'return'\n"
            "  |\n"
            "2 |     return len(items\n"
            "  |     ^^^^^^\n"
            "  |\n"
            "\n"
            "Found 1 problem in 1 file (2 files checked).\n")
        self.assertEqual(proc.stderr, "")

    def test_full_output_non_ascii_and_crlf(self):
        proc = self.lint("pkg/u.py", "pkg/crlf.py")
        self.assertNotIn("\r", proc.stdout)
        self.assertNotIn("\ufeff", proc.stdout)
        lines = proc.stdout.splitlines()
        src = lines.index("1 | name = \"\u00e9\U0001F642\" + (")
        # é is one column, the emoji two: '(' is at display column 15.
        self.assertEqual(lines[src + 1], "  | " + " " * 15 + "^")
        self.assertIn("2 | y = (  # open", lines)

    def test_concise_output(self):
        for flag in ("--format", "--output-format"):
            proc = self.lint(flag, "concise", "pkg")
            self.assertEqual(proc.returncode, 1)
            self.assertEqual(proc.stdout.splitlines(), [
                "pkg/a.py:2:5: PX001 syntax error: unexpected 'return'",
                "pkg/crlf.py:2:5: PX001 syntax error: '(' is never closed",
                "pkg/u.py:1:15: PX001 syntax error: '(' is never closed",
                "Found 3 problems in 3 files (4 files checked).",
            ])

    def test_clean_and_unreadable(self):
        proc = self.lint("pkg/clean.py")
        self.assertEqual((proc.returncode, proc.stdout),
                         (0, "All checks passed! (1 file checked)\n"))
        proc = self.lint("pkg/clean.py", "missing.py")
        self.assertEqual(proc.returncode, 2)
        self.assertEqual(proc.stdout,
                         "No problems found (1 file checked; 1 path could not be checked)\n")
        self.assertIn("missing.py", proc.stderr)

    def test_quiet_and_statistics(self):
        proc = self.lint("--quiet", "--format", "concise", "pkg")
        self.assertEqual(len(proc.stdout.splitlines()), 3)
        self.assertNotIn("Found", proc.stdout)
        proc = self.lint("--statistics", "pkg")
        self.assertEqual(proc.stdout,
                         "     3  PX001  syntax-error\n"
                         "Found 3 problems in 3 files (4 files checked).\n")
        proc = self.lint("--statistics", "--format", "json", "pkg")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("--statistics", proc.stderr)

    def test_unknown_format(self):
        proc = self.lint("--format", "xml", "pkg")
        self.assertEqual(proc.returncode, 2)
        self.assertIn("sarif", proc.stderr)


class Colors(Project):
    ESC = "\x1b["

    def test_no_colors_when_piped(self):
        self.assertNotIn(self.ESC, self.lint("pkg").stdout)

    def test_force_color_when_piped(self):
        out = self.lint("pkg", env={"FORCE_COLOR": "1"}).stdout
        self.assertIn("\x1b[1;31mPX001\x1b[0m", out)
        out = self.lint("--format", "concise", "pkg", env={"FORCE_COLOR": "1"}).stdout
        self.assertIn(self.ESC, out)
        # Machine formats never get colors.
        out = self.lint("--format", "json", "pkg", env={"FORCE_COLOR": "1"}).stdout
        self.assertNotIn(self.ESC, out)

    def test_no_color_wins(self):
        for args, env in ((["--no-color"], {"FORCE_COLOR": "1"}),
                          ([], {"NO_COLOR": "1", "FORCE_COLOR": "1"})):
            self.assertNotIn(self.ESC, self.lint(*args, "pkg", env=env).stdout)
        # An empty NO_COLOR does not count.
        out = self.lint("pkg", env={"NO_COLOR": "", "FORCE_COLOR": "1"}).stdout
        self.assertIn(self.ESC, out)

    def on_terminal(self, *args, env=None):
        """Runs pxlint with stdout on a pseudo-terminal; returns its output."""
        full_env = {k: v for k, v in os.environ.items()
                    if k not in ("NO_COLOR", "FORCE_COLOR")}
        full_env["TERM"] = "xterm"
        full_env.update(env or {})
        master, slave = pty.openpty()
        proc = subprocess.Popen([PXLINT, "check", *args], cwd=self.dir,
                                stdout=slave, stderr=subprocess.DEVNULL,
                                env=full_env)
        os.close(slave)
        chunks = []
        while True:
            ready, _, _ = select.select([master], [], [], 30)
            if not ready:
                break
            try:
                data = os.read(master, 65536)
            except OSError:  # EIO: the child closed the terminal
                break
            if not data:
                break
            chunks.append(data)
        os.close(master)
        proc.wait(timeout=30)
        return b"".join(chunks).decode("utf-8", "replace")

    def test_colors_on_a_terminal(self):
        self.assertIn(self.ESC, self.on_terminal("pkg"))
        self.assertNotIn(self.ESC, self.on_terminal("pkg", env={"NO_COLOR": "1"}))
        self.assertNotIn(self.ESC, self.on_terminal("--no-color", "pkg"))


class OutputFile(Project):
    def test_report_goes_to_the_file(self):
        proc = self.lint("--format", "json", "--output-file", "out/report.json", "pkg")
        # The directory must exist: nothing is created but the file.
        self.assertEqual(proc.returncode, 2)
        self.assertIn("out/report.json", proc.stderr)
        os.mkdir(os.path.join(self.dir, "out"))
        proc = self.lint("--format", "json", "-o", "out/report.json", "pkg")
        self.assertEqual(proc.returncode, 1, proc.stderr)
        self.assertEqual(proc.stdout, "")
        with open(os.path.join(self.dir, "out", "report.json")) as fh:
            self.assertEqual(len(json.load(fh)), 3)
        self.assertEqual(os.listdir(os.path.join(self.dir, "out")), ["report.json"])

    def test_replaces_an_existing_file_and_never_colors_it(self):
        path = self.write("report.txt", "old contents\n")
        proc = self.lint("--output-file", "report.txt", "pkg/clean.py")
        self.assertEqual(proc.returncode, 0)
        with open(path) as fh:
            self.assertEqual(fh.read(), "All checks passed! (1 file checked)\n")

    def test_unwritable_destinations_exit_2(self):
        os.mkdir(os.path.join(self.dir, "adir"))
        for dest in ("adir", "no/such/dir/r.txt"):
            proc = self.lint("--output-file", dest, "pkg")
            self.assertEqual(proc.returncode, 2, dest)
            self.assertIn(dest, proc.stderr)
            self.assertEqual(proc.stdout, "")
        self.assertEqual(os.listdir(os.path.join(self.dir, "adir")), [])


class GithubFormat(Project):
    def test_workflow_commands_match_the_json(self):
        proc = self.lint("--format", "github", "pkg")
        self.assertEqual(proc.returncode, 1)
        lines = proc.stdout.splitlines()
        diags = self.json_diags()
        self.assertEqual(len(lines), len(diags))
        for line, d in zip(lines, diags):
            m = GITHUB_LINE.match(line)
            self.assertIsNotNone(m, line)
            kind, path, l, c, el, ec, title, message = m.groups()
            self.assertEqual(kind, "error")
            self.assertEqual(path, d["file"])
            self.assertEqual([int(l), int(c), int(el), int(ec)],
                             [d["line"], d["column"], d["end_line"], d["end_column"]])
            self.assertEqual(title, "PX001 syntax-error")
            self.assertEqual(message, d["message"])

    def test_paths_relative_to_the_working_directory(self):
        proc = self.lint("--format", "github",
                         os.path.join(os.path.realpath(self.dir), "pkg", "a.py"))
        self.assertTrue(proc.stdout.startswith("::error file=pkg/a.py,line=2,"), proc.stdout)


class GitlabFormat(Project):
    def test_code_quality_fields(self):
        proc = self.lint("--format", "gitlab", "pkg")
        self.assertEqual(proc.returncode, 1)
        issues = json.loads(proc.stdout)
        diags = self.json_diags()
        self.assertEqual(len(issues), len(diags))
        for issue, d in zip(issues, diags):
            self.assertEqual(set(issue), {"description", "check_name", "fingerprint",
                                          "severity", "location"})
            self.assertEqual(issue["check_name"], d["code"])
            self.assertIn(d["message"], issue["description"])
            self.assertRegex(issue["fingerprint"], r"^[0-9a-f]{64}$")
            self.assertIn(issue["severity"], ("info", "minor", "major", "critical", "blocker"))
            self.assertEqual(issue["location"]["path"], d["file"])
            self.assertEqual(issue["location"]["lines"]["begin"], d["line"])
            self.assertIsInstance(issue["location"]["lines"]["end"], int)
        self.assertEqual(len({i["fingerprint"] for i in issues}), len(issues))


class RulesJson(unittest.TestCase):
    def test_rules_carry_their_docs(self):
        proc = run(["rules", "--format", "json"])
        self.assertEqual(proc.returncode, 0)
        rules = json.loads(proc.stdout)
        for rule in rules:
            self.assertEqual(set(rule), {"code", "name", "severity", "summary", "doc"})
            self.assertIn("## What it does", rule["doc"])
            self.assertNotRegex(rule["doc"], r"https?://")


class DocSnippets(Project):
    """The commands and YAML shown in docs/ci.md work as written."""

    def blocks(self, lang):
        with open(os.path.join(ROOT, "docs", "ci.md")) as fh:
            text = fh.read()
        return re.findall(r"```%s\n(.*?)```" % lang, text, re.S)

    def test_yaml_snippets_parse(self):
        try:
            import yaml
        except ImportError:
            self.skipTest("PyYAML is not installed")
        blocks = self.blocks("yaml")
        self.assertGreaterEqual(len(blocks), 4)
        for block in blocks:
            self.assertIsNotNone(yaml.safe_load(block))

    def test_pxlint_commands_run(self):
        commands = []
        for block in self.blocks("yaml") + self.blocks("sh"):
            for line in block.splitlines():
                m = re.search(r"(?:run: |- |^\s*)pxlint (check .*?)(?: \|\|.*)?$", line)
                if m:
                    commands.append(m.group(1))
        self.assertGreaterEqual(len(commands), 4)
        for command in commands:
            args = command.split()
            args[-1] = "pkg"  # the snippets lint "."
            proc = self.lint(*args[1:])
            self.assertIn(proc.returncode, (0, 1), "%s: %s" % (command, proc.stderr))
            if "--output-file" in args:
                out = args[args.index("--output-file") + 1]
                self.assertTrue(os.path.getsize(os.path.join(self.dir, out)) > 0, command)


# --- SARIF, checked by a real validator ------------------------------------

_VALIDATOR = None


def sarif_validator():
    """Path of the SARIF Multitool, installed on first use (see
    tools/ensure-sarif-validator.sh); fails the test when it cannot be had."""
    global _VALIDATOR
    if _VALIDATOR is None:
        proc = subprocess.run(["sh", os.path.join(ROOT, "tools", "ensure-sarif-validator.sh"),
                               os.path.join(ROOT, "build", "sarif-multitool")],
                              capture_output=True, text=True, timeout=600)
        if proc.returncode != 0:
            raise AssertionError("cannot install the SARIF validator:\n" + proc.stderr)
        _VALIDATOR = proc.stdout.strip()
    return _VALIDATOR


def multitool(*args, cwd):
    env = dict(os.environ, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT="1",
               DOTNET_CLI_TELEMETRY_OPTOUT="1")
    return subprocess.run([sarif_validator(), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, env=env)


# Findings of the validator accepted on purpose. It warns when the tool has
# no web page (informationUri): pxlint has none to give yet.
ALLOWED = {"SARIF2005"}


def validate(testcase, path):
    """Validates a SARIF file: the Multitool's `validate` (JSON schema and
    SARIF rules) must report no error and no warning outside ALLOWED, and its
    `rewrite` must load the file into the SARIF object model (validate skips
    files it cannot load without saying so). Returns the validator's version."""
    workdir = os.path.dirname(path)
    report = path + ".validation.sarif"
    proc = multitool("validate", path, "--output", report, "--log", "ForceOverwrite",
                     "--level", "Error;Warning;Note", cwd=workdir)
    testcase.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
    with open(report) as fh:
        log = json.load(fh)
    run_ = log["runs"][0]
    rules = run_["tool"]["driver"].get("rules", [])
    bad = []
    for res in run_["results"]:
        level = res.get("level")
        if level is None and "ruleIndex" in res:
            level = rules[res["ruleIndex"]].get("defaultConfiguration", {}).get("level")
        level = level or "warning"
        if level in ("error", "warning") and res["ruleId"] not in ALLOWED:
            bad.append("%s %s: %s" % (level, res["ruleId"],
                                      json.dumps(res["message"].get("arguments"))))
    testcase.assertFalse(bad, "SARIF validator findings for %s:\n%s\n%s" %
                         (path, "\n".join(bad), proc.stdout))
    # Notes (SARIF2003 and co.) show the file was analyzed at all.
    testcase.assertTrue(run_["results"], "the validator did not analyze " + path)
    out = path + ".rewritten.sarif"
    proc = multitool("rewrite", path, "--output", out, "--log", "ForceOverwrite", cwd=workdir)
    testcase.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
    driver = log["runs"][0]["tool"]["driver"]
    return "%s %s" % (driver["name"], driver.get("semanticVersion", driver.get("version")))


class SarifFormat(Project):
    def sarif(self, *paths):
        proc = self.lint("--format", "sarif", *paths)
        self.assertIn(proc.returncode, (0, 1), proc.stderr)
        return proc.stdout

    def test_structure(self):
        log = json.loads(self.sarif("pkg"))
        self.assertEqual(log["version"], "2.1.0")
        self.assertIn("sarif-2.1.0", log["$schema"])
        run_ = log["runs"][0]
        driver = run_["tool"]["driver"]
        self.assertEqual(driver["name"], "pxlint")
        rule_ids = [r["id"] for r in driver["rules"]]
        listed = [r["code"] for r in json.loads(run(["rules", "--format", "json"]).stdout)]
        self.assertEqual(rule_ids, listed)
        for rule in driver["rules"]:
            for key in ("shortDescription", "fullDescription"):
                self.assertTrue(rule[key]["text"])
            self.assertTrue(rule["help"]["text"] and rule["help"]["markdown"])
            self.assertIn(rule["defaultConfiguration"]["level"], ("error", "warning", "note"))
        self.assertEqual(run_["originalUriBaseIds"]["%SRCROOT%"]["uri"],
                         "file://" + os.path.realpath(self.dir) + "/")
        results = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r
                   for r in run_["results"]}
        self.assertEqual(sorted(results), ["pkg/a.py", "pkg/crlf.py", "pkg/u.py"])
        for uri, res in results.items():
            self.assertEqual(rule_ids[res["ruleIndex"]], res["ruleId"])
            self.assertEqual(res["level"], "error")
            art = res["locations"][0]["physicalLocation"]["artifactLocation"]
            self.assertEqual(art["uriBaseId"], "%SRCROOT%")
            self.assertRegex(res["partialFingerprints"]["pxlint/v1"], r"^[0-9a-f]{64}$")
        # UTF-16 columns: after the BOM, é is one unit and 🙂 two.
        region = results["pkg/u.py"]["locations"][0]["physicalLocation"]["region"]
        self.assertEqual((region["startLine"], region["startColumn"]), (1, 16))

    def test_fingerprints_survive_moved_lines(self):
        before = json.loads(self.sarif("pkg/a.py"))["runs"][0]["results"][0]
        self.write("pkg/a.py", "import os\n\n\n" + BROKEN_A)
        after = json.loads(self.sarif("pkg/a.py"))["runs"][0]["results"][0]
        region = after["locations"][0]["physicalLocation"]["region"]
        self.assertEqual(region["startLine"], 5)
        self.assertEqual(before["partialFingerprints"], after["partialFingerprints"])

    def test_real_run_passes_the_validator(self):
        path = self.write("report.sarif", self.sarif("pkg", os.path.join(self.dir, "pkg", "u.py")))
        version = validate(self, path)
        print("\n  SARIF validator: %s (npm @microsoft/sarif-multitool)" % version,
              file=sys.stderr)
        clean = self.write("clean.sarif", self.sarif("pkg/clean.py"))
        validate(self, clean)

    def test_traces_pass_the_validator(self):
        # Callbacks and traces come from no rule yet: the unit test binary
        # writes a log of hand-built diagnostics with them.
        unit = os.path.join(os.path.dirname(PXLINT), "tests", "test_formats")
        if not os.path.exists(unit):
            self.fail("%s is missing: run `make test-unit` first" % unit)
        sample = os.path.join(self.dir, "sample.sarif")
        proc = subprocess.run([unit], env=dict(os.environ, PXLINT_SARIF_SAMPLE=sample),
                              capture_output=True, text=True, timeout=120)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        with open(sample) as fh:
            res = json.load(fh)["runs"][0]["results"]
        self.assertTrue(any(r.get("codeFlows") for r in res))
        validate(self, sample)

    def test_validator_rejects_a_broken_log(self):
        # The check above is only worth something if the validator fails bad
        # logs: break a good one in two ways it must notice.
        log = json.loads(self.sarif("pkg/a.py"))
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
        log["runs"][0]["results"][0]["unexpected"] = True
        path = self.write("broken.sarif", json.dumps(log))
        with self.assertRaises(AssertionError) as cm:
            validate(self, path)
        self.assertIn("JSON1008", str(cm.exception))
        self.assertIn("JSON1005", str(cm.exception))
        log = json.loads(self.sarif("pkg/a.py"))
        log["runs"][0]["results"][0]["level"] = "fatal"
        path = self.write("broken2.sarif", json.dumps(log))
        with self.assertRaises(AssertionError):
            validate(self, path)


if __name__ == "__main__":
    unittest.main()
