/**
 * Comparison of a generated stem with the true one, on features computed once per
 * signal (features.ts):
 *
 * - siSdr: scale-invariant signal-to-distortion ratio (Le Roux et al. 2019), dB,
 *   clamped to ±100 dB (a silent estimate scores the floor, -100);
 * - spectralDistance: multi-resolution STFT log-magnitude distance, the mean
 *   absolute difference of 20·log10(|X| + ε) over STFT sizes 512, 1024, 2048, dB;
 * - onsetF1: note onsets found by spectral flux and peak picking (in the manner of
 *   librosa.onset.onset_detect) matched one-to-one within ±50 ms (mir_eval's window);
 *   a stem without notes of its own (a hum, a drone) scores low here;
 * - chromaSimilarity: mean cosine similarity of 12-bin chroma vectors over the
 *   frames where the true stem is audible.
 *
 * A metric that is undefined for a silent reference returns null.
 */
import { features, SignalFeatures, EVAL_CHROMA } from './features.js';

export { detectOnsets } from '../dsp/onset.js';
export { EVAL_CHROMA };

const SILENCE_ENERGY = 1e-10;
export const SI_SDR_LIMIT = 100;
export const SPECTRAL_DISTANCE_FLOOR = 1e-4;
export const SPECTRAL_DISTANCE_SIZES = [512, 1024, 2048];
export const ONSET_WINDOW = 0.05;

type Input = Float32Array | SignalFeatures;
const asFeatures = (x: Input, sampleRate = 22050) => (x instanceof SignalFeatures ? x : features(x, sampleRate));

export function siSdr(estimate: Input, reference: Input): number | null {
  const e = estimate instanceof SignalFeatures ? estimate.signal : estimate;
  const r = reference instanceof SignalFeatures ? reference.signal : reference;
  const n = Math.min(e.length, r.length);
  let dot = 0, refEnergy = 0, estEnergy = 0;
  for (let i = 0; i < n; i++) {
    dot += e[i]! * r[i]!;
    refEnergy += r[i]! * r[i]!;
    estEnergy += e[i]! * e[i]!;
  }
  if (refEnergy / n < SILENCE_ENERGY) return null;
  if (estEnergy / n < SILENCE_ENERGY) return -SI_SDR_LIMIT;
  const alpha = dot / refEnergy;
  let target = 0, noise = 0;
  for (let i = 0; i < n; i++) {
    const t = alpha * r[i]!;
    const d = e[i]! - t;
    target += t * t;
    noise += d * d;
  }
  const value = 10 * Math.log10((target + 1e-12) / (noise + 1e-12));
  return Math.max(-SI_SDR_LIMIT, Math.min(SI_SDR_LIMIT, value));
}

export function spectralDistance(estimate: Input, reference: Input, sizes = SPECTRAL_DISTANCE_SIZES): number {
  const [e, r] = [asFeatures(estimate), asFeatures(reference)];
  let total = 0;
  for (const nFft of sizes) {
    const a = e.decibels(nFft, SPECTRAL_DISTANCE_FLOOR);
    const b = r.decibels(nFft, SPECTRAL_DISTANCE_FLOOR);
    const n = Math.min(a.length, b.length);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(a[i]! - b[i]!);
    total += sum / n;
  }
  return total / sizes.length;
}

/** F-measure of estimated onsets against reference onsets within ±window seconds (one-to-one, in time order). */
export function onsetFMeasure(reference: readonly number[], estimate: readonly number[], window = ONSET_WINDOW): number | null {
  if (reference.length === 0) return null;
  if (estimate.length === 0) return 0;
  let i = 0, j = 0, matched = 0;
  while (i < reference.length && j < estimate.length) {
    const d = estimate[j]! - reference[i]!;
    if (Math.abs(d) <= window) { matched++; i++; j++; }
    else if (d < 0) j++;
    else i++;
  }
  const precision = matched / estimate.length;
  const recall = matched / reference.length;
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

export function onsetF1(estimate: Input, reference: Input, sampleRate = 22050): number | null {
  return onsetFMeasure(asFeatures(reference, sampleRate).onsets(), asFeatures(estimate, sampleRate).onsets());
}

export function chroma(signal: Float32Array, sampleRate: number) {
  return features(signal, sampleRate).chroma();
}

export function chromaSimilarity(estimate: Input, reference: Input, sampleRate = 22050): number | null {
  const a = asFeatures(estimate, sampleRate).chroma();
  const b = asFeatures(reference, sampleRate).chroma();
  const frames = Math.min(a.frames, b.frames);
  let maxEnergy = 0;
  for (let t = 0; t < frames; t++) maxEnergy = Math.max(maxEnergy, b.energy[t]!);
  if (maxEnergy <= 0) return null;
  let sum = 0, count = 0;
  for (let t = 0; t < frames; t++) {
    if (b.energy[t]! < maxEnergy * 1e-4) continue; // reference silent here (below -40 dB)
    let dot = 0, na = 0, nb = 0;
    for (let c = 0; c < 12; c++) {
      const x = a.data[t * 12 + c]!, y = b.data[t * 12 + c]!;
      dot += x * y; na += x * x; nb += y * y;
    }
    sum += na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
    count++;
  }
  return count ? sum / count : null;
}
