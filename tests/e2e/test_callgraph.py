"""Module resolution and the call graph over a multi-package project:
relative imports, re-exports through __init__, aliases, methods through
self and module-level instances, super(), partial and lambdas. Checked with
`pxlint debug calls`."""
import json
import unittest

from tests.e2e.helpers import TempDirTest, run

FILES = {
    "src/shop/__init__.py": "from .store import Store as Store\nfrom . import util\n",
    "src/shop/util.py": "def slug(s):\n    return s.lower()\n\ndef _private():\n    return 1\n",
    "src/shop/store.py": (
        "from .util import slug\n"
        "class Base:\n"
        "    def save(self):\n        return 1\n"
        "class Store(Base):\n"
        "    def __init__(self):\n        self.items = {}\n"
        "    def add(self, name):\n        return self.key(name)\n"
        "    def key(self, name):\n        return slug(name)\n"
        "    def save(self):\n        return super().save()\n"
        "class LRU:\n"
        "    def get(self, k):\n        return k\n"
        "CACHE = LRU()\n"),
    "src/shop/api/__init__.py": "",
    "src/shop/api/views.py": (
        "import functools\n"
        "import os.path as osp\n"
        "from .. import util as u\n"
        "from ..store import CACHE\n"
        "from ...shop import Store\n"
        "import shop.util\n"
        "import numpy as np\n"
        "def view(name, f):\n"
        "    s = Store()\n"
        "    s.add(name)\n"
        "    u.slug(name)\n"
        "    shop.util.slug(name)\n"
        "    CACHE.get(name)\n"
        "    osp.join('a', name)\n"
        "    np.dot(1, 2)\n"
        "    p = functools.partial(u.slug, name)\n"
        "    p()\n"
        "    g = lambda: u.slug(name)\n"
        "    g()\n"
        "    f()\n"),
}


class TestCallGraph(TempDirTest):
    def test_resolution(self):
        for rel, text in FILES.items():
            self.write(rel, text)
        r = run(["debug", "calls", "--isolated", "src"], cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        edges = json.loads(r.stdout)
        got = {(e["caller"], e["line"], e["kind"], e["callee_module"], e["callee"])
               for e in edges if e["file"].endswith("views.py")}
        want = {
            ("view", 9, "function", "shop.store", "Store.__init__"),   # re-export
            ("view", 10, "function", "shop.store", "Store.add"),
            ("view", 11, "function", "shop.util", "slug"),             # from .. import util as u
            ("view", 12, "function", "shop.util", "slug"),             # import shop.util
            ("view", 13, "function", "shop.store", "LRU.get"),         # module-level instance
            ("view", 14, "external", None, "os.path.join"),            # import os.path as osp
            ("view", 15, "external", None, "numpy.dot"),               # kept dotted
            ("view", 17, "function", "shop.util", "slug"),             # partial
            ("view", 19, "function", "shop.api.views", "view.<locals>.<lambda>"),
            ("view.<locals>.<lambda>", 18, "function", "shop.util", "slug"),
            ("view", 20, "unresolved", None, "a function passed as an argument"),
        }
        self.assertTrue(want <= got, "missing: %s\ngot: %s" % (sorted(want - got, key=str),
                                                               sorted(got, key=str)))
        store = {(e["caller"], e["callee"]) for e in edges if e["file"].endswith("store.py")}
        self.assertIn(("Store.add", "Store.key"), store)       # through self
        self.assertIn(("Store.key", "slug"), store)            # relative import
        self.assertIn(("Store.save", "Base.save"), store)      # super()

    def test_each_call_once_in_order(self):
        # The loop's calls are met again at each pass of the solve, and
        # `fast` may be the library's or the project's function: each
        # call is listed once, by file, offset, callee and kind.
        self.write("pkg/__init__.py", "")
        self.write("pkg/slow.py", "def fast(x):\n    return x\n")
        self.write("pkg/main.py", (
            "try:\n    from cfast import fast\n"
            "except ImportError:\n    from .slow import fast\n"
            "def run(items):\n"
            "    f = len\n"
            "    for x in items:\n"
            "        print(f(x), fast(x))\n"
            "        f = fast\n"
            "    return f\n"))
        r = run(["debug", "calls", "--isolated", "pkg"], cwd=self.dir)
        self.assertEqual(r.returncode, 0, r.stderr)
        edges = [(e["file"], e["line"], e["column"], e["callee"], e["kind"], e["callee_module"])
                 for e in json.loads(r.stdout)]
        self.assertEqual(len(edges), len(set(edges)), edges)
        kinds = {"function": 0, "external": 1, "unresolved": 2}
        self.assertEqual(edges, sorted(edges, key=lambda e: (e[0], e[1], e[2], e[3], kinds[e[4]],
                                                             e[5] or "")))
        fast = [(e[4], e[5]) for e in edges if e[1] == 8 and e[2] == 21]
        self.assertEqual(fast, [("external", None), ("function", "pkg.slow")])
        loop = [(e[2], e[3]) for e in edges if e[1] == 8]
        self.assertIn((15, "len"), loop)  # f before the loop's first pass
        self.assertIn((15, "fast"), loop)  # f after it


if __name__ == "__main__":
    unittest.main()
