/** Reading the one description file a Remixer folder is known by (dataset.json, remixer.json). */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileError, oneLine } from '../errors.js';

/**
 * The text of DIR/FILE, with the errors a user can act on: the folder does not
 * exist ('not-found'), or exists without the file ("not a Remixer WHAT directory").
 */
export async function readFolderFile(dir: string, file: string, what: string): Promise<{ path: string; text: string }> {
  const path = join(dir, file);
  try {
    return { path, text: await fs.readFile(path, 'utf8') };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(path, `cannot read (${oneLine(error)})`);
    const isDir = await fs.stat(dir).then((s) => s.isDirectory(), () => false);
    throw isDir ? fileError(dir, `not a Remixer ${what} directory (no ${file})`) : fileError(dir, `${what} directory not found`, undefined, 'not-found');
  }
}

/** JSON.parse with the file named in the error. */
export function parseJsonFile<T>(path: string, text: string, what: string): T {
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw fileError(path, `corrupt ${what} (${oneLine(error)})`);
  }
}
