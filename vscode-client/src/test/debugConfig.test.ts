import * as assert from 'assert';
import * as path from 'path';
import { configFromXlCfg, findXlCfg, initialConfig, ProjectFs, resolveConfig } from '../debugConfig';
import { parseXlCfg } from '../xlcfg';

/** An in-memory project: path -> contents; contents starting with \x7fELF are ELF files. */
function memFs(files: Record<string, string>, mtimes: Record<string, number> = {}): ProjectFs {
  return {
    exists: (f) => f in files,
    readText: (f) => files[f],
    list: (dir) => Object.keys(files).filter((f) => path.dirname(f) === dir).map((f) => path.basename(f)),
    isElf: (f) => files[f]?.startsWith('\x7fELF') ?? false,
    mtime: (f) => mtimes[f] ?? 0,
  };
}

const XL = `# hello guest
name = "hello"
type = "pvh"   # comment after a value
kernel = "build/hello.elf"
memory = 128
cmdline = "console=hvc0 # not a comment"
vif = [ 'bridge=xenbr0', "mac=00:16:3e:00:00:01" ]
`;

describe('xlcfg: the few keys a launch needs', () => {
  it('parses strings, numbers, lists and comments', () => {
    const kv = parseXlCfg(XL);
    assert.strictEqual(kv.get('name'), 'hello');
    assert.strictEqual(kv.get('type'), 'pvh');
    assert.strictEqual(kv.get('memory'), 128);
    assert.strictEqual(kv.get('cmdline'), 'console=hvc0 # not a comment');
    assert.deepStrictEqual(kv.get('vif'), ['bridge=xenbr0', 'mac=00:16:3e:00:00:01']);
  });
});

describe('debugConfig: the xen launch configuration', () => {
  it('fills program, mode, memory and cmdline from an xl.cfg', () => {
    const c = configFromXlCfg('/w/guest/xl.cfg', XL);
    assert.deepStrictEqual(c, { program: path.join('/w/guest', 'build/hello.elf'), mode: 'pvh', memory: '128M', cmdline: 'console=hvc0 # not a comment', name: 'Xen: hello' });
  });

  it('maps builder="hvm" and no type to hvm/pv', () => {
    assert.strictEqual(configFromXlCfg('/a.cfg', 'builder="hvm"\nkernel="/k"').mode, 'hvm');
    assert.strictEqual(configFromXlCfg('/a.cfg', 'kernel="/k"').mode, undefined);
  });

  it('for the active xl.cfg: launches its kernel', () => {
    const fs = memFs({ '/w/guest/xl.cfg': XL });
    const c = initialConfig({ activeFile: '/w/guest/xl.cfg', workspaceRoot: '/w', fs });
    assert.strictEqual(c.type, 'xen');
    assert.strictEqual(c.request, 'launch');
    assert.strictEqual(c.program, path.join('/w/guest/build/hello.elf'));
    assert.strictEqual(c.mode, 'pvh');
  });

  it('for a C file: the xl.cfg of its directory or a parent', () => {
    const fs = memFs({ '/w/guest/xl.cfg': XL, '/w/guest/src/main.c': 'int main;' });
    assert.strictEqual(findXlCfg('/w/guest/src', '/w', fs), '/w/guest/xl.cfg');
    const c = initialConfig({ activeFile: '/w/guest/src/main.c', workspaceRoot: '/w', fs });
    assert.strictEqual(c.program, '/w/guest/build/hello.elf');
  });

  it('does not look above the workspace root', () => {
    const fs = memFs({ '/xl.cfg': XL, '/w/p/main.c': '' });
    assert.strictEqual(findXlCfg('/w/p', '/w', fs), undefined);
  });

  it('for a C file without xl.cfg: the ELF named after its directory, else the newest ELF', () => {
    const fs = memFs({ '/w/hello-pv/hello.c': '', '/w/hello-pv/hello.o': '\x7fELF', '/w/hello-pv/hello-pv': '\x7fELF', '/w/hello-pv/other': '\x7fELF' });
    const c = initialConfig({ activeFile: '/w/hello-pv/hello.c', workspaceRoot: '/w', fs });
    assert.strictEqual(c.program, '/w/hello-pv/hello-pv');
    assert.strictEqual(c.name, 'Xen: hello-pv');
    assert.strictEqual(c.mode, undefined); // the adapter detects it from the image
    const fs2 = memFs({ '/w/p/a.c': '', '/w/p/old': '\x7fELF', '/w/p/new': '\x7fELF', '/w/p/notes': 'text' }, { '/w/p/old': 1, '/w/p/new': 2 });
    assert.strictEqual(initialConfig({ activeFile: '/w/p/a.c', fs: fs2 }).program, '/w/p/new');
  });

  it('for a C file whose directory built a boot disk: the disk', () => {
    const fs = memFs({ '/w/hvm-realmode/realmode.c': '', '/w/hvm-realmode/hvm-realmode': '\x7fELF', '/w/hvm-realmode/hvm-realmode.img': 'disk' });
    assert.strictEqual(initialConfig({ activeFile: '/w/hvm-realmode/realmode.c', workspaceRoot: '/w', fs }).program, '/w/hvm-realmode/hvm-realmode.img');
  });

  it('for a C file with nothing built: guesses the ELF named after the directory', () => {
    const c = initialConfig({ activeFile: '/w/p/a.c', workspaceRoot: '/w', fs: memFs({ '/w/p/a.c': '' }) });
    assert.strictEqual(c.program, '/w/p/p');
  });

  it('F5 without launch.json (empty configuration) gets the initial configuration', () => {
    const r = resolveConfig({}, { activeFile: '/w/guest/xl.cfg', fs: memFs({ '/w/guest/xl.cfg': XL }) });
    assert.ok(r.ok && r.config.program === '/w/guest/build/hello.elf');
  });

  it('fills defaults into a launch.json entry and keeps what it has', () => {
    const r = resolveConfig({ type: 'xen', request: 'launch', name: 'x', program: '/k', memory: 64 }, { fs: memFs({}) });
    assert.ok(r.ok);
    assert.deepStrictEqual(r.config, { type: 'xen', request: 'launch', name: 'x', program: '/k', memory: '64M', cmdline: '', stopOnEntry: false });
  });

  it('leaves the mode out so the adapter detects it from the image', () => {
    const r = resolveConfig({ type: 'xen', request: 'launch', name: 'x', program: '/w/hello-hvm' }, { fs: memFs({}) });
    assert.ok(r.ok);
    assert.strictEqual(r.config.mode, undefined);
  });

  it('with an xl.cfg needs no program, and leaves memory and cmdline to the file', () => {
    const r = resolveConfig({ type: 'xen', request: 'launch', name: 'x', config: '/w/guest/xl.cfg', vcpus: 1 }, { fs: memFs({}) });
    assert.ok(r.ok);
    assert.deepStrictEqual(r.config, { type: 'xen', request: 'launch', name: 'x', config: '/w/guest/xl.cfg', vcpus: 1, stopOnEntry: false });
  });

  it('passes an HVM launch with its symbol file through', () => {
    const r = resolveConfig({ type: 'xen', request: 'launch', name: 'x', program: '/w/hello-hvm', mode: 'hvm', symbols: '/w/hello-hvm.elf64' }, { fs: memFs({}) });
    assert.ok(r.ok);
    assert.strictEqual(r.config.mode, 'hvm');
    assert.strictEqual(r.config.symbols, '/w/hello-hvm.elf64');
  });

  it('rejects a bad mode, memory size, vcpus, symbols or config, attach, and a missing program it cannot guess', () => {
    const ctx = { fs: memFs({}) };
    const bad = (c: object) => {
      const r = resolveConfig(c, ctx);
      assert.ok(!r.ok);
      return r.error;
    };
    assert.match(bad({ type: 'xen', request: 'launch', name: 'x', program: '/k', mode: 'kvm' }), /"mode" must be one of pv, pvh, hvm/);
    assert.match(bad({ type: 'xen', request: 'launch', name: 'x', program: '/k', memory: 'lots' }), /"memory" must be a size/);
    assert.match(bad({ type: 'xen', request: 'attach', name: 'x', program: '/k' }), /only "launch"/);
    assert.match(bad({ type: 'xen', request: 'launch', name: 'x' }), /set "program" to the guest kernel, or "config" to an xl.cfg/);
    assert.match(bad({ type: 'xen', request: 'launch', name: 'x', program: '/k', vcpus: 0 }), /"vcpus" must be a positive whole number/);
    assert.match(bad({ type: 'xen', request: 'launch', name: 'x', program: '/k', symbols: '' }), /"symbols" must be the path of an ELF/);
    assert.match(bad({ type: 'xen', request: 'launch', name: 'x', config: 3 }), /"config" must be the path of an xl.cfg/);
  });
});
