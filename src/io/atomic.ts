/**
 * Writes that never leave a half-written file behind: data goes to a temporary
 * sibling first and is renamed into place only when complete.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';

/** A unique temporary path beside `path` (same directory, so rename is atomic). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
}

/** Writes `data` to `path` atomically (temp file, fsync, rename). */
export async function writeFileAtomic(path: string, data: Uint8Array | string): Promise<void> {
  const temp = tempPathFor(path);
  try {
    const handle = await fs.open(temp, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, path);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/**
 * A file written in pieces that appears at `path` only on `commit()`;
 * `abort()` (or a failed commit) removes the temporary file.
 */
export class AtomicFile {
  private done = false;

  private constructor(
    readonly path: string,
    private readonly tempPath: string,
    readonly handle: FileHandle,
  ) {}

  static async open(path: string): Promise<AtomicFile> {
    const tempPath = tempPathFor(path);
    return new AtomicFile(path, tempPath, await fs.open(tempPath, 'w'));
  }

  /** Runs `finish` (last writes), then syncs, closes and renames into place. */
  async commit(finish: (handle: FileHandle) => Promise<void> = async () => {}): Promise<void> {
    if (this.done) return;
    this.done = true;
    try {
      await finish(this.handle);
      await this.handle.sync();
      await this.handle.close();
      await fs.rename(this.tempPath, this.path);
    } catch (error) {
      await this.handle.close().catch(() => {});
      await fs.rm(this.tempPath, { force: true });
      throw error;
    }
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    await this.handle.close().catch(() => {});
    await fs.rm(this.tempPath, { force: true });
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
  await fs.mkdir(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  await fs.mkdir(temp);
  let result: T;
  try {
    result = await build(temp);
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw error;
  }
  if (options.replace) {
    const old = tempPathFor(path);
    const existed = await fs.rename(path, old).then(() => true, () => false);
    await fs.rename(temp, path);
    if (existed) await fs.rm(old, { recursive: true, force: true });
  } else {
    try {
      await fs.rename(temp, path);
    } catch (error) {
      await fs.rm(temp, { recursive: true, force: true });
      throw error;
    }
  }
  return result;
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
