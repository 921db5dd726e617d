/**
 * File-system failures a user can act on, as one-line RemixerErrors naming the path:
 * a full disk (with the space free and, where known, the space needed), a quota, a
 * read-only file system, no permission. Anything else stays what it was.
 */
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
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
      return fileError(path, 'a part of the path is a file, not a folder', error);
    case 'EISDIR':
      return fileError(path, 'is a folder, not a file', error);
    case 'ENAMETOOLONG':
      return fileError(path, 'the name is too long', error);
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

/**
 * Checks, before any work, that `dir`'s file system has room for `bytes` (with a
 * margin of 5 %); a one-line error naming the folder and both figures otherwise.
 */
export async function checkFreeSpace(dir: string, bytes: number, what: string): Promise<void> {
  const free = await freeBytes(dir);
  if (free === null || free >= bytes * 1.05) return;
  throw fileError(dir, `not enough free space for ${what}: about ${formatMegabytes(bytes)} needed, ${formatMegabytes(free)} free`);
}
