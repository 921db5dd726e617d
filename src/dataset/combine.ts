/**
 * `remixer dataset combine --out DIR --data A --data B [--weight B=3]`: one dataset made of
 * others, for training on people and rules together (the human songs, MMA's grooves, the
 * synthetic songs). Nothing is copied: DIR/songs/<source>-<id> is a link to the source's
 * song folder (the sources stay where they are), every song keeps its split, and the train
 * songs of a source carry its weight — how often the trainer draws their windows against the
 * others' (`SongEntry.weight`), so a small corpus of people's songs counts beside a large one
 * made by rules. All sources must have one sample rate.
 */
import { promises as fs } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { RemixerError } from '../errors.js';
import { buildDirectoryAtomic } from '../io/atomic.js';
import { checkOutFolder } from '../io/out-folder.js';
import { openDataset } from './loader.js';
import { DATASET_FOLDER, MANIFEST_FILE, newManifest, slugify, songDir, type DatasetManifest, type SongEntry } from './layout.js';

export interface CombineOptions {
  out: string;
  data: readonly string[];
  /** Weight of each source's train songs, by the source's folder name (default 1). */
  weights?: Readonly<Record<string, number>>;
  force?: boolean;
}

/** Parses "human=3,band-train=1" into weights by source name. */
export function parseWeights(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const match = /^([^=]+)=(\d+)$/.exec(part);
    const weight = match ? Number(match[2]) : NaN;
    if (!match || !(weight >= 1 && weight <= 100)) throw new RemixerError(`--weight ${text}: expected NAME=N pairs with N a whole number from 1 to 100, e.g. human-auto=3`);
    out[match[1]!.trim()] = weight;
  }
  return out;
}

export async function combineDatasets(options: CombineOptions): Promise<DatasetManifest> {
  if (options.data.length < 2) throw new RemixerError('dataset combine: give two or more --data folders');
  await checkOutFolder(options.out, { force: options.force === true, kind: DATASET_FOLDER, inputs: options.data.map((path) => ({ path, what: 'the dataset', whole: true })) });
  const datasets = await Promise.all(options.data.map((dir) => openDataset(dir)));
  const names = options.data.map((dir) => slugify(basename(resolve(dir))));
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new RemixerError(`dataset combine: two sources are named ${twice}; give each its own folder name`);
  for (const name of Object.keys(options.weights ?? {})) if (!names.includes(slugify(name))) throw new RemixerError(`--weight ${name}: no source of that name (sources: ${names.join(', ')})`);
  const rate = datasets[0]!.sampleRate;
  datasets.forEach((d, i) => {
    if (d.sampleRate !== rate) throw new RemixerError(`${options.data[i]}: is at ${d.sampleRate} Hz, ${options.data[0]} at ${rate} Hz: combine datasets of one sample rate`);
  });
  const weightOf = (name: string) => Object.entries(options.weights ?? {}).find(([key]) => slugify(key) === name)?.[1] ?? 1;
  return buildDirectoryAtomic(options.out, async (dir) => {
    const songs: SongEntry[] = [];
    await fs.mkdir(join(dir, 'songs'));
    for (const [k, dataset] of datasets.entries()) {
      const name = names[k]!;
      const weight = weightOf(name);
      for (const entry of dataset.songs()) {
        const id = `${name}-${entry.id}`;
        await fs.symlink(resolve(dataset.dir, entry.dir), join(dir, songDir(id)), 'dir');
        const { id: _id, dir: _dir, weight: _weight, song, ...rest } = entry;
        songs.push({ ...rest, id, dir: songDir(id), ...(song !== undefined ? { song: `${name}-${song}` } : {}), ...(entry.split === 'train' && weight !== 1 ? { weight } : {}) });
      }
    }
    const manifest = newManifest({
      sampleRate: rate,
      clipSeconds: Math.max(...datasets.map((d) => d.manifest.clipSeconds)),
      sampleFormat: datasets[0]!.manifest.sampleFormat,
      origin: { kind: 'combined', sources: datasets.map((d, k) => ({ name: names[k]!, dir: resolve(d.dir), hash: d.hash, weight: weightOf(names[k]!), songs: d.manifest.songs.length })) },
      split: { seed: datasets[0]!.manifest.split.seed, fractions: datasets[0]!.manifest.split.fractions, by: 'song' },
      songs,
    });
    await fs.writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
    return manifest;
  }, { replace: options.force === true });
}
