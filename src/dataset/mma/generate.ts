/**
 * `remixer dataset mma`: by default over MMA's whole library (library.ts). The classic
 * mode (--styles classic), kept for comparison: a dataset of realistic band parts from Musical MIDI
 * Accompaniment (Debian's `mma`, GPL-2, run as a program, never bundled): seeded chord
 * charts (chart.ts) in MMA's jazz, latin, rock and waltz styles are rendered by mma to
 * General MIDI, then imported like any MIDI collection (import/midi-import.ts) with the
 * charts' keys and chords as truth. Songs whose style gives no piano part are skipped
 * and listed. Optional: the default demo and the tests that need no mma never call it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RemixerError } from '../../errors.js';
import { Random } from '../../random.js';
import type { ProgressCallback } from '../../progress.js';
import type { DatasetManifest } from '../layout.js';
import type { GeneratedDatasetOptions } from '../split.js';
import { importMidiDataset, TRUTH_SUFFIX } from '../import/midi-import.js';
import { composeChart } from './chart.js';
import { runMma } from './catalog.js';
import { generateMmaLibraryDataset } from './library.js';
import { acquireTempPath } from '../../io/scratch.js';
import type { StyleFamily } from './catalog.js';

export interface MmaOptions extends GeneratedDatasetOptions {
  /** library (default): MMA's whole library (library.ts); classic: 34 default grooves over diatonic loops, every stem. */
  styles?: 'library' | 'classic';
  stems?: 'solo' | 'all';
  solos?: string;
  augment?: boolean;
  /** Comma-separated style families held out as the test split. */
  testFamilies?: string;
  workers?: number;
  /** A Redis URL: songs go to the BullMQ queue for `remixer worker`s. */
  queue?: string;
  /** With `queue`: the shared folder (default: the output's folder). */
  work?: string;
  soundFont?: string;
  force?: boolean;
  resume?: boolean;
  /** The mma program (default: `mma` on the PATH). */
  mma?: string;
  onProgress?: ProgressCallback;
}

export const MMA_DEFAULTS = { songs: 24, seconds: 30, seed: 100 } as const;

/** Whether mma runs here, and its version line. */
export function mmaVersion(program = 'mma'): string | null {
  const result = spawnSync(program, ['-v'], { encoding: 'utf8' });
  if (result.error || result.status !== 0) return null;
  return result.stdout.trim().split('\n').pop() ?? '';
}

export async function generateMmaDataset(options: MmaOptions): Promise<DatasetManifest> {
  const program = options.mma ?? 'mma';
  if (mmaVersion(program) === null) throw new RemixerError(`${program}: Musical MIDI Accompaniment is not installed (Debian: apt-get install mma)`, { kind: 'not-found' });
  const songs = options.songs ?? MMA_DEFAULTS.songs;
  const seconds = options.seconds ?? MMA_DEFAULTS.seconds;
  const seed = options.seed ?? MMA_DEFAULTS.seed;
  if ((options.styles ?? 'library') === 'library') {
    const testFamilies = options.testFamilies === undefined ? undefined : (options.testFamilies.split(',').map((f) => f.trim()).filter(Boolean) as StyleFamily[]);
    return generateMmaLibraryDataset({
      out: options.out,
      songs,
      seconds,
      seed,
      mma: program,
      mmaVersion: mmaVersion(program)!,
      ...(options.sampleRate ? { sampleRate: options.sampleRate } : {}),
      ...(options.split ? { split: options.split } : {}),
      ...(options.soundFont ? { soundFonts: [options.soundFont] } : {}),
      ...(options.stems ? { stems: options.stems } : {}),
      ...(options.solos ? { solos: options.solos } : {}),
      ...(options.augment ? { augment: true } : {}),
      ...(testFamilies ? { testFamilies } : {}),
      ...(options.workers ? { workers: options.workers } : {}),
      ...(options.queue ? { queue: options.queue, ...(options.work ? { work: options.work } : {}) } : {}),
      ...(options.force ? { force: true } : {}),
      ...(options.resume ? { resume: true } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  }
  const scratch = await acquireTempPath(join(tmpdir(), 'remixer-mma'));
  const work = scratch.path;
  await fs.mkdir(work, { recursive: true });
  try {
    const random = new Random(seed, 'mma');
    options.onProgress?.({ phase: 'mma charts', done: 0, total: songs });
    for (let i = 0; i < songs; i++) {
      const name = `mma-${String(i).padStart(3, '0')}`;
      const chart = composeChart(random.fork(name), seconds, seed * 1000 + i);
      await fs.writeFile(join(work, `${name}.mma`), chart.text);
      await runMma(program, join(work, `${name}.mma`), join(work, `${name}.mid`));
      await fs.writeFile(join(work, `${name}${TRUTH_SUFFIX}`), JSON.stringify({ ...chart.truth, style: chart.style }));
      options.onProgress?.({ phase: 'mma charts', done: i + 1, total: songs, values: { style: chart.style, tempo: chart.tempo } });
    }
    return await importMidiDataset({
      source: work,
      out: options.out,
      seconds,
      seed,
      skipBad: true,
      originLayout: 'mma',
      clips: 'first',
      originSource: `mma ${mmaVersion(program)}, seed ${seed}, ${songs} charts`,
      ...(options.sampleRate ? { sampleRate: options.sampleRate } : {}),
      ...(options.split ? { split: options.split } : {}),
      ...(options.soundFont ? { soundFont: options.soundFont } : {}),
      ...(options.force ? { force: true } : {}),
      ...(options.resume ? { resume: true } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    });
  } finally {
    await fs.rm(work, { recursive: true, force: true });
    await scratch.release();
  }
}
