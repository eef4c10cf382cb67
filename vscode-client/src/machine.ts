// The custom DAP requests behind the "Xen machine" view and the translate command, and how their
// responses become tree nodes / messages. The JSON shapes are documented in README.md.
// No vscode import.

export const REQ_SUMMARY = 'xenscope/machineSummary';
export const REQ_EVTCHN = 'xenscope/eventChannels';
export const REQ_PAGETABLES = 'xenscope/pageTables';
export const REQ_TRANSLATE = 'xenscope/translate';

export interface MachineSummary {
  domain?: { id?: number; name?: string; mode?: string };
  memory?: { pages?: number; bytes?: number };
  vcpus?: { id: number; state?: string; rip?: string; cr3?: string }[];
  counters?: Record<string, number | string>;
}

export interface EventChannel {
  port: number;
  state: string;
  remoteDomain?: number;
  remotePort?: number;
  virq?: number | string;
  vcpu?: number;
  pending?: boolean;
  masked?: boolean;
}

export interface PageTableArgs {
  vcpu?: number;
  /** Machine address of the table to list (hex); absent: the vCPU's top-level table (CR3). */
  table?: string;
  /** Paging level of that table: 4 = PML4 ... 1 = PT; absent with no table: the top level. */
  level?: number;
}

export interface PageTableEntry {
  index: number;
  va: string;
  entry: string;
  flags?: string[];
  frame?: string;
  level: number;
  /** Present when the entry maps a lower-level table: listing it is the lazy child request. */
  table?: string;
}

export interface TranslateResult {
  va: string;
  pa?: string;
  ma?: string;
  steps?: { level: number; index: number; entry: string }[];
  fault?: string;
}

/** A tree node of the view, independent of vscode.TreeItem. */
export interface MachineNode {
  label: string;
  description?: string;
  tooltip?: string;
  children?: MachineNode[];
  /** Children come from this request, asked when the node is expanded. */
  lazy?: { command: string; args: PageTableArgs };
  /** A placeholder that says a request failed or returned nothing. */
  unavailable?: boolean;
}

export const NOT_AVAILABLE = 'not available in this session';

export function unavailable(what: string, why?: string): MachineNode {
  return { label: what, description: NOT_AVAILABLE, tooltip: why ? `${what}: ${why}` : undefined, unavailable: true };
}

export function summaryNodes(s: MachineSummary): MachineNode[] {
  const out: MachineNode[] = [];
  if (s.domain) {
    const d = s.domain;
    out.push({ label: 'Domain', description: [d.id !== undefined ? `d${d.id}` : undefined, d.name, d.mode?.toUpperCase()].filter(Boolean).join(' ') });
  }
  if (s.memory) {
    const m = s.memory;
    const bytes = m.bytes ?? (m.pages !== undefined ? m.pages * 4096 : undefined);
    out.push({ label: 'Memory', description: [bytes !== undefined ? formatBytes(bytes) : undefined, m.pages !== undefined ? `${m.pages} pages` : undefined].filter(Boolean).join(', ') });
  }
  if (s.vcpus) {
    out.push({
      label: 'vCPUs',
      description: String(s.vcpus.length),
      children: s.vcpus.map((v) => ({
        label: `vCPU ${v.id}`,
        description: [v.state, v.rip ? `rip ${v.rip}` : undefined].filter(Boolean).join(', '),
        tooltip: v.cr3 ? `cr3 ${v.cr3}` : undefined,
      })),
    });
  }
  if (s.counters && Object.keys(s.counters).length > 0) {
    out.push({
      label: 'Counters',
      children: Object.entries(s.counters).map(([k, v]) => ({ label: k, description: String(v) })),
    });
  }
  return out;
}

export function eventChannelNodes(body: { channels?: EventChannel[] }): MachineNode[] {
  const chans = body.channels ?? [];
  if (chans.length === 0) return [{ label: 'no event channels bound' }];
  return chans.map((c) => {
    const detail: string[] = [c.state];
    if (c.remoteDomain !== undefined) detail.push(`→ d${c.remoteDomain}${c.remotePort !== undefined ? `:${c.remotePort}` : ''}`);
    if (c.virq !== undefined) detail.push(`virq ${c.virq}`);
    if (c.vcpu !== undefined) detail.push(`vcpu ${c.vcpu}`);
    if (c.pending) detail.push('pending');
    if (c.masked) detail.push('masked');
    return { label: `port ${c.port}`, description: detail.join(', ') };
  });
}

const LEVEL_NAMES: Record<number, string> = { 4: 'PML4', 3: 'PDPT', 2: 'PD', 1: 'PT' };

export function levelName(level: number): string {
  return LEVEL_NAMES[level] ?? `L${level}`;
}

export function pageTableNodes(body: { entries?: PageTableEntry[] }, vcpu?: number): MachineNode[] {
  const entries = body.entries ?? [];
  if (entries.length === 0) return [{ label: 'no present entries' }];
  return entries.map((e) => {
    const node: MachineNode = {
      label: `${levelName(e.level)}[${e.index}] ${e.va}`,
      description: [e.frame ? `→ ${e.frame}` : undefined, (e.flags ?? []).join(' ')].filter(Boolean).join('  '),
      tooltip: `entry ${e.entry}`,
    };
    if (e.table && e.level > 1) node.lazy = { command: REQ_PAGETABLES, args: { vcpu, table: e.table, level: e.level - 1 } };
    return node;
  });
}

/** The roots of the view: each section is a lazy request; the page tables start at CR3. */
export function rootSections(): { label: string; command: string; args: PageTableArgs | Record<string, never> }[] {
  return [
    { label: 'Machine', command: REQ_SUMMARY, args: {} },
    { label: 'Event channels', command: REQ_EVTCHN, args: {} },
    { label: 'Page tables (vCPU 0)', command: REQ_PAGETABLES, args: { vcpu: 0 } },
  ];
}

/** Turns a response body into children, by the request that produced it. */
export function nodesFor(command: string, body: unknown, args?: PageTableArgs): MachineNode[] {
  const b = (body ?? {}) as Record<string, unknown>;
  switch (command) {
    case REQ_SUMMARY:
      return summaryNodes(b as MachineSummary);
    case REQ_EVTCHN:
      return eventChannelNodes(b as { channels?: EventChannel[] });
    case REQ_PAGETABLES:
      return pageTableNodes(b as { entries?: PageTableEntry[] }, args?.vcpu);
    default:
      return [];
  }
}

/** A guest virtual address typed by the user: 0x..., plain hex with a-f, decimal, with _ or ` separators. */
export function parseAddress(input: string): bigint | undefined {
  const t = input.trim().replace(/[_`']/g, '');
  if (t === '') return undefined;
  try {
    if (/^0x[0-9a-f]+$/i.test(t)) return BigInt(t);
    if (/^[0-9]+$/.test(t)) return BigInt(t);
    if (/^[0-9a-f]+h?$/i.test(t)) return BigInt('0x' + t.replace(/h$/i, ''));
  } catch {
    return undefined;
  }
  return undefined;
}

export function hex(v: bigint): string {
  return '0x' + v.toString(16);
}

export function validAddress(v: bigint): boolean {
  return v >= 0n && v < 1n << 64n;
}

export function formatTranslation(r: TranslateResult): string {
  if (r.fault) return `${r.va}: ${r.fault}`;
  const parts = [`${r.va} → ${r.pa ? `pseudo-physical ${r.pa}` : '?'}`];
  if (r.ma) parts.push(`machine ${r.ma}`);
  if (r.steps?.length) parts.push(r.steps.map((s) => `${levelName(s.level)}[${s.index}]=${s.entry}`).join(' '));
  return parts.join(', ');
}

function formatBytes(n: number): string {
  if (n >= 1 << 30 && n % (1 << 30) === 0) return `${n / (1 << 30)} GiB`;
  if (n >= 1 << 20) return `${Math.round((n / (1 << 20)) * 10) / 10} MiB`;
  return `${n} bytes`;
}
