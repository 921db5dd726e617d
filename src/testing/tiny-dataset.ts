/** A tiny synthetic dataset for model tests: 8 kHz, a few short songs, made once per process. */
import { join } from 'node:path';
import { synthesizeDataset } from '../dataset/synth/generate.js';
import { tempDir } from './fixtures.js';

let cached: Promise<string> | null = null;

/** 6 songs × 3 s at 8000 Hz: 4 train, 1 validation, 1 test. */
export function tinyDataset(): Promise<string> {
  cached ??= (async () => {
    const out = join(await tempDir('remixer-tiny-'), 'data');
    await synthesizeDataset({ out, songs: 6, seconds: 3, seed: 4, sampleRate: 8000, split: { train: 4, validation: 1, test: 1 } });
    return out;
  })();
  return cached;
}

/** Small network and short windows, so a test epoch takes well under a second. */
export const TINY_MODEL = { windowSeconds: 0.25, lstmUnits: 6, featureUnits: 16, batchSize: 4, workers: 2 } as const;
