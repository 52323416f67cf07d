"""Shared helpers for end-to-end tests: run the pxlint binary named by $PXLINT
in a scratch directory."""
import os
import subprocess
import tempfile
import unittest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PXLINT = os.environ.get("PXLINT") or os.path.join(ROOT, "build", "pxlint")


def run(args, cwd=None, input=None, timeout=120, env=None):
    """Runs pxlint; returns CompletedProcess with text stdout/stderr."""
    full_env = dict(os.environ)
    full_env.pop("NO_COLOR", None)
    full_env.pop("FORCE_COLOR", None)
    if env:
        full_env.update(env)
    return subprocess.run([PXLINT, *args], cwd=cwd, input=input, capture_output=True,
                          timeout=timeout, env=full_env, text=True, errors="replace")


class TempDirTest(unittest.TestCase):
    """A test case with a fresh scratch directory in self.dir."""

    def setUp(self):
        self._tmp = tempfile.TemporaryDirectory(prefix="pxlint-e2e-")
        self.dir = self._tmp.name

    def tearDown(self):
        # Restore permissions a test may have removed, so cleanup works.
        for dirpath, dirnames, filenames in os.walk(self.dir):
            for n in dirnames + filenames:
                try:
                    os.chmod(os.path.join(dirpath, n), 0o755, follow_symlinks=False)
                except (OSError, NotImplementedError):
                    pass
        self._tmp.cleanup()

    def write(self, rel, content, mode="w"):
        path = os.path.join(self.dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, mode) as fh:
            fh.write(content)
        return path
