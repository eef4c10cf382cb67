// package.json's contributions agree with the code that uses them.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { CLIENT_OWNED_COMMANDS, MACHINE_VIEW } from '../commandIds';
import { DEBUG_TYPE, DEFAULT_MEMORY, defaultConfig, LAUNCH_ATTRIBUTES, MODES, resolveConfig } from '../debugConfig';
import { DOCUMENT_SELECTOR, selects, XL_CFG, XL_CFG_EXTENSIONS, XL_CFG_FILENAMES } from '../selector';

const root = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const c = pkg.contributes;
const dbg = c.debuggers.find((d: { type: string }) => d.type === DEBUG_TYPE);
const launchProps = dbg.configurationAttributes.launch.properties;

describe('package.json contributions', () => {
  it('every command has a title and a category, and the extension registers each one', () => {
    const ids = c.commands.map((x: { command: string }) => x.command);
    for (const cmd of c.commands) {
      assert.ok(cmd.title && cmd.title.length > 3, `${cmd.command} has a title`);
      assert.strictEqual(cmd.category, 'XenScope');
    }
    assert.deepStrictEqual([...ids].sort(), [...CLIENT_OWNED_COMMANDS].sort());
    for (const m of [...c.menus['view/title'], ...c.menus.commandPalette]) assert.ok(ids.includes(m.command), `menu refers to ${m.command}`);
  });

  it('the xen debugger declares exactly the attributes the provider fills', () => {
    assert.ok(dbg, 'a debugger of type xen');
    assert.deepStrictEqual(Object.keys(launchProps), [...LAUNCH_ATTRIBUTES]);
    assert.deepStrictEqual(launchProps.mode.enum, [...MODES]);
    assert.strictEqual(launchProps.memory.default, DEFAULT_MEMORY);
    const noFs = { fs: { exists: () => false, readText: () => undefined, list: () => [], isElf: () => false, mtime: () => 0 } };
    const full = { program: '/k', config: '/x.cfg', mode: 'hvm', memory: 64, cmdline: 'c', vcpus: 1, symbols: '/k.elf64', stopOnEntry: true };
    const r = resolveConfig({ type: 'xen', request: 'launch', name: 'n', ...full } as object, noFs);
    assert.ok(r.ok);
    const filled = Object.keys(r.config).filter((k) => !['type', 'request', 'name'].includes(k));
    assert.deepStrictEqual(filled.sort(), [...LAUNCH_ATTRIBUTES].sort());
    for (const k of filled) {
      const t = launchProps[k].type;
      const types = Array.isArray(t) ? t : [t];
      assert.ok(types.includes(typeof r.config[k]), `${k}: ${typeof r.config[k]} is one of ${types}`);
    }
    const minimal = resolveConfig({ type: 'xen', request: 'launch', name: 'n', program: '/k' }, noFs);
    assert.ok(minimal.ok);
    for (const k of Object.keys(minimal.config)) assert.ok(['type', 'request', 'name'].includes(k) || k in launchProps, `filled ${k} is declared`);
    assert.strictEqual(dbg.configurationAttributes.launch.required, undefined, 'program or config: neither alone is required');
  });

  it('initial configurations and snippets use only declared attributes', () => {
    assert.deepStrictEqual(dbg.initialConfigurations, [defaultConfig()]);
    for (const s of dbg.configurationSnippets) {
      assert.strictEqual(s.body.type, DEBUG_TYPE);
      assert.strictEqual(s.body.request, 'launch');
      for (const k of Object.keys(s.body)) assert.ok(['type', 'request', 'name'].includes(k) || k in launchProps, `snippet attribute ${k}`);
      assert.ok(s.body.mode === undefined || MODES.includes(s.body.mode));
      assert.ok(s.body.program || s.body.config, `${s.label} names a program or an xl.cfg`);
    }
    assert.ok(dbg.configurationSnippets.some((s: { body: { mode?: string } }) => s.body.mode === 'hvm'), 'an HVM snippet');
  });

  it('the xl-cfg language matches the document selector, and its files exist', () => {
    const lang = c.languages.find((l: { id: string }) => l.id === XL_CFG);
    assert.ok(lang);
    assert.deepStrictEqual(lang.extensions, XL_CFG_EXTENSIONS);
    assert.deepStrictEqual(lang.filenames, XL_CFG_FILENAMES);
    const langIds = DOCUMENT_SELECTOR.filter((f): f is { scheme: string; language: string } => 'language' in f).map((f) => f.language);
    assert.deepStrictEqual(langIds, [XL_CFG, 'c', 'cpp', 'asm']);
    for (const id of langIds) assert.ok(pkg.activationEvents.includes(`onLanguage:${id}`), `activates on ${id}`);
    for (const f of ['xl.cfg', 'dom.cfg', 'guest.xl', 'boot.S', 'entry.s']) assert.ok(selects('plaintext', f), f);
    assert.ok(!selects('plaintext', 'notes.txt'));
    const conf = JSON.parse(fs.readFileSync(path.join(root, lang.configuration), 'utf8'));
    assert.strictEqual(conf.comments.lineComment, '#');
    assert.deepStrictEqual(conf.brackets[0], ['[', ']']);
    const g = c.grammars[0];
    assert.strictEqual(g.language, XL_CFG);
    const grammar = JSON.parse(fs.readFileSync(path.join(root, g.path), 'utf8'));
    assert.strictEqual(grammar.scopeName, g.scopeName);
  });

  it('the grammar colours keys, strings, numbers and comments', () => {
    const grammar = JSON.parse(fs.readFileSync(path.join(root, c.grammars[0].path), 'utf8'));
    const key = new RegExp(grammar.repository.assignment.match);
    assert.deepStrictEqual(key.exec('  kernel = "x"')?.slice(1), ['kernel', '=']);
    assert.deepStrictEqual(key.exec('vif += [1]')?.slice(1), ['vif', '+=']);
    assert.ok(new RegExp(grammar.repository.comment.match).test('# c'));
  });

  it('the machine view lives in the debug sidebar; the bundle is what main points to and what ships', () => {
    assert.ok(c.views.debug.some((v: { id: string }) => v.id === MACHINE_VIEW));
    assert.ok(pkg.activationEvents.includes(`onDebugResolve:${DEBUG_TYPE}`));
    assert.strictEqual(pkg.main, './dist/extension.js');
    const ignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8').split('\n');
    for (const keep of ['!dist/extension.js', '!server/xenscope.jar', '!syntaxes/**', '!language-configuration.json']) assert.ok(ignore.includes(keep), keep);
    assert.ok(pkg.dependencies['vscode-languageclient'].startsWith('9.'));
    assert.ok(pkg.devDependencies['@vscode/vsce']);
  });
});
