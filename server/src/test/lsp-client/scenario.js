// Drives `xenscope lsp` over stdio with the VS Code protocol library (vscode-languageserver-protocol),
// the same client stack VS Code's language client uses. Prints "OK <step>" per step and
// "SCENARIO PASSED" at the end; exits non-zero on the first failure.
//
// XENSCOPE_LSP_CMD: JSON array, the server command (default: java -jar server/target/xenscope.jar lsp).
'use strict';
const cp = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const url = require('url');
const rpc = require('vscode-languageserver-protocol/node');
const P = require('vscode-languageserver-protocol');

const cmd = process.env.XENSCOPE_LSP_CMD
  ? JSON.parse(process.env.XENSCOPE_LSP_CMD)
  : ['java', '-jar', path.join(__dirname, '..', '..', '..', 'target', 'xenscope.jar'), 'lsp'];

function fail(msg) {
  console.log('FAIL ' + msg);
  process.exit(1);
}
function ok(step) {
  console.log('OK ' + step);
}
function check(cond, msg) {
  if (!cond) fail(msg);
}

const timer = setTimeout(() => fail('timeout'), 90000);

async function main() {
  const server = cp.spawn(cmd[0], cmd.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => { stderr += d.toString(); });
  const exited = new Promise((resolve) => server.on('exit', (code) => resolve(code)));
  const conn = rpc.createProtocolConnection(new rpc.StreamMessageReader(server.stdout), new rpc.StreamMessageWriter(server.stdin));

  const waiting = new Map(); // uri -> [{pred, resolve}]
  const latest = new Map();
  conn.onNotification(P.PublishDiagnosticsNotification.type, (p) => {
    latest.set(p.uri, p.diagnostics);
    const ws = waiting.get(p.uri) || [];
    waiting.set(p.uri, ws.filter((w) => { if (w.pred(p.diagnostics)) { w.resolve(p.diagnostics); return false; } return true; }));
  });
  function diagnostics(uri, pred) {
    const have = latest.get(uri);
    if (have && pred(have)) return Promise.resolve(have);
    return new Promise((resolve) => {
      const ws = waiting.get(uri) || [];
      ws.push({ pred, resolve });
      waiting.set(uri, ws);
    });
  }
  conn.listen();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xenscope-lsp-'));
  const init = await conn.sendRequest(P.InitializeRequest.type, {
    processId: process.pid, rootUri: url.pathToFileURL(dir).href, capabilities: {}, workspaceFolders: null,
  });
  const caps = init.capabilities;
  check(caps.hoverProvider && caps.completionProvider && caps.documentSymbolProvider && caps.codeActionProvider, 'capabilities ' + JSON.stringify(caps));
  check(!caps.definitionProvider && !caps.renameProvider, 'declares features it does not have');
  await conn.sendNotification(P.InitializedNotification.type, {});
  ok('initialize (server ' + init.serverInfo.name + ')');

  // ---- xl.cfg with mistakes ----
  const cfgPath = path.join(dir, 'guest.cfg');
  const cfgUri = url.pathToFileURL(cfgPath).href;
  const cfgText = [
    'name = "hello"',
    'type = "pv"',
    'kernel = "build/hello.elf"',
    'memroy = 256',
    'maxmem = 128',
    'memory = 512',
    'on_crash = "explode"',
    'vcpus = = 2',
    'on_cr',
    '',
  ].join('\n');
  fs.writeFileSync(cfgPath, cfgText);
  await conn.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri: cfgUri, languageId: 'xl-cfg', version: 1, text: cfgText } });
  const ds = await diagnostics(cfgUri, (d) => d.length > 0);
  const codes = ds.map((d) => d.code).sort();
  for (const c of ['unknown-key', 'range', 'enum', 'kernel-missing', 'syntax']) check(codes.includes(c), 'xl.cfg diagnostics lack ' + c + ': ' + JSON.stringify(ds));
  const unknown = ds.find((d) => d.code === 'unknown-key' && d.message.includes('memroy'));
  check(unknown && unknown.message.includes("did you mean 'memory'") && unknown.range.start.line === 3 && unknown.range.start.character === 0
    && unknown.range.end.character === 6, 'unknown key diagnostic ' + JSON.stringify(unknown));
  ok('xl.cfg diagnostics: ' + codes.join(','));

  const actions = await conn.sendRequest(P.CodeActionRequest.type, {
    textDocument: { uri: cfgUri }, range: unknown.range, context: { diagnostics: [unknown] },
  });
  check(actions.length === 1 && actions[0].title === "Change to 'memory'" && actions[0].edit.changes[cfgUri][0].newText === 'memory', 'code action ' + JSON.stringify(actions));
  ok('quick fix: ' + actions[0].title);

  const comp = await conn.sendRequest(P.CompletionRequest.type, { textDocument: { uri: cfgUri }, position: { line: 8, character: 5 } });
  const items = Array.isArray(comp) ? comp : comp.items;
  const onCrash = items.find((i) => i.label === 'on_crash');
  check(onCrash && onCrash.insertTextFormat === 2 && onCrash.textEdit.newText.startsWith('on_crash = "${1|destroy,'), 'completion ' + JSON.stringify(onCrash));
  ok('completion of a key: ' + onCrash.textEdit.newText);

  const hover = await conn.sendRequest(P.HoverRequest.type, { textDocument: { uri: cfgUri }, position: { line: 5, character: 2 } });
  check(hover && hover.contents.kind === 'markdown' && hover.contents.value.includes('MiB'), 'hover ' + JSON.stringify(hover));
  ok('hover on memory');

  const syms = await conn.sendRequest(P.DocumentSymbolRequest.type, { textDocument: { uri: cfgUri } });
  check(syms.map((s) => s.name).join(',').startsWith('name,type,kernel,memroy,maxmem,memory'), 'symbols ' + JSON.stringify(syms.map((s) => s.name)));
  ok('document symbols: ' + syms.length);

  // Apply the quick fix as an incremental edit: the unknown key goes away.
  await conn.sendNotification(P.DidChangeTextDocumentNotification.type, {
    textDocument: { uri: cfgUri, version: 2 }, contentChanges: [{ range: unknown.range, text: 'memory' }],
  });
  const ds2 = await diagnostics(cfgUri, (d) => !d.some((x) => x.code === 'unknown-key' && x.message.includes('memroy')));
  check(ds2.some((d) => d.code === 'duplicate-key'), 'after the edit memory is set twice: ' + JSON.stringify(ds2));
  ok('incremental edit re-diagnosed');

  // ---- a PV guest's C file next to the xl.cfg ----
  const cPath = path.join(dir, 'kernel.c');
  const cUri = url.pathToFileURL(cPath).href;
  const cText = [
    '#include <xen/xen.h>',
    'void idle(void)',
    '{',
    '    asm volatile("cli");',
    '    HYPERVISOR_sched_op(SCHEDOP_block, 0);',
    '}',
    '',
  ].join('\n');
  fs.writeFileSync(cPath, cText);
  await conn.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri: cUri, languageId: 'c', version: 1, text: cText } });
  const cds = await diagnostics(cUri, (d) => d.length > 0);
  const cli = cds.find((d) => d.code === 'pv-cli');
  check(cli && cli.range.start.line === 3 && cli.range.start.character === 18 && cli.range.end.character === 21
    && cli.message.includes('evtchn_upcall_mask') && cli.message.includes('guest.cfg'), 'cli lint ' + JSON.stringify(cds));
  ok('PV lint on cli in inline asm');

  const h2 = await conn.sendRequest(P.HoverRequest.type, { textDocument: { uri: cUri }, position: { line: 4, character: 10 } });
  check(h2 && h2.contents.value.includes('= 29'), 'hypercall hover ' + JSON.stringify(h2));
  const h3 = await conn.sendRequest(P.HoverRequest.type, { textDocument: { uri: cUri }, position: { line: 4, character: 30 } });
  check(h3 && h3.contents.value.includes('SCHEDOP_block** = 1'), 'constant hover ' + JSON.stringify(h3));
  ok('hover on HYPERVISOR_sched_op and SCHEDOP_block');

  await conn.sendNotification(P.DidCloseTextDocumentNotification.type, { textDocument: { uri: cUri } });
  await diagnostics(cUri, (d) => d.length === 0);
  ok('close clears diagnostics');

  // ---- the boot check (XENSCOPE_PV_PAGETABLES: the built sample; XENSCOPE_PV_PAGETABLES_LINE: the refused call's line) ----
  if (process.env.XENSCOPE_PV_PAGETABLES) {
    const kernel = process.env.XENSCOPE_PV_PAGETABLES;
    const srcUri = url.pathToFileURL(path.join(path.dirname(kernel), 'pagetables.c')).href;
    const wantLine = parseInt(process.env.XENSCOPE_PV_PAGETABLES_LINE, 10);
    check(caps.executeCommandProvider && caps.executeCommandProvider.commands.includes('xenscope.bootCheck') && caps.codeLensProvider,
      'boot check capabilities ' + JSON.stringify(caps));
    const bootDir = path.join(dir, 'boot');
    fs.mkdirSync(bootDir);
    const bootCfg = path.join(bootDir, 'xl.cfg');
    const bootCfgUri = url.pathToFileURL(bootCfg).href;
    const bootText = 'name = "pt"\ntype = "pv"\nmemory = 32\nkernel = "' + kernel + '"\n';
    fs.writeFileSync(bootCfg, bootText);
    await conn.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri: bootCfgUri, languageId: 'xl-cfg', version: 1, text: bootText } });
    const lenses = await conn.sendRequest(P.CodeLensRequest.type, { textDocument: { uri: bootCfgUri } });
    check(lenses.length === 1 && lenses[0].range.start.line === 3 && lenses[0].command.title === 'Boot as PV'
      && lenses[0].command.command === 'xenscope.bootCheck', 'code lens ' + JSON.stringify(lenses));
    ok('code lens: ' + lenses[0].command.title + ' on kernel=');
    const started = Date.now();
    const summary = await conn.sendRequest(P.ExecuteCommandRequest.type, { command: lenses[0].command.command, arguments: lenses[0].command.arguments });
    check(summary && summary.errors === 1 && summary.outcome === 'SHUTDOWN', 'boot check result ' + JSON.stringify(summary));
    const bds = await diagnostics(srcUri, (d) => d.some((x) => x.source === 'xenscope-boot'));
    const refused = bds.find((d) => d.source === 'xenscope-boot' && d.code === 'refused-update');
    check(refused && refused.severity === 1 && refused.range.start.line === wantLine - 1 && refused.message.includes('PSE')
      && refused.relatedInformation.some((r) => r.message === '#1 main' && r.location.uri === srcUri)
      && refused.relatedInformation.some((r) => r.message.includes('PTE at machine address')), 'boot check diagnostic ' + JSON.stringify(bds));
    ok('boot check: refused update at pagetables.c:' + wantLine + ' (' + (Date.now() - started) + ' ms)');
  }

  // An unknown request is an error, and the server keeps serving.
  let unknownError = null;
  try {
    await conn.sendRequest(new P.RequestType('xenscope/noSuchMethod'), {});
  } catch (e) {
    unknownError = e;
  }
  check(unknownError && unknownError.code === -32601, 'unknown method ' + JSON.stringify(unknownError));
  ok('unknown method -> MethodNotFound');

  await conn.sendRequest(P.ShutdownRequest.type, undefined);
  await conn.sendNotification(P.ExitNotification.type);
  const code = await exited;
  check(code === 0, 'exit code ' + code + '\n' + stderr);
  ok('shutdown and exit (code 0)');
  fs.rmSync(dir, { recursive: true, force: true });
  clearTimeout(timer);
  console.log('SCENARIO PASSED');
  conn.dispose();
}

main().catch((e) => fail(e && e.stack ? e.stack : String(e)));
