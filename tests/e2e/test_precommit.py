"""The pre-commit hook for real: Debian's pre-commit reads this repository's
.pre-commit-hooks.yaml (from a scratch git repository holding it, as a hook
repository would) and runs the built pxlint on each commit of a scratch
project. Nothing is fetched: the hook's language is `system`."""
import os
import shutil
import subprocess
import unittest

from tests.e2e.helpers import PXLINT, ROOT, TempDirTest

BROKEN = "def handler(items):\n    return len(items\n"
CLEAN = "def handler(items):\n    return sorted(items)\n"


def ensure_pre_commit():
    """Installs Debian's pre-commit as root when missing; skips otherwise."""
    if shutil.which("pre-commit"):
        return
    if os.geteuid() != 0:
        raise unittest.SkipTest("pre-commit is not installed; as root run: "
                                "apt-get install pre-commit")
    proc = subprocess.run(["sh", os.path.join(ROOT, "tools", "ensure-deps.sh"),
                           "pre-commit/pre-commit"], capture_output=True, text=True,
                          timeout=900)
    if proc.returncode != 0 or not shutil.which("pre-commit"):
        raise AssertionError("could not install pre-commit:\n" + proc.stdout + proc.stderr)


class PreCommitHook(TempDirTest):
    @classmethod
    def setUpClass(cls):
        ensure_pre_commit()

    def setUp(self):
        super().setUp()
        gitconfig = self.write("gitconfig", "[user]\n\tname = pxlint test\n"
                               "\temail = test@pxlint.invalid\n"
                               "[init]\n\tdefaultBranch = main\n")
        self.env = dict(os.environ)
        for var in ("NO_COLOR", "FORCE_COLOR", "GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE"):
            self.env.pop(var, None)
        self.env.update({
            # The built binary is the `pxlint` the system hook runs.
            "PATH": os.path.dirname(PXLINT) + os.pathsep + os.environ.get("PATH", ""),
            "PRE_COMMIT_HOME": os.path.join(self.dir, "pre-commit-cache"),
            "GIT_CONFIG_GLOBAL": gitconfig,
            "GIT_CONFIG_NOSYSTEM": "1",
            "PRE_COMMIT_COLOR": "never",
        })
        # A hook repository holding exactly our .pre-commit-hooks.yaml.
        self.hooks = os.path.join(self.dir, "hooks")
        os.mkdir(self.hooks)
        shutil.copy(os.path.join(ROOT, ".pre-commit-hooks.yaml"), self.hooks)
        self.git(self.hooks, "init", "-q")
        self.git(self.hooks, "add", ".pre-commit-hooks.yaml")
        self.git(self.hooks, "commit", "-q", "-m", "hooks")
        rev = self.git(self.hooks, "rev-parse", "HEAD").stdout.strip()
        # The project that uses it.
        self.project = os.path.join(self.dir, "project")
        os.mkdir(self.project)
        self.git(self.project, "init", "-q")
        self.write("project/.pre-commit-config.yaml",
                   "repos:\n"
                   "  - repo: %s\n"
                   "    rev: %s\n"
                   "    hooks:\n"
                   "      - id: pxlint\n" % (self.hooks, rev))
        self.git(self.project, "add", ".pre-commit-config.yaml")
        self.git(self.project, "commit", "-q", "-m", "config")
        self.run_cmd(self.project, "pre-commit", "install")

    def run_cmd(self, cwd, *args, check=True):
        proc = subprocess.run(list(args), cwd=cwd, env=self.env, capture_output=True,
                              text=True, timeout=300)
        if check and proc.returncode != 0:
            self.fail("%s failed (%d):\n%s%s" % (" ".join(args), proc.returncode,
                                                 proc.stdout, proc.stderr))
        return proc

    def git(self, cwd, *args, check=True):
        return self.run_cmd(cwd, "git", *args, check=check)

    def commits(self):
        return int(self.git(self.project, "rev-list", "--count", "HEAD").stdout)

    def commit(self, name, content):
        self.write(os.path.join("project", name), content)
        self.git(self.project, "add", name)
        return self.git(self.project, "commit", "-m", "add " + name, check=False)

    def test_a_syntax_error_refuses_the_commit(self):
        before = self.commits()
        proc = self.commit("pkg/bad.py", BROKEN)
        output = proc.stdout + proc.stderr
        self.assertNotEqual(proc.returncode, 0, output)
        self.assertIn("pxlint", output)
        self.assertIn("Failed", output)
        self.assertIn("pkg/bad.py:2:5: PX001 syntax error", output)
        self.assertEqual(self.commits(), before)

    def test_a_clean_file_passes(self):
        before = self.commits()
        proc = self.commit("pkg/good.py", CLEAN)
        output = proc.stdout + proc.stderr
        self.assertEqual(proc.returncode, 0, output)
        self.assertRegex(output, r"pxlint\.+Passed")
        self.assertEqual(self.commits(), before + 1)

    def test_other_files_are_not_checked(self):
        proc = self.commit("notes.txt", "def (\n")
        output = proc.stdout + proc.stderr
        self.assertEqual(proc.returncode, 0, output)
        self.assertIn("Skipped", output)

    def test_try_repo_reads_the_hooks_file(self):
        self.write("project/bad.py", BROKEN)
        self.write("project/good.py", CLEAN)
        proc = self.run_cmd(self.project, "pre-commit", "try-repo", self.hooks, "pxlint",
                            "--files", "bad.py", "good.py", check=False)
        output = proc.stdout + proc.stderr
        self.assertEqual(proc.returncode, 1, output)
        self.assertIn("bad.py:2:5: PX001", output)
        self.assertNotIn("good.py:", output)


if __name__ == "__main__":
    unittest.main()
