/** A command that has to make the folders it writes to says so, once it has succeeded. */
import { promises as fs } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** The top-most missing folder on the way to each of `dirs` (none where they exist). */
async function missingTops(dirs: readonly string[]): Promise<string[]> {
  const tops = new Set<string>();
  for (const dir of dirs) {
    let top: string | null = null;
    for (let at = resolve(dir); ; at = dirname(at)) {
      if (await fs.stat(at).then(() => true, () => false)) break;
      top = at;
      if (dirname(at) === at) break;
    }
    if (top) tops.add(top);
  }
  return [...tops];
}

/** A path as the user would write it: relative to the working folder when inside it. */
const shown = (path: string) => {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') ? rel : path;
};

/** Runs `work`; afterwards prints "made the folder X" for each folder of `dirs` it had to make. */
export async function notingNewFolders<T>(dirs: readonly (string | undefined | null)[], work: () => Promise<T>): Promise<T> {
  const missing = await missingTops(dirs.filter((d): d is string => typeof d === 'string' && d.length > 0));
  const result = await work();
  for (const dir of missing) if (await fs.stat(dir).then(() => true, () => false)) process.stdout.write(`made the folder ${shown(dir)}\n`);
  return result;
}
