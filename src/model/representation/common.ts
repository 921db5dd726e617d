/** Pieces the audio representations share: scales, the MSE loss, frame copies, normalisation checks. */
import { STEMS, type Stem } from '../../config.js';
import { tf } from '../tf.js';
import type { Normalisation, NormalisationOf, RepresentationType } from './spec.js';

export const round7 = (x: number) => Number(x.toPrecision(7));

/** 1 / RMS of samples over many signals (zero-mean audio assumed); 1 for silence. */
export function inverseRms(signals: readonly Float32Array[]): number {
  let sum = 0;
  let count = 0;
  for (const s of signals) {
    for (let i = 0; i < s.length; i++) sum += s[i]! * s[i]!;
    count += s.length;
  }
  const rms = Math.sqrt(sum / Math.max(1, count));
  return rms > 1e-8 ? 1 / rms : 1;
}

/** One output scale per stem (STEMS order) from the training tracks' targets. */
export function stemScales(targets: (stem: Stem) => Float32Array[], normalise: boolean): number[] {
  return STEMS.map((stem) => (normalise ? round7(inverseRms(targets(stem))) : 1));
}

export function meanSquaredError(targets: tf.Tensor, predictions: tf.Tensor): tf.Scalar {
  return tf.losses.meanSquaredError(targets, predictions) as tf.Scalar;
}

/** The normalisation, checked to belong to representation `type` (remixer.json could be edited by hand). */
export function expectNormalisation<T extends RepresentationType>(normalisation: Normalisation, type: T): NormalisationOf<T> {
  if (normalisation.type !== type) throw new Error(`a ${type} model needs ${type} normalisation, not ${normalisation.type}`);
  return normalisation as NormalisationOf<T>;
}

/** Frames [first, first + count) of a [frames × dim] track; zeros outside it. */
export function framesOf(track: Float32Array, dim: number, first: number, count: number): Float32Array {
  const out = new Float32Array(count * dim);
  const totalFrames = track.length / dim;
  const from = Math.max(0, first);
  const to = Math.min(totalFrames, first + count);
  if (to > from) out.set(track.subarray(from * dim, to * dim), (from - first) * dim);
  return out;
}

export function scaleInPlace(values: Float32Array, scale: number): Float32Array {
  if (scale !== 1) for (let i = 0; i < values.length; i++) values[i]! *= scale;
  return values;
}
