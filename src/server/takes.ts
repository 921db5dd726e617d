/**
 * Takes: every remix, new take, replay and instrument change a remix goes through is kept as
 * a take — its files, settings and result — so a musician can go back (undo), forward again
 * (redo), compare two takes and name them. A take's files are hard links to the files as
 * they were made (a later take replaces the remix's files by renaming new ones into place,
 * so the linked ones keep their bytes): keeping a take copies nothing (on a file system
 * without hard links, it copies).
 *
 *   remixes/<id>/                the current take's files (remix.wav, .mp3, .mid,
 *                                .analysis.json, stems/<track>.wav)
 *   remixes/<id>/takes/<n>/      take n's files, the same names
 *
 * The record lists the takes in the order they were made and says which one is current.
 */
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { RemixRecord, TakeKind, TakeRecord } from './api-types.js';
import { HttpError } from './http-error.js';

export const TAKES_DIR = 'takes';

export type { TakeKind, TakeRecord };

/** A take's files, relative to the remix's folder. */
function takeFiles(tracks: readonly string[]): string[] {
  return ['remix.wav', 'remix.mp3', 'remix.mid', 'remix.analysis.json', ...tracks.map((t) => join('stems', `${t}.wav`))];
}

/** Links `from` to `to` in place of whatever is at `to` (or removes `to` when `from` is not there). */
async function linkInPlace(from: string, to: string): Promise<void> {
  await fs.mkdir(dirname(to), { recursive: true });
  const temp = `${to}.${randomBytes(4).toString('hex')}.link`;
  try {
    await fs.link(from, temp);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      await fs.rm(to, { force: true });
      return;
    }
    // A file system without hard links keeps a copy instead.
    await fs.copyFile(from, temp);
  }
  await fs.rename(temp, to);
}

/** Keeps the remix's current files as a new take, which becomes the current one. */
export async function keepTake(dir: string, record: RemixRecord, kind: TakeKind): Promise<RemixRecord> {
  if (!record.result) return record;
  const takes = record.takes ?? [];
  const n = Math.max(0, ...takes.map((t) => t.n)) + 1;
  for (const file of takeFiles(record.tracks)) await linkInPlace(join(dir, file), join(dir, TAKES_DIR, String(n), file));
  const take: TakeRecord = { n, name: `Take ${n}`, kind, createdAt: new Date().toISOString(), settings: record.settings, result: record.result, tracks: record.tracks };
  return { ...record, takes: [...takes, take], take: n };
}

function findTake(record: RemixRecord, n: number): TakeRecord {
  const take = (record.takes ?? []).find((t) => t.n === n);
  if (!take) throw new HttpError(404, `remix "${record.id}" has no take ${n}`);
  return take;
}

/** Makes take `n` the current one: its files in place, its settings and result in the record. */
export async function selectTake(dir: string, record: RemixRecord, n: number): Promise<RemixRecord> {
  const take = findTake(record, n);
  for (const file of takeFiles(take.tracks)) await linkInPlace(join(dir, TAKES_DIR, String(n), file), join(dir, file));
  return { ...record, settings: take.settings, result: take.result, tracks: take.tracks, take: n };
}

/** The take before (undo) or after (redo) the current one in the list; null at either end. */
export function neighbourTake(record: RemixRecord, step: -1 | 1): number | null {
  const takes = record.takes ?? [];
  const at = takes.findIndex((t) => t.n === record.take);
  const next = takes[at + step];
  return at >= 0 && next ? next.n : null;
}

/** A name given by the musician (a remix's or a take's): 1 to 60 printable characters, trimmed. */
export function checkName(name: unknown, what: string): string {
  if (typeof name !== 'string' || !/^[^\u0000-\u001f]{1,60}$/.test(name.trim())) throw new HttpError(400, `${what} is 1 to 60 characters`);
  return name.trim();
}

/** A take's name. */
export function renameTake(record: RemixRecord, n: number, name: unknown): RemixRecord {
  findTake(record, n);
  const named = checkName(name, "a take's name");
  return { ...record, takes: record.takes!.map((t) => (t.n === n ? { ...t, name: named } : t)) };
}

/** Where take `n`'s file `file` is (for A/B between takes). */
export function takeFile(dir: string, record: RemixRecord, n: number, file: string): string {
  const take = findTake(record, n);
  if (!takeFiles(take.tracks).includes(file)) throw new HttpError(404, `take ${n} has no ${file}`);
  return join(dir, TAKES_DIR, String(n), file);
}
