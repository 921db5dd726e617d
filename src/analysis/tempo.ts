/**
 * Tempo from the onset-strength envelope (frames at ONSET_FRAME_RATE):
 *
 * - globalTempo: from the autocorrelation of the whole envelope, the fastest strong
 *   periodicity (accents can make the beat twice as slow), folded by octaves into the
 *   band around TEMPO.preferredBpm (details at the function).
 * - tempoCurve: local autocorrelations over TEMPO.windowSeconds windows give a
 *   salience per candidate tempo (within ±TEMPO.maxDeviation of the global tempo);
 *   a Viterbi path with a cost on log-tempo jumps follows tempo changes smoothly.
 */
import { TEMPO } from './settings.js';

/** Autocorrelation r[0..maxLag] of a mean-removed signal, normalised so r[0] = 1 (0 for a constant signal). */
export function autocorrelation(x: ArrayLike<number>, from: number, to: number, maxLag: number): Float64Array {
  const n = to - from;
  const r = new Float64Array(maxLag + 1);
  if (n <= 1) return r;
  let mean = 0;
  for (let i = from; i < to; i++) mean += x[i]!;
  mean /= n;
  const centred = new Float64Array(n);
  for (let i = 0; i < n; i++) centred[i] = x[from + i]! - mean;
  for (let lag = 0; lag <= Math.min(maxLag, n - 1); lag++) {
    let sum = 0;
    for (let i = 0; i + lag < n; i++) sum += centred[i]! * centred[i + lag]!;
    // Unbiased for the lag's overlap, so long lags are not penalised by fewer terms.
    r[lag] = sum / (n - lag);
  }
  const zero = r[0]!;
  if (zero > 0) for (let lag = 0; lag <= maxLag; lag++) r[lag]! /= zero;
  return r;
}

/** Value of r at a fractional lag (linear interpolation). */
function at(r: Float64Array, lag: number): number {
  if (lag < 0 || lag > r.length - 1) return 0;
  const i = Math.floor(lag);
  const f = lag - i;
  return i + 1 < r.length ? r[i]! * (1 - f) + r[i + 1]! * f : r[i]!;
}

export const bpmToLag = (bpm: number, frameRate: number) => (60 * frameRate) / bpm;
export const lagToBpm = (lag: number, frameRate: number) => (60 * frameRate) / lag;

/**
 * Support of the envelope for a beat period of `lag` frames: the autocorrelation at
 * the lag and at two and four times it (a beat level whose bars or half bars recur
 * is supported even when some beats are silent), weighted 1, ½, ¼.
 */
function support(r: Float64Array, lag: number): number {
  const peak = (l: number) => Math.max(at(r, l - 1), at(r, l), at(r, l + 1));
  return (peak(lag) + 0.5 * peak(2 * lag) + 0.25 * peak(4 * lag)) / 1.75;
}

export interface TempoEstimate {
  bpm: number;
  confidence: number;
}

/** Local maxima of r in [from, to]. */
function peaks(r: Float64Array, from: number, to: number): number[] {
  const out: number[] = [];
  for (let lag = Math.max(1, from); lag <= Math.min(r.length - 2, to); lag++) if (r[lag]! > r[lag - 1]! && r[lag]! >= r[lag + 1]!) out.push(lag);
  return out;
}

/** A peak's lag refined by a parabola through its neighbours. */
function refine(r: Float64Array, lag: number): number {
  const [a, b, c] = [r[lag - 1]!, r[lag]!, r[lag + 1]!];
  const denominator = a - 2 * b + c;
  return denominator < 0 ? lag + (0.5 * (a - c)) / denominator : lag;
}

/**
 * The global tempo: the fastest strong periodicity of the envelope (a peak of its
 * autocorrelation at least 60 % of the highest, looked for down to 20 BPM so that a
 * chord a bar still shows its period), moved to twice its period while accents make
 * that level clearly stronger, then folded by octaves into the band around
 * TEMPO.preferredBpm. Confidence: the height of the strongest periodicity over the
 * autocorrelation's typical level, in [0, 1].
 */
export function globalTempo(envelope: Float32Array, frameRate: number): TempoEstimate {
  const minLag = Math.floor(bpmToLag(TEMPO.maxBpm, frameRate));
  const maxLag = Math.ceil(bpmToLag(TEMPO.minBpm / 2, frameRate));
  const r = autocorrelation(envelope, 0, envelope.length, 2 * maxLag + 2);
  const found = peaks(r, minLag, maxLag);
  const highest = Math.max(0, ...found.map((l) => r[l]!));
  if (found.length === 0 || !(highest > 0)) return { bpm: 120, confidence: 0 };
  let lag = refine(r, found.find((l) => r[l]! >= 0.6 * highest)!);
  // Accents: a level twice as slow that is clearly stronger is the beat, not its subdivision.
  for (;;) {
    const slower = 2 * lag;
    const near = peaks(r, Math.floor(slower - 2), Math.ceil(slower + 2));
    const strongest = near.reduce((best, l) => (best < 0 || r[l]! > r[best]! ? l : best), -1);
    if (strongest < 0 || r[strongest]! < 1.15 * at(r, lag) || lagToBpm(slower, frameRate) < TEMPO.minBpm) break;
    lag = refine(r, strongest);
  }
  let bpm = lagToBpm(lag, frameRate);
  const low = TEMPO.preferredBpm / Math.SQRT2;
  const high = TEMPO.preferredBpm * Math.SQRT2;
  while (bpm < low && bpm * 2 <= TEMPO.maxBpm) bpm *= 2;
  while (bpm >= high && bpm / 2 >= TEMPO.minBpm) bpm /= 2;
  let typical = 0;
  for (let l = minLag; l <= maxLag; l++) typical += Math.abs(r[l]!);
  typical /= maxLag - minLag + 1;
  const confidence = Math.max(0, Math.min(1, (highest - typical) / (1 - typical + 1e-9)));
  return { bpm, confidence };
}

export interface TempoCurve {
  /** Window centres, seconds. */
  times: number[];
  bpm: number[];
}

/** The local tempo along the envelope, as a smooth path near `global` BPM. */
export function tempoCurve(envelope: Float32Array, frameRate: number, global: number): TempoCurve {
  const window = Math.round(TEMPO.windowSeconds * frameRate);
  const hop = Math.max(1, Math.round(TEMPO.hopSeconds * frameRate));
  const candidates: number[] = [];
  for (let f = 1 - TEMPO.maxDeviation; f <= 1 + TEMPO.maxDeviation + 1e-9; f *= 1.01) candidates.push(global * f);
  const lags = candidates.map((bpm) => bpmToLag(bpm, frameRate));
  const maxLag = Math.ceil(4 * Math.max(...lags)) + 2;
  const starts: number[] = [];
  if (envelope.length <= window) starts.push(0);
  else for (let s = 0; s + window <= envelope.length; s += hop) starts.push(s);
  const K = candidates.length;
  const T = starts.length;
  // Viterbi over candidate tempi: salience (local autocorrelation support) minus a cost on jumps.
  const score = new Float64Array(K);
  const back: Int16Array[] = [];
  for (let t = 0; t < T; t++) {
    const r = autocorrelation(envelope, starts[t]!, Math.min(envelope.length, starts[t]! + window), maxLag);
    const salience = lags.map((lag) => support(r, lag));
    const next = new Float64Array(K);
    const links = new Int16Array(K);
    for (let k = 0; k < K; k++) {
      let best = -Infinity;
      let link = k;
      if (t === 0) best = 0;
      else {
        for (let j = 0; j < K; j++) {
          const jump = Math.log2(candidates[k]! / candidates[j]!);
          const value = score[j]! - TEMPO.changeCost * jump * jump;
          if (value > best) {
            best = value;
            link = j;
          }
        }
      }
      next[k] = best + salience[k]!;
      links[k] = link;
    }
    score.set(next);
    back.push(links);
  }
  let k = 0;
  for (let j = 1; j < K; j++) if (score[j]! > score[k]!) k = j;
  const path = new Array<number>(T);
  for (let t = T - 1; t >= 0; t--) {
    path[t] = k;
    k = back[t]![k]!;
  }
  return {
    times: starts.map((s) => (Math.min(envelope.length, s + window / 2) / frameRate)),
    bpm: path.map((i) => candidates[i]!),
  };
}

/** The curve's tempo at time `t` (linear between window centres, constant outside). */
export function tempoAt(curve: TempoCurve, t: number): number {
  const { times, bpm } = curve;
  if (times.length === 0) return 120;
  if (t <= times[0]!) return bpm[0]!;
  for (let i = 1; i < times.length; i++) {
    if (t <= times[i]!) {
      const f = (t - times[i - 1]!) / (times[i]! - times[i - 1]!);
      return bpm[i - 1]! * (1 - f) + bpm[i]! * f;
    }
  }
  return bpm[bpm.length - 1]!;
}

/** The tempo curve of a beat sequence: at each beat, the tempo of the two intervals around it. */
export function beatTempoCurve(beats: readonly number[]): TempoCurve {
  const bpm = beats.map((_, b) => {
    const before = b > 0 ? beats[b]! - beats[b - 1]! : beats[1]! - beats[0]!;
    const after = b + 1 < beats.length ? beats[b + 1]! - beats[b]! : before;
    return 120 / (before + after);
  });
  return { times: [...beats], bpm };
}
