/** Folders a command is given: one that must be there, or one it keeps its own files in (made when missing). */
import { promises as fs } from 'node:fs';
import { fileError } from '../errors.js';
import { writeError } from './write-error.js';

/** `path` must be an existing folder; one line naming `flag` and the path otherwise. */
export async function existingFolder(path: string, flag: string): Promise<void> {
  const stat = await fs.stat(path).catch((error: NodeJS.ErrnoException) => {
    throw fileError(path, error.code === 'ENOENT' ? `not found (${flag} names a folder that must exist)` : `cannot be read (${flag}: ${error.code ?? error.message})`, error, 'not-found');
  });
  if (!stat.isDirectory()) throw fileError(path, `is a file, not a folder (${flag} names a folder)`, undefined, 'conflict');
}

/** `path` may be used as a folder to keep files in: a folder, or nothing yet (nothing is made). */
export async function checkFolderToUse(path: string, flag: string): Promise<void> {
  const stat = await fs.stat(path).catch(() => null);
  if (stat && !stat.isDirectory()) throw fileError(path, `is a file, not a folder (${flag} names a folder)`, undefined, 'conflict');
}

/** `path` is a folder to keep files in: made when missing, never a file. Returns the top folder it made (null: none). */
export async function folderToUse(path: string, flag: string): Promise<string | null> {
  await checkFolderToUse(path, flag);
  if (await fs.stat(path).then(() => true, () => false)) return null;
  const made = await fs.mkdir(path, { recursive: true }).catch(async (error) => { throw await writeError(path, error); });
  return made ?? null;
}
