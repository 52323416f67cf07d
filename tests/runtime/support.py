"""Shared helpers for the runtime tests: temp modules, entries, whitelists."""

import ast
import hashlib
import importlib
import itertools
import json
import os
import shutil
import sys
import tempfile
import textwrap
import unittest

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))
RUNTIME_DIR = os.path.join(REPO_ROOT, "runtime")
EXAMPLE_DIR = os.path.join(REPO_ROOT, "examples", "instant_search")

if RUNTIME_DIR not in sys.path:
    sys.path.insert(0, RUNTIME_DIR)

_counter = itertools.count()


def function_spans(source):
    """(qualname, line, end_line) of every def and lambda in ``source``
    (text), computed the way pxlint does: ``line`` is the first decorator
    line, else the def/lambda line.  Comprehension scopes are not modelled
    (the tests do not put functions in them)."""
    tree = ast.parse(source)
    spans = []
    stack = [(tree, "")]
    while stack:
        node, prefix = stack.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                qualname = prefix + child.name
                first = min([child.lineno] + [d.lineno for d in
                                              child.decorator_list])
                spans.append((qualname, first, child.end_lineno))
                stack.append((child, qualname + ".<locals>."))
            elif isinstance(child, ast.ClassDef):
                stack.append((child, prefix + child.name + "."))
            elif isinstance(child, ast.Lambda):
                qualname = prefix + "<lambda>"
                spans.append((qualname, child.lineno, child.end_lineno))
                stack.append((child, qualname + ".<locals>."))
            else:
                stack.append((child, prefix))
    return sorted(spans, key=lambda s: (s[1], s[0]))


def sha256_lines(path, line, end_line):
    """Independent implementation of the contract's source_sha256."""
    with open(path, "rb") as f:
        data = f.read()
    lines = data.splitlines(keepends=True)
    return hashlib.sha256(b"".join(lines[line - 1:end_line])).hexdigest()


def make_entry(module, path, qualname, line=None, root=None,
               allow_many=False):
    """A whitelist entry for ``qualname`` defined in the file ``path``; when
    the name is defined on several lines, ``line`` picks one.  ``file`` is
    made relative to ``root`` when given, else absolute.  ``allow_many``
    accepts several matches (lambdas sharing a line) and uses the first."""
    with open(path, "rb") as f:
        source = f.read().decode("utf-8-sig")
    found = [s for s in function_spans(source) if s[0] == qualname
             and (line is None or s[1] == line)]
    if len(found) != 1 and not (allow_many and found):
        raise AssertionError("%d definitions of %s (line %s) in %s"
                             % (len(found), qualname, line, path))
    _, first, last = found[0]
    file = os.path.relpath(path, root) if root else os.path.abspath(path)
    return {"module": module, "qualname": qualname,
            "file": file.replace(os.sep, "/"),
            "line": first, "end_line": last,
            "source_sha256": sha256_lines(path, first, last)}


def write_whitelist(path, entries, version=1):
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"pxlint_whitelist": version, "generator": "tests",
                   "mode": "strict", "functions": list(entries)}, f,
                  indent=1)
    return path


class TempModuleCase(unittest.TestCase):
    """A TestCase with a temp dir on sys.path where tests write modules with
    unique names and import them; everything is undone in tearDown."""

    def setUp(self):
        super().setUp()
        self.tmp = tempfile.mkdtemp(prefix="pxlint-rt-")
        sys.path.insert(0, self.tmp)
        self._modules = []

    def tearDown(self):
        for name in self._modules:
            sys.modules.pop(name, None)
        try:
            sys.path.remove(self.tmp)
        except ValueError:
            pass
        shutil.rmtree(self.tmp, ignore_errors=True)
        super().tearDown()

    def unique_name(self, stem="pxrt_mod"):
        return "%s_%d_%d" % (stem, os.getpid(), next(_counter))

    def write_module(self, source, name=None, newline="\n"):
        """Write a module with a fresh unique name; return (name, path)."""
        name = name or self.unique_name()
        self._modules.append(name)
        path = os.path.join(self.tmp, *name.split(".")) + ".py"
        os.makedirs(os.path.dirname(path), exist_ok=True)
        text = textwrap.dedent(source).lstrip("\n")
        with open(path, "wb") as f:
            f.write(text.replace("\n", newline).encode("utf-8"))
        return name, path

    def import_module(self, name):
        importlib.invalidate_caches()
        return importlib.import_module(name)

    def whitelist_file(self, entries, name="whitelist.json", version=1):
        return write_whitelist(os.path.join(self.tmp, name), entries, version)
