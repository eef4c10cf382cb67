import './helpers/register';
import * as assert from 'assert';
import * as stub from './helpers/vscodeStub';
import { translateAddress } from '../commands';

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
