"""A small raw JSON-RPC client for `pxlint lsp`, for the protocol tests and
the benchmark: Content-Length framing over the server's pipes, a reader
thread, and waits on responses or notifications."""
import json
import os
import queue
import subprocess
import threading
import time
from urllib.parse import quote

from tests.e2e.helpers import PXLINT


def uri(path):
    return "file://" + quote(path)


def frame(obj):
    body = json.dumps(obj).encode("utf-8") if not isinstance(obj, bytes) else obj
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


class Server:
    """`pxlint lsp` as a child process. Every message it writes lands in
    self.messages (a list, in order); stderr is collected in a file."""

    def __init__(self, args=(), cwd=None, env=None):
        full_env = dict(os.environ)
        full_env.setdefault("XDG_CACHE_HOME", os.path.join(cwd or "/tmp", ".cache"))
        if env:
            full_env.update(env)
        self.stderr_path = os.path.join(cwd or "/tmp", "lsp-stderr-%d.log" % id(self))
        self._stderr = open(self.stderr_path, "wb")
        self.proc = subprocess.Popen([PXLINT, "lsp", *args], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=self._stderr,
                                     cwd=cwd, env=full_env)
        self.messages = []
        self.garbage = []  # stdout bytes that were not a framed message
        self._cond = threading.Condition()
        self._next_id = 0
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        out = self.proc.stdout
        while True:
            header = b""
            while not header.endswith(b"\r\n\r\n"):
                c = out.read(1)
                if not c:
                    with self._cond:
                        if header:
                            self.garbage.append(header)
                        self._cond.notify_all()
                    return
                header += c
            length = None
            for line in header.decode("ascii", "replace").split("\r\n"):
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
            if length is None:
                with self._cond:
                    self.garbage.append(header)
                continue
            body = out.read(length)
            with self._cond:
                try:
                    self.messages.append(json.loads(body))
                except ValueError:
                    self.garbage.append(body)
                self._cond.notify_all()

    # --- sending ---------------------------------------------------------
    def write(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def send(self, obj):
        self.write(frame(obj))

    def notify(self, method, params=None):
        self.send({"jsonrpc": "2.0", "method": method, "params": params or {}})

    def request_async(self, method, params=None):
        self._next_id += 1
        self.send({"jsonrpc": "2.0", "id": self._next_id, "method": method,
                   "params": params if params is not None else {}})
        return self._next_id

    def request(self, method, params=None, timeout=30):
        rid = self.request_async(method, params)
        return self.response(rid, timeout)

    # --- receiving -------------------------------------------------------
    def wait_for(self, pred, timeout=30, start=0):
        """The first message from index `start` on satisfying pred."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                for m in self.messages[start:]:
                    if pred(m):
                        return m
                left = deadline - time.monotonic()
                if left <= 0 or (self.proc.poll() is not None and not self._reader.is_alive()):
                    raise AssertionError("timed out waiting; got %r\nstderr: %s" % (
                        self.messages[-5:], self.stderr()))
                self._cond.wait(min(left, 0.5))

    def response(self, rid, timeout=30):
        return self.wait_for(lambda m: m.get("id") == rid and "method" not in m, timeout)

    def mark(self):
        with self._cond:
            return len(self.messages)

    def diagnostics(self, doc_uri, start=0, timeout=30, version=None):
        def pred(m):
            return (m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == doc_uri
                    and (version is None or m["params"].get("version") == version))
        return self.wait_for(pred, timeout, start)["params"]["diagnostics"]

    def stderr(self):
        if not self._stderr.closed:
            self._stderr.flush()
        with open(self.stderr_path, "rb") as fh:
            return fh.read().decode("utf-8", "replace")

    # --- lifecycle -------------------------------------------------------
    def initialize(self, root=None, capabilities=None, options=None):
        params = {"processId": os.getpid(), "capabilities": capabilities or {},
                  "rootUri": uri(root) if root else None}
        if root:
            params["workspaceFolders"] = [{"uri": uri(root), "name": "ws"}]
        if options is not None:
            params["initializationOptions"] = options
        r = self.request("initialize", params)
        self.notify("initialized", {})
        return r

    def open(self, path, text, version=1):
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(path), "languageId": "python", "version": version, "text": text}})

    def change(self, path, version, changes):
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": uri(path), "version": version},
            "contentChanges": changes})

    def finish(self, timeout=20):
        """shutdown + exit; returns the exit status."""
        if self.proc.poll() is None:
            try:
                self.request("shutdown", None, timeout)
                self.notify("exit")
            except (AssertionError, BrokenPipeError):
                pass
        return self.wait(timeout)

    def wait(self, timeout=20):
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
            raise AssertionError("pxlint lsp did not exit; stderr: " + self.stderr())
        finally:
            self._reader.join(5)
            for f in (self.proc.stdin, self.proc.stdout):
                try:
                    f.close()
                except (OSError, ValueError):
                    pass
            self._stderr.close()
        return rc

    def close_input(self):
        try:
            self.proc.stdin.close()
        except (OSError, ValueError):
            pass
