// The real file system behind debugConfig.ProjectFs.
import * as fs from 'fs';
import * as path from 'path';
import { ProjectFs } from './debugConfig';

export const nodeProjectFs: ProjectFs = {
  exists: (f) => fs.existsSync(f),
  readText: (f) => {
    try {
      return fs.readFileSync(f, 'utf8');
    } catch {
      return undefined;
    }
  },
  list: (dir) => {
    try {
      return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name);
    } catch {
      return [];
    }
  },
  isElf: (f) => {
    let fd: number | undefined;
    try {
      fd = fs.openSync(f, 'r');
      const b = Buffer.alloc(4);
      return fs.readSync(fd, b, 0, 4, 0) === 4 && b.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    } catch {
      return false;
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  },
  mtime: (f) => {
    try {
      return fs.statSync(f).mtimeMs;
    } catch {
      return 0;
    }
  },
};

export function projectRootOf(file: string | undefined, folders: readonly string[]): string | undefined {
  if (!file) return folders[0];
  return folders.find((r) => !path.relative(r, file).startsWith('..')) ?? folders[0];
}
