/**
 * Beats by dynamic programming (Ellis 2007, as librosa.beat.beat_track does),
 * with the beat period allowed to follow a local tempo curve:
 *
 *   localscore[i] = onset envelope (divided by its standard deviation) smoothed by a
 *                   Gaussian of σ = period/32;
 *   cumscore[i]   = localscore[i] + max over j in [i − 2P, i − P/2] of
 *                   cumscore[j] − tightness · log((i − j) / P)²,   P = the period at i.
 *
 * The last beat is the last local maximum of cumscore above half the median of
 * those maxima; beats are read back along the links; weak beats at the start and
 * end (below half the RMS of their smoothed local score, librosa's trim) are dropped,
 * so a silent intro gets no beats.
 */
import { BEATS } from './settings.js';

/** Beat frames for an envelope; `periodAt(i)` is the beat period (frames) at frame i. */
export function trackBeats(envelope: Float32Array, periodAt: (frame: number) => number, tightness: number = BEATS.tightness): number[] {
  const n = envelope.length;
  if (n < 3) return [];
  let mean = 0;
  for (const v of envelope) mean += v;
  mean /= n;
  let variance = 0;
  for (const v of envelope) variance += (v - mean) ** 2;
  const std = Math.sqrt(variance / (n - 1));
  if (!(std > 0)) return [];
  const onset = Float64Array.from(envelope, (v) => v / std);
  // Local score: Gaussian smoothing at the (median) period's scale.
  const typicalPeriod = periodAt(Math.floor(n / 2));
  const half = Math.max(1, Math.round(typicalPeriod));
  const kernel = Array.from({ length: 2 * half + 1 }, (_, k) => Math.exp(-0.5 * (((k - half) * 32) / typicalPeriod) ** 2));
  const local = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let k = 0; k < kernel.length; k++) {
      const j = i + k - half;
      if (j >= 0 && j < n) sum += kernel[k]! * onset[j]!;
    }
    local[i] = sum;
  }
  const cumscore = new Float64Array(n);
  const links = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const period = periodAt(i);
    const from = Math.max(0, Math.round(i - 2 * period));
    const to = Math.round(i - period / 2);
    let best = -Infinity;
    for (let j = from; j <= to; j++) {
      const value = cumscore[j]! - tightness * Math.log((i - j) / period) ** 2;
      if (value > best) {
        best = value;
        links[i] = j;
      }
    }
    cumscore[i] = local[i]! + (links[i]! >= 0 ? best : 0);
  }
  // The last beat.
  const maxima: number[] = [];
  for (let i = 1; i < n - 1; i++) if (cumscore[i]! > cumscore[i - 1]! && cumscore[i]! >= cumscore[i + 1]!) maxima.push(i);
  if (maxima.length === 0) return [];
  const sorted = maxima.map((i) => cumscore[i]!).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  let last = maxima[maxima.length - 1]!;
  for (let m = maxima.length - 1; m >= 0; m--) {
    if (cumscore[maxima[m]!]! >= 0.5 * median) {
      last = maxima[m]!;
      break;
    }
  }
  const beats: number[] = [];
  for (let i = last; i >= 0; i = links[i]!) beats.push(i);
  beats.reverse();
  return trimWeakBeats(beats, local);
}

/**
 * Drops leading and trailing beats whose local score, smoothed over neighbouring
 * beats by a 5-point Hann window, is below half its RMS (librosa's trim).
 */
function trimWeakBeats(beats: number[], local: Float64Array): number[] {
  if (beats.length === 0) return beats;
  const hann = [0, 0.5, 1, 0.5, 0];
  const atBeats = beats.map((b) => local[b]!);
  const smooth = atBeats.map((_, i) => hann.reduce((sum, w, k) => sum + w * (atBeats[i + k - 2] ?? 0), 0));
  const threshold = 0.5 * Math.sqrt(smooth.reduce((s, v) => s + v * v, 0) / smooth.length);
  let start = 0;
  let end = beats.length;
  while (start < end && smooth[start]! <= threshold) start++;
  while (end > start && smooth[end - 1]! <= threshold) end--;
  return beats.slice(start, end);
}
