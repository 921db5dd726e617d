/**
 * The one rule for a folder a command writes as a whole (a dataset, a model, a listener):
 *
 *   - absent, or an empty folder: written;
 *   - a file: refused;
 *   - the working folder, or a folder that holds it: refused (it cannot be replaced);
 *   - a folder that holds one of the command's inputs: refused, even with --force
 *     (io/inputs-outputs.ts: an output never replaces an input);
 *   - anything else that is not empty: refused without --force; with --force replaced
 *     only when it is what this command makes, recognised by its manifest
 *     (`dataset.json` of a dataset, `remixer.json` of a model, `listener.json` of a
 *     listener, each with its `format`) — never a folder of the user's own files, nor
 *     a different kind of thing Remixer made.
 *
 * Each kind of folder is described once, where its manifest is defined, and passed here.
 */
import { promises as fs } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { RemixerError } from '../errors.js';
import { checkOutputsSpareInputs, type NamedPath } from './inputs-outputs.js';
import { SCRATCH_PREFIX } from './scratch.js';
import { pathProblem } from './write-error.js';

/** A kind of folder Remixer makes, as its manifest tells it. */
export interface FolderKind {
  /** In words: "dataset", "model", "listener". */
  what: string;
  /** The manifest's file name inside the folder. */
  manifest: string;
  /** The manifest's `format` field. */
  format: string;
}

export interface OutFolderCheck {
  /** The flag's name in messages (default "--out"). */
  flag?: string;
  force?: boolean;
  kind: FolderKind;
  /** What the command reads: none of it may sit inside the folder. */
  inputs?: readonly NamedPath[];
}

/** True when `dir` holds the manifest of `kind` (a JSON object with its format). */
export async function isFolderOf(dir: string, kind: FolderKind): Promise<boolean> {
  const text = await fs.readFile(join(dir, kind.manifest), 'utf8').catch(() => null);
  if (text === null) return false;
  try {
    const value = JSON.parse(text) as { format?: unknown } | null;
    return typeof value === 'object' && value !== null && value.format === kind.format;
  } catch {
    return false;
  }
}

const holds = (outer: string, inner: string) => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);

async function real(path: string): Promise<string> {
  return fs.realpath(path).catch(() => resolve(path));
}

/** Checks `path` against the rule above; one line naming the folder and the problem otherwise. */
export async function checkOutFolder(path: string, check: OutFolderCheck): Promise<void> {
  const flag = check.flag ?? '--out';
  const { kind } = check;
  await checkOutputsSpareInputs(check.inputs ?? [], [{ path, what: flag, whole: true }]);
  const stat = await fs.stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw new RemixerError(`${flag} ${path}: ${pathProblem(error.code) ?? `cannot be used (${error.code ?? error.message})`}`, { kind: 'conflict' });
  });
  if (!stat) return;
  if (!stat.isDirectory()) throw new RemixerError(`${path}: is a file, not a folder (${flag} names the folder to write)`, { kind: 'conflict' });
  if (holds(await real(path), await real(process.cwd()))) {
    throw new RemixerError(`${flag} ${path}: is the working folder or holds it, and the ${kind.what} replaces the folder it is written to; choose a new folder`, { kind: 'conflict' });
  }
  const entries = await fs.readdir(path);
  if (entries.length === 0) return;
  if (!check.force) throw new RemixerError(`${path}: already exists and is not empty (use --force to replace it)`, { kind: 'conflict' });
  if (!(await isFolderOf(path, kind))) {
    throw new RemixerError(`${path}: is not ${/^[aeiou]/.test(kind.what) ? 'an' : 'a'} ${kind.what} Remixer made (no ${kind.manifest} of one in it), so --force will not replace it; choose a new folder`, { kind: 'conflict' });
  }
}

/**
 * The folder an interrupted build is kept in (OUT.partial, for --resume): replaced only when
 * it holds nothing but what such a build puts there (`entries`), never a folder of someone's files.
 */
export async function checkPartialFolder(path: string, entries: readonly string[]): Promise<void> {
  const stat = await fs.lstat(path).catch(() => null);
  if (!stat) return;
  const foreign = stat.isDirectory() ? (await fs.readdir(path)).filter((name) => !entries.includes(name) && !name.startsWith(SCRATCH_PREFIX)) : [path];
  if (foreign.length > 0) {
    throw new RemixerError(`${path}: is not an interrupted build of Remixer's (it holds ${stat.isDirectory() ? foreign.slice(0, 3).join(', ') : 'a file'}), and a build would use that name; move it or choose another --out`, { kind: 'conflict' });
  }
}
