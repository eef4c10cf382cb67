import './helpers/register';
import * as assert from 'assert';
import * as stub from './helpers/vscodeStub';
import { bootCheck, summarize, translateAddress } from '../commands';

function xenSession(answer: (args: unknown) => Promise<unknown>) {
  const asked: [string, unknown][] = [];
  return {
    asked,
    type: 'xen',
    customRequest: (command: string, args: unknown) => {
      asked.push([command, args]);
      return answer(args);
    },
  };
}

const messages = (fn: string) => stub.calls.filter((c) => c.fn === fn).map((c) => String(c.args[0]));

describe('commands: translate address', () => {
  beforeEach(() => stub.reset());

  it('sends xenscope/translate with the address in hex and shows the answer', async () => {
    const s = xenSession(() => Promise.resolve({ va: '0x1000', pa: '0x5000' }));
    stub.debug.activeDebugSession = s;
    await translateAddress('4096');
    assert.deepStrictEqual(s.asked, [['xenscope/translate', { address: '0x1000' }]]);
    assert.deepStrictEqual(messages('showInformationMessage'), ['0x1000 → pseudo-physical 0x5000']);
  });

  it('says the request is not available when the adapter refuses it', async () => {
    stub.debug.activeDebugSession = xenSession(() => Promise.reject(new Error('unrecognized request')));
    await translateAddress('0xffff800000000000');
    assert.match(messages('showErrorMessage')[0], /not available in this session: unrecognized request/);
  });

  it('needs a xen session and a valid address', async () => {
    await translateAddress('0x1000');
    assert.match(messages('showErrorMessage')[0], /needs an active "xen" debug session/);
    stub.reset();
    stub.debug.activeDebugSession = xenSession(() => Promise.resolve({}));
    await translateAddress('nonsense');
    assert.match(messages('showErrorMessage')[0], /not an address: nonsense/);
  });
});

describe('commands: boot check', () => {
  beforeEach(() => stub.reset());

  function client(answer: unknown) {
    const sent: { command: string; arguments: unknown[] }[] = [];
    return {
      sent,
      get: () => ({ isRunning: () => true, sendRequest: (_t: unknown, p: { command: string; arguments: unknown[] }) => (sent.push(p), Promise.resolve(answer)) }) as never,
    };
  }

  it('passes the mode of a code lens on to the server', async () => {
    const c = client({ summary: 'ok' });
    await bootCheck(c.get, 'file:///w/xl.cfg', 'pvh');
    assert.deepStrictEqual(c.sent, [{ command: 'xenscope.bootCheck', arguments: ['file:///w/xl.cfg', 'pvh'] }]);
    await bootCheck(c.get, '/w/kernel');
    assert.deepStrictEqual(c.sent[1].arguments, ['/w/kernel']);
  });

  it('says what the server found in one sentence', async () => {
    await bootCheck(client({ kernel: '/k', mode: 'pvh', outcome: 'SHUTDOWN', errors: 1, warnings: 2, millis: 12.4 }).get, '/k');
    assert.deepStrictEqual(messages('showInformationMessage'),
      ['XenScope boot check: /k as PVH: 1 error, 2 warnings (shutdown, 12 ms); see the Problems panel']);
    assert.strictEqual(summarize({ error: '/k: no such file', outcome: 'UNBOOTABLE' }), '/k: no such file');
  });
});
