"""The instant_search example: handler behaviour, and the demo's printed
verdicts with an empty and with a hand-made whitelist."""

import os
import re
import subprocess
import sys
import tempfile
import shutil
import unittest

from .support import EXAMPLE_DIR, REPO_ROOT, RUNTIME_DIR, make_entry, \
    write_whitelist

HANDLERS_PY = os.path.join(EXAMPLE_DIR, "instant_search", "handlers.py")
MODULE = "instant_search.handlers"
SAFE = ["prefix_search", "count_matches", "fetch_article", "suggest_words"]
UNSAFE = ["count_hit", "cached_search", "logged_search", "article_checksum"]

SMALL_RUN = ["--articles", "3000", "--requests", "800", "--workers", "4"]


def run_demo(*args):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([RUNTIME_DIR, EXAMPLE_DIR])
    return subprocess.run(
        [sys.executable, "-B", "-m", "instant_search.demo"] + list(args),
        cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, universal_newlines=True, timeout=60)


def table_rows(stdout):
    """handler -> (verdict, calls, lock-free, serialized, why)."""
    rows = {}
    for line in stdout.splitlines():
        m = re.match(r"^(\w+)\s+(lock-free|serialized)\s+(\d+)\s+(\d+)\s+"
                     r"(\d+)\s+(.*)$", line)
        if m:
            rows[m.group(1)] = (m.group(2), int(m.group(3)), int(m.group(4)),
                                int(m.group(5)), m.group(6))
    return rows


class DemoTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pxlint-demo-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def check_ok(self, proc):
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        self.assertIn("interpreter: GIL ", proc.stdout)
        self.assertIn("result: ok", proc.stdout)
        rows = table_rows(proc.stdout)
        self.assertEqual(sorted(rows), sorted(SAFE + UNSAFE), proc.stdout)
        for name, (_, calls, free, serial, _) in rows.items():
            self.assertGreater(calls, 0, name)
            self.assertEqual(calls, free + serial, name)
        return rows

    def test_empty_whitelist_serializes_everything(self):
        path = write_whitelist(os.path.join(self.tmp, "empty.json"), [])
        proc = run_demo("--whitelist", path, *SMALL_RUN)
        rows = self.check_ok(proc)
        for name, (verdict, _, free, _, why) in rows.items():
            self.assertEqual(verdict, "serialized", name)
            self.assertEqual(free, 0, name)
            self.assertTrue(why.startswith("not-listed"), why)
        self.assertIn("runs serialized", proc.stderr)

    def test_no_whitelist_argument(self):
        rows = self.check_ok(run_demo(*SMALL_RUN))
        self.assertEqual({r[0] for r in rows.values()}, {"serialized"})

    def _safe_entries(self, root):
        return [make_entry(MODULE, HANDLERS_PY, name, root=root)
                for name in SAFE]

    def check_safe_listed(self, proc):
        rows = self.check_ok(proc)
        for name in SAFE:
            verdict, calls, free, serial, why = rows[name]
            self.assertEqual((verdict, free, serial), ("lock-free", calls, 0),
                             proc.stdout)
        for name in UNSAFE:
            verdict, calls, free, serial, why = rows[name]
            self.assertEqual((verdict, free, serial), ("serialized", 0, calls),
                             proc.stdout)
            self.assertTrue(why.startswith("not-listed"), why)

    def test_hand_made_whitelist_with_root(self):
        path = write_whitelist(os.path.join(self.tmp, "wl.json"),
                               self._safe_entries(EXAMPLE_DIR))
        self.check_safe_listed(run_demo("--whitelist", path, "--root",
                                        EXAMPLE_DIR, *SMALL_RUN))

    def test_hand_made_whitelist_falls_back_to_co_filename(self):
        # Paths relative to the example's directory, whitelist elsewhere and
        # no --root: the runtime hashes each function's own file instead.
        path = write_whitelist(os.path.join(self.tmp, "build", "wl.json"),
                               self._safe_entries(EXAMPLE_DIR))
        self.check_safe_listed(run_demo("--whitelist", path, *SMALL_RUN))

    def test_stale_entry_is_serialized(self):
        entries = self._safe_entries(EXAMPLE_DIR)
        entries[0] = dict(entries[0], source_sha256="0" * 64)
        path = write_whitelist(os.path.join(self.tmp, "stale.json"), entries)
        rows = self.check_ok(run_demo("--whitelist", path, "--root",
                                      EXAMPLE_DIR, *SMALL_RUN))
        self.assertEqual(rows[SAFE[0]][0], "serialized")
        self.assertTrue(rows[SAFE[0]][4].startswith("stale-hash"))
        self.assertEqual(rows[SAFE[1]][0], "lock-free")

    def test_bad_whitelist_exits_2_naming_the_file(self):
        path = os.path.join(self.tmp, "corrupt.json")
        with open(path, "w") as f:
            f.write("{not json")
        proc = run_demo("--whitelist", path, *SMALL_RUN)
        self.assertEqual(proc.returncode, 2)
        self.assertIn(path, proc.stderr)
        self.assertIn("invalid JSON", proc.stderr)
        proc = run_demo("--whitelist", os.path.join(self.tmp, "none.json"))
        self.assertEqual(proc.returncode, 2)
        self.assertIn("none.json", proc.stderr)


class HandlersTest(unittest.TestCase):
    """The handlers compute the right answers (in-process, small data)."""

    @classmethod
    def setUpClass(cls):
        if EXAMPLE_DIR not in sys.path:
            sys.path.insert(0, EXAMPLE_DIR)
        from instant_search import data, handlers, index
        cls.handlers = handlers
        cls.tmp = tempfile.mkdtemp(prefix="pxlint-idx-")
        cls.path = data.generate_articles(cls.tmp, count=800, seed=7)
        cls.index = index.build_index(cls.path)

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, True)

    def test_deterministic_data(self):
        from instant_search import data
        with tempfile.TemporaryDirectory() as other:
            again = data.generate_articles(other, count=800, seed=7)
            with open(again, "rb") as a, open(self.path, "rb") as b:
                self.assertEqual(a.read(), b.read())

    def test_index_sorted_and_offsets_match(self):
        idx = self.index
        self.assertEqual(idx.keys, sorted(idx.keys))
        self.assertEqual(len(idx.keys), len(idx.offsets))
        self.assertEqual(idx.offsets.typecode, "q")
        with open(self.path, "rb") as f:
            for i in (0, len(idx) // 2, len(idx) - 1):
                f.seek(idx.offsets[i])
                self.assertTrue(f.readline().decode("utf-8")
                                .startswith(idx.titles[i] + "\t"))

    def test_search_handlers(self):
        h, idx = self.handlers, self.index
        prefix = idx.titles[100][:3]
        expected = [t for k, t in zip(idx.keys, idx.titles)
                    if k.startswith(prefix.casefold())]
        self.assertEqual(h.count_matches(idx, prefix)["count"], len(expected))
        self.assertEqual([r["title"] for r in h.prefix_search(idx, prefix)],
                         expected[:h.MAX_RESULTS])
        article = h.fetch_article(idx, idx.titles[5].upper())
        self.assertEqual(article["title"], idx.titles[5])
        self.assertTrue(article["body"].startswith(idx.titles[5]))
        self.assertIsNone(h.fetch_article(idx, "No Such Article 0"))
        self.assertLessEqual(len(h.suggest_words(idx, prefix)), 5)

    def test_unsafe_handlers_touch_shared_state(self):
        h, idx = self.handlers, self.index
        h.reset_state()
        title = idx.titles[3]
        h.count_hit(idx, "a")
        h.count_hit(idx, "a")
        self.assertEqual(h.HITS, {"a": 2})
        first = h.cached_search(idx, "b")
        self.assertIs(h.cached_search(idx, "b"), first)
        h.logged_search(idx, "c")
        self.assertEqual(h.QUERY_LOG, ["c"])
        self.assertIsInstance(h.article_checksum(idx, title)["crc32"], int)
        h.reset_state()


if __name__ == "__main__":
    unittest.main()
