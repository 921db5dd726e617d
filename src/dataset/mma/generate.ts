/**
 * `remixer dataset mma`: a dataset of realistic band parts from Musical MIDI
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
import type { SplitFractions } from '../split.js';
import { importMidiDataset, TRUTH_SUFFIX } from '../import/midi-import.js';
import { composeChart } from './chart.js';

export interface MmaOptions {
  out: string;
  songs?: number;
  seconds?: number;
  seed?: number;
  sampleRate?: number;
  split?: SplitFractions;
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

function runMma(program: string, chart: string, midi: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['-f', midi, chart], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new RemixerError(`${chart}: mma failed (exit ${code}): ${stderr.trim().split('\n').pop() ?? ''}`))));
  });
}

export async function generateMmaDataset(options: MmaOptions): Promise<DatasetManifest> {
  const program = options.mma ?? 'mma';
  if (mmaVersion(program) === null) throw new RemixerError(`${program}: Musical MIDI Accompaniment is not installed (Debian: apt-get install mma)`, { kind: 'not-found' });
  const songs = options.songs ?? MMA_DEFAULTS.songs;
  const seconds = options.seconds ?? MMA_DEFAULTS.seconds;
  const seed = options.seed ?? MMA_DEFAULTS.seed;
  const work = await fs.mkdtemp(join(tmpdir(), 'remixer-mma-'));
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
  }
}
