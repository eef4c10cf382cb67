// Finding a Java runtime for the server jar: the xenscope.java.home setting, then JAVA_HOME, then
// PATH. No vscode import: the logic is unit-tested with an injected probe.
import * as cp from 'child_process';
import * as path from 'path';

export const MIN_JAVA = 17;
export const JAVA_MISSING =
  'XenScope needs Java 17 or newer: install openjdk-17-jre (Debian/Ubuntu) or set xenscope.java.home';

export interface JavaEnv {
  /** The xenscope.java.home setting (a JDK/JRE home directory or a java executable), if set. */
  setting?: string;
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  exists(file: string): boolean;
  /** Runs `<java> -version` and returns its output (java prints it on stderr), or throws. */
  version(java: string): string;
}

export type JavaResult =
  | { ok: true; java: string; major: number; source: 'setting' | 'JAVA_HOME' | 'PATH' }
  | { ok: false; message: string; tried: string[] };

/** The feature release of a `java -version` banner: 1.8.0_292 -> 8, 17.0.15 -> 17, 21-ea -> 21. */
export function parseJavaMajor(banner: string): number | undefined {
  const m = /version\s+"([^"]+)"/.exec(banner);
  if (!m) return undefined;
  const v = m[1];
  const parts = /^(\d+)(?:\.(\d+))?/.exec(v);
  if (!parts) return undefined;
  const first = Number(parts[1]);
  if (first === 1 && parts[2] !== undefined) return Number(parts[2]);
  return first;
}

function exe(platform: NodeJS.Platform): string {
  return platform === 'win32' ? 'java.exe' : 'java';
}

/** A home directory -> its bin/java; a path that already names the executable stays as it is. */
export function javaInHome(home: string, platform: NodeJS.Platform, exists: (f: string) => boolean): string {
  const base = path.basename(home).toLowerCase();
  if ((base === 'java' || base === 'java.exe') && exists(home)) return home;
  return path.join(home, 'bin', exe(platform));
}

export function pathCandidates(env: NodeJS.ProcessEnv, platform: NodeJS.Platform): string[] {
  const p = env.PATH ?? env.Path ?? '';
  const sep = platform === 'win32' ? ';' : ':';
  return p.split(sep).filter((d) => d.length > 0).map((d) => path.join(d, exe(platform)));
}

export function findJava(j: JavaEnv): JavaResult {
  const candidates: { java: string; source: 'setting' | 'JAVA_HOME' | 'PATH' }[] = [];
  const setting = j.setting?.trim();
  if (setting) candidates.push({ java: javaInHome(setting, j.platform, j.exists), source: 'setting' });
  const home = j.env.JAVA_HOME?.trim();
  if (home) candidates.push({ java: javaInHome(home, j.platform, j.exists), source: 'JAVA_HOME' });
  for (const c of pathCandidates(j.env, j.platform)) candidates.push({ java: c, source: 'PATH' });

  const tried: string[] = [];
  const tooOld: string[] = [];
  for (const c of candidates) {
    if (!j.exists(c.java)) {
      if (c.source !== 'PATH') tried.push(`${c.java} (${c.source}): not found`);
      continue;
    }
    let banner: string;
    try {
      banner = j.version(c.java);
    } catch (e) {
      tried.push(`${c.java} (${c.source}): does not run: ${(e as Error).message}`);
      continue;
    }
    const major = parseJavaMajor(banner);
    if (major === undefined) {
      tried.push(`${c.java} (${c.source}): unrecognised version banner`);
      continue;
    }
    if (major < MIN_JAVA) {
      tooOld.push(`${c.java} is Java ${major}`);
      tried.push(`${c.java} (${c.source}): Java ${major} is too old`);
      continue;
    }
    return { ok: true, java: c.java, major, source: c.source };
  }
  const detail = tried.length ? ` (tried: ${tried.join('; ')})` : ' (no java on PATH, JAVA_HOME unset)';
  return { ok: false, message: JAVA_MISSING + detail, tried };
}

/** Runs `<java> -version` (the banner is on stderr). */
export function probeJavaVersion(java: string): string {
  const r = cp.spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 15000 });
  if (r.error) throw r.error;
  return `${r.stderr ?? ''}${r.stdout ?? ''}`;
}
