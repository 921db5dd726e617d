/**
 * File-system failures a user can act on, as one-line RemixerErrors naming the path:
 * a full disk (with the space free and, where known, the space needed), a quota, a
 * read-only file system, no permission. Anything else stays what it was.
 */
import { promises as fs } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { RemixerError, fileError } from '../errors.js';

const MB = 1024 * 1024;

export const formatMegabytes = (bytes: number) => (bytes >= 10 * MB ? `${Math.round(bytes / MB)} MB` : `${(bytes / MB).toFixed(1)} MB`);

/** Free bytes on the file system holding `path` (its nearest existing ancestor), or null when unknown. */
export async function freeBytes(path: string): Promise<number | null> {
  for (let dir = path; ; dir = dirname(dir)) {
    try {
      const stats = await fs.statfs(dir);
      return stats.bavail * stats.bsize;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(dir) === dir) return null;
    }
  }
}

/** The words for a path the file system cannot use, by error code (null when the code is not about the path). */
export function pathProblem(code: string | undefined): string | null {
  switch (code) {
    case 'ENAMETOOLONG':
      return `the name is too long (a file or folder name holds at most ${NAME_MAX} bytes)`;
    case 'ELOOP':
      return 'a loop of symbolic links';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return null;
  }
}

/** The longest file or folder name, and the longest path, most file systems take (bytes). */
export const NAME_MAX = 255;
export const PATH_MAX = 4095;

/** One line when `path` cannot be a file's name on this system: a part of it longer than NAME_MAX, or the whole longer than PATH_MAX. */
export function checkPathName(path: string, what: string): void {
  const absolute = resolve(path);
  if (Buffer.byteLength(absolute) > PATH_MAX) throw new RemixerError(`${what} ${path}: the path is too long (${Buffer.byteLength(absolute)} bytes; at most ${PATH_MAX})`);
  const long = absolute.split(sep).find((part) => Buffer.byteLength(part) > NAME_MAX);
  if (long !== undefined) throw new RemixerError(`${what} ${path}: the name is too long (${Buffer.byteLength(long)} bytes; a file or folder name holds at most ${NAME_MAX})`);
}

/** The user's error for a failed write of `path`, or `error` itself when it is not one. */
export async function writeError(path: string, error: unknown, bytesNeeded?: number): Promise<unknown> {
  if (error instanceof RemixerError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOSPC': {
      const free = await freeBytes(path);
      const need = bytesNeeded !== undefined ? `; about ${formatMegabytes(bytesNeeded)} needed` : '';
      return fileError(path, `no space left on the device (${free === null ? 'free space unknown' : `${formatMegabytes(free)} free`}${need}): free some space or write elsewhere`, error);
    }
    case 'EDQUOT':
      return fileError(path, 'disk quota exceeded: free some space or write elsewhere', error);
    case 'EROFS':
      return fileError(path, 'the file system is read-only: write elsewhere', error);
    case 'EACCES':
    case 'EPERM':
      return fileError(path, 'permission denied', error);
    case 'ENOTDIR':
    case 'ENAMETOOLONG':
    case 'ELOOP':
      return fileError(path, pathProblem(code)!, error);
    case 'EISDIR':
      return fileError(path, 'is a folder, not a file', error);
    default:
      return error;
  }
}

/** Runs `work`, turning its file-system failures into user errors naming `path`. */
export async function writingTo<T>(path: string, work: () => Promise<T>, bytesNeeded?: number): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw await writeError(path, error, bytesNeeded);
  }
}

/** The device of the nearest existing ancestor of `path` (folders on one device share its free space). */
async function deviceOf(path: string): Promise<number | null> {
  for (let dir = path; ; dir = dirname(dir)) {
    const stat = await fs.stat(dir).catch(() => null);
    if (stat) return stat.dev;
    if (dirname(dir) === dir) return null;
  }
}

/**
 * Checks, before any work, that each file system written to has room for what goes
 * there (with a margin of 5 %): needs in folders on one device are added up. A one-line
 * error names the folder, what it is for and both figures otherwise.
 */
export async function checkFreeSpace(needs: readonly { dir: string; bytes: number; what: string }[]): Promise<void> {
  const groups = new Map<number | string, { dir: string; bytes: number; what: string[] }>();
  for (const need of needs) {
    const key = (await deviceOf(need.dir)) ?? need.dir;
    const group = groups.get(key);
    if (group) {
      group.bytes += need.bytes;
      group.what.push(need.what);
    } else groups.set(key, { dir: need.dir, bytes: need.bytes, what: [need.what] });
  }
  for (const group of groups.values()) {
    const free = await freeBytes(group.dir);
    if (free === null || free >= group.bytes * 1.05) continue;
    throw fileError(group.dir, `not enough free space for ${group.what.join(' and ')}: about ${formatMegabytes(group.bytes)} needed, ${formatMegabytes(free)} free`);
  }
}
