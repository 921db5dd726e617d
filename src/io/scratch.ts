/**
 * Where a run keeps its temporary files: one hidden folder per run in each directory
 * it writes to, `DIR/.remixer-tmp-<pid>-<token>/`, so that a finished file is renamed
 * into place on the same file system (atomic) and everything temporary of a run is in
 * one place.
 *
 * - A folder exists only while it holds something: it is made when its first temporary
 *   file is asked for and removed when the last one is released (committed or aborted).
 * - A run that ends normally, by an error or by Ctrl-C, removes its folders on exit.
 * - A run killed outright (kill -9, power loss) cannot: the next run of any command
 *   removes the folders of dead runs before it starts (`sweepDeadRuns`), found through
 *   a registry of runs (one small file per run in the system's temporary folder) and,
 *   for registries lost to a reboot, by name in every directory a run writes to. A run
 *   is dead when its process id is no longer running (or now belongs to a process that
 *   started later).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { isMainThread } from 'node:worker_threads';

export const SCRATCH_PREFIX = '.remixer-tmp-';
const NAME_PATTERN = /^\.remixer-tmp-(\d+)-([0-9a-f]+)$/;

/** This thread's run: its process id and a token (worker threads of one process are runs of their own). */
const RUN_TOKEN = randomBytes(4).toString('hex');
const RUN_NAME = `${SCRATCH_PREFIX}${process.pid}-${RUN_TOKEN}`;

/** The registry of runs: `REMIXER_RUNS_DIR`, else a folder in the system's temporary folder. */
export function runsDir(): string {
  return process.env['REMIXER_RUNS_DIR'] ?? join(tmpdir(), `remixer-runs-${process.getuid?.() ?? 0}`);
}

/** When process `pid` started (clock ticks since boot, Linux), or null where that cannot be read. */
function processStart(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Field 22, counted after the command name (which may hold spaces) in parentheses.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

const OWN_START = processStart(process.pid);

/** True when process `pid` is running and, where known, is the one that started at `start`. */
export function isRunAlive(pid: number, start: string | null = null): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (start === null) return true;
  const now = processStart(pid);
  return now === null || now === start;
}

interface RunRecord {
  pid: number;
  start: string | null;
  /** Its temporary folders. */
  folders: string[];
  /** Folders it made for outputs not yet published, deepest last: removed when still empty. */
  made?: string[];
}

/** The folders this run has made, with how many temporary files each holds. */
const folders = new Map<string, number>();
let exitHooked = false;

function registryFile(): string {
  return join(runsDir(), `${process.pid}-${RUN_TOKEN}.json`);
}

/** Records this run's folders before they are made, so that a kill at any moment leaves them findable. */
function register(): void {
  const record: RunRecord = { pid: process.pid, start: OWN_START, folders: [...folders.keys()], made: [...madeFolders] };
  try {
    mkdirSync(runsDir(), { recursive: true });
    writeFileSync(registryFile(), JSON.stringify(record));
  } catch {
    // The registry is a help, not a need: folders are also found by name.
  }
}

/**
 * Removes every folder of this run (on exit, whatever the reason). The main thread also
 * removes those of its worker threads, which may have been stopped before their own exit.
 */
export function removeOwnScratch(): void {
  for (const folder of folders.keys()) rmSync(folder, { recursive: true, force: true });
  folders.clear();
  // Folders this run made for its outputs go too when nothing was published into them.
  removeEmptyFolders([...madeFolders]);
  madeFolders.clear();
  rmSync(registryFile(), { force: true });
  if (!isMainThread) return;
  try {
    for (const file of readdirSync(runsDir())) {
      if (!file.startsWith(`${process.pid}-`)) continue;
      const path = join(runsDir(), file);
      const record = JSON.parse(readFileSync(path, 'utf8')) as RunRecord;
      for (const folder of record.folders) if (NAME_PATTERN.test(basename(folder))) rmSync(folder, { recursive: true, force: true });
      removeEmptyFolders(record.made ?? []);
      rmSync(path, { force: true });
    }
  } catch {
    // Whatever is left, the next run sweeps.
  }
}

/** Folders this run made for outputs it has not published yet. */
const madeFolders = new Set<string>();

/**
 * `dir` was made by this run for its outputs: removed at exit (Ctrl-C included) when it is
 * still empty. `keepFolder` once an output is published there.
 */
export function madeFolderForOutputs(dir: string): void {
  madeFolders.add(resolve(dir));
  register();
  hookExit();
}

export function keepFolder(dir: string): void {
  if (madeFolders.delete(resolve(dir))) register();
}

/** Removes the folders in `made` that are still empty, deepest first. */
export function removeEmptyFolders(made: readonly string[]): void {
  for (const dir of [...made].reverse()) {
    try {
      rmdirSync(dir);
    } catch {
      // not empty (something was published there) or gone
    }
  }
}

function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', removeOwnScratch);
}

/** This run's folder in `dir` (not made). */
export function scratchFolderIn(dir: string): string {
  return join(resolve(dir), RUN_NAME);
}

/** A temporary path with a unique name in this run's folder beside `finalPath`, and its release. */
export interface TempPath {
  readonly path: string;
  /** Call once the path is renamed away or removed: the folder goes when it holds nothing more. */
  release(): Promise<void>;
}

export async function acquireTempPath(finalPath: string): Promise<TempPath> {
  const folder = scratchFolderIn(dirname(finalPath));
  const count = folders.get(folder);
  if (count === undefined) {
    folders.set(folder, 1);
    register();
    hookExit();
    await sweepDirectory(dirname(folder));
  } else folders.set(folder, count + 1);
  try {
    await fs.mkdir(folder, { recursive: true });
  } catch (error) {
    await releaseFolder(folder);
    throw error;
  }
  const path = join(folder, `${basename(finalPath)}-${randomBytes(4).toString('hex')}`);
  let released = false;
  return {
    path,
    release: async () => {
      if (released) return;
      released = true;
      await releaseFolder(folder);
    },
  };
}

async function releaseFolder(folder: string): Promise<void> {
  const count = (folders.get(folder) ?? 1) - 1;
  if (count > 0) {
    folders.set(folder, count);
    return;
  }
  folders.delete(folder);
  await fs.rm(folder, { recursive: true, force: true });
  register();
}

/** Runs `work` with a temporary path beside `finalPath`; the path is removed afterwards unless renamed away. */
export async function withTempPath<T>(finalPath: string, work: (path: string) => Promise<T>): Promise<T> {
  const temp = await acquireTempPath(finalPath);
  try {
    return await work(temp.path);
  } finally {
    await temp.release();
  }
}

/** Removes the folders of dead runs found by name in `dir` (not below it). */
export async function sweepDirectory(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    const match = NAME_PATTERN.exec(name);
    if (!match || name === RUN_NAME) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isRunAlive(pid, recordedStart(pid, match[2]!))) continue;
    await fs.rm(join(dir, name), { recursive: true, force: true });
    removed.push(join(dir, name));
  }
  return removed;
}

function recordedStart(pid: number, token: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(runsDir(), `${pid}-${token}.json`), 'utf8')) as RunRecord).start;
  } catch {
    return null;
  }
}

/**
 * Removes the temporary folders of every dead run in the registry, and in `dirs` by
 * name (the directories the coming command writes to). Returns what it removed.
 */
export async function sweepDeadRuns(dirs: readonly string[] = []): Promise<string[]> {
  const removed: string[] = [];
  const root = runsDir();
  for (const file of await fs.readdir(root).catch(() => [] as string[])) {
    if (!file.endsWith('.json')) continue;
    const path = join(root, file);
    let record: RunRecord;
    try {
      record = JSON.parse(await fs.readFile(path, 'utf8')) as RunRecord;
    } catch {
      await fs.rm(path, { force: true });
      continue;
    }
    if (isRunAlive(record.pid, record.start)) continue;
    for (const folder of record.folders) {
      if (NAME_PATTERN.test(basename(folder)) && existsSync(folder)) {
        await fs.rm(folder, { recursive: true, force: true });
        removed.push(folder);
      }
    }
    removeEmptyFolders(record.made ?? []);
    await fs.rm(path, { force: true });
  }
  for (const dir of dirs) removed.push(...(await sweepDirectory(dir)));
  return removed;
}

/** For tests: this run's folder name. */
export const OWN_SCRATCH_NAME = RUN_NAME;
