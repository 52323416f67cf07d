"""End-to-end tests of the command line: exit codes, help, output formats and
bad input (every case must end with a message, never a crash or a hang)."""
import hashlib
import json
import os
import shutil
import stat
import subprocess
import unittest

from tests.e2e.helpers import PXLINT, TempDirTest, run


def tree_digest(root):
    """Digest of every file's path, mode and content under root."""
    h = hashlib.sha256()
    for dirpath, dirnames, filenames in sorted(os.walk(root)):
        dirnames.sort()
        for n in sorted(filenames):
            p = os.path.join(dirpath, n)
            h.update(p.encode())
            st = os.lstat(p)
            h.update(str(stat.S_IMODE(st.st_mode)).encode())
            if stat.S_ISREG(st.st_mode) and os.access(p, os.R_OK):
                with open(p, "rb") as fh:
                    h.update(fh.read())
    return h.hexdigest()


def as_nobody(args):
    """argv that runs pxlint without root privileges, so permission bits bite."""
    if os.geteuid() != 0:
        return [PXLINT, *args]
    return ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", PXLINT, *args]


class TestBasics(TempDirTest):
    def test_version_and_help(self):
        r = run(["--version"])
        self.assertEqual(r.returncode, 0)
        self.assertRegex(r.stdout, r"^pxlint \d+\.\d+\.\d+\n$")
        r = run(["--help"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("Usage: pxlint", r.stdout)
        self.assertEqual(r.stderr, "")
        r = run(["check", "--help"])
        self.assertEqual(r.returncode, 0)
        for flag in ("--format", "--select", "--ignore", "--jobs", "--quiet", "--statistics"):
            self.assertIn(flag, r.stdout)

    def test_no_arguments_is_usage_error(self):
        r = run([])
        self.assertEqual(r.returncode, 2)
        self.assertIn("Usage:", r.stderr)

    def test_unknown_option_and_bad_values(self):
        for args, needle in ((["check", "--frobnicate", "."], "unknown option"),
                             (["check", "--format", "xml", "."], "unknown format"),
                             (["check", "--jobs", "0", "."], "--jobs"),
                             (["check", "--select", "PX999", "."], "unknown rule selector"),
                             (["check", "--format"], "needs a value"),
                             (["check"], "no PATH")):
            r = run(args, cwd=self.dir)
            self.assertEqual(r.returncode, 2, args)
            self.assertIn(needle, r.stderr, args)

    def test_clean_file_exit_0(self):
        self.write("ok.py", "def f(x):\n    return x\n")
        r = run(["ok.py"], cwd=self.dir)
        self.assertEqual(r.returncode, 0)
        self.assertIn("All checks passed!", r.stdout)

    def test_syntax_error_exit_1_and_location(self):
        self.write("bad.py", "x = 1\ndef f(:\n    pass\n")
        r = run(["check", "bad.py"], cwd=self.dir)
        self.assertEqual(r.returncode, 1)
        self.assertRegex(r.stdout, r"bad\.py:2:\d+: PX001 syntax error")
        self.assertIn("Found 1 problem in 1 file", r.stdout)

    def test_benchmark_modes_stop_before_the_analysis(self):
        self.write("m.py", "L = []\ndef f(x):\n    L.append(x)\ndef g(:\n    pass\n")
        full = run(["check", "--all-functions", "--format", "concise", "m.py"], cwd=self.dir)
        self.assertIn("PX101", full.stdout)
        for mode in ("--parse-only", "--facts-only"):
            r = run(["check", "--all-functions", "--format", "concise", mode, "m.py"],
                    cwd=self.dir)
            self.assertNotIn("PX101", r.stdout, mode)
            # the facts include syntax errors; a bare parse reports nothing
            self.assertEqual(("PX001" in r.stdout, r.returncode),
                             (True, 1) if mode == "--facts-only" else (False, 0), mode)
            # a whitelist needs the analysis: refused, nothing written
            w = run(["whitelist", mode, "-o", "wl.json", "m.py"], cwd=self.dir)
            self.assertEqual(w.returncode, 2, mode)
            self.assertIn(mode, w.stderr)
            self.assertFalse(os.path.exists(os.path.join(self.dir, "wl.json")))

    def test_json_output(self):
        self.write("bad.py", "def f(:\n    pass\n")
        r = run(["check", "--format", "json", "bad.py"], cwd=self.dir)
        self.assertEqual(r.returncode, 1)
        data = json.loads(r.stdout)
        self.assertEqual(len(data), 1)
        d = data[0]
        self.assertEqual(d["code"], "PX001")
        self.assertEqual(d["name"], "syntax-error")
        self.assertEqual(d["severity"], "error")
        self.assertEqual(d["file"], "bad.py")
        for key in ("line", "column", "end_line", "end_column"):
            self.assertIsInstance(d[key], int)
        self.assertIsNone(d["callback"])
        self.assertEqual(d["trace"], [])

    def test_select_and_ignore(self):
        self.write("bad.py", "def f(:\n")
        self.assertEqual(run(["--ignore", "PX001", "bad.py"], cwd=self.dir).returncode, 0)
        self.assertEqual(run(["--select", "PX0", "bad.py"], cwd=self.dir).returncode, 1)
        self.assertEqual(run(["--select", "syntax-error", "bad.py"], cwd=self.dir).returncode, 1)

    def test_output_order_is_deterministic_whatever_jobs(self):
        for i in range(40):
            self.write("pkg/m%02d.py" % i, "def f(:\n" if i % 3 == 0 else "x = %d\n" % i)
        outs = {run(["--jobs", str(j), "--format", "json", "pkg"], cwd=self.dir).stdout
                for j in (1, 2, 7)}
        self.assertEqual(len(outs), 1)
        self.assertEqual(len(json.loads(outs.pop())), 14)

    def test_analysis_output_is_the_same_whatever_jobs(self):
        """With every function a callback, findings are made on the workers
        and, while the fixpoint runs, on a helper thread that keeps only
        results whose summary did not change after (their diagnostics are
        made there too, and shared): one thread or several, the output is
        the same, byte for byte."""
        import sysconfig
        stdlib = sysconfig.get_paths()["stdlib"]
        paths = [os.path.join(stdlib, p) for p in ("json", "unittest", "email")]
        paths = [p for p in paths if os.path.isdir(p)]
        if not paths:
            self.skipTest("no standard library to read")
        outs = [run(["check", "--isolated", "--all-functions", "--format", "json",
                     "--jobs", str(j), *paths], cwd=self.dir) for j in (1, 2, 7)]
        for r in outs:
            self.assertEqual(r.returncode, 1, r.stderr)
        self.assertGreater(len(json.loads(outs[0].stdout)), 1000)
        self.assertEqual(outs[0].stdout, outs[1].stdout)
        self.assertEqual(outs[0].stdout, outs[2].stdout)

    def test_directory_walk_skips_hidden_cache_venv_node_modules(self):
        for rel in ("a.py", "sub/b.py", ".hidden/c.py", "__pycache__/d.py",
                    "node_modules/e.py", "venv/f.py", "sub/notes.txt"):
            self.write(rel, "def f(:\n")
        self.write("venv/pyvenv.cfg", "home = /usr\n")
        r = run(["--format", "json", "."], cwd=self.dir)
        files = sorted(d["file"] for d in json.loads(r.stdout))
        self.assertEqual(files, ["./a.py", "./sub/b.py"])

    def test_rules_and_explain(self):
        r = run(["rules"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("PX001", r.stdout)
        rules = json.loads(run(["rules", "--format", "json"]).stdout)
        self.assertIn("syntax-error", [x["name"] for x in rules])
        r = run(["explain", "PX001"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("## Why is this bad?", r.stdout)
        r = run(["explain", "PX999"])
        self.assertEqual(r.returncode, 2)
        self.assertIn("no rule", r.stderr)


class TestBadInput(TempDirTest):
    def check(self, *paths, jobs=None):
        args = ["check", "--format", "json"] + (["--jobs", str(jobs)] if jobs else []) + list(paths)
        r = run(args, cwd=self.dir, timeout=120)
        self.assertNotIn("Sanitizer", r.stderr)
        self.assertGreaterEqual(r.returncode, 0, "killed by a signal")
        return r

    def test_missing_path_exit_2(self):
        self.write("ok.py", "x = 1\n")
        r = self.check("nope.py", "ok.py")
        self.assertEqual(r.returncode, 2)
        self.assertIn("nope.py", r.stderr)
        self.assertIn("No such file", r.stderr)
        self.assertEqual(json.loads(r.stdout), [])

    def test_unreadable_file_and_unlistable_dir(self):
        self.write("good.py", "def f(:\n")
        self.write("secret.py", "x = 1\n")
        self.write("locked/inner.py", "x = 1\n")
        os.chmod(os.path.join(self.dir, "secret.py"), 0)
        os.chmod(os.path.join(self.dir, "locked"), 0)
        os.chmod(self.dir, 0o755)
        r = subprocess.run(as_nobody(["check", "--format", "json", "."]), cwd=self.dir,
                           capture_output=True, text=True, timeout=60)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertIn("secret.py: cannot read: Permission denied", r.stderr)
        self.assertIn("locked: cannot list directory: Permission denied", r.stderr)
        # The readable file was still checked.
        self.assertEqual([d["file"] for d in json.loads(r.stdout)], ["./good.py"])

    def test_binary_and_nul_bytes(self):
        self.write("bin.py", bytes(range(256)) * 16, mode="wb")
        self.write("nul.py", b"x = 1\x00\ny = 2\n", mode="wb")
        r = self.check("bin.py", "nul.py")
        self.assertEqual(r.returncode, 1)
        msgs = {d["file"]: d for d in json.loads(r.stdout)}
        self.assertEqual(msgs["nul.py"]["line"], 1)
        self.assertEqual(msgs["nul.py"]["column"], 6)
        self.assertIn("NUL byte", msgs["nul.py"]["message"])
        self.assertIn("bin.py", msgs)

    def test_encodings_and_line_endings_parse(self):
        self.write("bom.py", b"\xef\xbb\xbfdef f():\n    return 1\n", mode="wb")
        self.write("crlf.py", b"def f():\r\n    return 1\r\n", mode="wb")
        self.write("cr.py", b"def f():\r    return 1\r", mode="wb")
        self.write("latin1.py", b"# -*- coding: latin-1 -*-\nx = '\xe9'\n", mode="wb")
        self.write("badutf8.py", b"x = '\xff\xfe'\n", mode="wb")
        self.write("empty.py", b"", mode="wb")
        r = self.check(".")
        self.assertEqual(r.returncode, 0, r.stdout)

    def test_positions_after_bom_crlf_and_non_ascii(self):
        self.write("a.py", "\ufeffs = 'é𝔘'\r\ndef f(:\r\n".encode(), mode="wb")
        d = json.loads(self.check("a.py").stdout)[0]
        self.assertEqual((d["line"], d["column"]), (2, 7))
        self.write("b.py", "s = 'é𝔘'; t = (\n".encode(), mode="wb")
        d = json.loads(self.check("b.py").stdout)[0]
        self.assertEqual((d["line"], d["column"]), (1, 15))

    def test_deeply_nested_parentheses(self):
        # CPython refuses more than 200 levels; so does pxlint, before parsing.
        self.write("deep.py", "x = " + "(" * 100000 + "1" + ")" * 100000 + "\n")
        self.write("open.py", "x = " + "(" * 100000 + "\n")
        self.write("ok.py", "x = " + "(" * 200 + "1" + ")" * 200 + "\n")
        self.write("strings.py", "x = '" + "(" * 30000 + "'\n")
        self.write("raw.py", "x = f'" + "{(" * 30000 + "\n")  # fields nest
        r = self.check("deep.py", "ok.py", "open.py", "raw.py", "strings.py")
        self.assertEqual(r.returncode, 1)
        diags = json.loads(r.stdout)
        self.assertEqual([(d["file"], d["column"]) for d in diags],
                         [("deep.py", 205), ("open.py", 205), ("raw.py", 6)])
        for d in diags:
            self.assertIn("too many nested parentheses", d["message"])

    def test_pathological_input_hits_the_parse_budget(self):
        # 100,000 line continuations make the grammar's recovery crawl.
        self.write("slow.py", "\\\n" * 100000)
        self.write("ok.py", "def f(:\n")
        r = self.check("slow.py", "ok.py")
        self.assertEqual(r.returncode, 1)
        diags = {d["file"]: d["message"] for d in json.loads(r.stdout)}
        self.assertIn("gave up", diags["slow.py"])
        self.assertIn("ok.py", diags)

    def test_quadratic_shapes_stay_fast(self):
        self.write("at.py", "@" * 200000 + "\n")
        self.write("dots.py", "x = " + "a." * 70000 + "b\n")
        self.write("decorators.py", "@x\n" * 100000 + "def f(): pass\n")
        self.write("defaults.py", "def f(%s): pass\n" % ",".join("a%d=[]" % i for i in range(5000)))
        r = self.check("at.py", "dots.py", "decorators.py", "defaults.py", jobs=1)
        self.assertEqual(r.returncode, 1)

    def test_long_call_chains_fit_a_small_stack(self):
        # A unit is solved before its summary is read, nesting solves; the
        # nesting is bounded, so 2,000 chained functions and 120 modules
        # importing each other in a line fit in a 1 MiB stack (ASan too).
        self.write("chain.py", "DATA = []\n" + "".join(
            "def f%d(x):\n    return f%d(x) if x else f%d(DATA)\n" % (i, i + 1, i + 1)
            for i in range(1999)) + "def f1999(x):\n    x.append(1)\n")
        for i in range(119):
            self.write("m%d.py" % i, "import m%d\nSTATE = m%d.make()\n\n\ndef make():\n"
                       "    return m%d.make()\n" % (i + 1, i + 1, i + 1))
        self.write("m119.py", "SHARED = []\n\n\ndef make():\n    SHARED.append(1)\n"
                   "    return SHARED\n")
        r = subprocess.run(["sh", "-c", 'ulimit -s 1024 && exec "$0" "$@"', PXLINT, "check",
                            "--all-functions", "--isolated", "--format", "json", "."],
                           cwd=self.dir, capture_output=True, text=True, timeout=120)
        self.assertNotIn("Sanitizer", r.stderr)
        self.assertEqual(r.returncode, 1, r.stderr[-2000:])
        diags = json.loads(r.stdout)
        # every function of the chain but the last reaches DATA through it
        chain = {d["callback"]["qualname"] for d in diags
                 if d["code"] == "PX101" and os.path.basename(d["file"]) == "chain.py"}
        self.assertEqual(chain, {"f%d" % i for i in range(1999)})
        # the first module's make() reaches the last module's list
        self.assertTrue(any(d["code"] == "PX101" and d["callback"]["qualname"] == "make"
                            and d["callback"]["module"] == "m0" for d in diags))

    def test_call_with_too_many_arguments_is_reported_not_truncated(self):
        self.write("many.py", "import threading\ndef cb():\n    f(%s)\n"
                   "threading.Thread(target=cb).start()\n" % ("a," * 70000))
        r = self.check("many.py")
        self.assertEqual(r.returncode, 1)
        [d] = json.loads(r.stdout)
        self.assertEqual(d["code"], "PX301")
        self.assertIn("makes a call with more arguments than pxlint can analyze", d["message"])

    def test_large_file_is_skipped_with_a_message(self):
        line = "def handler_%08d(a, b):\n    return a + b\n"
        with open(os.path.join(self.dir, "big.py"), "w") as fh:
            for i in range(50 * 1024 * 1024 // len(line % 0)):
                fh.write(line % i)
        self.write("small.py", "x = 1\n")
        r = self.check("big.py", "small.py")
        self.assertEqual(r.returncode, 2)
        self.assertIn("big.py: skipped: the file is 50.0 MiB, over the 16.0 MiB limit", r.stderr)
        self.assertIn("could not be checked", run(["big.py", "small.py"], cwd=self.dir).stdout)

    def test_symlink_loop_and_broken_link(self):
        self.write("pkg/mod.py", "def f(:\n")
        os.symlink("..", os.path.join(self.dir, "pkg", "up"))
        os.symlink("self", os.path.join(self.dir, "pkg", "self"))
        os.symlink("missing.py", os.path.join(self.dir, "pkg", "dangling.py"))
        r = self.check("pkg")
        self.assertEqual(r.returncode, 1)
        self.assertEqual([d["file"] for d in json.loads(r.stdout)], ["pkg/mod.py"])
        self.assertIn("symlink loop", r.stderr)
        self.assertIn("broken symlink", r.stderr)

    def test_fifo_is_refused_without_blocking(self):
        os.mkfifo(os.path.join(self.dir, "pipe.py"))
        r = self.check("pipe.py")
        self.assertEqual(r.returncode, 2)
        self.assertIn("not a regular file", r.stderr)

    def test_nothing_written_to_user_files(self):
        self.write("a.py", "def f(:\n")
        self.write("b/c.py", "x = 1\n")
        before = tree_digest(self.dir)
        for fmt in ("text", "json"):
            run(["--format", fmt, "."], cwd=self.dir)
        self.assertEqual(tree_digest(self.dir), before)


if __name__ == "__main__":
    unittest.main()
