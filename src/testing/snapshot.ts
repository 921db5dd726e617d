/** Every file and folder under a path with its bytes' hash, to assert that a command left it as it was. */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, relative } from 'node:path';

/** `relative path → sha256` for files, `relative path/ → 'dir'` for folders (hidden ones too). */
export async function snapshot(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (path: string) => {
    const stat = await fs.lstat(path).catch(() => null);
    if (!stat) return;
    const name = relative(root, path) || '.';
    if (stat.isDirectory()) {
      out[`${name}/`] = 'dir';
      for (const entry of (await fs.readdir(path)).sort()) await walk(join(path, entry));
    } else if (stat.isSymbolicLink()) out[name] = `link → ${await fs.readlink(path)}`;
    else out[name] = createHash('sha256').update(await fs.readFile(path)).digest('hex');
  };
  await walk(root);
  return out;
}
