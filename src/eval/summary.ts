/** Summaries over songs: median and quartiles (linear interpolation, numpy's default). */
import type { Spread } from './report.js';

export type { Spread } from './report.js';

export function quantile(sorted: readonly number[], q: number): number {
  const position = (sorted.length - 1) * q;
  const lo = Math.floor(position), hi = Math.ceil(position);
  if (lo === hi || sorted[lo] === sorted[hi]) return sorted[lo]!;
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (position - lo);
}

export function spread(values: readonly number[]): Spread | null {
  if (values.length === 0) return null;
  const sorted = values.slice().sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75), n: sorted.length };
}
