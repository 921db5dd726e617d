/**
 * The folders a queued job's paths are relative to. A job names files by absolute
 * paths on the machine that sent it; a worker on another machine sees the shared work
 * folder (a network filesystem) and its own Remixer install (the default SoundFont)
 * elsewhere. Paths under the sender's roots are rewritten to the worker's; others
 * (a model folder mounted at the same place everywhere) are kept.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Roots {
  /** The shared folder of inputs and outputs (--work). */
  work: string;
  /** This Remixer's package folder (its node_modules hold the default SoundFont). */
  package: string;
}

/** The folder of Remixer's package.json, found from this module. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

export const rootsHere = (work: string): Roots => ({ work: resolve(work), package: packageRoot() });

function relocatePath(path: string, from: Roots, to: Roots): string {
  for (const key of ['work', 'package'] as const) {
    const root = from[key];
    if (path === root) return to[key];
    if (path.startsWith(root + sep)) return to[key] + path.slice(root.length);
  }
  return path;
}

/** `value` with every string path under `from`'s roots moved under `to`'s (deeply; other values kept). */
export function relocate<T>(value: T, from: Roots, to: Roots): T {
  if (typeof value === 'string') return relocatePath(value, from, to) as T;
  if (Array.isArray(value)) return value.map((v) => relocate(v, from, to)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, relocate(v, from, to)])) as T;
  return value;
}
