// End-to-end test of `pxlint lsp` with a real LSP client library
// (vscode-jsonrpc + vscode-languageserver-protocol, as VS Code's client
// uses them): open a fixture, receive diagnostics, edit incrementally,
// receive the update, request the quick fix, apply it with the library's
// TextDocument.applyEdits, and see the diagnostic go.
//
// Usage: node client_e2e.js PXLINT WORKDIR NODE_MODULES
// Prints one JSON line {"ok": true, "steps": [...]} and exits 0, or prints
// the failure and exits 1.
'use strict';
const path = require('path');
const fs = require('fs');
const cp = require('child_process');

const [pxlint, workdir, modules] = process.argv.slice(2);
const proto = require(path.join(modules, 'vscode-languageserver-protocol', 'node'));
const { TextDocument } = require(path.join(modules, 'vscode-languageserver-types'));

const steps = [];
function step(name, detail) { steps.push(detail === undefined ? name : `${name}: ${detail}`); }
function check(cond, what) { if (!cond) throw new Error(`check failed: ${what}`); }

const FIXTURE = [
  'import threading',
  'LOG = []',
  'def handle(x):',
  '    LOG.append(x)',
  'threading.Thread(target=handle, args=(1,)).start()',
  '',
].join('\n');

async function main() {
  const file = path.join(workdir, 'app.py');
  fs.writeFileSync(file, FIXTURE);
  const uri = 'file://' + file.split('/').map(encodeURIComponent).join('/');
  const child = cp.spawn(pxlint, ['lsp'], { cwd: workdir, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  const conn = proto.createProtocolConnection(
    new proto.StreamMessageReader(child.stdout), new proto.StreamMessageWriter(child.stdin));

  // Diagnostics arrive as notifications; each wait takes the next one for
  // the document that satisfies `pred`.
  const published = [];
  let wake = null;
  conn.onNotification(proto.PublishDiagnosticsNotification.type, (p) => {
    published.push(p);
    if (wake) wake();
  });
  conn.onNotification(proto.LogMessageNotification.type, () => {});
  conn.onRequest(proto.RegistrationRequest.type, () => null);
  conn.listen();
  async function diagnostics(pred, what) {
    const deadline = Date.now() + 20000;
    for (;;) {
      const i = published.findIndex((p) => p.uri === uri && pred(p));
      if (i >= 0) return published.splice(0, i + 1)[i];
      if (Date.now() > deadline) throw new Error(`no diagnostics: ${what}`);
      await new Promise((r) => { wake = r; setTimeout(r, 200); });
    }
  }

  const init = await conn.sendRequest(proto.InitializeRequest.type, {
    processId: process.pid,
    rootUri: 'file://' + workdir,
    workspaceFolders: [{ uri: 'file://' + workdir, name: 'e2e' }],
    capabilities: {
      textDocument: {
        synchronization: { didSave: true },
        publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        hover: { contentFormat: ['markdown'] },
      },
      workspace: { didChangeWatchedFiles: { dynamicRegistration: true } },
    },
  });
  check(init.capabilities.textDocumentSync.change === proto.TextDocumentSyncKind.Incremental,
        'incremental sync');
  conn.sendNotification(proto.InitializedNotification.type, {});
  step('initialized', init.serverInfo.name);

  let doc = TextDocument.create(uri, 'python', 1, FIXTURE);
  conn.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'python', version: 1, text: doc.getText() },
  });
  let d = (await diagnostics((p) => p.diagnostics.length > 0, 'after open')).diagnostics;
  check(d.length === 1 && d[0].code === 'PX101', 'one PX101 after open');
  check(d[0].source === 'pxlint' && d[0].severity === proto.DiagnosticSeverity.Error, 'source, severity');
  check(d[0].range.start.line === 3 && d[0].range.start.character === 4, 'range');
  check(d[0].relatedInformation.length >= 2, 'trace as relatedInformation');
  check(d[0].codeDescription && d[0].codeDescription.href.startsWith('file://'), 'codeDescription');
  step('open', `${d[0].code} at ${d[0].range.start.line}:${d[0].range.start.character}`);

  // An incremental edit: a second mutation on a new line after line 3.
  const insertAt = { line: 4, character: 0 };
  const added = '    LOG.extend([x, x])\n';
  doc = TextDocument.create(uri, 'python', 2, TextDocument.applyEdits(
    doc, [{ range: { start: insertAt, end: insertAt }, newText: added }]));
  conn.sendNotification(proto.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: insertAt, end: insertAt }, text: added }],
  });
  d = (await diagnostics((p) => p.version === 2, 'after the edit')).diagnostics;
  check(d.length === 2 && d.every((x) => x.code === 'PX101'), 'two PX101 after the edit');
  check(d[1].range.start.line === 4, 'the new one on line 4');
  step('edit', `${d.length} diagnostics`);

  // The quick fix for the new one, applied by the client library.
  const target = d[1];
  const actions = await conn.sendRequest(proto.CodeActionRequest.type, {
    textDocument: { uri }, range: target.range,
    context: { diagnostics: [target], only: [proto.CodeActionKind.QuickFix] },
  });
  check(actions.length === 1, 'one quick fix');
  check(actions[0].title === 'Ignore PX101 on this line', `title: ${actions[0].title}`);
  const edits = actions[0].edit.changes[uri];
  const fixed = TextDocument.applyEdits(doc, edits);
  check(fixed.split('\n')[4] === '    LOG.extend([x, x])  # pxlint: ignore[PX101]', 'fixed line');
  doc = TextDocument.create(uri, 'python', 3, fixed);
  conn.sendNotification(proto.DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 3 },
    contentChanges: edits.map((e) => ({ range: e.range, text: e.newText })),
  });
  d = (await diagnostics((p) => p.version === 3, 'after the quick fix')).diagnostics;
  check(d.length === 1 && d[0].range.start.line === 3, 'the fixed one is gone');
  step('quickfix', actions[0].title);

  // Saved to disk: the same result, from the file this time.
  fs.writeFileSync(file, doc.getText());
  conn.sendNotification(proto.DidSaveTextDocumentNotification.type, { textDocument: { uri } });

  const hover = await conn.sendRequest(proto.HoverRequest.type, {
    textDocument: { uri }, position: { line: 2, character: 6 },
  });
  check(hover && /not proven parallel-safe/.test(hover.contents.value), 'hover verdict');
  step('hover', hover.contents.value.split('\n')[0]);

  await conn.sendRequest(proto.ShutdownRequest.type);
  conn.sendNotification(proto.ExitNotification.type);
  const code = await exited;
  check(code === 0, `exit status ${code}`);
  step('exit', code);
  conn.dispose();
}

const timer = setTimeout(() => { console.log('timed out'); process.exit(1); }, 60000);
main().then(() => {
  clearTimeout(timer);
  console.log(JSON.stringify({ ok: true, steps }));
  process.exit(0);
}, (err) => {
  console.log(`FAILED after ${JSON.stringify(steps)}: ${err && err.stack || err}`);
  process.exit(1);
});
