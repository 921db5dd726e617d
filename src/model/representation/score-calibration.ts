/**
 * Decoding thresholds fitted after training on the validation split (songs of styles the
 * training never heard). A network trained with cross-entropy on rare events is cautious:
 * deciding at ½ it plays fewer notes than the songs have (the bass rests, the "other"
 * part falls silent). Each decision is moved so that, on those songs, the band plays as
 * many notes as the true parts do (density matching):
 *
 *   drums   left at ½: matching each class's count of hits lowered drum onset F1 on the
 *           validation songs (0.710 against 0.720, paired −0.009 [−0.033, +0.015]) and moved
 *           the sound away (17.2 against 16.3 dB), so `drums` stays zeros (densityThreshold
 *           is what it would use);
 *   bass    a bias taken off the rest and hold logits, so that new notes start on as many
 *           steps as the true bass's (bisection: the rate grows with the bias);
 *   piano,  the onset logit above which a pitch class starts (one for the 12), matched
 *   other   to the true onsets.
 *
 * Thresholds stay within ±CALIBRATION_LIMIT logits; a stem with no true notes keeps ½.
 */
import type { Stem } from '../../config.js';
import { BASS_HOLD, BASS_PITCH, BASS_REST, DRUM_CLASSES, OUTPUT_DIM, PITCHED_ONSET, bassClasses } from './score-classes.js';
import type { DecodeCalibration } from './spec.js';

export const CALIBRATION_LIMIT = 4;

const clamp = (v: number) => Math.max(-CALIBRATION_LIMIT, Math.min(CALIBRATION_LIMIT, v));
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

/** The logit that `positives` of `values` exceed (the positives-th largest); 0 when there are none. */
export function densityThreshold(values: Float32Array | number[], positives: number): number {
  if (positives <= 0 || values.length === 0) return 0;
  const sorted = Float64Array.from(values).sort();
  const k = Math.min(values.length, positives);
  // Halfway between the k-th largest and the next: exactly k values lie above it.
  const kth = sorted[values.length - k]!;
  const next = values.length - k - 1 >= 0 ? sorted[values.length - k - 1]! : kth - 1;
  return round4(clamp((kth + next) / 2));
}

/** Steps where the bass starts a note when `bias` is taken off its rest and hold logits. */
function bassOnsets(logits: Float32Array, steps: number, classes: number, bias: number): number {
  let onsets = 0;
  for (let s = 0; s < steps; s++) {
    let best = 0, value = -Infinity;
    for (let k = 0; k < classes; k++) {
      const v = logits[s * OUTPUT_DIM + k]! - (k === BASS_REST || k === BASS_HOLD ? bias : 0);
      if (v > value) [best, value] = [k, v];
    }
    if (best >= BASS_PITCH) onsets++;
  }
  return onsets;
}

/**
 * Thresholds from a stem's validation logits and targets, both [steps × OUTPUT_DIM].
 * `bassRegister`: the bass's classes are pitches (score-classes.ts).
 */
export function fitCalibration(logits: Partial<Record<Stem, Float32Array>>, targets: Partial<Record<Stem, Float32Array>>, steps: number, bassRegister: boolean): DecodeCalibration {
  const column = (values: Float32Array, d: number) => Float32Array.from({ length: steps }, (_, s) => values[s * OUTPUT_DIM + d]!);
  const count = (values: Float32Array, d: number) => column(values, d).reduce((a, v) => a + v, 0);
  const out: DecodeCalibration = { drums: DRUM_CLASSES.map(() => 0), bassRest: 0, onset: {} };
  if (logits.bass && targets.bass) {
    const classes = bassClasses(bassRegister);
    let trueOnsets = 0;
    for (let s = 0; s < steps; s++) for (let k = BASS_PITCH; k < classes; k++) trueOnsets += targets.bass[s * OUTPUT_DIM + k]!;
    let [lo, hi] = [-CALIBRATION_LIMIT, CALIBRATION_LIMIT];
    for (let i = 0; i < 30; i++) {
      const mid = (lo + hi) / 2;
      if (bassOnsets(logits.bass, steps, classes, mid) < trueOnsets) lo = mid;
      else hi = mid;
    }
    // The least bias that reaches the true rate (rounded up, so that a tie is not left to the rest).
    out.bassRest = trueOnsets > 0 ? Math.ceil(hi * 1e4) / 1e4 : 0;
  }
  for (const stem of ['piano', 'other'] as const) {
    const l = logits[stem], t = targets[stem];
    if (!l || !t) continue;
    const values: number[] = [];
    let positives = 0;
    for (let pc = 0; pc < 12; pc++) {
      values.push(...column(l, PITCHED_ONSET + pc));
      positives += count(t, PITCHED_ONSET + pc);
    }
    out.onset[stem] = densityThreshold(values, positives);
  }
  return out;
}
