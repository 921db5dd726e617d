/** The seeded train/validation/test split of a dataset by song. */
import { Random } from '../random.js';
import { RemixerError } from '../errors.js';

export const SPLITS = ['train', 'validation', 'test'] as const;
export type Split = (typeof SPLITS)[number];
export type SplitFractions = Record<Split, number>;

export const DEFAULT_SPLIT: SplitFractions = { train: 0.8, validation: 0.1, test: 0.1 };

/**
 * Parses "80/10/10" (percent or fractions, any scale) into fractions summing to 1.
 * "0/0/100" is allowed: a dataset made only for evaluation (training on it then
 * says that its train split is empty).
 */
export function parseSplit(text: string): SplitFractions {
  const parts = text.split(/[/,:]/).map((p) => (p.trim() === '' ? Number.NaN : Number(p.trim())));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0) || parts[0]! + parts[1]! + parts[2]! <= 0) {
    throw new RemixerError(`--split "${text}": expected three numbers train/validation/test, none negative and not all zero, e.g. 80/10/10 (0/0/100 makes an evaluation-only dataset)`);
  }
  const total = parts[0]! + parts[1]! + parts[2]!;
  return { train: parts[0]! / total, validation: parts[1]! / total, test: parts[2]! / total };
}

/**
 * Assigns each id to a split: ids are shuffled with `seed`, then the first
 * round(n·test) go to test, the next round(n·validation) to validation, the rest
 * to train. With three or more songs, a non-zero fraction always gets one song.
 */
export function assignSplits(ids: readonly string[], fractions: SplitFractions, seed: number | string): Map<string, Split> {
  const n = ids.length;
  const total = fractions.train + fractions.validation + fractions.test;
  if (!(total > 0)) throw new RemixerError('split fractions must add up to more than zero');
  const count = (share: number) => {
    const fraction = share / total;
    const c = Math.round(n * fraction);
    return fraction > 0 && n >= 3 ? Math.max(1, c) : c;
  };
  // A non-zero train fraction always keeps at least one song for training.
  const keepForTrain = fractions.train > 0 ? 1 : 0;
  const nTest = Math.min(count(fractions.test), Math.max(0, n - keepForTrain));
  const nValidation = Math.min(count(fractions.validation), Math.max(0, n - nTest - keepForTrain));
  const order = new Random(seed, 'split').shuffle([...ids].sort());
  const result = new Map<string, Split>();
  order.forEach((id, i) => result.set(id, i < nTest ? 'test' : i < nTest + nValidation ? 'validation' : 'train'));
  return result;
}

/** What every generated dataset is asked (dataset synth, dataset mma in both modes): where, how many songs, how long, the seed, the rate and the split. */
export interface GeneratedDatasetOptions {
  out: string;
  songs?: number;
  seconds?: number;
  seed?: number;
  sampleRate?: number;
  split?: SplitFractions;
}
