"""`make install` and `make uninstall` into scratch prefixes, and the man page
checked by man-db (`man -l`) and groff's warnings."""
import os
import re
import shutil
import subprocess
import unittest

from tests.e2e.helpers import ROOT, TempDirTest, run

MAN_PAGE = os.path.join(ROOT, "docs", "pxlint.1")


def make_env():
    # The test may run under `make test`: the outer make's variables
    # (FLAVOR=asan among them) must not leak into the inner one.
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES", "FLAVOR",
                        "PREFIX", "DESTDIR", "BINDIR", "MANDIR")}
    env["MAN_DISABLE_SECCOMP"] = "1"  # man-db's sandbox fails in some containers
    return env


def ensure_tool(package, command):
    """Installs a Debian package as root when `command` is missing; skips
    otherwise."""
    if shutil.which(command):
        return
    if os.geteuid() != 0:
        raise unittest.SkipTest("%s is not installed; as root run: apt-get install %s"
                                % (command, package))
    proc = subprocess.run(["sh", os.path.join(ROOT, "tools", "ensure-deps.sh"),
                           "%s/%s" % (package, command)], capture_output=True, text=True,
                          timeout=900)
    if proc.returncode != 0 or not shutil.which(command):
        raise AssertionError("could not install %s:\n%s%s" % (package, proc.stdout, proc.stderr))


def installed_files(root):
    found = []
    for dirpath, _, names in os.walk(root):
        found += [os.path.relpath(os.path.join(dirpath, n), root) for n in names]
    return sorted(found)


class Install(TempDirTest):
    def make(self, *args):
        proc = subprocess.run(["make", "--no-print-directory", *args], cwd=ROOT,
                              env=make_env(), capture_output=True, text=True, timeout=900)
        self.assertEqual(proc.returncode, 0, proc.stdout + proc.stderr)
        return proc

    def test_prefix(self):
        prefix = os.path.join(self.dir, "prefix")
        self.make("install", "PREFIX=" + prefix)
        self.assertEqual(installed_files(prefix),
                         ["bin/pxlint", "share/man/man1/pxlint.1"])
        binary = os.path.join(prefix, "bin", "pxlint")
        self.assertTrue(os.access(binary, os.X_OK))
        version = subprocess.run([binary, "--version"], capture_output=True, text=True)
        self.assertEqual(version.returncode, 0)
        self.assertTrue(version.stdout.startswith("pxlint "))
        ensure_tool("man-db", "man")
        page = subprocess.run(["man", "-M", os.path.join(prefix, "share", "man"), "pxlint"],
                              capture_output=True, text=True, timeout=60,
                              env=dict(make_env(), MANPAGER="cat", PAGER="cat", MANWIDTH="80"))
        self.assertEqual(page.returncode, 0, page.stderr)
        self.assertRegex(page.stdout, r"pxlint\s+-\s+find\s+Python\s+callbacks")
        self.make("uninstall", "PREFIX=" + prefix)
        self.assertEqual(installed_files(prefix), [])

    def test_destdir(self):
        dest = os.path.join(self.dir, "stage")
        self.make("install", "DESTDIR=" + dest, "PREFIX=/opt/pxlint")
        self.assertEqual(installed_files(dest),
                         ["opt/pxlint/bin/pxlint", "opt/pxlint/share/man/man1/pxlint.1"])
        self.make("uninstall", "DESTDIR=" + dest, "PREFIX=/opt/pxlint")
        self.assertEqual(installed_files(dest), [])


class ManPage(unittest.TestCase):
    def test_man_renders_it_cleanly(self):
        ensure_tool("man-db", "man")
        proc = subprocess.run(["man", "-l", MAN_PAGE], capture_output=True, text=True,
                              timeout=60, env=dict(make_env(), MANPAGER="cat", PAGER="cat",
                                                   MANWIDTH="80"))
        self.assertEqual(proc.returncode, 0, proc.stderr)
        self.assertEqual(proc.stderr, "")
        for section in ("NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "OUTPUT FORMATS",
                        "ENVIRONMENT", "EXIT STATUS", "EXAMPLES"):
            self.assertIn("\n" + section + "\n", proc.stdout)

    def test_groff_has_no_warnings(self):
        if not shutil.which("groff"):
            self.skipTest("groff is not installed (Debian: groff-base)")
        proc = subprocess.run(["groff", "-man", "-ww", "-z", MAN_PAGE], capture_output=True,
                              text=True, timeout=60)
        self.assertEqual((proc.returncode, proc.stderr), (0, ""))

    def test_it_documents_every_check_option(self):
        # Each option in `pxlint check --help` appears in the man page.
        help_text = run(["check", "--help"]).stdout
        with open(MAN_PAGE) as fh:
            page = fh.read().replace("\\-", "-")
        for option in sorted(set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", help_text))):
            self.assertIn(option, page, "%s is not in docs/pxlint.1" % option)


if __name__ == "__main__":
    unittest.main()
