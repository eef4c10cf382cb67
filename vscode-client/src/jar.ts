// Finding the server jar: the xenscope.server.jar setting, else the jar bundled in the extension.
import * as path from 'path';

export const BUNDLED_JAR = path.join('server', 'xenscope.jar');

export type JarResult = { ok: true; jar: string; source: 'setting' | 'bundled' } | { ok: false; message: string };

export function findJar(setting: string | undefined, extensionPath: string, exists: (f: string) => boolean): JarResult {
  const s = setting?.trim();
  if (s) {
    if (exists(s)) return { ok: true, jar: s, source: 'setting' };
    return { ok: false, message: `XenScope: xenscope.server.jar points to ${s}, which does not exist` };
  }
  const bundled = path.join(extensionPath, BUNDLED_JAR);
  if (exists(bundled)) return { ok: true, jar: bundled, source: 'bundled' };
  return {
    ok: false,
    message:
      `XenScope: the server jar is missing (looked for ${bundled}). Build it with ` +
      '`mvn -pl server -am package` and set xenscope.server.jar to server/target/xenscope.jar',
  };
}

export type ServerMode = 'lsp' | 'dap';

/** The command line that starts the jar in one of its stdio server modes. */
export function serverCommand(java: string, jar: string, mode: ServerMode, jvmArgs: string[] = []): { command: string; args: string[] } {
  return { command: java, args: [...jvmArgs, '-jar', jar, mode] };
}

/** The command line of `xenscope run` for a terminal, quoted for a POSIX shell (or cmd on Windows). */
export function runCommandLine(java: string, jar: string, kernel: string, extra: string[] = [], platform: NodeJS.Platform = process.platform): string {
  const q = platform === 'win32' ? quoteWin : quotePosix;
  return [java, '-jar', jar, 'run', kernel, ...extra].map(q).join(' ');
}

export function quotePosix(s: string): string {
  return /^[A-Za-z0-9_\-./:=@%+,]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function quoteWin(s: string): string {
  return /^[A-Za-z0-9_\-./:\\=@%+,]+$/.test(s) ? s : `"${s.replace(/"/g, '""')}"`;
}
