/**
 * Paired comparisons: the per-song differences a − b, their mean, and a seeded
 * percentile bootstrap 95 % interval of that mean (2000 resamples).
 */
import { Random } from '../random.js';

export const BOOTSTRAP_RESAMPLES = 2000;

export function pairedBootstrap(differences: readonly number[], seed = 0): { mean: number; low: number; high: number } | null {
  const n = differences.length;
  if (n === 0) return null;
  const mean = differences.reduce((a, b) => a + b, 0) / n;
  const random = new Random(seed, 'bootstrap');
  const means = new Float64Array(BOOTSTRAP_RESAMPLES);
  for (let r = 0; r < BOOTSTRAP_RESAMPLES; r++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += differences[random.int(0, n - 1)]!;
    means[r] = sum / n;
  }
  means.sort();
  return { mean, low: means[Math.floor(0.025 * BOOTSTRAP_RESAMPLES)]!, high: means[Math.ceil(0.975 * BOOTSTRAP_RESAMPLES) - 1]! };
}
