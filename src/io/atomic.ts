/**
 * Writes that never leave a half-written file behind: data goes to a temporary file in
 * the run's hidden folder beside the target (io/scratch.ts) and is renamed into place
 * only when complete. A failed write names the file (io/write-error.ts).
 */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { acquireTempPath, type TempPath } from './scratch.js';
import { writeError } from './write-error.js';
import { RemixerError } from '../errors.js';

/** Writes `data` to `path` atomically (temp file, fsync, rename). */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = await acquireTempPath(path).catch(async (error) => { throw await writeError(path, error); });
  try {
    const handle = await fs.open(temp.path, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp.path, path);
  } catch (error) {
    await fs.rm(temp.path, { force: true });
    throw await writeError(path, error, typeof data === 'string' ? Buffer.byteLength(data) : data.length);
  } finally {
    await temp.release();
  }
}

/**
 * A file written in pieces that appears at `path` only when published: `prepare()`
 * finishes it (last writes, sync, close) and `publish()` renames it into place;
 * `commit()` does both. `abort()` (or a failed write or prepare) removes the temporary
 * file. Several files that belong together go in place with `publishTogether`.
 */
export class AtomicFile {
  private state: 'open' | 'prepared' | 'done' = 'open';

  private constructor(
    readonly path: string,
    private readonly temp: TempPath,
    readonly handle: FileHandle,
  ) {}

  static async open(path: string): Promise<AtomicFile> {
    const temp = await acquireTempPath(path).catch(async (error) => { throw await writeError(path, error); });
    try {
      return new AtomicFile(path, temp, await fs.open(temp.path, 'w'));
    } catch (error) {
      await temp.release();
      throw await writeError(path, error);
    }
  }

  /** Writes `data` at `position` (or at the end); a failure names the file. */
  async write(data: Uint8Array, position?: number): Promise<void> {
    try {
      await this.handle.write(data, 0, data.length, position ?? null);
    } catch (error) {
      throw await writeError(this.path, error);
    }
  }

  /** Runs `finish` (last writes), then syncs and closes: the file is complete, not yet in place. */
  async prepare(finish: (file: AtomicFile) => Promise<void> = async () => {}): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'prepared';
    try {
      await finish(this);
      await this.handle.sync();
      await this.handle.close();
    } catch (error) {
      await this.discard();
      throw await writeError(this.path, error);
    }
  }

  /** Renames the prepared file into place. */
  async publish(): Promise<void> {
    if (this.state !== 'prepared') throw new Error(`${this.path}: publish() before prepare()`);
    try {
      await fs.rename(this.temp.path, this.path);
      this.state = 'done';
      await this.temp.release();
    } catch (error) {
      await this.discard();
      throw await writeError(this.path, error);
    }
  }

  /** prepare() then publish(). */
  async commit(finish?: (file: AtomicFile) => Promise<void>): Promise<void> {
    await this.prepare(finish);
    if (this.state === 'prepared') await this.publish();
  }

  async abort(): Promise<void> {
    if (this.state === 'done') return;
    await this.discard();
  }

  private async discard(): Promise<void> {
    this.state = 'done';
    await this.handle.close().catch(() => {});
    await fs.rm(this.temp.path, { force: true });
    await this.temp.release();
  }
}

/**
 * Puts prepared files in place as one change: each file it replaces is first moved
 * aside; if any step fails, the new files go and the old ones come back, so the
 * targets are either all new or all as they were.
 */
export async function publishTogether(files: readonly AtomicFile[]): Promise<void> {
  const moved: { file: AtomicFile; backup: TempPath; had: boolean; published: boolean }[] = [];
  try {
    for (const file of files) {
      // A file is never published in a folder's place (the folder would go with the backup).
      if ((await fs.lstat(file.path).catch(() => null))?.isDirectory()) throw new RemixerError(`${file.path}: is a folder, and a file is never written in a folder's place`, { kind: 'conflict' });
      const backup = await acquireTempPath(file.path);
      const entry = { file, backup, had: false, published: false };
      moved.push(entry);
      entry.had = await fs.rename(file.path, backup.path).then(
        () => true,
        (error: NodeJS.ErrnoException) => {
          if (error.code === 'ENOENT') return false;
          throw error;
        },
      );
      await file.publish();
      entry.published = true;
    }
  } catch (error) {
    for (const entry of moved.reverse()) {
      if (entry.published) await fs.rm(entry.file.path, { force: true });
      if (entry.had) await fs.rename(entry.backup.path, entry.file.path).catch(() => {});
    }
    for (const file of files) await file.abort();
    throw await writeError(moved[moved.length - 1]?.file.path ?? files[0]!.path, error);
  } finally {
    for (const entry of moved) {
      await fs.rm(entry.backup.path, { force: true });
      await entry.backup.release();
    }
  }
}

export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await writeFileAtomic(path, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Builds a directory atomically: `build` fills a temporary sibling directory,
 * which then replaces `path`. If `build` throws, nothing is left behind and an
 * existing `path` is untouched.
 */
export async function buildDirectoryAtomic<T>(
  path: string,
  build: (tempDir: string) => Promise<T>,
  options: { replace?: boolean } = {},
): Promise<T> {
  await fs.mkdir(dirname(path), { recursive: true }).catch(async (error) => { throw await writeError(dirname(path), error); });
  const temp = await acquireTempPath(path);
  try {
    await fs.mkdir(temp.path);
    let result: T;
    try {
      result = await build(temp.path);
    } catch (error) {
      await fs.rm(temp.path, { recursive: true, force: true });
      throw await writeError(path, error);
    }
    if (options.replace) {
      const old = await acquireTempPath(path);
      try {
        const existed = await fs.rename(path, old.path).then(() => true, () => false);
        try {
          await fs.rename(temp.path, path);
        } catch (error) {
          // The old one goes back: a replacement never loses what it replaces.
          if (existed) await fs.rename(old.path, path).catch(() => {});
          await fs.rm(temp.path, { recursive: true, force: true });
          throw await writeError(path, error);
        }
        if (existed) await fs.rm(old.path, { recursive: true, force: true });
      } finally {
        await old.release();
      }
    } else {
      try {
        await fs.rename(temp.path, path);
      } catch (error) {
        await fs.rm(temp.path, { recursive: true, force: true });
        throw await writeError(path, error);
      }
    }
    return result;
  } finally {
    await temp.release();
  }
}

export async function exists(path: string): Promise<boolean> {
  return fs.stat(path).then(() => true, () => false);
}

/** True when `path` does not exist or is an empty directory. */
export async function isAbsentOrEmptyDir(path: string): Promise<boolean> {
  try {
    const stat = await fs.stat(path);
    if (!stat.isDirectory()) return false;
    return (await fs.readdir(path)).length === 0;
  } catch {
    return true;
  }
}
