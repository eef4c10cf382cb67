// The debug adapter's live findings (custom DAP event `xenscope/findings`, README.md) as plain
// problems grouped by file, ready to become diagnostics. No vscode import.

export const EVENT_FINDINGS = 'xenscope/findings';
export const LIVE_SOURCE = 'xenscope-live';

export interface FindingNote {
  file?: string | null;
  line?: number;
  message: string;
}

export interface Finding {
  severity: 'error' | 'warning';
  kind?: string;
  file?: string | null;
  line?: number;
  column?: number;
  message: string;
  count?: number;
  related?: FindingNote[];
}

/** A 0-based place: the line, from `character` to the end of the line (the editor clamps `end`). */
export interface Place {
  file: string;
  line: number;
  character: number;
}

export interface Problem {
  at: Place;
  severity: 'error' | 'warning';
  code?: string;
  message: string;
  related: { at: Place; message: string }[];
}

function place(file: string, line?: number, column?: number): Place {
  return { file, line: Math.max(0, (line ?? 1) - 1), character: Math.max(0, (column ?? 1) - 1) };
}

/**
 * The problems of one `xenscope/findings` event body, by file. Findings without a source file
 * (no line information) have no place in an editor and are left out; a note without a file is a
 * detail of its finding and points at the finding's own place.
 */
export function problemsByFile(body: unknown): Map<string, Problem[]> {
  const out = new Map<string, Problem[]>();
  const findings = (body as { findings?: unknown })?.findings;
  if (!Array.isArray(findings)) return out;
  for (const f of findings as Finding[]) {
    if (!f || typeof f.file !== 'string' || !f.file || typeof f.message !== 'string') continue;
    const at = place(f.file, f.line, f.column);
    const related = (Array.isArray(f.related) ? f.related : [])
      .filter((n) => n && typeof n.message === 'string')
      .map((n) => ({ at: typeof n.file === 'string' && n.file ? place(n.file, n.line) : at, message: n.message }));
    const problem: Problem = {
      at,
      severity: f.severity === 'warning' ? 'warning' : 'error',
      code: f.kind,
      message: f.message + ((f.count ?? 1) > 1 ? ` [${f.count} times]` : ''),
      related,
    };
    const list = out.get(f.file) ?? [];
    list.push(problem);
    out.set(f.file, list);
  }
  return out;
}
