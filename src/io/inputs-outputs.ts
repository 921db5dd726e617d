/**
 * The rule every command that writes follows: an output never replaces an input.
 * Paths are compared as the file system sees them (symbolic links resolved, and
 * hard links by device and inode), so `--out ./solo.wav`, `--out solo.wav` and a link
 * to the solo are all caught. An input marked `whole` (a folder read as one thing) has
 * nothing written inside it; an output marked `whole` (a folder a command replaces, as
 * with --force) may not hold an input, since replacing it would delete the input.
 * An output file may not be a folder: a file is never written in a folder's place.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, resolve, sep } from 'node:path';
import { RemixerError } from '../errors.js';
import { checkPathName } from './write-error.js';

export interface NamedPath {
  path: string;
  /** What it is, in words ("the solo", "--out", "the model"). */
  what: string;
  /** A folder protected (input) or replaced (output) as a whole. */
  whole?: boolean;
}

/** The real absolute path of `path`, resolving links in its nearest existing ancestor. */
async function realPath(path: string): Promise<string> {
  const absolute = resolve(path);
  try {
    return await fs.realpath(absolute);
  } catch {
    const parent = dirname(absolute);
    return parent === absolute ? absolute : `${await realPath(parent)}${sep}${basename(absolute)}`.replace(`${sep}${sep}`, sep);
  }
}

const identity = async (path: string) => fs.stat(path).then((s) => ({ dev: s.dev, ino: s.ino, dir: s.isDirectory() }), () => null);

const within = (inner: string, outer: string) => inner === outer || inner.startsWith(outer.endsWith(sep) ? outer : outer + sep);

/** Throws a one-line conflict error when an output would replace (or delete) an input. */
export async function checkOutputsSpareInputs(inputs: readonly NamedPath[], outputs: readonly NamedPath[]): Promise<void> {
  const ins = await Promise.all(inputs.map(async (i) => ({ ...i, real: await realPath(i.path), id: await identity(i.path) })));
  for (const output of outputs) {
    checkPathName(output.path, output.what);
    const real = await realPath(output.path);
    const id = await identity(output.path);
    if (output.whole !== true && id?.dir === true) {
      throw new RemixerError(`${output.what} ${output.path} is a folder: a file is never written in a folder's place, move it or choose another name`, { kind: 'conflict' });
    }
    for (const input of ins) {
      // An input that is not there cannot be replaced (its own read says it is missing).
      const same = input.id !== null && (real === input.real || (id !== null && id.dev === input.id.dev && id.ino === input.id.ino));
      const inside = input.whole === true && input.id?.dir === true && within(real, input.real);
      const holds = output.whole === true && within(input.real, real);
      if (same || inside || holds) {
        const how = same ? 'is' : inside ? 'is inside' : 'holds';
        throw new RemixerError(`${output.what} ${output.path} ${how} ${input.what} ${input.path}: an output never replaces an input, choose another path`, { kind: 'conflict' });
      }
    }
  }
}
