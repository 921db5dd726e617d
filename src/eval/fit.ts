/**
 * Fit to the solo without note-level truth, on a shuffled-pair scale (in the manner
 * of Accompaniment Prompt Adherence, arXiv 2503.06346, with this project's features):
 *
 * - harmonic similarity: over 1-second frames where both are audible, the mean
 *   correlation of the mean-removed chroma of the solo and of the accompaniment;
 * - rhythmic similarity: the beat F-measure (±70 ms) of the beats tracked on the
 *   accompaniment alone against the song's beats (the score's, or tracked on the true mix);
 * - fit = (sim(generated) − mean sim(other songs' true bands)) / (sim(own true band) −
 *   that mean): 1 = fits like the song's own band, 0 = like somebody else's band.
 *   Undefined (null) when the song's own band is not clearly closer than the others.
 *
 * An echo of the solo games the harmonic score (it correlates with itself), which is
 * why reports print fit beside the echo row and the spectral distances.
 */
import type { SignalFeatures } from './features.js';
import { beatFMeasure } from './analysis-metrics.js';

/** Below this gap between the own band and the others, the scale has no unit. */
export const MIN_FIT_GAP = 0.02;

export function harmonicSimilarity(solo: SignalFeatures, accompaniment: SignalFeatures): number | null {
  const a = solo.pooledChroma();
  const b = accompaniment.pooledChroma();
  const frames = Math.min(a.frames, b.frames);
  const loudest = (e: Float32Array) => e.reduce((m, v) => Math.max(m, v), 0);
  const [ea, eb] = [loudest(a.energy), loudest(b.energy)];
  if (ea <= 0 || eb <= 0) return 0;
  let sum = 0, count = 0;
  for (let f = 0; f < frames; f++) {
    if (a.energy[f]! < 1e-4 * ea || b.energy[f]! < 1e-4 * eb) continue;
    const x = Array.from({ length: 12 }, (_, c) => Math.sqrt(a.data[f * 12 + c]!));
    const y = Array.from({ length: 12 }, (_, c) => Math.sqrt(b.data[f * 12 + c]!));
    const mx = x.reduce((s, v) => s + v, 0) / 12;
    const my = y.reduce((s, v) => s + v, 0) / 12;
    let dot = 0, nx = 0, ny = 0;
    for (let c = 0; c < 12; c++) {
      dot += (x[c]! - mx) * (y[c]! - my);
      nx += (x[c]! - mx) ** 2;
      ny += (y[c]! - my) ** 2;
    }
    sum += nx > 0 && ny > 0 ? dot / Math.sqrt(nx * ny) : 0;
    count++;
  }
  return count ? sum / count : 0;
}

/** Beat F of the accompaniment's own beats against the song's beats (0 when the accompaniment has none). */
export function rhythmicSimilarity(accompanimentBeats: readonly number[], songBeats: readonly number[]): number | null {
  return beatFMeasure(songBeats, accompanimentBeats);
}

export function fitScale(generated: number | null, own: number | null, others: readonly (number | null)[]): number | null {
  const values = others.filter((v): v is number => v !== null);
  if (generated === null || own === null || values.length === 0) return null;
  const base = values.reduce((a, b) => a + b, 0) / values.length;
  const gap = own - base;
  return Math.abs(gap) < MIN_FIT_GAP ? null : (generated - base) / gap;
}
