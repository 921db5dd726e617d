/**
 * `remixer dataset synth`: the embedded default dataset, a deterministic set of
 * multitrack songs in the manner of Slakh2100 (stems rendered from a score).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { STEMS, PROJECT_SAMPLE_RATE } from '../../config.js';
import { RemixerError } from '../../errors.js';
import { checkOptions } from '../../options.js';
import { SYNTH_DEFAULTS, SYNTH_OPTIONS } from '../options.js';
import { buildDirectoryAtomic } from '../../io/atomic.js';
import { checkOutFolder } from '../../io/out-folder.js';
import { writeWav } from '../../io/wav.js';
import { noProgress, type ProgressCallback } from '../../progress.js';
import { DATASET_FOLDER, MANIFEST_FILE, newManifest, songDir, type DatasetManifest, type SongEntry } from '../layout.js';
import { assignSplits, DEFAULT_SPLIT, type GeneratedDatasetOptions } from '../split.js';
import { renderSong } from './render.js';
import { SCORE_FILE } from '../../score/score.js';
import { scoreOfSynthSong } from './song-score.js';

export const SYNTH_GENERATOR = 'remixer-synth-1';

export interface SynthOptions extends GeneratedDatasetOptions {
  /** Replace an existing dataset at `out`. */
  force?: boolean;
  onProgress?: ProgressCallback;
}

export { SYNTH_DEFAULTS } from '../options.js';

export async function synthesizeDataset(options: SynthOptions): Promise<DatasetManifest> {
  const songs = options.songs ?? SYNTH_DEFAULTS.songs;
  const seconds = options.seconds ?? SYNTH_DEFAULTS.seconds;
  const seed = options.seed ?? SYNTH_DEFAULTS.seed;
  const sampleRate = options.sampleRate ?? PROJECT_SAMPLE_RATE;
  const onProgress = options.onProgress ?? noProgress;
  checkOptions(SYNTH_OPTIONS, options);
  await checkOutFolder(options.out, { force: options.force === true, kind: DATASET_FOLDER });
  const fractions = options.split ?? DEFAULT_SPLIT;
  const ids = Array.from({ length: songs }, (_, i) => `song-${String(i).padStart(3, '0')}`);
  const splits = assignSplits(ids, fractions, seed);

  return buildDirectoryAtomic(
    options.out,
    async (dir) => {
      const entries: SongEntry[] = [];
      onProgress({ phase: 'songs', done: 0, total: songs });
      for (let i = 0; i < songs; i++) {
        const id = ids[i]!;
        const song = renderSong(seed, i, seconds, sampleRate);
        const folder = join(dir, songDir(id));
        await fs.mkdir(folder, { recursive: true });
        const asFloat = (values: Int16Array) => Float32Array.from(values, (v) => v / 32768);
        await writeWav(join(folder, 'mix.wav'), asFloat(song.mix), sampleRate, 'int16');
        for (const stem of STEMS) await writeWav(join(folder, `${stem}.wav`), asFloat(song.stems[stem]), sampleRate, 'int16');
        const metadata = { id, generator: SYNTH_GENERATOR, seed, index: i, levelsDb: song.levelsDb, timbre: song.timbre, score: song.score };
        await fs.writeFile(join(folder, 'song.json'), JSON.stringify(metadata, null, 1) + '\n');
        await fs.writeFile(join(folder, SCORE_FILE), JSON.stringify(scoreOfSynthSong(song.score, song.timbre)) + '\n');
        entries.push({ id, dir: songDir(id), split: splits.get(id)!, seconds, missingStems: [] });
        onProgress({ phase: 'songs', done: i + 1, total: songs, values: { tempo: song.score.tempo, key: song.score.key.name } });
      }
      const manifest = newManifest({ sampleRate, clipSeconds: seconds, sampleFormat: 'int16', origin: { kind: 'synth', seed, generator: SYNTH_GENERATOR }, split: { seed, fractions }, songs: entries });
      await fs.writeFile(join(dir, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n');
      return manifest;
    },
    { replace: options.force === true },
  );
}
