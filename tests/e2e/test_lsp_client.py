"""`pxlint lsp` with a real LSP client library from npm (vscode-jsonrpc +
vscode-languageserver-protocol), driven by tests/lsp/client_e2e.js. The
packages are installed into build/lsp-client at test time (from the npm
cache once it has them), never committed."""
import json
import os
import shutil
import subprocess
import unittest

from tests.e2e.helpers import PXLINT, ROOT, TempDirTest

PREFIX = os.path.join(ROOT, "build", "lsp-client")
MODULES = os.path.join(PREFIX, "node_modules")
PACKAGES = ["vscode-jsonrpc@8.2.0", "vscode-languageserver-protocol@3.17.5",
            "vscode-languageserver-types@3.17.5"]


def ensure_packages():
    """Installs the client packages once; returns an error text or None."""
    wanted = [p.rsplit("@", 1)[0] for p in PACKAGES]
    if all(os.path.isdir(os.path.join(MODULES, w)) for w in wanted):
        return None
    os.makedirs(PREFIX, exist_ok=True)
    r = subprocess.run(["npm", "install", "--prefix", PREFIX, "--prefer-offline",
                        "--no-audit", "--no-fund", "--no-save", *PACKAGES],
                       capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        return "npm install failed:\n" + r.stdout + r.stderr
    return None


@unittest.skipUnless(shutil.which("node") and shutil.which("npm"),
                     "node and npm are needed for the LSP client test "
                     "(Debian: apt-get install nodejs npm)")
class NodeClient(TempDirTest):
    def test_open_edit_quickfix_with_vscode_languageserver_protocol(self):
        err = ensure_packages()
        self.assertIsNone(err, err)
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(self.dir, ".cache"))
        r = subprocess.run(["node", os.path.join(ROOT, "tests", "lsp", "client_e2e.js"),
                            PXLINT, self.dir, MODULES], capture_output=True, text=True,
                           timeout=120, env=env)
        self.assertEqual(r.returncode, 0, r.stdout + r.stderr)
        result = json.loads(r.stdout.strip().splitlines()[-1])
        self.assertTrue(result["ok"])
        self.assertEqual([s.split(":")[0] for s in result["steps"]],
                         ["initialized", "open", "edit", "quickfix", "hover", "exit"])


if __name__ == "__main__":
    unittest.main()
