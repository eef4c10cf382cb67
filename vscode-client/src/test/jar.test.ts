import * as assert from 'assert';
import * as path from 'path';
import { findJar, quotePosix, runCommandLine, serverCommand } from '../jar';

describe('jar: the server jar and its command lines', () => {
  it('uses the setting when it exists, else the bundled jar', () => {
    assert.deepStrictEqual(findJar('/x/xenscope.jar', '/ext', (f) => f === '/x/xenscope.jar'), { ok: true, jar: '/x/xenscope.jar', source: 'setting' });
    const bundled = path.join('/ext', 'server', 'xenscope.jar');
    assert.deepStrictEqual(findJar('', '/ext', (f) => f === bundled), { ok: true, jar: bundled, source: 'bundled' });
  });

  it('explains a missing jar', () => {
    const bad = findJar('/x/missing.jar', '/ext', () => false);
    assert.ok(!bad.ok && /xenscope\.server\.jar points to \/x\/missing\.jar/.test(bad.message));
    const none = findJar(undefined, '/ext', () => false);
    assert.ok(!none.ok && /server jar is missing/.test(none.message));
  });

  it('starts the debug adapter as java [jvm args] -jar xenscope.jar dap', () => {
    assert.deepStrictEqual(serverCommand('/usr/bin/java', '/e/server/xenscope.jar', 'dap'), { command: '/usr/bin/java', args: ['-jar', '/e/server/xenscope.jar', 'dap'] });
    assert.deepStrictEqual(serverCommand('java', 'x.jar', 'lsp', ['-Xmx1g']).args, ['-Xmx1g', '-jar', 'x.jar', 'lsp']);
  });

  it('quotes the run command line for a shell', () => {
    assert.strictEqual(quotePosix("it's"), `'it'\\''s'`);
    assert.strictEqual(runCommandLine('/usr/bin/java', '/a b/x.jar', 'k', [], 'linux'), "/usr/bin/java -jar '/a b/x.jar' run k");
  });
});

import { withoutClientOwned } from '../commandIds';

describe('commandIds: server commands the extension owns', () => {
  it('keeps the language client from registering xenscope.bootCheck a second time', () => {
    assert.deepStrictEqual(withoutClientOwned(['xenscope.bootCheck', 'xenscope.server.other']), ['xenscope.server.other']);
    assert.deepStrictEqual(withoutClientOwned(undefined), []);
  });
});
