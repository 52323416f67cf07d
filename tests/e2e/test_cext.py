"""C-extension detection with a real compiled extension module: built here
into a temporary site-packages, found by pxlint from the directory listing
alone, and reported as PX201 through every alias; a plain .py module of the
same shape is not a C extension."""
import json
import os
import shutil
import subprocess
import unittest

from tests.e2e.helpers import TempDirTest, run

EXT_C = r'''
#define PY_SSIZE_T_CLEAN
#include <Python.h>
static PyObject *run(PyObject *self, PyObject *args) { return PyLong_FromLong(42); }
static PyMethodDef methods[] = {{"run", run, METH_NOARGS, "run"}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "%s", NULL, -1, methods};
PyMODINIT_FUNC PyInit_%s(void) { return PyModule_Create(&module); }
'''

APP = '''import threading
import fastext
import fastext as fx
from fastext import run as go
from pkg import inner
import purepy


def direct():
    return fastext.run()


def aliased():
    return fx.run()


def imported_name():
    return go()


def submodule():
    return inner.run()


def plain_python():
    return purepy.run()


for cb in (direct, aliased, imported_name, submodule, plain_python):
    threading.Thread(target=cb).start()
'''


def python_config():
    for name in ("python3-config", "python3.11-config"):
        path = shutil.which(name)
        if path:
            return path
    return None


class TestCompiledExtension(TempDirTest):
    def build(self, name, dest_dir):
        cfg = python_config()
        includes = subprocess.run([cfg, "--includes"], capture_output=True,
                                  text=True).stdout.split()
        suffix = subprocess.run([cfg, "--extension-suffix"], capture_output=True,
                                text=True).stdout.strip()
        src = os.path.join(self.dir, name + ".c")
        with open(src, "w") as fh:
            fh.write(EXT_C % (name, name))
        out = os.path.join(dest_dir, name + suffix)
        proc = subprocess.run(["cc", "-shared", "-fPIC", *includes, src, "-o", out],
                              capture_output=True, text=True)
        self.assertEqual(proc.returncode, 0, proc.stderr)
        return out

    def test_detection_and_aliases(self):
        if not python_config():
            self.skipTest("python3-config is not installed (python3-dev)")
        site = os.path.join(self.dir, "site")
        os.makedirs(os.path.join(site, "pkg"))
        self.write("site/pkg/__init__.py", "")
        self.build("fastext", site)
        self.build("inner", os.path.join(site, "pkg"))
        # a plain module that looks the same from the outside
        self.write("site/purepy.py", "def run():\n    return 42\n")
        # the extension really is one: CPython imports and runs it
        proc = subprocess.run(["python3", "-c", "import fastext, pkg.inner; "
                               "print(fastext.run() + pkg.inner.run())"],
                              env=dict(os.environ, PYTHONPATH=site), capture_output=True,
                              text=True)
        self.assertEqual(proc.stdout.strip(), "84", proc.stderr)

        self.write("project/app.py", APP)
        self.write("project/.pxlint.yaml", "site-packages: [../site]\n")
        r = run(["check", "--format", "json", "project"], cwd=self.dir)
        self.assertEqual(r.returncode, 1, r.stderr)
        by_callback = {}
        for d in json.loads(r.stdout):
            by_callback.setdefault(d["callback"]["qualname"], set()).add(d["code"])
        for cb in ("direct", "aliased", "imported_name", "submodule"):
            self.assertEqual(by_callback.get(cb), {"PX201"}, (cb, by_callback))
        # not a C extension: a module outside the run, so "cannot prove"
        self.assertEqual(by_callback.get("plain_python"), {"PX301"})

        # detection off: nothing is a C extension any more
        self.write("project/.pxlint.yaml",
                   "site-packages: [../site]\nc-extensions:\n  detect: false\n")
        r = run(["check", "--format", "json", "project"], cwd=self.dir)
        codes = {d["code"] for d in json.loads(r.stdout)}
        self.assertNotIn("PX201", codes)

        # configured thread-safe: exempt
        self.write("project/.pxlint.yaml",
                   "site-packages: [../site]\nc-extensions:\n  thread-safe: [fastext]\n")
        r = run(["check", "--format", "json", "project"], cwd=self.dir)
        px201 = {d["callback"]["qualname"] for d in json.loads(r.stdout) if d["code"] == "PX201"}
        self.assertEqual(px201, {"submodule"})


if __name__ == "__main__":
    unittest.main()
