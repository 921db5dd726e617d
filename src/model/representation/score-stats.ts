/** Statistics the score representation fits over training songs: a median, and a fit per style. */
import type { RawTracks } from './representation.js';

/** The median of `values` (the mean of the middle two for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** `fit` over the songs of each style the songs record, by style name (sorted). */
export function perStyle<T>(songs: readonly RawTracks[], fit: (songs: readonly RawTracks[]) => T): Record<string, T> {
  const out: Record<string, T> = {};
  for (const style of [...new Set(songs.flatMap((s) => (s.style ? [s.style] : [])))].sort()) out[style] = fit(songs.filter((s) => s.style === style));
  return out;
}
