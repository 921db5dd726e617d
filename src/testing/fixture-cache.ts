/**
 * Test fixtures that cost seconds to make (tiny trained models) made once for every
 * test file of a run: kept in the temporary folder under a hash of every source file
 * and of what the fixture is, so a change of any source makes them again. Two files
 * making the same one at once both make it; the first folder renamed into place wins.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, promises as fs, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

let sourcesHash: string | null = null;

/** sha256 of every non-test source file under src/ (names and contents). */
function hashOfSources(): string {
  if (sourcesHash) return sourcesHash;
  const root = fileURLToPath(new URL('..', import.meta.url));
  const digest = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) digest.update(path.slice(root.length)).update(readFileSync(path));
    }
  };
  walk(root);
  return (sourcesHash = digest.digest('hex').slice(0, 16));
}

/** A folder made by `make` for `what`, shared by the run's test files while the sources stay the same. Treat it as read-only. */
export async function cachedFixture(what: string, make: (dir: string) => Promise<void>): Promise<string> {
  const key = createHash('sha256').update(hashOfSources()).update(what).digest('hex').slice(0, 16);
  const home = join(tmpdir(), 'remixer-test-fixtures');
  const dir = join(home, key);
  if (existsSync(join(dir, '.complete'))) return dir;
  const building = join(home, `.${key}-${process.pid}-${randomBytes(3).toString('hex')}`);
  await fs.mkdir(building, { recursive: true });
  try {
    await make(building);
    await fs.writeFile(join(building, '.complete'), '');
    await fs.rename(building, dir).catch(() => undefined);
  } finally {
    await fs.rm(building, { recursive: true, force: true });
  }
  return dir;
}
