// The esbuild bundle (dist/extension.js, what the .vsix ships) loads against the vscode stub and
// activate() registers the debug type, the view and every command even when the server cannot start.
import './helpers/register';
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as stub from './helpers/vscodeStub';

const bundle = path.join(__dirname, '..', '..', 'dist', 'extension.js');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const pkg = require(path.join(__dirname, '..', '..', 'package.json'));

describe('activate (the bundle)', () => {
  beforeEach(() => stub.reset());

  it('registers everything and reports a missing server jar once', async () => {
    assert.ok(fs.existsSync(bundle), 'dist/extension.js exists: run `npm run compile` before `npm test`');
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const ext = require(bundle);
    stub.settings['xenscope.server.jar'] = '/nonexistent/xenscope.jar';
    stub.settings['xenscope.java.home'] = path.dirname(path.dirname(process.execPath)); // no java there: falls back
    const subscriptions: unknown[] = [];
    await ext.activate({ subscriptions, extensionPath: '/nonexistent-extension' });
    const registered = stub.calls.filter((c) => c.fn === 'registerCommand').map((c) => c.args[0]);
    assert.deepStrictEqual(registered.sort(), pkg.contributes.commands.map((c: { command: string }) => c.command).sort());
    assert.strictEqual(stub.calls.filter((c) => c.fn === 'registerDebugConfigurationProvider' && c.args[0] === 'xen').length, 2);
    assert.strictEqual(stub.calls.filter((c) => c.fn === 'registerDebugAdapterDescriptorFactory' && c.args[0] === 'xen').length, 1);
    assert.strictEqual(stub.calls.filter((c) => c.fn === 'registerTreeDataProvider' && c.args[0] === 'xenscope.machine').length, 1);
    const errors = stub.calls.filter((c) => c.fn === 'showErrorMessage').map((c) => String(c.args[0]));
    assert.strictEqual(errors.length, 1);
    assert.match(errors[0], /Java 17|server\.jar/);
    assert.ok(subscriptions.length >= 10);
    await ext.deactivate();
  });
});
