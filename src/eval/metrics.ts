/**
 * Comparison of a generated stem with the true one:
 *
 * - siSdr: scale-invariant signal-to-distortion ratio (Le Roux et al. 2019), dB,
 *   clamped to ±100 dB (a silent estimate scores the floor, -100);
 * - spectralDistance: multi-resolution STFT log-magnitude distance, the mean
 *   absolute difference of 20·log10(|X| + ε) over STFT sizes 512, 1024, 2048, dB;
 * - onsetF1: onsets found by spectral flux and peak picking (in the manner of
 *   librosa.onset.onset_detect) matched one-to-one within ±50 ms (mir_eval's window);
 * - chromaSimilarity: mean cosine similarity of 12-bin chroma vectors over the
 *   frames where the true stem is audible.
 *
 * A metric that is undefined for a silent reference returns null.
 */
import { stftMagnitude } from '../dsp/stft.js';
import { detectOnsets } from '../dsp/onset.js';
import { chromaFrames, type ChromaFrames, type ChromaSettings } from '../dsp/chroma.js';

export { detectOnsets } from '../dsp/onset.js';

const SILENCE_ENERGY = 1e-10;

export const SI_SDR_LIMIT = 100;

export function siSdr(estimate: Float32Array, reference: Float32Array): number | null {
  const n = Math.min(estimate.length, reference.length);
  let dot = 0, refEnergy = 0, estEnergy = 0;
  for (let i = 0; i < n; i++) {
    dot += estimate[i]! * reference[i]!;
    refEnergy += reference[i]! * reference[i]!;
    estEnergy += estimate[i]! * estimate[i]!;
  }
  if (refEnergy / n < SILENCE_ENERGY) return null;
  if (estEnergy / n < SILENCE_ENERGY) return -SI_SDR_LIMIT;
  const alpha = dot / refEnergy;
  let target = 0, noise = 0;
  for (let i = 0; i < n; i++) {
    const t = alpha * reference[i]!;
    const e = estimate[i]! - t;
    target += t * t;
    noise += e * e;
  }
  const value = 10 * Math.log10((target + 1e-12) / (noise + 1e-12));
  return Math.max(-SI_SDR_LIMIT, Math.min(SI_SDR_LIMIT, value));
}

export const SPECTRAL_DISTANCE_FLOOR = 1e-4;

export function spectralDistance(estimate: Float32Array, reference: Float32Array, sizes = [512, 1024, 2048]): number {
  let total = 0;
  for (const nFft of sizes) {
    const a = stftMagnitude(estimate, nFft, nFft / 4).data;
    const b = stftMagnitude(reference, nFft, nFft / 4).data;
    const n = Math.min(a.length, b.length);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += Math.abs(20 * Math.log10(a[i]! + SPECTRAL_DISTANCE_FLOOR) - 20 * Math.log10(b[i]! + SPECTRAL_DISTANCE_FLOOR));
    total += sum / n;
  }
  return total / sizes.length;
}

/** F-measure of estimated onsets against reference onsets within ±window seconds. */
export function onsetFMeasure(reference: number[], estimate: number[], window = 0.05): number | null {
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

export function onsetF1(estimate: Float32Array, reference: Float32Array, sampleRate: number): number | null {
  return onsetFMeasure(detectOnsets(reference, sampleRate), detectOnsets(estimate, sampleRate));
}

/** Chroma as the evaluation compares it: STFT n_fft 4096, hop 2048, bins from 40 Hz to 4 kHz. */
export const EVAL_CHROMA: ChromaSettings = { nFft: 4096, hop: 2048, minHz: 40, maxHz: 4000 };

export function chroma(signal: Float32Array, sampleRate: number): ChromaFrames {
  return chromaFrames(signal, sampleRate, EVAL_CHROMA);
}

export function chromaSimilarity(estimate: Float32Array, reference: Float32Array, sampleRate: number): number | null {
  const a = chroma(estimate, sampleRate);
  const b = chroma(reference, sampleRate);
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
