/**
 * Onset strength and onset picking, in the manner of librosa.onset:
 *
 * - onsetStrength: half-wave rectified spectral flux of log-compressed magnitudes,
 *   log(1 + 1000·|X|), averaged over bins; STFT n_fft 1024, hop 256 at 22050 Hz
 *   (scaled with the rate: ~11.6 ms frames); frame f is centred on sample f·hop.
 * - pickOnsets: local maxima above a moving average plus a threshold, at least
 *   30 ms apart (librosa.util.peak_pick with pre_max 30 ms, post_max 1 frame,
 *   pre/post_avg 100 ms, delta 0.07 on the max-normalised envelope, wait 30 ms).
 */
import { stftMagnitude } from './stft.js';

export interface OnsetEnvelope {
  /** Onset strength per frame (frame 0 is 0). */
  envelope: Float32Array;
  /** Frames per second. */
  frameRate: number;
  /** Samples per frame. */
  hop: number;
}

export const ONSET_NFFT = 1024;
export const ONSET_HOP_AT_22050 = 256;
const LOG_COMPRESSION = 1000;

export function onsetStrength(signal: Float32Array, sampleRate: number): OnsetEnvelope {
  const hop = Math.round(ONSET_HOP_AT_22050 * (sampleRate / 22050)) || 1;
  const { frames, bins, data } = stftMagnitude(signal, ONSET_NFFT, hop);
  const envelope = new Float32Array(frames);
  const previous = new Float32Array(bins);
  for (let k = 0; k < bins; k++) previous[k] = Math.log1p(LOG_COMPRESSION * data[k]!);
  for (let f = 1; f < frames; f++) {
    let flux = 0;
    for (let k = 0; k < bins; k++) {
      const now = Math.log1p(LOG_COMPRESSION * data[f * bins + k]!);
      const d = now - previous[k]!;
      if (d > 0) flux += d;
      previous[k] = now;
    }
    envelope[f] = flux / bins;
  }
  return { envelope, frameRate: sampleRate / hop, hop };
}

/** Onset times (s) picked from an envelope. */
export function pickOnsets({ envelope, frameRate }: OnsetEnvelope): number[] {
  let max = 0;
  for (const v of envelope) max = Math.max(max, v);
  if (max <= 0) return [];
  const norm = Float32Array.from(envelope, (v) => v / max);
  const preMax = Math.round(0.03 * frameRate), postMax = 1;
  const preAvg = Math.round(0.1 * frameRate), postAvg = Math.round(0.1 * frameRate);
  const wait = Math.round(0.03 * frameRate);
  const delta = 0.07;
  const onsets: number[] = [];
  let last = -Infinity;
  for (let f = 0; f < norm.length; f++) {
    const v = norm[f]!;
    let isMax = true;
    for (let j = Math.max(0, f - preMax); j <= Math.min(norm.length - 1, f + postMax); j++) if (norm[j]! > v) isMax = false;
    if (!isMax) continue;
    let avg = 0, count = 0;
    for (let j = Math.max(0, f - preAvg); j <= Math.min(norm.length - 1, f + postAvg); j++) { avg += norm[j]!; count++; }
    if (v < avg / count + delta) continue;
    if (f - last <= wait) continue;
    onsets.push(f / frameRate);
    last = f;
  }
  return onsets;
}

export function detectOnsets(signal: Float32Array, sampleRate: number): number[] {
  return pickOnsets(onsetStrength(signal, sampleRate));
}
