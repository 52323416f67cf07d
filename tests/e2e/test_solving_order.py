"""The fixpoint's verdicts do not depend on the order it solves in: which
callbacks break which rules (a difference there is a dependency the
fixpoint does not track, and may whitelist an unsafe callback), nor the
sites their findings show (capped, the first ones in the files are kept).
Checked with `pxlint debug verdicts` and its --reverse-sweep."""
import json
import os
import sysconfig
import unittest

from tests.e2e.helpers import TempDirTest, run
from tests.stdlib_order import keyed

# A method solved before its class's bases are set (the reverse sweep takes
# functions before the function that defines the class): once the base
# appears, super().__init__ must reach Base.__init__'s write to self.
LOCAL_CLASS = (
    "class Base:\n"
    "    def __init__(self):\n"
    "        self.items = []\n"
    "def test():\n"
    "    class Local(Base):\n"
    "        def __init__(self):\n"
    "            super().__init__()\n"
    "    return Local()\n")


def verdicts(paths, cwd, reverse):
    """(path, qualname, line, column) -> (rules, sites)"""
    args = ["debug", "verdicts", "--isolated", "--all-functions"]
    r = run(args + (["--reverse-sweep"] if reverse else []) + paths, cwd=cwd)
    if r.returncode != 0:
        raise AssertionError(r.stderr)
    return keyed(json.loads(r.stdout))


class TestSolvingOrder(TempDirTest):
    def test_local_class_reaches_its_base_in_either_order(self):
        self.write("app.py", LOCAL_CLASS)
        for reverse in (False, True):
            got = verdicts(["app.py"], self.dir, reverse)
            self.assertEqual(got[("app.py", "test.<locals>.Local.__init__", 6, 9)][0], ["PX103"],
                             "reverse sweep" if reverse else "natural order")

    def test_super_in_a_cycle_through_its_enclosing_function(self):
        # U3.__rmod__ is reached (through `%` and the overrides below U)
        # while test_rmod, which sets U3's bases, is still being solved: a
        # `super()` it cannot resolve yet must not stay around the cycle.
        self.write("app.py", "class U:\n"
                             "    def __init__(self, d):\n"
                             "        self.data = d\n"
                             "    def __rmod__(self, template):\n"
                             "        return self.__class__(str(template) % self)\n"
                             "def test_rmod():\n"
                             "    class U2(U):\n"
                             "        pass\n"
                             "    class U3(U2):\n"
                             "        def __rmod__(self, other):\n"
                             "            return super().__rmod__(other)\n"
                             "    return U2('v %s') % U3('x')\n")
        natural = verdicts(["app.py"], self.dir, False)
        reverse = verdicts(["app.py"], self.dir, True)
        self.assertEqual(natural, reverse)
        key = ("app.py", "test_rmod.<locals>.U3.__rmod__", 10, 9)
        self.assertNotIn("PX301 app.py:11:20", natural[key][1])

    def test_lambdas_of_one_function_are_told_apart_by_line(self):
        self.write("app.py", "LOG = []\n"
                             "def f():\n"
                             "    a = lambda: LOG.append(1)\n"
                             "    b, c = lambda: len(LOG), lambda: LOG.clear()\n"
                             "    return a, b, c\n")
        got = verdicts(["app.py"], self.dir, False)
        self.assertEqual(got[("app.py", "f.<locals>.<lambda>", 3, 9)][0], ["PX101"])
        self.assertEqual(got[("app.py", "f.<locals>.<lambda>", 4, 12)][0], [])
        self.assertEqual(got[("app.py", "f.<locals>.<lambda>", 4, 30)][0], ["PX101"])

    def test_stdlib_verdicts_are_the_same_in_reverse(self):
        stdlib = sysconfig.get_paths()["stdlib"]
        paths = [os.path.join(stdlib, p) for p in ("json", "unittest", "email")]
        paths = [p for p in paths if os.path.isdir(p)]
        if not paths:
            self.skipTest("no standard library to read")
        natural = verdicts(paths, self.dir, False)
        reverse = verdicts(paths, self.dir, True)
        self.assertGreater(len(natural), 1000)
        rules = [v[0] for v in natural.values()]
        self.assertTrue(any(rules) and not all(rules))
        self.assertGreater(sum(len(v[1]) for v in natural.values()), 10000)
        for part, what in ((0, "rules"), (1, "sites")):
            differ = sorted(k for k in natural.keys() | reverse.keys()
                            if natural.get(k, ((), ()))[part] != reverse.get(k, ((), ()))[part])
            self.assertEqual(differ, [], what)

    def test_help_and_bad_option(self):
        r = run(["debug", "verdicts", "--help"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("--reverse-sweep", r.stdout)
        self.assertEqual(run(["debug", "verdicts", "--bogus", "x.py"]).returncode, 2)


if __name__ == "__main__":
    unittest.main()
