// Just enough of xl.cfg(5) to fill a launch configuration: KEY = "string" | number | [list],
// # comments, ; or newline separated. The language server owns the real parser and diagnostics.
export type XlValue = string | number | XlValue[];

export function parseXlCfg(text: string): Map<string, XlValue> {
  const out = new Map<string, XlValue>();
  const re = /^\s*([A-Za-z_][A-Za-z0-9_.]*)\s*=\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\[[\s\S]*?\]|[^#;\n]+)/gm;
  const stripped = text
    .split('\n')
    .map((l) => stripComment(l))
    .join('\n');
  let m: RegExpExecArray | null;
  while ((m = re.exec(stripped)) !== null) out.set(m[1], value(m[2].trim()));
  return out;
}

function stripComment(line: string): string {
  let q: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

function value(raw: string): XlValue {
  if (raw.startsWith('"') || raw.startsWith("'")) return raw.slice(1, -1).replace(/\\(.)/g, '$1');
  if (raw.startsWith('[')) {
    const inner = raw.slice(1, -1);
    const items = inner.match(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^,\s]+/g) ?? [];
    return items.map((i) => value(i.trim()));
  }
  const n = Number(raw);
  return Number.isFinite(n) && raw !== '' ? n : raw;
}
