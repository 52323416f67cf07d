"""Loading whitelists (errors name the file) and the source_sha256 contract."""

import hashlib
import json
import os
import shutil
import tempfile
import unittest

from .support import write_whitelist  # also puts runtime/ on sys.path

from pxlint_runtime import (Whitelist, WhitelistEntry, WhitelistError,
                            load_whitelist, source_sha256)
from pxlint_runtime.source import line_span

GOOD = {"module": "app.search", "qualname": "Index.lookup",
        "file": "src/app/search.py", "line": 40, "end_line": 61,
        "source_sha256": "ab" * 32}


class LoadErrorsTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pxlint-wl-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def write(self, text, name="wl.json", mode="w"):
        path = os.path.join(self.tmp, name)
        with open(path, mode) as f:
            f.write(text)
        return path

    def assertError(self, path, *needles, index=None):
        with self.assertRaises(WhitelistError) as cm:
            load_whitelist(path)
        message = str(cm.exception)
        self.assertIn(path, message)
        self.assertEqual(cm.exception.path, path)
        self.assertEqual(cm.exception.index, index)
        for needle in needles:
            self.assertIn(needle, message)
        return message

    def test_missing_file(self):
        path = os.path.join(self.tmp, "nope.json")
        self.assertError(path, "not found")

    def test_directory(self):
        self.assertError(self.tmp, "directory")

    def test_corrupt_json(self):
        path = self.write('{"pxlint_whitelist": 1, "functions": [')
        self.assertError(path, "invalid JSON", "line 1")

    def test_empty_file(self):
        self.assertError(self.write(""), "invalid JSON")

    def test_not_utf8(self):
        path = self.write(b'{"pxlint_whitelist": 1, "x": "\xff"}', mode="wb")
        self.assertError(path, "UTF-8")

    def test_wrong_version(self):
        for version in (2, 0, "1", True, None, 1.0):
            with self.subTest(version=version):
                path = self.write(json.dumps({"pxlint_whitelist": version,
                                              "functions": []}))
                self.assertError(path, "unsupported whitelist version")

    def test_missing_version(self):
        path = self.write(json.dumps({"functions": [GOOD]}))
        self.assertError(path, "not a pxlint whitelist")

    def test_top_level_not_object(self):
        self.assertError(self.write("[1, 2]"), "JSON object")

    def test_functions_missing_or_wrong(self):
        self.assertError(self.write('{"pxlint_whitelist": 1}'),
                         "missing 'functions'")
        self.assertError(self.write('{"pxlint_whitelist": 1, "functions": {}}'),
                         "'functions' must be a list")

    def test_bad_entries_name_the_index(self):
        cases = [
            (7, "entry must be an object"),
            ({k: v for k, v in GOOD.items() if k != "qualname"},
             "missing key 'qualname'"),
            (dict(GOOD, line="40"), "'line' must be an integer"),
            (dict(GOOD, line=True), "'line' must be an integer"),
            (dict(GOOD, module=3), "'module' must be a string"),
            (dict(GOOD, module=""), "'module' must not be empty"),
            (dict(GOOD, line=0), "'line' must be >= 1"),
            (dict(GOOD, end_line=39), "'end_line' (39) is before"),
            (dict(GOOD, source_sha256="abc"), "64 hex digits"),
            (dict(GOOD, source_sha256="zz" * 32), "64 hex digits"),
        ]
        for bad, needle in cases:
            with self.subTest(needle=needle):
                path = write_whitelist(os.path.join(self.tmp, "bad.json"),
                                       [GOOD, bad])
                self.assertError(path, needle, "functions[1]", index=1)


class LoadTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="pxlint-wl-")
        self.addCleanup(shutil.rmtree, self.tmp, True)

    def test_valid(self):
        path = write_whitelist(os.path.join(self.tmp, "build", "wl.json"),
                               [GOOD, dict(GOOD, qualname="<lambda>", line=70,
                                           end_line=70, extra="ignored")])
        wl = load_whitelist(path)
        self.assertEqual(len(wl), 2)
        self.assertEqual(wl.generator, "tests")
        self.assertEqual(wl.mode, "strict")
        self.assertEqual(wl.root, os.path.join(self.tmp, "build"))
        entry = wl.lookup("app.search", "Index.lookup", 40)
        self.assertIsInstance(entry, WhitelistEntry)
        self.assertEqual(entry.end_line, 61)
        self.assertIsNone(wl.lookup("app.search", "Index.lookup", 41))
        self.assertIsNone(wl.lookup("app.other", "Index.lookup", 40))
        self.assertEqual(wl.resolve(entry),
                         os.path.join(self.tmp, "build", "src", "app",
                                      "search.py"))
        wl2 = load_whitelist(path, root=self.tmp)
        self.assertEqual(wl2.resolve(entry),
                         os.path.join(self.tmp, "src", "app", "search.py"))

    def test_uppercase_hash_normalized_and_bom_accepted(self):
        path = os.path.join(self.tmp, "wl.json")
        doc = {"pxlint_whitelist": 1, "functions":
               [dict(GOOD, source_sha256="AB" * 32)]}
        with open(path, "wb") as f:
            f.write(b"\xef\xbb\xbf" + json.dumps(doc).encode())
        self.assertEqual(load_whitelist(path).entries[0].source_sha256,
                         "ab" * 32)

    def test_empty_whitelist(self):
        wl = Whitelist()
        self.assertEqual(len(wl), 0)
        self.assertIsNone(wl.lookup("m", "f", 1))


class SourceHashTest(unittest.TestCase):
    def h(self, data):
        return hashlib.sha256(data).hexdigest()

    def test_line_terminators(self):
        data = b"a\nb\r\nc\rd"
        self.assertEqual(line_span(data, 1, 1), b"a\n")
        self.assertEqual(line_span(data, 2, 2), b"b\r\n")
        self.assertEqual(line_span(data, 3, 3), b"c\r")
        self.assertEqual(line_span(data, 4, 4), b"d")
        self.assertEqual(line_span(data, 2, 4), b"b\r\nc\rd")
        self.assertEqual(source_sha256(data, 2, 3), self.h(b"b\r\nc\r"))

    def test_bom_belongs_to_line_one(self):
        data = b"\xef\xbb\xbfdef f():\n    pass\n"
        self.assertEqual(source_sha256(data, 1, 2), self.h(data))
        self.assertEqual(line_span(data, 2, 2), b"    pass\n")

    def test_form_feed_and_vt_are_not_line_breaks(self):
        data = b"a\x0cb\x0bc\nd\n"
        self.assertEqual(line_span(data, 2, 2), b"d\n")

    def test_out_of_range(self):
        data = b"a\nb\n"
        self.assertIsNone(source_sha256(data, 2, 3))
        self.assertIsNone(source_sha256(data, 0, 1))
        self.assertIsNone(source_sha256(data, 2, 1))
        self.assertIsNone(source_sha256(b"", 1, 1))

    def test_matches_co_firstlineno_with_odd_newlines(self):
        # CPython counts lines the way the contract does, CR included.
        src = b"x = 1\rdef f():\r    return 1\r\r\n@staticmethod\ndef g(): pass"
        ns = {}
        exec(compile(src, "<t>", "exec"), ns)
        self.assertEqual(ns["f"].__code__.co_firstlineno, 2)
        self.assertEqual(ns["g"].__func__.__code__.co_firstlineno, 5)
        self.assertEqual(line_span(src, 5, 6), b"@staticmethod\ndef g(): pass")


if __name__ == "__main__":
    unittest.main()
