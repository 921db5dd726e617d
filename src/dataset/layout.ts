/**
 * The one dataset layout every part of Remixer reads and writes:
 *
 *   DIR/dataset.json                 the manifest (below)
 *   DIR/songs/<id>/mix.wav           the mix
 *   DIR/songs/<id>/<stem>.wav        drums, bass, piano, other (mono, project rate, clip length)
 *   DIR/songs/<id>/song.json         the song's metadata (score for synthetic songs, origin for imports)
 */
import { join } from 'node:path';
import { STEMS, type Stem } from '../config.js';
import type { WavSampleFormat } from '../io/wav.js';
import type { FolderKind } from '../io/out-folder.js';
import type { Split, SplitFractions } from './split.js';

export const MANIFEST_FILE = 'dataset.json';
export const DATASET_FORMAT = 'remixer-dataset';
export const DATASET_VERSION = 1;
/** A dataset folder, as the rule for folders written whole (io/out-folder.ts) recognises it. */
export const DATASET_FOLDER: FolderKind = { what: 'dataset', manifest: MANIFEST_FILE, format: DATASET_FORMAT };

export interface SongEntry {
  id: string;
  /** Folder relative to the dataset directory. */
  dir: string;
  split: Split;
  /** Seconds of real audio before any padding to the clip length. */
  seconds: number;
  /** Stems the source did not have; their files hold silence. */
  missingStems: Stem[];
  /** A clip of a longer song (an import of whole songs): the song's id (the unit of the split) and where the clip starts in it, seconds. */
  song?: string;
  start?: number;
  /** The instrument family that plays the solo (an import that chose it: piano, guitar, organ, …). */
  solo?: string;
  /** How often training draws this song's windows against the others' (a combined dataset's train songs; default 1). */
  weight?: number;
}

/** The song a dataset entry belongs to: its own id unless it is a clip of a longer song. */
export const songOf = (entry: Pick<SongEntry, 'id' | 'song'>) => entry.song ?? entry.id;

export type DatasetOrigin =
  | { kind: 'synth'; seed: number; generator: string }
  | { kind: 'import'; layout: 'musdb' | 'slakh' | 'folder' | 'midi' | 'mma' | 'human'; source: string }
  | { kind: 'combined'; sources: { name: string; dir: string; hash: string; weight: number; songs: number }[] };

export interface DatasetManifest {
  format: typeof DATASET_FORMAT;
  version: typeof DATASET_VERSION;
  sampleRate: number;
  clipSeconds: number;
  stems: Stem[];
  sampleFormat: WavSampleFormat;
  origin: DatasetOrigin;
  /**
   * How songs were split: the seed and fractions; `by: 'song'` when entries are clips of
   * longer songs and every clip of a song shares its split; `only` when only some splits'
   * songs were rendered (a development set).
   */
  split: { seed: number; fractions: SplitFractions; by?: 'song' | 'clip'; only?: Split[] };
  /** What played the solo, as asked of an import (--solo): an instrument family, or auto. */
  solo?: string;
  songs: SongEntry[];
  /** Source files left out with --skip-bad, and why. */
  skipped?: { file: string; reason: string }[];
  /** A corpus split by style (dataset mma): the families held out as the test split, and each split's styles. */
  styleSplit?: { testFamilies: string[]; styles: Record<Split, string[]> };
}

/** A manifest of the current format for these songs. */
export function newManifest(fields: Omit<DatasetManifest, 'format' | 'version' | 'stems'>): DatasetManifest {
  return { format: DATASET_FORMAT, version: DATASET_VERSION, ...fields, stems: [...STEMS] };
}

export type SongPart = 'mix' | Stem;
export const SONG_PARTS: readonly SongPart[] = ['mix', ...STEMS];

export function songPartPath(datasetDir: string, song: Pick<SongEntry, 'dir'>, part: SongPart): string {
  return join(datasetDir, song.dir, `${part}.wav`);
}

export function songMetadataPath(datasetDir: string, song: Pick<SongEntry, 'dir'>): string {
  return join(datasetDir, song.dir, 'song.json');
}

export function songDir(id: string): string {
  return `songs/${id}`;
}

/** A filesystem- and URL-safe id from a free-form name. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
  return slug || 'song';
}

/** Makes ids unique by suffixing -2, -3, ... */
export function uniqueIds(names: readonly string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    const base = slugify(name);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  });
}
