// Live findings of a debug session (xenscope/findings) → the "xenscope-live" diagnostics, against the vscode stub.
import './helpers/register';
import * as assert from 'assert';
import * as stub from './helpers/vscodeStub';
import { problemsByFile } from '../findings';
import { LiveDiagnostics } from '../liveDiagnostics';

const refused = {
  severity: 'error',
  kind: 'refused-update',
  file: '/src/pagetables.c',
  line: 105,
  column: 5,
  message: 'mmu_update failed with -EINVAL: L2 entry sets PSE',
  count: 1,
  related: [
    { message: 'rule SUPERPAGE_L2: the L2 entry sets PSE' },
    { file: '/sdk/hypercall.h', line: 69, message: '#0 HYPERVISOR_mmu_update' },
  ],
};
const event = (findings: unknown[]) => ({ type: 'event', event: 'xenscope/findings', body: { findings } });

function tracked() {
  const live = new LiveDiagnostics();
  const tracker = live.createDebugAdapterTracker() as Required<ReturnType<LiveDiagnostics['createDebugAdapterTracker']>>;
  return { live, tracker, entries: (live.collection as unknown as stub.DiagnosticCollectionStub).entries };
}

describe('findings: the xenscope/findings body as problems', () => {
  it('places a finding on its 0-based line and column, details at the finding, stack notes at theirs', () => {
    const byFile = problemsByFile({ findings: [refused] });
    const [p] = byFile.get('/src/pagetables.c')!;
    assert.deepStrictEqual(p.at, { file: '/src/pagetables.c', line: 104, character: 4 });
    assert.deepStrictEqual(p.related.map((r) => [r.at.file, r.at.line]), [['/src/pagetables.c', 104], ['/sdk/hypercall.h', 68]]);
    assert.strictEqual(p.code, 'refused-update');
  });

  it('leaves out findings without a source file and bodies that are not findings', () => {
    assert.strictEqual(problemsByFile({ findings: [{ severity: 'warning', message: 'no shutdown' }] }).size, 0);
    assert.strictEqual(problemsByFile(undefined).size, 0);
    assert.strictEqual(problemsByFile({ findings: 'x' }).size, 0);
  });

  it('shows a repeated finding with its count', () => {
    const [p] = problemsByFile({ findings: [{ ...refused, count: 3 }] }).get('/src/pagetables.c')!;
    assert.match(p.message, /\[3 times\]$/);
  });
});

describe('liveDiagnostics: the xenscope-live collection', () => {
  beforeEach(() => stub.reset());

  it('is named xenscope-live', () => {
    assert.strictEqual((tracked().live.collection as unknown as stub.DiagnosticCollectionStub).name, 'xenscope-live');
  });

  it('turns a findings event into an error diagnostic on the source line, with related information', () => {
    const { tracker, entries } = tracked();
    tracker.onDidSendMessage(event([refused]));
    const [d] = entries.get('/src/pagetables.c')! as stub.Diagnostic[];
    assert.strictEqual(d.severity, stub.DiagnosticSeverity.Error);
    assert.strictEqual(d.range.start.line, 104);
    assert.strictEqual(d.source, 'xenscope-live');
    assert.strictEqual(d.code, 'refused-update');
    assert.strictEqual(d.message, refused.message);
    assert.deepStrictEqual(d.relatedInformation!.map((r) => [r.location.uri.fsPath, r.location.range.start.line, r.message]), [
      ['/src/pagetables.c', 104, 'rule SUPERPAGE_L2: the L2 entry sets PSE'],
      ['/sdk/hypercall.h', 68, '#0 HYPERVISOR_mmu_update'],
    ]);
  });

  it('a warning finding is a warning diagnostic', () => {
    const { tracker, entries } = tracked();
    tracker.onDidSendMessage(event([{ ...refused, severity: 'warning', kind: 'failed-hypercall' }]));
    assert.strictEqual((entries.get('/src/pagetables.c')![0] as stub.Diagnostic).severity, stub.DiagnosticSeverity.Warning);
  });

  it('each event replaces the previous one', () => {
    const { tracker, entries } = tracked();
    tracker.onDidSendMessage(event([refused]));
    tracker.onDidSendMessage(event([{ ...refused, file: '/src/other.c' }]));
    assert.deepStrictEqual([...entries.keys()], ['/src/other.c']);
  });

  it('ignores other messages', () => {
    const { tracker, entries } = tracked();
    tracker.onDidSendMessage({ type: 'event', event: 'stopped', body: { findings: [refused] } });
    tracker.onDidSendMessage({ type: 'response', command: 'xenscope/findings', body: { findings: [refused] } });
    assert.strictEqual(entries.size, 0);
  });

  it('is cleared when a session starts (or restarts) and when it ends', () => {
    for (const end of ['onWillStartSession', 'onWillStopSession', 'onExit'] as const) {
      const { tracker, entries } = tracked();
      tracker.onDidSendMessage(event([refused]));
      assert.strictEqual(entries.size, 1);
      (tracker[end] as () => void)();
      assert.strictEqual(entries.size, 0, end);
    }
  });
});
