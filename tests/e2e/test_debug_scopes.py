"""`pxlint debug scopes`: JSON only on stdout, one object per file."""
import json

from tests.e2e.helpers import TempDirTest, run


class DebugScopesTest(TempDirTest):
    def dump(self, *files, extra=()):
        r = run(["debug", "scopes", *extra, *files])
        return r, json.loads(r.stdout)

    def test_scopes_symbols_bindings_references(self):
        path = self.write("m.py", "import os\n"
                                  "def f(a):\n"
                                  "    def g():\n"
                                  "        return a + os.sep\n"
                                  "    return g\n")
        r, out = self.dump(path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(len(out), 1)
        d = out[0]
        self.assertEqual(d["file"], path)
        self.assertIsNone(d["syntax_error"])
        by_q = {s["qualname"]: s for s in d["scopes"]}
        self.assertEqual(set(by_q), {"<module>", "f", "f.<locals>.g"})
        g = by_q["f.<locals>.g"]
        self.assertEqual((g["kind"], g["first_line"], g["parent"]),
                         ("function", 3, by_q["f"]["id"]))
        syms = {s["name"]: s for s in g["symbols"]}
        self.assertEqual(syms["a"]["scope"], "free")
        self.assertEqual(syms["a"]["defining_scope"], "f")
        self.assertEqual(syms["os"]["scope"], "global_implicit")
        fa = {s["name"]: s for s in by_q["f"]["symbols"]}["a"]
        self.assertEqual((fa["scope"], fa["flags"]), ("cell", ["param"]))
        kinds = {(b["name"], b["kind"]) for b in d["bindings"]}
        self.assertIn(("os", "import"), kinds)
        self.assertIn(("a", "param"), kinds)
        ref = [x for x in d["references"] if x["name"] == "a"][0]
        self.assertEqual((ref["resolution"], ref["target_scope"], ref["at"]),
                         ("free", by_q["f"]["id"], [4, 16]))

    def test_many_files_and_scopes_only(self):
        a = self.write("a.py", "x = 1\n")
        b = self.write("b.py", "class C:\n    pass\n")
        r, out = self.dump(a, b, extra=["--scopes-only"])
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual([d["file"] for d in out], [a, b])
        self.assertNotIn("references", out[0])
        self.assertEqual(out[1]["scopes"][1]["qualname"], "C")

    def test_syntax_error_is_dumped_too(self):
        path = self.write("bad.py", "def ok():\n    pass\ndef broken(:\n")
        r, out = self.dump(path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(out[0]["syntax_error"]["line"], 3)
        self.assertIn("ok", [s["qualname"] for s in out[0]["scopes"]])

    def test_unreadable_file_goes_to_stderr(self):
        good = self.write("good.py", "pass\n")
        r, out = self.dump(good, self.dir + "/missing.py")
        self.assertEqual(r.returncode, 2)
        self.assertEqual([d["file"] for d in out], [good])
        self.assertIn("missing.py", r.stderr)

    def test_non_utf8_source_stays_valid_json(self):
        path = self.write("latin.py", b"# -*- coding: latin-1 -*-\nnom\xe9 = 1\n", mode="wb")
        r, out = self.dump(path)
        self.assertIn(r.returncode, (0,), r.stderr)
        self.assertEqual(len(out), 1)

    def test_usage(self):
        self.assertEqual(run(["debug"]).returncode, 2)
        self.assertEqual(run(["debug", "scopes"]).returncode, 2)
        r = run(["debug", "scopes", "--help"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("Usage", r.stdout)
        self.assertEqual(run(["debug", "scopes", "--bogus", "x.py"]).returncode, 2)
