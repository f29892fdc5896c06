// Protocol tests of `tongwen lsp`, driven by vscode-jsonrpc (the library VS
// Code's own client uses) through scripted sessions with asserted replies,
// plus raw byte sessions for what a well-behaved client never sends.
// usage: node protocol.test.js PATH/TO/tongwen   (exit 77: client missing)
'use strict';
const assert = require('assert');
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

let rpc;
try {
  rpc = require('vscode-jsonrpc/node');
} catch (e) {
  console.log('SKIP: vscode-jsonrpc is not installed (scripts/deps runs npm install in tests/lsp)');
  process.exit(77);
}
const TW = process.argv[2];

function start(initOptions, caps) {
  const proc = cp.spawn(TW, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout),
    new rpc.StreamMessageWriter(proc.stdin));
  const diags = {};
  const waiters = [];
  const logs = [];
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    diags[p.uri] = p;
    p.at = Date.now();
    for (const w of waiters.splice(0)) w(p);
  });
  conn.onNotification('window/logMessage', (p) => logs.push(p.message));
  conn.onNotification('$/logTrace', (p) => logs.push('trace: ' + p.message));
  conn.onRequest('client/registerCapability', () => null);
  let refreshes = 0;
  conn.onRequest('workspace/diagnostic/refresh', () => { refreshes++; return null; });
  conn.listen();
  const exited = new Promise((res) => proc.on('exit', (code) => res(code)));
  const s = {
    proc, conn, diags, logs, exited,
    refreshes: () => refreshes,
    // the next publication for uri (after the call)
    next(uri) {
      return new Promise((res, rej) => {
        const t = setTimeout(() => rej(new Error('no diagnostics for ' + uri)), 10000);
        const w = (p) => {
          if (p.uri === uri) { clearTimeout(t); res(p); } else waiters.push(w);
        };
        waiters.push(w);
      });
    },
  };
  s.init = conn.sendRequest('initialize', {
    processId: process.pid, rootUri: null, capabilities: caps || {},
    initializationOptions: initOptions,
  });
  return s;
}

// offset in a JS string of an LSP position counted in enc
function offsetOf(text, pos, enc) {
  const lines = text.split('\n');
  let off = 0;
  for (let i = 0; i < pos.line; i++) off += lines[i].length + 1;
  const line = lines[pos.line] || '';
  if (enc === 'utf-16') return off + pos.character;
  const units = (ch) => (enc === 'utf-8' ? Buffer.byteLength(ch) : 1);
  let c = 0;
  for (const ch of line) {
    if (c >= pos.character) break;
    c += units(ch);
    off += ch.length;
  }
  return off;
}

function applyEdits(text, edits, enc) {
  const sorted = edits.map((e) => [offsetOf(text, e.range.start, enc), offsetOf(text, e.range.end, enc), e.newText])
    .sort((a, b) => b[0] - a[0]);
  for (const [a, b, t] of sorted) text = text.slice(0, a) + t + text.slice(b);
  return text;
}

async function expectError(p, code) {
  try {
    await p;
  } catch (e) {
    assert.strictEqual(e.code, code, 'error code ' + e.code + ' ' + e.message);
    return e;
  }
  assert.fail('expected error ' + code);
}

async function sessionUtf16() {
  const s = start({ tongwen: { debounce: 0 } });
  const init = await s.init;
  assert.strictEqual(init.capabilities.positionEncoding, 'utf-16');
  assert.strictEqual(init.serverInfo.name, 'tongwen');
  assert.ok(init.capabilities.codeActionProvider && init.capabilities.hoverProvider);
  assert.strictEqual(init.capabilities.textDocumentSync.change, 2);
  s.conn.sendNotification('initialized', {});
  const uri = 'file:///tmp/tongwen-lsp-test/a.txt';
  let text = '😀搭的士\n';
  let got = s.next(uri);
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
  let p = await got;
  assert.strictEqual(p.version, 1);
  assert.strictEqual(p.diagnostics.length, 1);
  let d = p.diagnostics[0];
  assert.strictEqual(d.code, 'term/convert');
  assert.strictEqual(d.source, 'tongwen');
  assert.strictEqual(d.severity, 1);
  assert.match(d.message, /出租车/);
  // the emoji counts two UTF-16 units
  assert.deepStrictEqual(d.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 5 } });
  assert.strictEqual(d.data.offset, 7);

  // incremental change: a second line
  got = s.next(uri);
  s.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '數碼港元，軟件\n' }],
  });
  text += '數碼港元，軟件\n';
  p = await got;
  assert.strictEqual(p.version, 2);
  const term = p.diagnostics.find((x) => x.code === 'term/convert' && x.range.start.line === 1);
  assert.ok(term, JSON.stringify(p.diagnostics));
  assert.deepStrictEqual(term.range.end, { line: 1, character: 4 });

  // quick fix, with the range resent in bytes (as Neovim 0.7 does): the
  // edit still lands on the word, by the diagnostic's data
  const wrong = JSON.parse(JSON.stringify(d));
  wrong.range = { start: { line: 0, character: 7 }, end: { line: 0, character: 13 } };
  let actions = await s.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: wrong.range, context: { diagnostics: [wrong] },
  });
  const fix = actions.find((a) => a.kind === 'quickfix' && a.title.includes('出租车'));
  assert.ok(fix, JSON.stringify(actions));
  assert.strictEqual(fix.isPreferred, true);
  assert.strictEqual(applyEdits(text, fix.edit.changes[uri], 'utf-16').split('\n')[0], '😀搭出租车');
  assert.ok(actions.some((a) => a.title.startsWith('Disable term/convert')));
  assert.ok(actions.some((a) => a.command && a.command.command === 'tongwen.acceptWord'));

  // fix all: one pass, overlapping script and term fixes resolved
  actions = await s.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  });
  assert.strictEqual(actions.length, 1, JSON.stringify(actions));
  assert.strictEqual(actions[0].kind, 'source.fixAll.tongwen');
  assert.strictEqual(applyEdits(text, actions[0].edit.changes[uri], 'utf-16'), '😀搭出租车\n数字港元，软件\n');

  // convert selection: only 軟 selected, the whole line's context
  actions = await s.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: { start: { line: 1, character: 5 }, end: { line: 1, character: 6 } },
    context: { diagnostics: [], only: ['refactor'] },
  });
  assert.strictEqual(actions.length, 1, JSON.stringify(actions));
  assert.strictEqual(actions[0].kind, 'refactor.rewrite');
  assert.strictEqual(applyEdits(text, actions[0].edit.changes[uri], 'utf-16'), '😀搭的士\n數碼港元，软件\n');

  // hover: the lexicon entry
  const hover = await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 4 } });
  assert.strictEqual(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /term\/convert/);
  assert.match(hover.contents.value, /Mainland 出租车/);
  assert.match(hover.contents.value, /action convert/);
  assert.strictEqual(await s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);

  // unknown request, then the session goes on
  await expectError(s.conn.sendRequest('tongwen/nonsense', {}), -32601);
  s.conn.sendNotification('$/setTrace', { value: 'messages' });
  await expectError(s.conn.sendRequest('textDocument/hover', { textDocument: { uri: 'file:///nope' }, position: { line: 0, character: 0 } }), -32602);
  assert.ok(s.logs.some((l) => l.startsWith('trace:')), 'no $/logTrace after $/setTrace');

  // two changes in one notification, applied in order; quotes, backslashes
  // and tabs in the text reach the client as valid JSON
  got = s.next(uri);
  s.conn.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 3 },
    contentChanges: [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '"\t\\「' },
      { range: { start: { line: 0, character: 4 }, end: { line: 0, character: 6 } }, text: '' },
    ],
  });
  p = await got;
  assert.strictEqual(p.version, 3);
  const taxi = p.diagnostics.find((x) => x.data && x.data.text === '的士');
  assert.deepStrictEqual(taxi.range.start, { line: 0, character: 5 });
  const corner = p.diagnostics.find((x) => x.code === 'punct/corner-quote');
  assert.ok(corner, JSON.stringify(p.diagnostics));
  assert.deepStrictEqual(corner.range, { start: { line: 0, character: 3 }, end: { line: 0, character: 4 } });

  // full sync replaces the text; close clears
  got = s.next(uri);
  s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 4 }, contentChanges: [{ text: '没有问题。\n' }] });
  p = await got;
  assert.strictEqual(p.diagnostics.length, 0);
  got = s.next(uri);
  s.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  assert.strictEqual((await got).diagnostics.length, 0);

  assert.strictEqual(await s.conn.sendRequest('shutdown'), null);
  await expectError(s.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), -32600);
  s.conn.sendNotification('exit');
  assert.strictEqual(await s.exited, 0);
  s.conn.dispose();
}

async function sessionUtf8Markdown() {
  const s = start({ tongwen: { target: 'cn' } }, { general: { positionEncodings: ['utf-8', 'utf-16'] } });
  const init = await s.init;
  assert.strictEqual(init.capabilities.positionEncoding, 'utf-8');
  s.conn.sendNotification('initialized', {});
  const uri = 'file:///tmp/tongwen-lsp-test/b.md';
  let got = s.next(uri);
  const t0 = Date.now();
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'markdown', version: 1, text: '# 的士\n\n`的士` 😀的士\n' } });
  let p = await got;
  // the default debounce (150 ms) delays the first publication
  assert.ok(p.at - t0 >= 100, 'published after ' + (p.at - t0) + ' ms');
  // code spans are skipped; columns in bytes
  assert.strictEqual(p.diagnostics.length, 2, JSON.stringify(p.diagnostics));
  assert.deepStrictEqual(p.diagnostics[1].range, { start: { line: 2, character: 13 }, end: { line: 2, character: 19 } });
  // settings change: the rule off, no debounce
  got = s.next(uri);
  s.conn.sendNotification('workspace/didChangeConfiguration', { settings: { tongwen: { rules: { 'term/convert': 'off' }, debounce: 0 } } });
  p = await got;
  assert.strictEqual(p.diagnostics.length, 0);
  // bad settings are reported and leave the settings as they were
  s.conn.sendNotification('workspace/didChangeConfiguration', { settings: { tongwen: { target: 'mars' } } });
  await expectError(s.conn.sendRequest('no/such'), -32601);
  assert.ok(s.logs.some((l) => /target must be/.test(l)), s.logs.join('\n'));
  // an unknown profile costs "convert selection" only, not the diagnostics
  got = s.next(uri);
  s.conn.sendNotification('workspace/didChangeConfiguration', { settings: { tongwen: { profile: 'nope', debounce: 0 } } });
  p = await got;
  assert.strictEqual(p.diagnostics.length, 2);
  const acts = await s.conn.sendRequest('textDocument/codeAction', {
    textDocument: { uri }, range: { start: { line: 0, character: 2 }, end: { line: 0, character: 8 } },
    context: { diagnostics: [], only: ['refactor'] },
  });
  assert.deepStrictEqual(acts, []);
  assert.ok(s.logs.some((l) => /cannot load profile nope/.test(l)), s.logs.join('\n'));
  // disabling a rule inside a Markdown paragraph must not split it: the
  // comment goes at the end of the line before
  const para = 'file:///tmp/tongwen-lsp-test/p.md';
  const ptext = '第一行文字  \n的士来了\n';
  got = s.next(para);
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: para, languageId: 'markdown', version: 1, text: ptext } });
  p = await got;
  const pd = p.diagnostics.find((x) => x.code === 'term/convert');
  const pacts = await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri: para }, range: pd.range, context: { diagnostics: [pd] } });
  const pdis = pacts.find((a) => a.title === 'Disable term/convert on this line');
  const pfixed = applyEdits(ptext, pdis.edit.changes[para], 'utf-8');
  assert.strictEqual(pfixed, '第一行文字 <!-- tongwen-disable-next-line term/convert -->  \n的士来了\n');
  got = s.next(para);
  s.conn.sendNotification('textDocument/didChange', { textDocument: { uri: para, version: 2 }, contentChanges: [{ text: pfixed }] });
  assert.ok(!(await got).diagnostics.some((x) => x.code === 'term/convert'));
  s.conn.sendNotification('exit');
  assert.strictEqual(await s.exited, 1); // exit without shutdown
  s.conn.dispose();
}

async function sessionPull() {
  const s = start({}, {
    textDocument: { diagnostic: { dynamicRegistration: false } },
    workspace: { diagnostics: { refreshSupport: true } },
    general: { positionEncodings: ['utf-32'] },
  });
  const init = await s.init;
  assert.strictEqual(init.capabilities.positionEncoding, 'utf-32');
  assert.strictEqual(init.capabilities.diagnosticProvider.identifier, 'tongwen');
  s.conn.sendNotification('initialized', {});
  const uri = 'file:///tmp/tongwen-lsp-test/c.html';
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'html', version: 4, text: '<p title="的士">😀的士</p><code>的士</code>\n' } });
  const r = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  assert.strictEqual(r.kind, 'full');
  assert.strictEqual(r.items.length, 2, JSON.stringify(r.items));
  // code points: the emoji is one
  assert.deepStrictEqual(r.items[1].range.start, { line: 0, character: 15 });
  const again = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: r.resultId });
  assert.strictEqual(again.kind, 'unchanged');
  // a languageId the server does not know: the extension decides (Markdown)
  const md = 'file:///tmp/tongwen-lsp-test/e.md';
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri: md, languageId: 'quarto', version: 1, text: '`的士` 的士\n' } });
  const mr = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri: md } });
  assert.strictEqual(mr.items.length, 1, JSON.stringify(mr.items));
  assert.strictEqual(mr.items[0].range.start.character, 5);
  assert.strictEqual(Object.keys(s.diags).length, 0, 'a pull client got pushed diagnostics');
  // new settings: the client is asked to pull again, and gets the new result
  s.conn.sendNotification('workspace/didChangeConfiguration', { settings: { tongwen: { rules: { term: 'off' } } } });
  const after = await s.conn.sendRequest('textDocument/diagnostic', { textDocument: { uri }, previousResultId: r.resultId });
  assert.strictEqual(s.refreshes(), 1);
  assert.strictEqual(after.kind, 'full');
  assert.strictEqual(after.items.length, 0, JSON.stringify(after.items));
  await s.conn.sendRequest('shutdown');
  s.conn.sendNotification('exit');
  assert.strictEqual(await s.exited, 0);
  s.conn.dispose();
}

async function sessionWorkspace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tongwen-lsp-'));
  fs.writeFileSync(path.join(dir, '.tongwen.ini'), 'target = cn\n[rules]\npunct = off\n');
  fs.mkdirSync(path.join(dir, 'sub'));
  const file = path.join(dir, 'sub', 'd.txt');
  const uri = 'file://' + file;
  const text = '搭的士，好嘢\n';
  fs.writeFileSync(file, text);
  const s = start({ tongwen: { debounce: 0 } }, { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } });
  await s.init;
  s.conn.sendNotification('initialized', {});
  let got = s.next(uri);
  s.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'plaintext', version: 1, text } });
  let p = await got;
  const codes = p.diagnostics.map((x) => x.code).sort();
  assert.deepStrictEqual(codes, ['cantonese/word', 'term/convert'], JSON.stringify(p.diagnostics));
  // accept 的士: written to the ini found above the document, before [rules]
  got = s.next(uri);
  assert.strictEqual(await s.conn.sendRequest('workspace/executeCommand', { command: 'tongwen.acceptWord', arguments: [uri, '的士'] }), null);
  p = await got;
  assert.deepStrictEqual(p.diagnostics.map((x) => x.code), ['cantonese/word']);
  assert.strictEqual(fs.readFileSync(path.join(dir, '.tongwen.ini'), 'utf8'), 'target = cn\naccept = 的士\n[rules]\npunct = off\n');
  assert.deepStrictEqual(fs.readdirSync(dir).filter((f) => f.includes('twtmp')), []);
  // ini syntax is refused
  await expectError(s.conn.sendRequest('workspace/executeCommand', { command: 'tongwen.acceptWord', arguments: [uri, 'a = b'] }), -32803);
  // an edited ini is re-read when the client says it changed
  fs.writeFileSync(path.join(dir, '.tongwen.ini'), 'target = cn\n[rules]\ncantonese = off\n');
  got = s.next(uri);
  s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file://' + dir + '/.tongwen.ini', type: 2 }] });
  p = await got;
  // with Cantonese off, 嘢 is no Cantonese finding's: it is a character outside the Mainland list
  assert.deepStrictEqual(p.diagnostics.map((x) => x.code).sort(), ['script/nonstandard', 'term/convert']);
  // a malformed ini is shown on the document
  fs.writeFileSync(path.join(dir, '.tongwen.ini'), 'target = mars\n');
  got = s.next(uri);
  s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: 'file://' + dir + '/.tongwen.ini', type: 2 }] });
  p = await got;
  assert.ok(p.diagnostics.some((x) => x.code === 'tongwen/input' && x.message.includes('.tongwen.ini:1')), JSON.stringify(p.diagnostics));
  fs.writeFileSync(path.join(dir, '.tongwen.ini'), 'target = cn\n');
  got = s.next(uri);
  s.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [] });
  p = await got;
  // disable the rule on this line: the directive comment silences it
  const d = p.diagnostics.find((x) => x.code === 'term/convert');
  const actions = await s.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
  const dis = actions.find((a) => a.title === 'Disable term/convert on this line');
  const fixed = applyEdits(text, dis.edit.changes[uri], 'utf-16');
  assert.strictEqual(fixed, '# tongwen-disable-next-line term/convert\n' + text);
  got = s.next(uri);
  s.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
  p = await got;
  assert.ok(!p.diagnostics.some((x) => x.code === 'term/convert'), JSON.stringify(p.diagnostics));
  await s.conn.sendRequest('shutdown');
  s.conn.sendNotification('exit');
  assert.strictEqual(await s.exited, 0);
  s.conn.dispose();
  fs.rmSync(dir, { recursive: true });
}

// Raw bytes: malformed JSON and headers, a request before initialize, a
// cancelled request, exit status without shutdown.
function raw(chunks) {
  return new Promise((res) => {
    const proc = cp.spawn(TW, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
    let out = Buffer.alloc(0);
    proc.stdout.on('data', (b) => { out = Buffer.concat([out, b]); });
    proc.on('exit', (code) => {
      const msgs = [];
      let s = out.toString('utf8');
      while (s.length) {
        const m = /^Content-Length: (\d+)\r\n\r\n/.exec(s);
        assert.ok(m, 'bad framing from the server: ' + s.slice(0, 80));
        const n = Number(m[1]);
        const body = Buffer.from(s.slice(m[0].length)).subarray(0, n).toString('utf8');
        msgs.push(JSON.parse(body));
        s = s.slice(m[0].length + body.length);
      }
      res({ code, msgs });
    });
    for (const c of chunks) proc.stdin.write(c);
    proc.stdin.end();
  });
}
const frame = (o) => {
  const b = Buffer.from(typeof o === 'string' ? o : JSON.stringify(o));
  return Buffer.concat([Buffer.from('Content-Length: ' + b.length + '\r\n\r\n'), b]);
};

async function rawSessions() {
  let r = await raw([
    frame({ jsonrpc: '2.0', id: 1, method: 'textDocument/hover', params: {} }),
    frame({ jsonrpc: '2.0', id: 2, method: 'initialize', params: { capabilities: {} } }),
    frame('{"jsonrpc": "2.0", "id": 3, "method": '),
    Buffer.from('Content-Length: x\r\n\r\n'),
    frame('[1, 2]'),
    Buffer.concat([frame({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { textDocument: { uri: 'file:///x.txt', languageId: 'plaintext', version: 1, text: '的士\n' } } }),
      frame({ jsonrpc: '2.0', id: 4, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.txt' }, position: { line: 0, character: 0 } } }),
      frame({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: 4 } })]),
    frame({ jsonrpc: '2.0', id: 5, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.txt' }, position: { line: 0, character: 0 } } }),
    // bytes that are no header: the next message is found after them
    Buffer.from('junk'),
    frame({ jsonrpc: '2.0', id: 6, method: 'textDocument/hover', params: { textDocument: { uri: 'file:///x.txt' }, position: { line: 0, character: 1 } } }),
    frame({ jsonrpc: '2.0', method: 'exit' }),
  ]);
  const byId = (id) => r.msgs.find((m) => m.id === id);
  assert.strictEqual(byId(1).error.code, -32002);
  assert.ok(byId(2).result.capabilities);
  const errs = r.msgs.filter((m) => m.id === null).map((m) => m.error.code);
  assert.deepStrictEqual(errs, [-32700, -32700, -32600, -32700]);
  assert.match(byId(6).result.contents.value, /出租车/);
  assert.strictEqual(byId(4).error.code, -32800);
  assert.match(byId(5).result.contents.value, /出租车/);
  assert.strictEqual(r.code, 1);
  // an unknown option: usage error, status 2
  const bad = cp.spawnSync(TW, ['lsp', '--tcp'], { encoding: 'utf8' });
  assert.strictEqual(bad.status, 2);
  assert.match(bad.stderr, /unknown option '--tcp'/);
  // end of input after shutdown: 0
  r = await raw([frame({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { capabilities: {} } }),
    frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' })]);
  assert.strictEqual(r.code, 0);
}

(async () => {
  const tests = [sessionUtf16, sessionUtf8Markdown, sessionPull, sessionWorkspace, rawSessions];
  for (const t of tests) {
    await t();
    console.log('ok - ' + t.name);
  }
})().catch((e) => {
  console.error('FAIL:', e.stack || e);
  process.exit(1);
});
