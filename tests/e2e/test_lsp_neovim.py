"""`pxlint lsp` with Neovim's built-in LSP client, headless: the
diagnostics Neovim shows for a fixture (vim.diagnostic.get), then cleared
by an edit. Neovim comes from Debian's `neovim` package, installed here
when missing and running as root; otherwise the test is skipped."""
import json
import os
import shutil
import subprocess
import unittest

from tests.e2e.helpers import PXLINT, ROOT, TempDirTest


def ensure_neovim():
    """The nvim path, or None with the reason."""
    if shutil.which("nvim"):
        return shutil.which("nvim"), None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return None, ("Neovim is not installed and this is no root Debian shell: "
                      "apt-get install neovim to run the Neovim LSP test")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    r = subprocess.run(["apt-get", "install", "-y", "-q", "neovim"], capture_output=True,
                       text=True, env=env, timeout=900)
    if r.returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], capture_output=True, env=env, timeout=900)
        r = subprocess.run(["apt-get", "install", "-y", "-q", "neovim"],
                           capture_output=True, text=True, env=env, timeout=900)
    if r.returncode != 0 or not shutil.which("nvim"):
        return None, "apt-get install neovim failed:\n" + r.stdout[-2000:] + r.stderr[-2000:]
    return shutil.which("nvim"), None


class Neovim(TempDirTest):
    def test_neovim_shows_the_diagnostics(self):
        nvim, why = ensure_neovim()
        if not nvim:
            if why.startswith("apt-get install neovim failed"):
                self.fail(why)
            self.skipTest(why)
        prefix = 's = "é𝔘"; '
        fixture = self.write("app.py", "import threading\nLOG = []\ndef handle(x):\n"
                             "    " + prefix + "LOG.append(x)\n"
                             "threading.Thread(target=handle, args=(1,)).start()\n")
        out = os.path.join(self.dir, "result.json")
        env = dict(os.environ, PXLINT=PXLINT, FIXTURE=fixture, ROOT_DIR=self.dir, OUT=out,
                   XDG_CACHE_HOME=os.path.join(self.dir, ".cache"),
                   XDG_STATE_HOME=os.path.join(self.dir, ".state"),
                   XDG_DATA_HOME=os.path.join(self.dir, ".data"),
                   XDG_CONFIG_HOME=os.path.join(self.dir, ".config"))
        script = os.path.join(ROOT, "tests", "lsp", "nvim_e2e.lua")
        r = subprocess.run([nvim, "--headless", "--clean", "-c", "luafile " + script],
                           capture_output=True, text=True, timeout=120, env=env,
                           cwd=self.dir, stdin=subprocess.DEVNULL)
        self.assertTrue(os.path.exists(out), "nvim wrote no result: %s %s" % (r.stdout, r.stderr))
        with open(out) as fh:
            res = json.load(fh)
        self.assertTrue(res["ok"], res)
        if os.environ.get("PXLINT_SHOW"):
            print(res)
        self.assertTrue(res["attached"], res)
        self.assertTrue(res["shown"], res)
        self.assertEqual(len(res["diagnostics"]), 1, res)
        d = res["diagnostics"][0]
        self.assertEqual(d["code"], "PX101")
        self.assertEqual(d["source"], "pxlint")
        self.assertEqual(d["severity"], 1)  # vim.diagnostic.severity.ERROR
        self.assertEqual(d["lnum"], 3)
        # Neovim turns the server's UTF-16 columns into bytes: both must agree.
        self.assertEqual(d["col"], 4 + len(prefix.encode("utf-8")))
        self.assertEqual(d["end_col"], d["col"] + len("LOG.append(x)"))
        self.assertIn("LOG", d["message"])
        self.assertTrue(res["cleared"], res)


if __name__ == "__main__":
    unittest.main()
