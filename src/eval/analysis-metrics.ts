/**
 * Metrics of the listening module against a score, with mir_eval's conventions:
 *
 * - beatFMeasure: beats before 5 s are ignored in both lists (mir_eval.beat.trim_beats),
 *   then estimated and reference beats are matched one-to-one within ±70 ms;
 *   F = 2PR/(P+R). Downbeats the same way.
 * - tempoMatch: an estimate within 4 % of the reference tempo (and, reported apart,
 *   within 4 % of ×2, ×½, ×3 or ×⅓ of it).
 * - keyScore: MIREX weighted key score (mir_eval.key.weighted_score): same key 1,
 *   the estimate a perfect fifth above (same mode) 0.5, relative major/minor 0.3,
 *   parallel 0.2, otherwise 0.
 * - chordScores: weighted chord symbol recall (WCSR) over time: root (roots equal; N
 *   counts as a root of its own) and majmin (root and triad type equal, with only
 *   reference chords that are major, minor or N counted: 7 and maj7 reduce to major,
 *   min7 to minor; dim and others are left out), each as the share of the counted duration.
 */
import { onsetFMeasure } from './metrics.js';
import type { ChordQuality } from '../analysis/chords.js';
import type { Mode } from '../analysis/key.js';

export const BEAT_WINDOW = 0.07;
export const BEAT_TRIM_SECONDS = 5;
export const TEMPO_TOLERANCE = 0.04;

export function beatFMeasure(reference: readonly number[], estimate: readonly number[], window = BEAT_WINDOW, trim = BEAT_TRIM_SECONDS): number | null {
  const ref = reference.filter((t) => t >= trim);
  const est = estimate.filter((t) => t >= trim);
  return onsetFMeasure(ref, est, window);
}

export type TempoRelation = 'exact' | 'double' | 'half' | 'triple' | 'third' | 'other';

/** How an estimated tempo relates to the reference (within TEMPO_TOLERANCE). */
export function tempoRelation(reference: number, estimate: number): TempoRelation {
  const relations: [TempoRelation, number][] = [['exact', 1], ['double', 2], ['half', 0.5], ['triple', 3], ['third', 1 / 3]];
  for (const [name, factor] of relations) if (Math.abs(estimate - reference * factor) <= TEMPO_TOLERANCE * reference * factor) return name;
  return 'other';
}

export function keyScore(reference: { tonic: number; mode: Mode }, estimate: { tonic: number; mode: Mode }): number {
  const interval = (((estimate.tonic - reference.tonic) % 12) + 12) % 12;
  if (reference.mode === estimate.mode) {
    if (interval === 0) return 1;
    if (interval === 7) return 0.5;
    return 0;
  }
  // Relative: C major ↔ A minor (the minor's tonic 3 semitones below the major's).
  if (reference.mode === 'major' && interval === 9) return 0.3;
  if (reference.mode === 'minor' && interval === 3) return 0.3;
  if (interval === 0) return 0.2;
  return 0;
}

export interface TimedChord {
  start: number;
  end: number;
  /** -1 for N. */
  root: number;
  quality: ChordQuality | 'other' | 'N';
}

const triad = (quality: TimedChord['quality']): 'maj' | 'min' | 'N' | 'other' =>
  quality === 'maj' || quality === '7' || quality === 'maj7' ? 'maj' : quality === 'min' || quality === 'min7' ? 'min' : quality === 'N' ? 'N' : 'other';

function labelAt(chords: readonly TimedChord[], t: number): TimedChord {
  for (const c of chords) if (t >= c.start && t < c.end) return c;
  return { start: t, end: t, root: -1, quality: 'N' };
}

/** Root and majmin WCSR of estimated chords over the reference's span, sampled every `step` seconds. */
export function chordScores(reference: readonly TimedChord[], estimate: readonly TimedChord[], step = 0.01): { root: number | null; majmin: number | null } {
  if (reference.length === 0) return { root: null, majmin: null };
  const from = Math.min(...reference.map((c) => c.start));
  const to = Math.max(...reference.map((c) => c.end));
  let rootHits = 0, rootCount = 0, majminHits = 0, majminCount = 0;
  for (let t = from + step / 2; t < to; t += step) {
    const ref = labelAt(reference, t);
    const est = labelAt(estimate, t);
    const refRoot = ref.quality === 'N' ? -1 : ref.root;
    const estRoot = est.quality === 'N' ? -1 : est.root;
    rootCount++;
    if (refRoot === estRoot) rootHits++;
    const refTriad = triad(ref.quality);
    if (refTriad === 'other') continue;
    majminCount++;
    if (refRoot === estRoot && refTriad === triad(est.quality)) majminHits++;
  }
  return { root: rootCount ? rootHits / rootCount : null, majmin: majminCount ? majminHits / majminCount : null };
}
