"""The bundled example end to end, as `make run` drives it: lint, whitelist,
then the reference runtime running the handlers. Checks each handler's
verdict at every step."""
import json
import os
import subprocess
import tempfile
import unittest

from tests.e2e.helpers import PXLINT, ROOT

SAFE = {"prefix_search", "count_matches", "fetch_article", "suggest_words"}
UNSAFE = {"count_hit": "PX101", "cached_search": "PX101", "logged_search": "PX101",
          "article_checksum": "PX201"}


class TestExample(unittest.TestCase):
    def test_lint_whitelist_and_run(self):
        r = subprocess.run([PXLINT, "check", "--format", "json", "examples/instant_search"],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)
        self.assertEqual(r.returncode, 1, r.stderr)
        found = {}
        for d in json.loads(r.stdout):
            self.assertIsNotNone(d["callback"])
            found.setdefault(d["callback"]["qualname"], set()).add(d["code"])
        self.assertEqual(set(found), set(UNSAFE))
        for name, code in UNSAFE.items():
            self.assertIn(code, found[name])

        with tempfile.TemporaryDirectory() as tmp:
            wl = os.path.join(tmp, "wl.json")
            r = subprocess.run([PXLINT, "whitelist", "examples/instant_search", "-o", wl],
                               cwd=ROOT, capture_output=True, text=True, timeout=120)
            self.assertEqual(r.returncode, 0, r.stderr)
            with open(wl) as fh:
                doc = json.load(fh)
            self.assertEqual({f["qualname"] for f in doc["functions"]}, SAFE)
            self.assertTrue(all(f["module"] == "instant_search.handlers"
                                for f in doc["functions"]))

            env = dict(os.environ, PYTHONPATH="runtime:examples/instant_search")
            r = subprocess.run(["python3", "-m", "instant_search.demo", "--whitelist", wl,
                                "--root", ".", "--requests", "800", "--articles", "5000"],
                               cwd=ROOT, capture_output=True, text=True, timeout=120, env=env)
            self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
            rows = {}
            for line in r.stdout.splitlines():
                parts = line.split()
                if parts and (parts[0] in SAFE or parts[0] in UNSAFE):
                    rows[parts[0]] = parts[1]
            for name in SAFE:
                self.assertEqual(rows.get(name), "lock-free", r.stdout)
            for name in UNSAFE:
                self.assertEqual(rows.get(name), "serialized", r.stdout)


if __name__ == "__main__":
    unittest.main()
