/**
 * Reading datasets. Everything that trains, evaluates or serves reads songs
 * through `openDataset`, which checks the manifest and every file it loads.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { STEMS, isStem, type Stem } from '../config.js';
import { fileError, RemixerError, oneLine } from '../errors.js';
import { decodeAudioFile } from '../io/decode.js';
import { parseJsonFile, readFolderFile } from '../io/folder-file.js';
import { SCORE_FILE, scoreProblem, type Score } from '../score/score.js';
import { scoreOfSynthSong } from './synth/song-score.js';
import type { SongScore } from './synth/score.js';
import type { Timbre } from './synth/instruments.js';
import { join } from 'node:path';
import { DATASET_FORMAT, MANIFEST_FILE, songMetadataPath, songOf, songPartPath, type DatasetManifest, type SongEntry, type SongPart } from './layout.js';
import { SPLITS, type Split } from './split.js';

export interface LoadedSong {
  entry: SongEntry;
  mix: Float32Array;
  stems: Record<Stem, Float32Array>;
}

export class Dataset {
  constructor(
    readonly dir: string,
    readonly manifest: DatasetManifest,
    /** sha256 of the manifest file, recorded by models trained on this dataset. */
    readonly hash: string,
  ) {}

  get sampleRate(): number {
    return this.manifest.sampleRate;
  }

  /** Songs of one split (all songs when omitted), in manifest order. */
  songs(split?: Split): SongEntry[] {
    return this.manifest.songs.filter((s) => split === undefined || s.split === split);
  }

  song(id: string): SongEntry {
    const entry = this.manifest.songs.find((s) => s.id === id);
    if (!entry) throw new RemixerError(`${this.dir}: no song "${id}" in the dataset`);
    return entry;
  }

  /**
   * One part of a song as samples at the dataset rate, checked against the manifest.
   * A stem the song does not have (missingStems) may have no file: it is silence; a mix
   * with no file is the sum of the stems (a corpus that renders only the solo writes
   * neither).
   */
  async loadPart(entry: SongEntry, part: SongPart): Promise<Float32Array> {
    const path = songPartPath(this.dir, entry, part);
    const optional = part === 'mix' || entry.missingStems.includes(part);
    if (optional && !(await fs.stat(path).then(() => true, () => false))) {
      const length = Math.round(this.manifest.clipSeconds * this.manifest.sampleRate);
      if (part !== 'mix') return new Float32Array(length);
      const sum = new Float32Array(length);
      for (const stem of STEMS) {
        if (entry.missingStems.includes(stem)) continue;
        const samples = await this.loadPart(entry, stem);
        for (let i = 0; i < length; i++) sum[i]! += samples[i]!;
      }
      return sum;
    }
    const audio = await decodeAudioFile(path);
    if (audio.sampleRate !== this.manifest.sampleRate) {
      throw fileError(path, `sample rate ${audio.sampleRate} Hz, but the dataset is ${this.manifest.sampleRate} Hz`);
    }
    if (audio.channels.length !== 1) throw fileError(path, `${audio.channels.length} channels; dataset files are mono`);
    const expected = Math.round(this.manifest.clipSeconds * this.manifest.sampleRate);
    if (audio.channels[0]!.length !== expected) {
      throw fileError(path, `${audio.channels[0]!.length} samples; the dataset's clips are ${expected}`);
    }
    return audio.channels[0]!;
  }

  async loadSong(entry: SongEntry, parts: readonly SongPart[] = ['mix', ...STEMS]): Promise<LoadedSong> {
    const loaded = await Promise.all(parts.map((part) => this.loadPart(entry, part)));
    const length = Math.round(this.manifest.clipSeconds * this.manifest.sampleRate);
    const get = (part: SongPart) => loaded[parts.indexOf(part)] ?? new Float32Array(length);
    const stems = {} as Record<Stem, Float32Array>;
    for (const stem of STEMS) stems[stem] = get(stem);
    return { entry, mix: get('mix'), stems };
  }

  /** The song's score (score.ts), or null when the dataset has none for it (audio-only imports). */
  async loadScore(entry: SongEntry): Promise<Score | null> {
    const path = join(this.dir, entry.dir, SCORE_FILE);
    const text = await fs.readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw fileError(path, `cannot read (${error.message})`);
    });
    if (text !== null) {
      const score = parseJsonFile<Score>(path, text, 'score');
      const problem = scoreProblem(score);
      if (problem) throw fileError(path, `invalid score: ${problem}`);
      return score;
    }
    if (this.manifest.origin.kind !== 'synth') return null;
    const metadata = await this.loadMetadata(entry);
    return metadata['score'] ? scoreOfSynthSong(metadata['score'] as SongScore, metadata['timbre'] as Timbre | undefined) : null;
  }

  async loadMetadata(entry: SongEntry): Promise<Record<string, unknown>> {
    const path = songMetadataPath(this.dir, entry);
    try {
      return JSON.parse(await fs.readFile(path, 'utf8')) as Record<string, unknown>;
    } catch (error) {
      throw fileError(path, `cannot read song metadata (${oneLine(error)})`);
    }
  }
}

/** Opens and validates a dataset directory. */
export async function openDataset(dir: string): Promise<Dataset> {
  const { path, text } = await readFolderFile(dir, MANIFEST_FILE, 'dataset');
  const manifest = parseJsonFile<DatasetManifest>(path, text, 'manifest');
  validateManifest(manifest, path);
  return new Dataset(dir, manifest, createHash('sha256').update(text).digest('hex'));
}

function validateManifest(m: DatasetManifest, path: string): void {
  const problem = (text: string) => fileError(path, `invalid manifest: ${text}`);
  if (m === null || typeof m !== 'object' || m.format !== DATASET_FORMAT) throw problem(`not a ${DATASET_FORMAT} manifest`);
  if (!(m.sampleRate > 0)) throw problem('sampleRate must be positive');
  if (!(m.clipSeconds > 0)) throw problem('clipSeconds must be positive');
  if (!Array.isArray(m.songs) || m.songs.length === 0) throw problem('no songs');
  if (!Array.isArray(m.stems) || m.stems.join() !== STEMS.join()) throw problem(`stems must be ${STEMS.join(', ')}`);
  const ids = new Set<string>();
  for (const song of m.songs) {
    if (typeof song.id !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(song.id)) throw problem(`bad song id ${JSON.stringify(song.id)}`);
    if (ids.has(song.id)) throw problem(`duplicate song id ${song.id}`);
    ids.add(song.id);
    if (!(SPLITS as readonly string[]).includes(song.split)) throw problem(`song ${song.id} has unknown split ${song.split}`);
    if (typeof song.dir !== 'string' || song.dir.includes('..') || song.dir.startsWith('/')) throw problem(`song ${song.id} has an unsafe dir`);
    if (!Array.isArray(song.missingStems) || !song.missingStems.every(isStem)) throw problem(`song ${song.id} has bad missingStems`);
    if (song.weight !== undefined && !(Number.isInteger(song.weight) && song.weight >= 1 && song.weight <= 100)) throw problem(`song ${song.id} has a weight that is not a whole number from 1 to 100`);
  }
}

export interface DatasetSummary {
  dir: string;
  origin: string;
  sampleRate: number;
  clipSeconds: number;
  songs: number;
  bySplit: Record<Split, number>;
  minutes: number;
  missingStems: Partial<Record<Stem, number>>;
  details: string[];
  /** Source files left out of an import with --skip-bad. */
  skipped: { file: string; reason: string }[];
}

/** Counts and, for synthetic songs, the musical variety (tempo range, keys, patterns). */
export async function summarizeDataset(dataset: Dataset): Promise<DatasetSummary> {
  const m = dataset.manifest;
  const bySplit = { train: 0, validation: 0, test: 0 } as Record<Split, number>;
  const missingStems: Partial<Record<Stem, number>> = {};
  for (const song of m.songs) {
    bySplit[song.split]++;
    for (const stem of song.missingStems) missingStems[stem] = (missingStems[stem] ?? 0) + 1;
  }
  const details: string[] = [];
  if (m.origin.kind === 'synth') {
    const metas = await Promise.all(m.songs.map((s) => dataset.loadMetadata(s)));
    const scores = metas.map((meta) => meta['score'] as { tempo: number; key: { name: string }; drumPattern: string; bassPattern: string; pianoStyle: string; otherKind: string });
    const tempos = scores.map((s) => s.tempo);
    const count = (values: string[]) => [...new Set(values)].length;
    details.push(`tempo ${Math.min(...tempos)}-${Math.max(...tempos)} BPM, ${count(scores.map((s) => s.key.name))} keys`);
    details.push(`${count(scores.map((s) => s.drumPattern))} drum grooves, ${count(scores.map((s) => s.bassPattern))} bass patterns, ${count(scores.map((s) => s.pianoStyle))} piano styles, ${count(scores.map((s) => s.otherKind))} kinds of other part`);
  }
  if (m.songs.some((s) => s.song !== undefined)) {
    // Clips of whole songs: how many songs each split holds, and who played the solo.
    const songsIn = (split: Split) => new Set(m.songs.filter((s) => s.split === split).map(songOf)).size;
    details.push(`clips of ${new Set(m.songs.map(songOf)).size} songs (${songsIn('train')} train / ${songsIn('validation')} validation / ${songsIn('test')} test), split by song (seed ${m.split.seed})${m.split.only ? `; only the ${m.split.only.join(' and ')} songs rendered` : ''}`);
  }
  const solos = new Map<string, number>();
  for (const song of m.songs) if (song.solo) solos.set(song.solo, (solos.get(song.solo) ?? 0) + 1);
  if (solos.size) details.push(`the solo: ${[...solos.entries()].map(([name, n]) => `${name} in ${n}`).join(', ')}${m.solo ? ` (asked: ${m.solo})` : ''}`);
  const o = m.origin;
  const origin = o.kind === 'synth' ? `synthetic (seed ${o.seed})` : o.kind === 'combined' ? `combined from ${o.sources.map((s) => `${s.name} (${s.songs} songs${s.weight !== 1 ? `, train songs weighted ${s.weight}` : ''})`).join(', ')}` : `${o.layout === 'midi' || o.layout === 'mma' || o.layout === 'human' ? 'rendered' : 'imported'} from ${o.layout} (${o.source})`;
  return {
    dir: dataset.dir,
    origin,
    sampleRate: m.sampleRate,
    clipSeconds: m.clipSeconds,
    songs: m.songs.length,
    bySplit,
    minutes: m.songs.reduce((sum, s) => sum + s.seconds, 0) / 60,
    missingStems,
    details,
    skipped: m.skipped ?? [],
  };
}

export function formatSummary(s: DatasetSummary): string {
  const lines = [
    `dataset ${s.dir}: ${s.origin}`,
    `  ${s.songs} songs (${s.bySplit.train} train / ${s.bySplit.validation} validation / ${s.bySplit.test} test), ${s.minutes.toFixed(1)} min of audio, ${s.clipSeconds} s clips at ${s.sampleRate} Hz, stems ${STEMS.join(', ')}`,
    ...s.details.map((d) => `  ${d}`),
  ];
  const missing = Object.entries(s.missingStems);
  if (missing.length) lines.push(`  missing stems (silent): ${missing.map(([stem, n]) => `${stem} in ${n} song(s)`).join(', ')}`);
  for (const skipped of s.skipped) lines.push(`  skipped ${skipped.file}: ${skipped.reason}`);
  return lines.join('\n');
}
