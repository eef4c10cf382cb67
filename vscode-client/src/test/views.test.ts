// The modules that import vscode, against the stub.
import './helpers/register';
import * as assert from 'assert';
import * as path from 'path';
import * as stub from './helpers/vscodeStub';
import { MachineTreeProvider, RequestSession, ViewNode } from '../machineView';
import { XenAdapterFactory, XenConfigurationProvider } from '../debug';
import { NOT_AVAILABLE } from '../machine';

function session(answers: Record<string, unknown>, type = 'xen'): RequestSession & { asked: [string, unknown][] } {
  const asked: [string, unknown][] = [];
  return {
    type,
    asked,
    customRequest(command: string, args?: unknown) {
      asked.push([command, args]);
      return command in answers ? Promise.resolve(answers[command]) : Promise.reject(new Error(`unrecognized request '${command}'`));
    },
  };
}

async function labels(p: MachineTreeProvider, v?: ViewNode): Promise<string[]> {
  return (await p.getChildren(v)).map((c) => {
    const item = p.getTreeItem(c);
    return item.description ? `${item.label}: ${item.description}` : String(item.label);
  });
}

describe('machineView: the Xen machine tree', () => {
  beforeEach(() => stub.reset());

  it('asks for a xen session when there is none', async () => {
    const p = new MachineTreeProvider(() => undefined);
    assert.deepStrictEqual(await labels(p), ['Start a "xen" debug session to see the machine']);
    const other = new MachineTreeProvider(() => session({}, 'cppdbg'));
    assert.strictEqual((await labels(other)).length, 1);
  });

  it('shows "not available in this session" when the adapter lacks a request', async () => {
    const p = new MachineTreeProvider(() => session({}));
    const roots = await p.getChildren();
    assert.deepStrictEqual(await labels(p), ['Machine', 'Event channels', 'Page tables (vCPU 0)']);
    for (const r of roots) {
      const kids = await p.getChildren(r);
      assert.strictEqual(kids.length, 1);
      const item = p.getTreeItem(kids[0]);
      assert.strictEqual(item.description, NOT_AVAILABLE);
      assert.match(String(item.tooltip), /unrecognized request/);
    }
  });

  it('fills sections from the adapter and expands page tables lazily', async () => {
    const s = session({
      'xenscope/machineSummary': { domain: { id: 1, name: 'hello', mode: 'pv' } },
      'xenscope/eventChannels': { channels: [{ port: 3, state: 'unbound', remoteDomain: 0 }] },
      'xenscope/pageTables': { entries: [{ index: 511, va: '0xffffff8000000000', entry: '0x3003', frame: '0x3000', flags: ['P'], level: 4, table: '0x3000' }] },
    });
    const p = new MachineTreeProvider(() => s);
    const [machine, evtchn, pts] = await p.getChildren();
    assert.deepStrictEqual(await labels(p, machine), ['Domain: d1 hello PV']);
    assert.deepStrictEqual(await labels(p, evtchn), ['port 3: unbound, → d0']);
    const [pml4e] = await p.getChildren(pts);
    assert.strictEqual(p.getTreeItem(pml4e).collapsibleState, stub.TreeItemCollapsibleState.Collapsed);
    await p.getChildren(pml4e);
    assert.deepStrictEqual(s.asked.at(-1), ['xenscope/pageTables', { vcpu: 0, table: '0x3000', level: 3 }]);
  });

  it('refresh fires a change event', () => {
    const p = new MachineTreeProvider(() => undefined);
    let fired = 0;
    p.onDidChangeTreeData(() => fired++);
    p.refresh();
    assert.strictEqual(fired, 1);
  });
});

describe('debug: provider and adapter factory', () => {
  beforeEach(() => stub.reset());

  it('the adapter is java -jar xenscope.jar dap', () => {
    const f = new XenAdapterFactory(() => ({ java: '/usr/bin/java', jar: '/e/server/xenscope.jar', jvmArgs: ['-Xss4m'] }));
    const d = f.createDebugAdapterDescriptor() as unknown as stub.DebugAdapterExecutable;
    assert.ok(d instanceof stub.DebugAdapterExecutable);
    assert.strictEqual(d.command, '/usr/bin/java');
    assert.deepStrictEqual(d.args, ['-Xss4m', '-jar', '/e/server/xenscope.jar', 'dap']);
    assert.strictEqual(new XenAdapterFactory(() => undefined).createDebugAdapterDescriptor(), undefined);
  });

  it('resolves a configuration for the active xl.cfg (a real file) and aborts a bad one with a message', () => {
    const sample = path.join(__dirname, '..', '..', 'src', 'test', 'fixtures', 'guest', 'xl.cfg');
    stub.window.activeTextEditor = { document: { uri: stub.Uri.file(sample) } };
    const p = new XenConfigurationProvider();
    const c = p.resolveDebugConfiguration(undefined, { type: '', request: '', name: '' });
    assert.strictEqual(c?.program, path.join(path.dirname(sample), 'hello-pv'));
    assert.strictEqual(c?.mode, 'pv');
    assert.strictEqual(c?.memory, '64M');
    assert.strictEqual(p.resolveDebugConfiguration(undefined, { type: 'xen', request: 'launch', name: 'x', program: '/k', mode: 'kvm' }), undefined);
    assert.strictEqual(stub.calls.filter((c) => c.fn === 'showErrorMessage').length, 1);
  });
});
