/**
 * What the listener's networks hear, pure functions on mono samples at LISTENER_RATE:
 *
 * - beatFeatures: madmom's beat and downbeat input — for each frame size, the
 *   magnitude spectrum through log-spaced triangular bands (normalised to unit area,
 *   duplicates dropped), log10(1 + x), and its positive difference over `lag` frames;
 *   100 frames per second, frame t centred on sample t · rate / 100.
 * - semitoneSpectrogram: one triangular band per equal-tempered semitone (A4 = 440 Hz),
 *   ±1 semitone wide, of 8192-sample frames, 10 per second;
 * - beatChroma: that spectrogram pooled between consecutive beats (the sum of the
 *   frames centred in the beat), relative to its loudest band, log-compressed to [0, 1].
 */
import { StftFrames } from '../dsp/stft.js';
import { BEAT_FEATURES, CHORD_BANDS, CHORD_FEATURES, LISTENER_RATE } from './spec.js';

/** A filterbank as [band] → [first bin, weights...]. */
interface Band {
  start: number;
  weights: Float32Array;
}

const midiHz = (note: number) => 440 * 2 ** ((note - 69) / 12);

/** Triangular bands between consecutive centre bins; `centres` are frequencies. */
function triangularBands(centres: readonly number[], nFft: number, sampleRate: number, normalise: boolean): Band[] {
  const bins = nFft / 2 + 1;
  const binOf = (hz: number) => Math.min(bins - 1, Math.max(0, Math.round((hz * nFft) / sampleRate)));
  const unique: number[] = [];
  for (const hz of centres) {
    const bin = binOf(hz);
    if (unique[unique.length - 1] !== bin) unique.push(bin);
  }
  const bands: Band[] = [];
  for (let i = 1; i + 1 < unique.length; i++) {
    const [lo, mid, hi] = [unique[i - 1]!, unique[i]!, unique[i + 1]!];
    const weights = new Float32Array(hi - lo + 1);
    for (let k = lo; k <= hi; k++) weights[k - lo] = k <= mid ? (mid === lo ? 1 : (k - lo) / (mid - lo)) : (hi - k) / (hi - mid);
    if (normalise) {
      const area = weights.reduce((a, b) => a + b, 0);
      for (let k = 0; k < weights.length; k++) weights[k]! /= area;
    }
    bands.push({ start: lo, weights });
  }
  return bands;
}

const logBandsCache = new Map<string, Band[]>();
/** madmom's LogarithmicFilterbank (unique filters, normalised) for one frame size. */
export function logBands(nFft: number, bandsPerOctave: number, sampleRate = LISTENER_RATE): Band[] {
  const key = `${nFft}/${bandsPerOctave}/${sampleRate}`;
  let bands = logBandsCache.get(key);
  if (!bands) {
    const centres: number[] = [];
    for (let hz = BEAT_FEATURES.minHz; hz <= BEAT_FEATURES.maxHz; hz *= 2 ** (1 / bandsPerOctave)) centres.push(hz);
    bands = triangularBands(centres, nFft, sampleRate, true);
    logBandsCache.set(key, bands);
  }
  return bands;
}

/** The number of beat features per frame. */
export function beatFeatureDims(sampleRate = LISTENER_RATE): number {
  return BEAT_FEATURES.frames.reduce((n, [nFft, perOctave]) => n + 2 * logBands(nFft, perOctave, sampleRate).length, 0);
}

export interface FeatureFrames {
  frames: number;
  dims: number;
  frameRate: number;
  /** [frames × dims] */
  data: Float32Array;
}

/** Filtered log-magnitude frames of one size: [frames × bands]. */
function filteredFrames(samples: Float32Array, nFft: number, bands: Band[], frames: number, frameRate: number, sampleRate: number, compress: (x: number) => number): Float32Array {
  const stft = new StftFrames(nFft, nFft);
  const re = new Float64Array(stft.bins);
  const im = new Float64Array(stft.bins);
  const magnitude = new Float64Array(stft.bins);
  const out = new Float32Array(frames * bands.length);
  const hop = sampleRate / frameRate;
  for (let f = 0; f < frames; f++) {
    stft.analyzeAt(samples, Math.round(f * hop) - nFft / 2, re, im);
    for (let k = 0; k < stft.bins; k++) magnitude[k] = Math.sqrt(re[k]! * re[k]! + im[k]! * im[k]!);
    for (let b = 0; b < bands.length; b++) {
      const { start, weights } = bands[b]!;
      let sum = 0;
      for (let k = 0; k < weights.length; k++) sum += weights[k]! * magnitude[start + k]!;
      out[f * bands.length + b] = compress(sum);
    }
  }
  return out;
}

export function beatFeatures(samples: Float32Array, sampleRate = LISTENER_RATE): FeatureFrames {
  const frameRate = BEAT_FEATURES.frameRate;
  const frames = Math.max(1, Math.floor((samples.length * frameRate) / sampleRate));
  const dims = beatFeatureDims(sampleRate);
  const data = new Float32Array(frames * dims);
  let offset = 0;
  for (const [nFft, perOctave, lag] of BEAT_FEATURES.frames) {
    const bands = logBands(nFft, perOctave, sampleRate);
    const n = bands.length;
    const spec = filteredFrames(samples, nFft, bands, frames, frameRate, sampleRate, (x) => Math.log10(1 + x));
    for (let f = 0; f < frames; f++) {
      const row = f * dims;
      for (let b = 0; b < n; b++) {
        const value = spec[f * n + b]!;
        data[row + offset + b] = value;
        data[row + offset + n + b] = f >= lag ? Math.max(0, value - spec[(f - lag) * n + b]!) : 0;
      }
    }
    offset += 2 * n;
  }
  return { frames, dims, frameRate, data };
}

let semitoneBands: Band[] | null = null;
export function semitoneSpectrogram(samples: Float32Array, sampleRate = LISTENER_RATE): FeatureFrames {
  const { nFft, frameRate, lowNote, highNote } = CHORD_FEATURES;
  if (sampleRate !== LISTENER_RATE) throw new Error(`the semitone spectrogram is computed at ${LISTENER_RATE} Hz`);
  semitoneBands ??= (() => {
    const bands: Band[] = [];
    for (let note = lowNote; note <= highNote; note++) bands.push(...triangularBands([midiHz(note - 1), midiHz(note), midiHz(note + 1)], nFft, sampleRate, true));
    return bands;
  })();
  const frames = Math.max(1, Math.floor((samples.length * frameRate) / sampleRate));
  return { frames, dims: CHORD_BANDS, frameRate, data: filteredFrames(samples, nFft, semitoneBands, frames, frameRate, sampleRate, (x) => x) };
}

/** The spectrogram pooled per beat interval ([beats × CHORD_BANDS]; the last beat lasts one period more, within the audio). */
export function beatChroma(spec: FeatureFrames, beats: readonly number[], duration: number): Float32Array {
  const n = beats.length;
  const out = new Float32Array(n * spec.dims);
  for (let b = 0; b < n; b++) {
    const from = beats[b]!;
    const to = b + 1 < n ? beats[b + 1]! : Math.min(duration, from + (n > 1 ? beats[n - 1]! - beats[n - 2]! : 0.5));
    let first = Math.ceil(from * spec.frameRate);
    let last = Math.floor(to * spec.frameRate - 1e-9);
    if (last < first) first = last = Math.min(spec.frames - 1, Math.round(((from + to) / 2) * spec.frameRate));
    first = Math.max(0, first);
    last = Math.min(spec.frames - 1, last);
    const row = out.subarray(b * spec.dims, (b + 1) * spec.dims);
    for (let f = first; f <= last; f++) for (let k = 0; k < spec.dims; k++) row[k]! += spec.data[f * spec.dims + k]!;
    // Relative to the beat's loudest band (level plays no part), then log-compressed: 1 at the top, 0.23 at a twentieth of it.
    let top = 0;
    for (let k = 0; k < spec.dims; k++) top = Math.max(top, row[k]!);
    for (let k = 0; k < spec.dims; k++) row[k] = top > 0 ? Math.log1p((20 * row[k]!) / top) / Math.log1p(20) : 0;
  }
  return out;
}
