"""End-to-end tests of `pxlint whitelist`: format (validated against the JSON
Schema), content rules, determinism and atomic replacement."""
import hashlib
import json
import os
import subprocess
import unittest

from tests.e2e.helpers import ROOT, TempDirTest, run

APP = '''import threading
from concurrent.futures import ThreadPoolExecutor

LOG = []


def safe(query):
    return sorted(query)


@staticmethod
def decorated(x):
    return [x]


def unsafe(query):
    LOG.append(query)


def suppressed(query):
    LOG.append(query)  # pxlint: ignore[PX101]


def main():
    with ThreadPoolExecutor() as ex:
        ex.submit(safe, "a")
        ex.submit(unsafe, "b")
        ex.submit(suppressed, "c")
        ex.submit(decorated, 1)
        ex.submit(lambda: 1)
'''


def read_bytes(path):
    with open(path, "rb") as fh:
        return fh.read()


def read_json(path):
    with open(path) as fh:
        return json.load(fh)


def validator():
    """A command that validates JSON against a schema with python3-jsonschema,
    installing it as root when missing; None (and the reason) otherwise."""
    py = "/usr/bin/python3"
    probe = [py, "-c", "import jsonschema"]
    if os.path.exists(py) and subprocess.run(probe, capture_output=True).returncode == 0:
        return py, None
    proc = subprocess.run(["sh", os.path.join(ROOT, "tools", "ensure-deps.sh"),
                           "python3-jsonschema"], capture_output=True, text=True)
    if proc.returncode == 0 and subprocess.run(probe, capture_output=True).returncode == 0:
        return py, None
    return None, "python3-jsonschema is missing; as root: apt-get install python3-jsonschema"


class TestWhitelist(TempDirTest):
    def setUp(self):
        super().setUp()
        self.write("app/__init__.py", "")
        self.write("app/handlers.py", APP)
        self.out = os.path.join(self.dir, "wl.json")

    def whitelist(self, *args):
        return run(["whitelist", "--isolated", "app", "-o", self.out, *args], cwd=self.dir)

    def test_content_follows_the_rules(self):
        r = self.whitelist("--explain-missing")
        self.assertEqual(r.returncode, 0, r.stderr)
        doc = read_json(self.out)
        names = [f["qualname"] for f in doc["functions"]]
        # the lambda, the static function and `safe` are proven; the others not,
        # the suppressed one included
        self.assertEqual(sorted(names), ["decorated", "main.<locals>.<lambda>", "safe"])
        self.assertIn("app.handlers.unsafe is not on the whitelist", r.stdout)
        self.assertIn("app.handlers.suppressed is not on the whitelist", r.stdout)
        entry = [f for f in doc["functions"] if f["qualname"] == "decorated"][0]
        self.assertEqual(entry["module"], "app.handlers")
        self.assertEqual(entry["file"], "app/handlers.py")
        self.assertEqual(entry["line"], 11)  # the decorator line
        lines = read_bytes(os.path.join(self.dir, "app/handlers.py")).splitlines(True)
        body = b"".join(lines[entry["line"] - 1:entry["end_line"]])
        self.assertEqual(entry["source_sha256"], hashlib.sha256(body).hexdigest())

    def test_matches_the_schema(self):
        py, why = validator()
        if not py:
            self.skipTest(why)
        self.assertEqual(self.whitelist("--all-functions").returncode, 0)
        schema = os.path.join(ROOT, "docs", "whitelist.schema.json")
        code = ("import json,sys,jsonschema;"
                "jsonschema.validate(json.load(open(sys.argv[1])), json.load(open(sys.argv[2])))")
        proc = subprocess.run([py, "-c", code, self.out, schema], capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        # and the schema really rejects a broken document
        bad = os.path.join(self.dir, "bad.json")
        doc = read_json(self.out)
        doc["functions"].append({"module": "m", "qualname": "q", "file": "f", "line": 0,
                                 "end_line": 1, "source_sha256": "xyz"})
        with open(bad, "w") as fh:
            json.dump(doc, fh)
        proc = subprocess.run([py, "-c", code, bad, schema], capture_output=True, text=True)
        self.assertNotEqual(proc.returncode, 0)

    def test_deterministic_across_runs_and_jobs(self):
        for i in range(12):
            self.write("app/m%02d.py" % i, "import threading\n"
                       "def cb%d(x):\n    return [x]\n"
                       "threading.Thread(target=cb%d, args=(1,)).start()\n" % (i, i))
        outputs = set()
        for jobs in ("1", "2", "5", "1"):
            self.assertEqual(self.whitelist("--jobs", jobs).returncode, 0)
            outputs.add(read_bytes(self.out))
        self.assertEqual(len(outputs), 1)

    def test_failed_run_keeps_the_previous_whitelist(self):
        self.assertEqual(self.whitelist().returncode, 0)
        before = read_bytes(self.out)
        r = run(["whitelist", "--isolated", "app", "missing_dir", "-o", self.out], cwd=self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("not writing", r.stderr)
        self.assertEqual(read_bytes(self.out), before)
        # an unwritable destination: error, old file intact, no temp file left
        os.chmod(self.dir, 0o555)
        try:
            r = subprocess.run(["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                                os.environ.get("PXLINT") or os.path.join(ROOT, "build", "pxlint"),
                                "whitelist", "--isolated", "app", "-o", self.out],
                               cwd=self.dir, capture_output=True, text=True)
        finally:
            os.chmod(self.dir, 0o755)
        self.assertEqual(r.returncode, 2)
        self.assertEqual(read_bytes(self.out), before)
        self.assertEqual([n for n in os.listdir(self.dir) if ".tmp" in n], [])

    def test_syntax_error_file_is_never_listed(self):
        self.write("app/broken.py", "import threading\ndef cb(x):\n    return x\n"
                   "threading.Thread(target=cb).start()\ndef oops(:\n")
        self.assertEqual(self.whitelist("--all-functions").returncode, 0)
        files = {f["file"] for f in read_json(self.out)["functions"]}
        self.assertNotIn("app/broken.py", files)

    def test_usage_errors(self):
        r = run(["whitelist", "--isolated", "app"], cwd=self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no output file", r.stderr)
        r = run(["whitelist", "-o", "x.json"], cwd=self.dir)
        self.assertEqual(r.returncode, 2)
        self.assertIn("no PATH", r.stderr)


if __name__ == "__main__":
    unittest.main()
