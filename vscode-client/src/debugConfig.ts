// The `xen` launch configuration: its attributes, the defaults the DebugConfigurationProvider
// fills, and how they are derived from an xl.cfg or from the C project of the active file.
// No vscode import: the file system is injected so the logic is unit-tested.
import * as path from 'path';
import { parseXlCfg } from './xlcfg';

export const DEBUG_TYPE = 'xen';
export const MODES = ['pv', 'pvh', 'hvm'] as const;
export type Mode = (typeof MODES)[number];
export const DEFAULT_MEMORY = '32M';

export interface XenLaunchConfig {
  type: string;
  request: string;
  name: string;
  program?: string;
  config?: string;
  mode?: Mode;
  memory?: string | number;
  cmdline?: string;
  vcpus?: number;
  symbols?: string;
  stopOnEntry?: boolean;
  [key: string]: unknown;
}

/** The launch attributes, in the order package.json declares them (tested against it). */
export const LAUNCH_ATTRIBUTES = ['program', 'config', 'mode', 'memory', 'cmdline', 'vcpus', 'symbols', 'stopOnEntry'] as const;

export interface ProjectFs {
  exists(file: string): boolean;
  readText(file: string): string | undefined;
  /** Regular files (names) in a directory. */
  list(dir: string): string[];
  isElf(file: string): boolean;
  mtime(file: string): number;
}

export interface ResolveContext {
  /** The active editor's file, if any. */
  activeFile?: string;
  /** The workspace folder root: the search for an xl.cfg stops there. */
  workspaceRoot?: string;
  fs: ProjectFs;
}

export function defaultConfig(): XenLaunchConfig {
  return {
    type: DEBUG_TYPE,
    request: 'launch',
    name: 'Xen: boot the guest kernel',
    program: '${workspaceFolder}/kernel',
    memory: DEFAULT_MEMORY,
    cmdline: '',
    stopOnEntry: true,
  };
}

/** xl.cfg `type`/`builder` -> mode. Missing type means PV (xl's default is pv for `kernel=`). */
export function modeOfXl(type: unknown, builder: unknown): Mode | undefined {
  const t = typeof type === 'string' ? type.toLowerCase() : undefined;
  if (t === 'pv' || t === 'pvh' || t === 'hvm') return t;
  if (typeof builder === 'string' && builder.toLowerCase() === 'hvm') return 'hvm';
  return undefined;
}

/** A launch configuration from an xl.cfg file's kernel, type, memory (MiB) and cmdline/extra. */
export function configFromXlCfg(cfgFile: string, text: string): Partial<XenLaunchConfig> {
  const kv = parseXlCfg(text);
  const out: Partial<XenLaunchConfig> = {};
  const kernel = kv.get('kernel');
  if (typeof kernel === 'string' && kernel) {
    out.program = path.isAbsolute(kernel) ? kernel : path.join(path.dirname(cfgFile), kernel);
  }
  const mode = modeOfXl(kv.get('type'), kv.get('builder'));
  if (mode) out.mode = mode;
  const mem = kv.get('memory');
  if (typeof mem === 'number' && mem > 0) out.memory = `${mem}M`;
  const cmd = kv.get('cmdline') ?? kv.get('extra');
  if (typeof cmd === 'string') out.cmdline = cmd;
  const name = kv.get('name');
  out.name = `Xen: ${typeof name === 'string' && name ? name : path.basename(cfgFile)}`;
  return out;
}

export function isXlCfg(file: string): boolean {
  const b = path.basename(file);
  return b === 'xl.cfg' || b.endsWith('.cfg') || b.endsWith('.xl');
}

/** The nearest xl.cfg-like file in dir or its parents, not above root. */
export function findXlCfg(dir: string, root: string | undefined, fs: ProjectFs): string | undefined {
  let d = dir;
  for (;;) {
    const names = fs.list(d);
    const pick = names.includes('xl.cfg') ? 'xl.cfg' : names.filter((n) => n.endsWith('.cfg') || n.endsWith('.xl')).sort()[0];
    if (pick) return path.join(d, pick);
    const parent = path.dirname(d);
    if (parent === d || (root !== undefined && path.relative(root, d) === '') || (root !== undefined && path.relative(root, d).startsWith('..'))) {
      return undefined;
    }
    d = parent;
  }
}

/**
 * The kernel of a C project directory: a boot disk named after the directory (`<dir>.img`, what an
 * `hvm-realmode` guest boots from; the adapter finds its ELF for the symbols), else the ELF named
 * after the directory, else the newest ELF.
 */
export function findKernelElf(dir: string, fs: ProjectFs): string | undefined {
  const disk = path.join(dir, `${path.basename(dir)}.img`);
  if (fs.exists(disk)) return disk;
  const elves = fs
    .list(dir)
    .filter((n) => !/\.(o|a|so|c|h|S|s|ld|lds|cfg|xl|txt|md)$/.test(n) && n !== 'Makefile')
    .map((n) => path.join(dir, n))
    .filter((f) => fs.isElf(f));
  if (elves.length === 0) return undefined;
  const named = elves.find((f) => path.basename(f) === path.basename(dir));
  if (named) return named;
  return elves.sort((a, b) => fs.mtime(b) - fs.mtime(a))[0];
}

/** The configuration that F5 without a launch.json (or "Add Configuration") starts from. */
export function initialConfig(ctx: ResolveContext): XenLaunchConfig {
  const cfg = defaultConfig();
  const file = ctx.activeFile;
  if (!file) return cfg;
  const fromXl = (xl: string): XenLaunchConfig | undefined => {
    const text = ctx.fs.readText(xl);
    return text === undefined ? undefined : { ...cfg, ...configFromXlCfg(xl, text) };
  };
  if (isXlCfg(file)) return fromXl(file) ?? cfg;
  if (/\.(c|h|S|s|cc|cpp)$/.test(file)) {
    const dir = path.dirname(file);
    const xl = findXlCfg(dir, ctx.workspaceRoot, ctx.fs);
    const viaXl = xl ? fromXl(xl) : undefined;
    if (viaXl?.program) return viaXl;
    const elf = findKernelElf(dir, ctx.fs);
    return {
      ...cfg,
      ...(viaXl ?? {}),
      name: `Xen: ${path.basename(dir)}`,
      program: elf ?? path.join(dir, path.basename(dir)),
    };
  }
  return cfg;
}

/**
 * Fills what a launch.json entry leaves out, and checks what it has. Returns an error message
 * instead of a configuration when it cannot be launched.
 */
export type Resolved = { ok: true; config: XenLaunchConfig } | { ok: false; error: string };

export function resolveConfig(config: Partial<XenLaunchConfig>, ctx: ResolveContext): Resolved {
  // F5 with no launch.json: VS Code passes an empty configuration.
  if (!config.type && !config.request && !config.name) return { ok: true, config: initialConfig(ctx) };
  const out: XenLaunchConfig = {
    ...config,
    type: config.type ?? DEBUG_TYPE,
    request: config.request ?? 'launch',
    name: config.name ?? 'Xen',
  } as XenLaunchConfig;
  if (out.request !== 'launch') return { ok: false, error: `XenScope: request "${out.request}" is not supported (only "launch")` };
  if (out.config !== undefined && (typeof out.config !== 'string' || out.config === '')) {
    return { ok: false, error: 'XenScope: "config" must be the path of an xl.cfg file' };
  }
  if (!out.program && !out.config) {
    const guess = initialConfig(ctx).program;
    if (!guess || guess.includes('${')) return { ok: false, error: 'XenScope: set "program" to the guest kernel, or "config" to an xl.cfg' };
    out.program = guess;
  }
  // no mode: the adapter boots the image as what it is (PVH note, PV notes, Multiboot header, boot sector)
  if (out.mode !== undefined && !(MODES as readonly string[]).includes(out.mode)) {
    return { ok: false, error: `XenScope: "mode" must be one of ${MODES.join(', ')} (got "${out.mode}")` };
  }
  // with an xl.cfg, what the launch leaves out comes from the file (the adapter reads it)
  if ((out.memory === undefined || out.memory === '') && !out.config) out.memory = DEFAULT_MEMORY;
  if (typeof out.memory === 'number') out.memory = `${out.memory}M`;
  if (out.memory !== undefined && !/^\d+[KMG]?$/i.test(String(out.memory))) {
    return { ok: false, error: `XenScope: "memory" must be a size like 64M or 1G, or a number of MiB (got "${out.memory}")` };
  }
  if (out.vcpus !== undefined && !(Number.isInteger(out.vcpus) && out.vcpus > 0)) {
    return { ok: false, error: `XenScope: "vcpus" must be a positive whole number (got "${out.vcpus}")` };
  }
  if (out.symbols !== undefined && (typeof out.symbols !== 'string' || out.symbols === '')) {
    return { ok: false, error: 'XenScope: "symbols" must be the path of an ELF file with debug information' };
  }
  if (!out.config) out.cmdline ??= '';
  out.stopOnEntry ??= false;
  return { ok: true, config: out };
}
