/**
 * `remixer dataset import`: converts a real stem dataset into the Remixer layout.
 * Songs are decoded, downmixed, resampled to the project rate and trimmed (or
 * padded) to the clip length. Missing stems become silence and are recorded in
 * the manifest. An unreadable file stops the import and leaves nothing behind.
 */
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { CLIP_SECONDS, PROJECT_SAMPLE_RATE, STEMS, type Stem } from '../../config.js';
import { RemixerError } from '../../errors.js';
import { checkOptions } from '../../options.js';
import { IMPORT_OPTIONS } from '../options.js';
import { buildDirectoryAtomic } from '../../io/atomic.js';
import { checkOutFolder } from '../../io/out-folder.js';
import { loadAudio } from '../../io/load.js';
import { writeWav } from '../../io/wav.js';
import { mixSignals } from '../../dsp/levels.js';
import { noProgress, type ProgressCallback } from '../../progress.js';
import { DATASET_FOLDER, MANIFEST_FILE, newManifest, songDir, uniqueIds, type DatasetManifest, type SongEntry } from '../layout.js';
import { assignSplits, DEFAULT_SPLIT, type SplitFractions } from '../split.js';
import { findSourceSongs, type AudioLayout, type ImportLayout, type SourceSong } from './sources.js';
import { importMidiDataset, type MidiImportOptions } from './midi-import.js';

export interface ImportOptions extends Omit<MidiImportOptions, 'originLayout'> {
  source: string;
  layout: ImportLayout;
  out: string;
  seconds?: number;
  sampleRate?: number;
  seed?: number;
  split?: SplitFractions;
  force?: boolean;
  onProgress?: ProgressCallback;
}

export async function importDataset(options: ImportOptions): Promise<DatasetManifest> {
  if (options.layout === 'midi') {
    checkOptions(IMPORT_OPTIONS, options);
    return importMidiDataset(options);
  }
  if (options.moreSources?.length) throw new RemixerError(`--layout ${options.layout} imports one source folder (got ${1 + options.moreSources.length}); only --layout midi takes several`);
  return importAudioDataset({ ...options, layout: options.layout });
}

/** Audio stem datasets (MUSDB18-HQ, Slakh2100, a folder per song). */
async function importAudioDataset(options: ImportOptions & { layout: AudioLayout }): Promise<DatasetManifest> {
  const seconds = options.seconds ?? CLIP_SECONDS;
  const sampleRate = options.sampleRate ?? PROJECT_SAMPLE_RATE;
  const seed = options.seed ?? 0;
  const onProgress = options.onProgress ?? noProgress;
  checkOptions(IMPORT_OPTIONS, options);
  await checkOutFolder(options.out, { force: options.force === true, kind: DATASET_FOLDER, inputs: [{ path: options.source, what: 'the source', whole: true }] });
  const sources = await findSourceSongs(options.source, options.layout);
  const ids = uniqueIds(sources.map((s) => s.name));
  const fractions = options.split ?? DEFAULT_SPLIT;
  const splits = assignSplits(ids, fractions, seed);
  const length = Math.round(seconds * sampleRate);

  /** Loads and sums files at the project rate; returns the longest real duration too. */
  const loadSum = async (files: string[]): Promise<{ samples: Float32Array; seconds: number }> => {
    const loaded = await Promise.all(files.map((f) => loadAudio(f, { sampleRate, seconds })));
    const realSeconds = Math.max(0, ...loaded.map((l) => Math.min(seconds, l.original.seconds)));
    return { samples: loaded.length ? mixSignals(loaded.map((l) => l.samples)) : new Float32Array(length), seconds: realSeconds };
  };

  return buildDirectoryAtomic(
    options.out,
    async (dir) => {
      const entries: SongEntry[] = [];
      onProgress({ phase: 'songs', done: 0, total: sources.length });
      for (let i = 0; i < sources.length; i++) {
        const source: SourceSong = sources[i]!;
        const id = ids[i]!;
        const folder = join(dir, songDir(id));
        await fs.mkdir(folder, { recursive: true });
        const missingStems: Stem[] = [];
        const stems = {} as Record<Stem, Float32Array>;
        let songSeconds = 0;
        for (const stem of STEMS) {
          if (source.stems[stem].length === 0) missingStems.push(stem);
          const { samples, seconds: s } = await loadSum(source.stems[stem]);
          stems[stem] = samples;
          songSeconds = Math.max(songSeconds, s);
          await writeWav(join(folder, `${stem}.wav`), samples, sampleRate, 'float32');
        }
        const mix = source.mix.length ? (await loadSum(source.mix)).samples : mixSignals(STEMS.map((s) => stems[s]));
        await writeWav(join(folder, 'mix.wav'), mix, sampleRate, 'float32');
        const metadata = {
          id,
          origin: { layout: options.layout, name: source.name, mix: source.mix.map((f) => basename(f)), stems: Object.fromEntries(STEMS.map((s) => [s, source.stems[s].map((f) => basename(f))])) },
          missingStems,
        };
        await fs.writeFile(join(folder, 'song.json'), JSON.stringify(metadata, null, 1) + '\n');
        entries.push({ id, dir: songDir(id), split: splits.get(id)!, seconds: Number(songSeconds.toFixed(3)), missingStems });
        onProgress({ phase: 'songs', done: i + 1, total: sources.length, values: { song: id } });
      }
      const manifest = newManifest({ sampleRate, clipSeconds: seconds, sampleFormat: 'float32', origin: { kind: 'import', layout: options.layout, source: basename(options.source.replace(/\/+$/, '')) }, split: { seed, fractions }, songs: entries });
      await fs.writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
      return manifest;
    },
    { replace: options.force === true },
  );
}
