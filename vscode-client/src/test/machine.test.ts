import * as assert from 'assert';
import { eventChannelNodes, formatTranslation, nodesFor, pageTableNodes, parseAddress, REQ_PAGETABLES, REQ_SUMMARY, rootSections, summaryNodes, validAddress } from '../machine';

describe('machine: custom DAP responses as tree nodes', () => {
  it('summarises the domain, memory, vCPUs and counters', () => {
    const n = summaryNodes({
      domain: { id: 1, name: 'hello', mode: 'pv' },
      memory: { pages: 8192 },
      vcpus: [{ id: 0, state: 'paused', rip: '0xffffffff80001000', cr3: '0x1234000' }],
      counters: { hypercalls: 12, refusedUpdates: 1 },
    });
    assert.deepStrictEqual(n.map((x) => [x.label, x.description]), [
      ['Domain', 'd1 hello PV'],
      ['Memory', '32 MiB, 8192 pages'],
      ['vCPUs', '1'],
      ['Counters', undefined],
    ]);
    assert.strictEqual(n[2].children![0].description, 'paused, rip 0xffffffff80001000');
    assert.deepStrictEqual(n[3].children!.map((c) => `${c.label}=${c.description}`), ['hypercalls=12', 'refusedUpdates=1']);
  });

  it('tolerates an empty summary', () => {
    assert.deepStrictEqual(nodesFor(REQ_SUMMARY, undefined), []);
  });

  it('lists event channels with their binding and state', () => {
    const n = eventChannelNodes({ channels: [{ port: 1, state: 'interdomain', remoteDomain: 0, remotePort: 5, pending: true }, { port: 2, state: 'virq', virq: 'TIMER', vcpu: 0, masked: true }] });
    assert.deepStrictEqual(n.map((x) => `${x.label}: ${x.description}`), ['port 1: interdomain, → d0:5, pending', 'port 2: virq, virq TIMER, vcpu 0, masked']);
    assert.strictEqual(eventChannelNodes({}).length, 1);
  });

  it('page-table entries that map a lower table expand lazily into the next level', () => {
    const n = pageTableNodes({
      entries: [
        { index: 0, va: '0x0', entry: '0x2003', flags: ['P', 'RW'], frame: '0x2000', level: 4, table: '0x2000' },
        { index: 1, va: '0x200000', entry: '0x200083', flags: ['P', 'RW', 'PS'], frame: '0x200000', level: 2 },
        { index: 2, va: '0x2000', entry: '0x5003', level: 1, table: '0x5000' },
      ],
    }, 0);
    assert.strictEqual(n[0].label, 'PML4[0] 0x0');
    assert.deepStrictEqual(n[0].lazy, { command: REQ_PAGETABLES, args: { vcpu: 0, table: '0x2000', level: 3 } });
    assert.strictEqual(n[1].lazy, undefined);
    assert.strictEqual(n[1].description, '→ 0x200000  P RW PS');
    assert.strictEqual(n[2].lazy, undefined, 'a level-1 entry maps a page, never a table');
  });

  it('starts with three sections, page tables at vCPU 0', () => {
    assert.deepStrictEqual(rootSections().map((s) => s.command), ['xenscope/machineSummary', 'xenscope/eventChannels', 'xenscope/pageTables']);
  });
});

describe('machine: addresses for xenscope/translate', () => {
  it('parses hex, decimal and separated addresses', () => {
    assert.strictEqual(parseAddress('0xffff8000_00001000'), 0xffff800000001000n);
    assert.strictEqual(parseAddress('  4096 '), 4096n);
    assert.strictEqual(parseAddress('dead`beef'), 0xdeadbeefn);
    assert.strictEqual(parseAddress('xyz'), undefined);
    assert.strictEqual(parseAddress(''), undefined);
    assert.ok(!validAddress(parseAddress('0x10000000000000000')!));
  });

  it('formats a translation and a fault', () => {
    assert.strictEqual(
      formatTranslation({ va: '0x1000', pa: '0x5000', ma: '0x9000', steps: [{ level: 4, index: 0, entry: '0x2003' }] }),
      '0x1000 → pseudo-physical 0x5000, machine 0x9000, PML4[0]=0x2003',
    );
    assert.strictEqual(formatTranslation({ va: '0x1000', fault: 'not present at PD[3]' }), '0x1000: not present at PD[3]');
  });
});
