"""`pxlint lsp` spoken to in raw JSON-RPC: framing errors, the lifecycle,
UTF-16 positions, incremental edits, pull diagnostics, hover, code
actions, configuration reloads and cross-file re-checks."""
import json
import os
import time
import unittest

from tests.e2e.helpers import TempDirTest
from tests.e2e.lsp_helpers import Server, frame, uri

UNSAFE = ("import threading\n"
          "LOG = []\n"
          "def handle(x):\n"
          "    LOG.append(x)\n"
          "threading.Thread(target=handle, args=(1,)).start()\n")
SAFE = ("import threading\n"
        "def work(x):\n"
        "    return [x]\n"
        "threading.Thread(target=work, args=(1,)).start()\n")


def codes(diags):
    return sorted(d["code"] for d in diags)


def utf16_len(s):
    return len(s.encode("utf-16-le")) // 2


class LspTest(TempDirTest):
    def setUp(self):
        super().setUp()
        self.servers = []

    def tearDown(self):
        for s in self.servers:
            if s.proc.poll() is None:
                s.proc.kill()
                s.wait()
        super().tearDown()

    def server(self, *args, **kw):
        s = Server(args, cwd=self.dir, **kw)
        self.servers.append(s)
        return s

    def started(self, capabilities=None, options=None):
        s = self.server()
        s.initialize(self.dir, capabilities, options)
        return s

    def assert_error(self, msg, code, id_=None):
        self.assertIn("error", msg, msg)
        self.assertEqual(msg["error"]["code"], code, msg)
        self.assertEqual(msg.get("id"), id_, msg)


class Lifecycle(LspTest):
    def test_initialize_shutdown_exit(self):
        s = self.server()
        r = s.initialize(self.dir)
        caps = r["result"]["capabilities"]
        self.assertEqual(caps["textDocumentSync"]["change"], 2)  # incremental
        self.assertEqual(caps["positionEncoding"], "utf-16")
        self.assertTrue(caps["hoverProvider"])
        self.assertEqual(r["result"]["serverInfo"]["name"], "pxlint")
        self.assertIsNone(s.request("shutdown")["result"])
        s.notify("exit")
        self.assertEqual(s.wait(), 0)
        self.assertEqual(s.garbage, [])

    def test_exit_without_shutdown_is_status_1(self):
        s = self.started()
        s.notify("exit")
        self.assertEqual(s.wait(), 1)

    def test_requests_before_initialize(self):
        s = self.server()
        s.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri(os.path.join(self.dir, "a.py")), "languageId": "python",
            "version": 1, "text": UNSAFE}})
        r = s.request("textDocument/hover", {"textDocument": {"uri": "file:///x.py"},
                                             "position": {"line": 0, "character": 0}})
        self.assert_error(r, -32002, r["id"])
        r = s.request("shutdown")
        self.assert_error(r, -32002, r["id"])
        s.initialize(self.dir)
        self.assert_error(s.request("initialize", {"capabilities": {}}), -32600, 4)
        # The didOpen sent too early was dropped: nothing published for it.
        time.sleep(0.3)
        self.assertFalse([m for m in s.messages
                          if m.get("method") == "textDocument/publishDiagnostics"])
        self.assertEqual(s.finish(), 0)

    def test_requests_after_shutdown(self):
        s = self.started()
        s.request("shutdown")
        r = s.request("textDocument/hover", {"textDocument": {"uri": "file:///x.py"},
                                             "position": {"line": 0, "character": 0}})
        self.assert_error(r, -32600, r["id"])
        s.notify("exit")
        self.assertEqual(s.wait(), 0)

    def test_unknown_methods(self):
        s = self.started()
        r = s.request("workspace/symbol", {"query": "x"})
        self.assert_error(r, -32601, r["id"])
        mark = s.mark()
        s.notify("custom/somethingElse", {"a": 1})
        s.notify("$/setTrace", {"value": "off"})
        r = s.request("shutdown")
        self.assertEqual(r["result"], None)
        # Nothing answered the notifications.
        self.assertEqual([m for m in s.messages[mark:] if "id" in m and m["id"] is None], [])
        s.notify("exit")
        self.assertEqual(s.wait(), 0)

    def test_client_disappears(self):
        s = self.started()
        s.open(os.path.join(self.dir, "a.py"), UNSAFE)
        s.close_input()
        self.assertEqual(s.wait(10), 1)

    def test_eof_after_shutdown_is_clean(self):
        s = self.started()
        s.request("shutdown")
        s.close_input()
        self.assertEqual(s.wait(10), 0)

    def test_logs_never_reach_stdout(self):
        s = self.server("--select", "PX1")
        s.initialize(self.dir)
        s.open(os.path.join(self.dir, "a.py"), UNSAFE)
        s.diagnostics(uri(os.path.join(self.dir, "a.py")))
        self.assertEqual(s.finish(), 0)
        self.assertEqual(s.garbage, [])
        self.assertIn("analyzed", s.stderr())

    def test_help_and_bad_options(self):
        from tests.e2e.helpers import run
        r = run(["lsp", "--help"])
        self.assertEqual(r.returncode, 0)
        self.assertIn("Language Server", r.stdout)
        r = run(["lsp", "src"])
        self.assertEqual(r.returncode, 2)
        r = run(["lsp", "--select", "PX9999"], input="")
        self.assertEqual(r.returncode, 1)  # selectors checked per run: EOF exit
        r = run(["lsp", "--bogus"])
        self.assertEqual(r.returncode, 2)


class Framing(LspTest):
    def test_invalid_json(self):
        s = self.started()
        s.write(frame(b'{"jsonrpc": "2.0", "id": 9, "method": '))
        m = s.wait_for(lambda m: "error" in m)
        self.assert_error(m, -32700)
        s.write(frame(b'[1, 2]'))
        m = s.wait_for(lambda m: m.get("error", {}).get("code") == -32600)
        self.assertIsNone(m["id"])
        s.write(frame(b'{"jsonrpc": "2.0", "id": {"x": 1}, "method": "shutdown"}'))
        m = s.wait_for(lambda m: "id must be" in m.get("error", {}).get("message", ""))
        self.assert_error(m, -32600)
        self.assertEqual(s.finish(), 0)

    def test_malformed_headers_are_skipped(self):
        s = self.started()
        bad = [
            b"Content-Length: abc\r\n\r\n",
            b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n",
            b"this is no header\r\n\r\n",
            b"Content-Length: -5\r\n\r\n",
            b"X-" + b"a" * 10000 + b": 1\r\n\r\n",
            b"Content-Length: 99999999999999999999999999\r\n\r\n",
        ]
        for chunk in bad:
            mark = s.mark()
            s.write(chunk)
            m = s.wait_for(lambda m: "error" in m, start=mark)
            self.assert_error(m, -32700)
        # Still in sync: a well-formed request is answered.
        r = s.request("textDocument/hover", {"textDocument": {"uri": "file:///none.py"},
                                             "position": {"line": 0, "character": 0}})
        self.assertIsNone(r["result"])
        self.assertEqual(s.finish(), 0)

    def test_huge_content_length_is_never_allocated(self):
        s = self.started()
        s.write(b"Content-Length: 1073741824\r\n\r\n{\"jsonrpc\":")
        m = s.wait_for(lambda m: "error" in m, timeout=10)
        self.assert_error(m, -32700)
        self.assertIn("limit", m["error"]["message"])
        with open("/proc/%d/status" % s.proc.pid) as fh:
            rss = [l for l in fh if l.startswith("VmRSS")][0]
        self.assertLess(int(rss.split()[1]), 200 * 1024, rss)  # kB
        s.close_input()
        self.assertEqual(s.wait(10), 1)

    def test_eof_in_the_middle_of_a_message(self):
        s = self.started()
        s.write(b'Content-Length: 100\r\n\r\n{"jsonrpc": "2.0"')
        s.close_input()
        self.assertEqual(s.wait(10), 1)

    def test_eof_in_the_middle_of_a_header(self):
        s = self.started()
        s.write(b"Content-Len")
        s.close_input()
        self.assertEqual(s.wait(10), 1)

    def test_two_messages_in_one_write_and_lf_only_headers(self):
        s = self.started()
        a = frame({"jsonrpc": "2.0", "id": 100, "method": "workspace/symbol", "params": {}})
        b = b'Content-Length: 46\n\n{"jsonrpc":"2.0","id":101,"method":"shutdown"}'
        s.write(a + b)
        self.assert_error(s.response(100), -32601, 100)
        self.assertIsNone(s.response(101)["result"])
        s.notify("exit")
        self.assertEqual(s.wait(), 0)

    def test_cancel_request(self):
        s = self.started()
        path = self.write("a.py", UNSAFE)
        s.open(path, UNSAFE)
        req = {"jsonrpc": "2.0", "id": 555, "method": "textDocument/hover",
               "params": {"textDocument": {"uri": uri(path)},
                          "position": {"line": 2, "character": 5}}}
        cancel = {"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 555}}
        s.write(frame(req) + frame(cancel))
        self.assert_error(s.response(555), -32800, 555)
        self.assertEqual(s.finish(), 0)

    def test_fuzzed_garbage_never_kills_the_server(self):
        import random
        rng = random.Random(1234)
        s = self.started()
        pieces = [b"Content-Length: ", b"\r\n", b"\r\n\r\n", b"{", b"}", b"\"", b"12",
                  b"\x00", b"\xff\xfe", b":", b"jsonrpc", b"\n", b"Content-Type: x"]
        for _ in range(200):
            s.write(b"".join(rng.choice(pieces) for _ in range(rng.randint(1, 12))))
        # Whatever state the framing is in, blank lines and a message resync it.
        s.write(b"\r\n\r\n\r\n\r\n" + b"Content-Length: 0\r\n\r\n")
        rid = s.request_async("shutdown")
        s.wait_for(lambda m: m.get("id") == rid or "error" in m, timeout=10)
        self.assertIsNone(s.proc.poll())
        s.close_input()
        self.assertIn(s.wait(10), (0, 1))


class Diagnostics(LspTest):
    def test_open_change_close(self):
        s = self.started()
        path = self.write("app.py", SAFE)
        u = uri(path)
        s.open(path, UNSAFE)
        d = s.diagnostics(u)
        self.assertEqual(codes(d), ["PX101"])
        x = d[0]
        self.assertEqual(x["source"], "pxlint")
        self.assertEqual(x["severity"], 1)
        self.assertEqual(x["range"], {"start": {"line": 3, "character": 4},
                                      "end": {"line": 3, "character": 17}})
        self.assertTrue(x["codeDescription"]["href"].startswith("file://"))
        doc = x["codeDescription"]["href"][len("file://"):]
        with open(doc) as fh:
            self.assertIn("PX101", fh.read())
        msgs = [r["message"] for r in x["relatedInformation"]]
        self.assertIn("in callback `app.handle`", msgs)
        self.assertTrue(any("LOG" in m for m in msgs), msgs)
        # Incremental edit: `LOG.append(x)` -> `[x].append(x)`, now safe.
        mark = s.mark()
        s.change(path, 2, [{"range": {"start": {"line": 3, "character": 4},
                                      "end": {"line": 3, "character": 7}},
                            "text": "[x]"}])
        self.assertEqual(s.diagnostics(u, mark, version=2), [])
        mark = s.mark()
        s.notify("textDocument/didClose", {"textDocument": {"uri": u}})
        s.request("shutdown")  # the disk file (SAFE) gives nothing to clear
        self.assertEqual(s.finish(), 0)

    def test_close_clears_diagnostics(self):
        s = self.started()
        path = self.write("app.py", SAFE)
        s.open(path, UNSAFE)
        self.assertEqual(codes(s.diagnostics(uri(path))), ["PX101"])
        mark = s.mark()
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri(path)}})
        self.assertEqual(s.diagnostics(uri(path), mark), [])
        self.assertEqual(s.finish(), 0)

    def test_utf16_positions_with_astral_characters(self):
        s = self.started()
        prefix = 's = "é𝔘"; '
        text = ("import threading\nLOG = []\ndef handle(x):\n"
                "    " + prefix + "LOG.append(x)\n"
                "threading.Thread(target=handle, args=(1,)).start()\n")
        path = self.write("uni.py", text)
        s.open(path, text)
        d = s.diagnostics(uri(path))
        self.assertEqual(codes(d), ["PX101"])
        col = 4 + utf16_len(prefix)
        self.assertEqual(col, 4 + 11)  # 𝔘 is two units
        self.assertEqual(d[0]["range"]["start"], {"line": 3, "character": col})
        self.assertEqual(d[0]["range"]["end"], {"line": 3, "character": col + 13})
        # An edit placed after the astral character, in UTF-16 units:
        # `s = "é𝔘"` -> `s = "é𝔘🙂"`; the span moves by two units.
        at = 4 + utf16_len('s = "é𝔘')
        mark = s.mark()
        s.change(path, 2, [{"range": {"start": {"line": 3, "character": at},
                                      "end": {"line": 3, "character": at}},
                            "text": "🙂"}])
        d = s.diagnostics(uri(path), mark, version=2)
        self.assertEqual(d[0]["range"]["start"], {"line": 3, "character": col + 2})
        # The server's text is right: replacing "LOG" by position works.
        mark = s.mark()
        s.change(path, 3, [{"range": {"start": {"line": 3, "character": col + 2},
                                      "end": {"line": 3, "character": col + 5}},
                            "text": "[1]"}])
        self.assertEqual(s.diagnostics(uri(path), mark, version=3), [])
        self.assertEqual(s.finish(), 0)

    def test_bom_in_a_file_on_disk_is_not_counted(self):
        s = self.started()
        self.write("helper.py", "\ufeffLOG = []\ndef record(x):\n    LOG.append(x)\n")
        app = ("import threading\nimport helper\ndef handle(x):\n    helper.record(x)\n"
               "threading.Thread(target=handle, args=(1,)).start()\n")
        path = self.write("app.py", app)
        s.open(path, app)
        d = s.diagnostics(uri(path))
        self.assertEqual(codes(d), ["PX101"])
        alias = [r for r in d[0]["relatedInformation"] if "LOG" in r["message"]
                 and r["location"]["uri"].endswith("helper.py")]
        self.assertEqual(alias[0]["location"]["range"]["start"], {"line": 0, "character": 0})
        self.assertEqual(s.finish(), 0)

    def test_many_changes_in_one_notification_and_full_sync(self):
        s = self.started()
        path = self.write("app.py", SAFE)
        s.open(path, SAFE)
        self.assertEqual(s.diagnostics(uri(path)), [])
        mark = s.mark()
        s.change(path, 2, [{"text": UNSAFE.replace("LOG.append(x)", "pass")},
                           {"range": {"start": {"line": 3, "character": 4},
                                      "end": {"line": 3, "character": 8}},
                            "text": "LOG.append(x)"}])
        self.assertEqual(codes(s.diagnostics(uri(path), mark, version=2)), ["PX101"])
        self.assertEqual(s.finish(), 0)

    def test_keystrokes_are_debounced(self):
        s = self.server("--debounce-ms", "300")
        s.initialize(self.dir)
        path = self.write("app.py", UNSAFE)
        s.open(path, UNSAFE)
        s.diagnostics(uri(path))
        mark = s.mark()
        for v in range(2, 12):  # typing "# ..." one character at a time
            s.change(path, v, [{"range": {"start": {"line": 0, "character": 16 + v - 2},
                                          "end": {"line": 0, "character": 16 + v - 2}},
                                "text": "#" if v == 2 else "x"}])
            time.sleep(0.02)
        s.diagnostics(uri(path), mark, version=11)
        published = [m for m in s.messages[mark:]
                     if m.get("method") == "textDocument/publishDiagnostics"]
        self.assertEqual(len(published), 1, published)
        self.assertEqual(s.finish(), 0)

    def test_pull_diagnostics(self):
        caps = {"textDocument": {"diagnostic": {"dynamicRegistration": False}}}
        s = self.started(capabilities=caps)
        path = self.write("app.py", UNSAFE)
        s.open(path, UNSAFE)
        r = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri(path)}})
        self.assertEqual(r["result"]["kind"], "full")
        self.assertEqual(codes(r["result"]["items"]), ["PX101"])
        rid = r["result"]["resultId"]
        r = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri(path)},
                                                  "previousResultId": rid})
        self.assertEqual(r["result"], {"kind": "unchanged", "resultId": rid})
        # A pull right after an edit sees the edit (no debounce wait).
        s.change(path, 2, [{"range": {"start": {"line": 3, "character": 4},
                                      "end": {"line": 3, "character": 7}},
                            "text": "[x]"}])
        r = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri(path)},
                                                  "previousResultId": rid})
        self.assertEqual(r["result"]["kind"], "full")
        self.assertEqual(r["result"]["items"], [])
        self.assertEqual(s.finish(), 0)

    def test_pull_only_client_gets_refresh_not_push(self):
        caps = {"textDocument": {"diagnostic": {}},
                "workspace": {"diagnostics": {"refreshSupport": True}}}
        s = self.started(capabilities=caps)
        self.assertIn("diagnosticProvider",
                      s.messages[0]["result"]["capabilities"])
        helper = self.write("helper.py", "def record(x):\n    return x\n")
        app = ("import threading\nimport helper\ndef handle(x):\n    helper.record(x)\n"
               "threading.Thread(target=handle, args=(1,)).start()\n")
        path = self.write("app.py", app)
        s.open(path, app)
        r = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri(path)}})
        self.assertEqual(r["result"]["items"], [])
        with open(helper, "w") as fh:
            fh.write("LOG = []\ndef record(x):\n    LOG.append(x)\n")
        mark = s.mark()
        s.notify("workspace/didChangeWatchedFiles",
                 {"changes": [{"uri": uri(helper), "type": 2}]})
        s.wait_for(lambda m: m.get("method") == "workspace/diagnostic/refresh", start=mark)
        r = s.request("textDocument/diagnostic", {"textDocument": {"uri": uri(path)}})
        self.assertEqual(codes(r["result"]["items"]), ["PX101"])
        self.assertFalse([m for m in s.messages
                          if m.get("method") == "textDocument/publishDiagnostics"])
        self.assertEqual(s.finish(), 0)


class CrossFile(LspTest):
    HELPER_SAFE = "def record(x):\n    return x\n"
    HELPER_UNSAFE = "LOG = []\ndef record(x):\n    LOG.append(x)\n"
    APP = ("import threading\nimport helper\ndef handle(x):\n    helper.record(x)\n"
           "threading.Thread(target=handle, args=(1,)).start()\n")

    def test_helper_saved_rechecks_open_callers(self):
        s = self.started()
        helper = self.write("helper.py", self.HELPER_SAFE)
        app = self.write("app.py", self.APP)
        s.open(app, self.APP)
        self.assertEqual(s.diagnostics(uri(app)), [])
        # The helper is edited in the editor (open, changed, saved).
        s.open(helper, self.HELPER_SAFE)
        mark = s.mark()
        s.change(helper, 2, [{"text": self.HELPER_UNSAFE}])
        d = s.diagnostics(uri(app), mark)
        self.assertEqual(codes(d), ["PX101"])
        # Shown at the call in app.py, pointing at the site in helper.py.
        self.assertEqual(d[0]["range"]["start"], {"line": 3, "character": 4})
        self.assertIn("helper.py:3", d[0]["message"])
        self.assertTrue(d[0]["relatedInformation"][0]["location"]["uri"].endswith("helper.py"))
        self.assertEqual(codes(s.diagnostics(uri(helper), mark, version=2)), ["PX101"])
        with open(helper, "w") as fh:
            fh.write(self.HELPER_UNSAFE)
        s.notify("textDocument/didSave", {"textDocument": {"uri": uri(helper)}})
        mark = s.mark()
        s.notify("textDocument/didClose", {"textDocument": {"uri": uri(helper)}})
        with open(helper, "w") as fh:
            fh.write(self.HELPER_SAFE)
        s.notify("workspace/didChangeWatchedFiles",
                 {"changes": [{"uri": uri(helper), "type": 2}]})
        self.assertEqual(s.diagnostics(uri(app), mark), [])
        self.assertEqual(s.finish(), 0)

    def test_helper_changed_on_disk(self):
        s = self.started()
        helper = self.write("helper.py", self.HELPER_SAFE)
        app = self.write("app.py", self.APP)
        s.open(app, self.APP)
        self.assertEqual(s.diagnostics(uri(app)), [])
        with open(helper, "w") as fh:
            fh.write(self.HELPER_UNSAFE)
        mark = s.mark()
        s.notify("textDocument/didSave", {"textDocument": {"uri": uri(helper)}})
        self.assertEqual(codes(s.diagnostics(uri(app), mark)), ["PX101"])
        # The quick fix for it edits helper.py (on disk, not open).
        r = s.request("textDocument/codeAction", {
            "textDocument": {"uri": uri(app)},
            "range": {"start": {"line": 3, "character": 4}, "end": {"line": 3, "character": 4}},
            "context": {"diagnostics": []}})
        self.assertEqual(len(r["result"]), 1, r)
        a = r["result"][0]
        self.assertEqual(a["title"], "Ignore PX101 in helper.py (line 3)")
        edits = a["edit"]["changes"][uri(helper)]
        self.assertEqual(edits[0]["newText"], "  # pxlint: ignore[PX101]")
        self.assertEqual(edits[0]["range"]["start"], {"line": 2, "character": 17})
        self.assertEqual(s.finish(), 0)

    def test_config_reload(self):
        s = self.started()
        app = self.write("app.py", UNSAFE)
        s.open(app, UNSAFE)
        self.assertEqual(codes(s.diagnostics(uri(app))), ["PX101"])
        cfg = self.write(".pxlint.yaml", "ignore: [PX101]\n")
        mark = s.mark()
        s.notify("workspace/didChangeWatchedFiles", {"changes": [{"uri": uri(cfg), "type": 1}]})
        self.assertEqual(s.diagnostics(uri(app), mark), [])
        # An invalid configuration is shown to the user; defaults apply.
        self.write(".pxlint.yaml", "ignore: [PX101\n")
        mark = s.mark()
        s.notify("workspace/didChangeConfiguration", {"settings": {}})
        m = s.wait_for(lambda m: m.get("method") == "window/showMessage", start=mark)
        self.assertEqual(m["params"]["type"], 1)
        self.assertIn(".pxlint.yaml", m["params"]["message"])
        self.assertEqual(codes(s.diagnostics(uri(app), mark)), ["PX101"])
        self.assertEqual(s.finish(), 0)

    def test_python_path_from_the_workspace_config(self):
        s = self.server()
        self.write(".pxlint.yaml", "python-path: [lib]\n")
        self.write("lib/store.py", "ITEMS = []\ndef add(x):\n    ITEMS.append(x)\n")
        app = ("import threading\nimport store\ndef handle(x):\n    store.add(x)\n"
               "threading.Thread(target=handle, args=(1,)).start()\n")
        path = self.write("src/app.py", app)
        s.initialize(self.dir)
        s.open(path, app)
        self.assertEqual(codes(s.diagnostics(uri(path))), ["PX101"])
        self.assertEqual(s.finish(), 0)

    def test_file_outside_the_workspace_and_never_saved(self):
        s = self.started()
        outside = os.path.join(self.dir + "-elsewhere", "loose.py")
        s.open(outside, UNSAFE)
        self.assertEqual(codes(s.diagnostics(uri(outside))), ["PX101"])
        unsaved = os.path.join(self.dir, "new_module.py")
        s.open(unsaved, UNSAFE)
        self.assertEqual(codes(s.diagnostics(uri(unsaved))), ["PX101"])
        self.assertEqual(s.finish(), 0)


class Features(LspTest):
    def hover(self, s, path, line, ch):
        return s.request("textDocument/hover", {"textDocument": {"uri": uri(path)},
                                                "position": {"line": line, "character": ch}})

    def test_hover_verdicts(self):
        s = self.started()
        text = UNSAFE + "def work(x):\n    return [x]\nthreading.Thread(target=work).start()\n"
        path = self.write("app.py", text)
        s.open(path, text)
        s.diagnostics(uri(path))
        h = self.hover(s, path, 2, 5)["result"]  # on `def handle`
        self.assertEqual(h["contents"]["kind"], "markdown")
        v = h["contents"]["value"]
        self.assertIn("not proven parallel-safe", v)
        self.assertIn("PX101", v)
        h = self.hover(s, path, 5, 1)["result"]  # def work
        self.assertIn("proven parallel-safe", h["contents"]["value"])
        self.assertNotIn("not proven", h["contents"]["value"])
        # At the spawn sites, anywhere on the call.
        h = self.hover(s, path, 4, 12)["result"]  # `Thread` of the first spawn
        self.assertIn("app.handle", h["contents"]["value"])
        self.assertIn("range", h)
        h = self.hover(s, path, 7, 26)["result"]  # `work` in target=work
        self.assertIn("app.work", h["contents"]["value"])
        self.assertIsNone(self.hover(s, path, 1, 1)["result"])  # LOG = []
        self.assertEqual(s.finish(), 0)

    def test_hover_shows_silenced_reasons(self):
        s = self.started()
        text = UNSAFE.replace("LOG.append(x)", "LOG.append(x)  # pxlint: ignore[PX101]")
        path = self.write("app.py", text)
        s.open(path, text)
        self.assertEqual(s.diagnostics(uri(path)), [])
        v = self.hover(s, path, 2, 5)["result"]["contents"]["value"]
        self.assertIn("not proven parallel-safe", v)
        self.assertIn("silenced (suppression comment)", v)
        self.assertEqual(s.finish(), 0)

    def apply(self, text, edits):
        lines = text.split("\n")

        def off(p):
            before = "\n".join(lines[:p["line"]]) + ("\n" if p["line"] else "")
            line = lines[p["line"]]
            units = 0
            for i, ch in enumerate(line):
                if units >= p["character"]:
                    return len(before) + i
                units += utf16_len(ch)
            return len(before) + len(line)
        for e in sorted(edits, key=lambda e: (e["range"]["start"]["line"],
                                              e["range"]["start"]["character"]), reverse=True):
            a, b = off(e["range"]["start"]), off(e["range"]["end"])
            text = text[:a] + e["newText"] + text[b:]
            lines = text.split("\n")
        return text

    def action_for(self, s, path, line):
        r = s.request("textDocument/codeAction", {
            "textDocument": {"uri": uri(path)},
            "range": {"start": {"line": line, "character": 0},
                      "end": {"line": line, "character": 0}},
            "context": {"diagnostics": [], "only": ["quickfix"]}})
        return r["result"]

    def test_quick_fix_inserts_a_comment(self):
        s = self.started()
        path = self.write("app.py", UNSAFE)
        s.open(path, UNSAFE)
        s.diagnostics(uri(path))
        actions = self.action_for(s, path, 3)
        self.assertEqual([a["title"] for a in actions], ["Ignore PX101 on this line"])
        a = actions[0]
        self.assertEqual(a["kind"], "quickfix")
        self.assertEqual(a["diagnostics"][0]["code"], "PX101")
        edits = a["edit"]["changes"][uri(path)]
        new = self.apply(UNSAFE, edits)
        self.assertIn("    LOG.append(x)  # pxlint: ignore[PX101]\n", new)
        mark = s.mark()
        s.change(path, 2, [{"range": e["range"], "text": e["newText"]} for e in edits])
        self.assertEqual(s.diagnostics(uri(path), mark, version=2), [])
        self.assertEqual(self.action_for(s, path, 3), [])
        self.assertEqual(self.action_for(s, path, 0), [])
        r = s.request("textDocument/codeAction", {
            "textDocument": {"uri": uri(path)},
            "range": {"start": {"line": 3, "character": 0}, "end": {"line": 3, "character": 0}},
            "context": {"diagnostics": [], "only": ["refactor"]}})
        self.assertEqual(r["result"], [])
        self.assertEqual(s.finish(), 0)

    def test_quick_fix_extends_an_existing_directive(self):
        s = self.started()
        text = ("import threading\nLOG = []\ndef handle(x):\n"
                "    LOG.append(x.y)  # pxlint: ignore[PX104]  # keep this note\n"
                "threading.Thread(target=handle, args=(1,)).start()\n")
        path = self.write("app.py", text)
        s.open(path, text)
        self.assertEqual(codes(s.diagnostics(uri(path))), ["PX101"])
        edits = self.action_for(s, path, 3)[0]["edit"]["changes"][uri(path)]
        new = self.apply(text, edits)
        self.assertIn("    LOG.append(x.y)  # pxlint: ignore[PX104, PX101]  # keep this note\n",
                      new)
        mark = s.mark()
        s.change(path, 2, [{"range": e["range"], "text": e["newText"]} for e in edits])
        self.assertEqual(s.diagnostics(uri(path), mark, version=2), [])
        self.assertEqual(s.finish(), 0)

    def test_quick_fix_on_a_line_ending_inside_a_string(self):
        s = self.started()
        text = ('import threading\nLOG = []\ndef handle(x):\n'
                '    LOG.append("""first\nsecond""")\n'
                'threading.Thread(target=handle, args=(1,)).start()\n')
        path = self.write("app.py", text)
        s.open(path, text)
        self.assertEqual(codes(s.diagnostics(uri(path))), ["PX101"])
        a = self.action_for(s, path, 3)[0]
        self.assertEqual(a["title"], "Ignore PX101 for this statement (line 5)")
        new = self.apply(text, a["edit"]["changes"][uri(path)])
        self.assertIn('second""")  # pxlint: ignore[PX101]\n', new)
        mark = s.mark()
        s.change(path, 2, [{"text": new}])
        self.assertEqual(s.diagnostics(uri(path), mark, version=2), [])
        self.assertEqual(s.finish(), 0)


if __name__ == "__main__":
    unittest.main()
