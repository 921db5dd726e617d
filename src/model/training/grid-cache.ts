/**
 * A dataset's feature grids, computed once and kept beside it: preparing a training
 * run analyses every training song (the score representation's grid of the solo and
 * its note targets), and a second run, a resume or a sibling model with the same
 * representation reads them back instead.
 *
 *   DATASET/.grids/<key>/<song id>.bin     key: the dataset's manifest hash, the representation's
 *                                          spec, the source stem and GRID_CACHE_VERSION
 *
 * A file holds a JSON header (the song's file sizes and times, so a changed song is
 * analysed again) and the tracks' floats. Files are written atomically; a file that
 * cannot be read is computed again, and a dataset that cannot be written to is simply
 * not cached.
 */
import { bandFacts } from '../representation/band-facts.js';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { STEMS, type Stem } from '../../config.js';
import type { Dataset } from '../../dataset/loader.js';
import type { SongEntry } from '../../dataset/layout.js';
import { writeFileAtomic } from '../../io/atomic.js';
import type { RawTracks, Representation } from '../representation/index.js';

/** Bump when the grid's features or the note targets change: older caches are then ignored. */
export const GRID_CACHE_VERSION = 3;
export const GRIDS_DIR = '.grids';

/** Whether a representation's tracks are worth keeping (small grids, not audio-sized frames). */
export const cachesTracks = (representation: Representation) => bandFacts(representation.spec).cachesTracks;

export function gridCacheDir(dataset: Dataset, representation: Representation, source: Stem): string {
  const key = createHash('sha256').update(JSON.stringify({ version: GRID_CACHE_VERSION, dataset: dataset.hash, spec: representation.spec, source })).digest('hex').slice(0, 16);
  return join(dataset.dir, GRIDS_DIR, key);
}

/** The sizes and modification times of a song's files: a cached grid is used only while they are the same. */
async function songStamp(dataset: Dataset, entry: SongEntry): Promise<string> {
  const dir = join(dataset.dir, entry.dir);
  const names = (await fs.readdir(dir)).sort();
  const stats = await Promise.all(names.map((name) => fs.stat(join(dir, name)).then((s) => `${name}:${s.size}:${Math.round(s.mtimeMs)}`)));
  return stats.join('|');
}

/** What a song's tracks hold besides their arrays (levels, programs, style…), kept as they are. */
type TrackFacts = Omit<RawTracks, 'id' | 'frames' | 'input' | 'targets'>;

interface Header {
  stamp: string;
  id: string;
  frames: number;
  inputLength: number;
  targetLengths: Record<Stem, number>;
  facts: TrackFacts;
}

function encode(tracks: RawTracks, stamp: string): Uint8Array {
  const { id, frames, input, targets, ...facts } = tracks;
  const header: Header = { stamp, id, frames, inputLength: input.length, targetLengths: Object.fromEntries(STEMS.map((s) => [s, targets[s].length])) as Record<Stem, number>, facts };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const floats = tracks.input.length + STEMS.reduce((a, s) => a + tracks.targets[s].length, 0);
  const headerBytes = 4 + Math.ceil(json.length / 4) * 4;
  const bytes = new Uint8Array(headerBytes + floats * 4);
  new DataView(bytes.buffer).setUint32(0, json.length, true);
  bytes.set(json, 4);
  const data = new Float32Array(bytes.buffer, headerBytes);
  data.set(tracks.input, 0);
  let at = tracks.input.length;
  for (const stem of STEMS) {
    data.set(tracks.targets[stem], at);
    at += tracks.targets[stem].length;
  }
  return bytes;
}

function decode(bytes: Uint8Array, stamp: string): RawTracks | null {
  if (bytes.length < 4) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(0, true);
  if (4 + length > bytes.length) return null;
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(4, 4 + length))) as Header;
  if (header.stamp !== stamp) return null;
  const headerBytes = 4 + Math.ceil(length / 4) * 4;
  const floats = header.inputLength + STEMS.reduce((a, s) => a + header.targetLengths[s], 0);
  if (bytes.length !== headerBytes + floats * 4) return null;
  const data = new Float32Array(bytes.slice(headerBytes).buffer);
  const input = data.slice(0, header.inputLength);
  const targets = {} as Record<Stem, Float32Array>;
  let at = header.inputLength;
  for (const stem of STEMS) {
    targets[stem] = data.slice(at, at + header.targetLengths[stem]);
    at += header.targetLengths[stem];
  }
  return { ...header.facts, id: header.id, frames: header.frames, input, targets };
}

/**
 * A song's tracks from the cache in `dir`, or computed by `compute` and kept there — at once,
 * or, with `pending`, when the caller runs the write it is given (after checking the data, so a
 * refused training run writes nothing into its dataset; before the tracks change in place).
 */
export async function cachedSongTracks(dir: string, dataset: Dataset, entry: SongEntry, compute: () => Promise<RawTracks>, pending?: (() => Promise<void>)[]): Promise<RawTracks> {
  const stamp = await songStamp(dataset, entry);
  const path = join(dir, `${entry.id}.bin`);
  const cached = await fs.readFile(path).then((bytes) => {
    try {
      return decode(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), stamp);
    } catch {
      return null;
    }
  }, () => null);
  if (cached) return cached;
  const tracks = await compute();
  const write = async () => {
    try {
      await fs.mkdir(dir, { recursive: true });
      await writeFileAtomic(path, encode(tracks, stamp));
    } catch {
      // A dataset we may not write to is read as before, without a cache.
    }
  };
  if (pending) pending.push(write);
  else await write();
  return tracks;
}
