/**
 * Style for score models: the style families a model was trained with are an input (a
 * one-hot after the grid's positions, all zeros for "no style"), a user names one with
 * `--style` (a family, or a word the families' rules know: "swing", "bossa", "rock"), and
 * `auto` picks the known style whose training songs' *style features* are nearest the
 * solo's (nearest centroid in standardised features).
 *
 * Style features of a feature grid (un-normalised, STYLE_FEATURE_COUNT of them):
 *   onset by place in the beat (subdivision, ≤ 4)  mean onset strength on each sixteenth,
 *                                                  over the mean of all: straight, swung, syncopated
 *   onset by beat in the bar (4)                   the same per beat: backbeats, two-feel, waltz
 *   tempo                                          beats per minute / 100
 *   triple meter                                   1 for 3 beats a bar, else 0
 *   loudness, onset density                        mean loudness; share of steps with an onset over ½
 */
import { RemixerError } from '../../errors.js';
import { familyNamed } from '../../dataset/mma/catalog.js';
import type { FeatureGrid } from '../../analysis/grid.js';
import { AUTO_STYLE, type StyleCentroids } from './spec.js';

export const STYLE_FEATURE_COUNT = 4 + 4 + 4;

export { AUTO_STYLE } from './spec.js';

/** The style features of a grid (see the header). */
export function styleFeatures(grid: FeatureGrid): number[] {
  const bySub = new Float64Array(4), subCount = new Float64Array(4);
  const byBeat = new Float64Array(4), beatCount = new Float64Array(4);
  let total = 0, loud = 0, dense = 0;
  for (let s = 0; s < grid.steps; s++) {
    const o = grid.onset[s]!;
    const sub = Math.min(3, Math.floor((grid.sub[s]! * 4) / grid.subdivision));
    bySub[sub]! += o;
    subCount[sub]!++;
    byBeat[grid.beatInBar[s]! % 4]! += o;
    beatCount[grid.beatInBar[s]! % 4]!++;
    total += o;
    loud += grid.loudness[s]!;
    if (o > 0.5) dense++;
  }
  const steps = Math.max(1, grid.steps);
  const mean = total / steps || 1;
  const relative = (sums: Float64Array, counts: Float64Array) => Array.from(sums, (v, i) => (counts[i]! ? v / counts[i]! / mean : 0));
  const beatSeconds = grid.steps > grid.subdivision ? ((grid.times[grid.steps]! - grid.times[0]!) / grid.steps) * grid.subdivision : 0.5;
  return [...relative(bySub, subCount), ...relative(byBeat, beatCount), 60 / beatSeconds / 100, grid.beatsPerBar === 3 ? 1 : 0, loud / steps, dense / steps];
}

/** Centroids of the training songs' style features per style, in features standardised over all songs. */
export function fitStyleCentroids(songs: readonly { style?: string; styleFeatures?: number[] }[]): StyleCentroids | undefined {
  const known = songs.filter((s) => s.style && s.styleFeatures);
  if (known.length === 0) return undefined;
  const dims = STYLE_FEATURE_COUNT;
  const mean = Array.from({ length: dims }, (_, d) => known.reduce((a, s) => a + s.styleFeatures![d]!, 0) / known.length);
  const std = Array.from({ length: dims }, (_, d) => Math.max(1e-3, Math.sqrt(known.reduce((a, s) => a + (s.styleFeatures![d]! - mean[d]!) ** 2, 0) / known.length)));
  const byStyle: Record<string, number[]> = {};
  for (const style of [...new Set(known.map((s) => s.style!))].sort()) {
    const members = known.filter((s) => s.style === style);
    byStyle[style] = Array.from({ length: dims }, (_, d) => round4(members.reduce((a, s) => a + (s.styleFeatures![d]! - mean[d]!) / std[d]!, 0) / members.length));
  }
  return { mean: mean.map(round4), std: std.map(round4), byStyle };
}

const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** The known style whose centroid is nearest `features` (Euclidean, standardised). */
export function nearestStyle(features: readonly number[], centroids: StyleCentroids): string {
  let best = '', distance = Infinity;
  for (const [style, centre] of Object.entries(centroids.byStyle)) {
    const d = centre.reduce((a, c, i) => a + ((features[i]! - centroids.mean[i]!) / centroids.std[i]! - c) ** 2, 0);
    if (d < distance) [best, distance] = [style, d];
  }
  return best;
}

/**
 * The style a model plays for `asked` (a style it knows, a word naming one, or `auto`;
 * left out: `auto` for a model with styles), or null for no style. One clear line when it cannot: a model without styles asked for
 * one, or a style the model does not know.
 */
export function resolveStyle(asked: string | undefined, known: readonly string[] | undefined, model: string): string | null {
  if (asked === undefined) return known?.length ? AUTO_STYLE : null;
  if (asked === AUTO_STYLE && !known?.length) return null;
  if (!known?.length) throw new RemixerError(`--style ${asked}: the model ${model} was trained without styles; leave --style out`);
  if (asked === AUTO_STYLE) return AUTO_STYLE;
  const word = asked.toLowerCase().trim();
  const style = known.find((s) => s === word) ?? known.find((s) => s === familyNamed(word));
  if (!style) throw new RemixerError(`--style ${asked}: the model ${model} knows no such style; it knows ${known.join(', ')} (or ${AUTO_STYLE})`);
  return style;
}
