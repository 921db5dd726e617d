/**
 * The systems an evaluation compares, each turning a song's source stem into
 * four stems:
 *
 * - model: the trained model (generate.ts, exactly as `remix` runs it);
 * - retrieval: nearest neighbour. The training split is cut into windows; each
 *   test window takes the stems of the training window whose source features
 *   (a pooled log spectrogram: 8 time slices × 24 log-spaced bands) are closest,
 *   and the windows are joined by the same crossfaded overlap-add as the model's;
 * - mean-spectrum: stationary noise shaped like each stem's mean magnitude
 *   spectrum over the training split (a model that learned only the average);
 * - silence;
 * - true-stems: the real stems, cut and joined the same way (a sanity row: the
 *   metrics should be at their best here).
 */
import { STEMS, type Stem } from '../config.js';
import type { Dataset } from '../dataset/loader.js';
import { StftFrames, frameCount, stftMagnitude } from '../dsp/stft.js';
import { Random } from '../random.js';
import { RemixModel } from '../model/saved/remix-model.js';
import { concat } from '../dsp/concat.js';
import { generateStems } from '../remix/generate.js';
import { OverlapJoiner } from '../remix/joiner.js';

export type Stems = Record<Stem, Float32Array>;

export interface StemSystem {
  name: string;
  generate(source: Float32Array, trueStems: Stems): Promise<Stems>;
}

export function modelSystem(model: RemixModel): StemSystem {
  return {
    name: 'model',
    async generate(source) {
      const parts = Object.fromEntries(STEMS.map((s) => [s, [] as Float32Array[]])) as Record<Stem, Float32Array[]>;
      await generateStems(model, source, (block) => {
        for (const stem of STEMS) parts[stem].push(block[stem]);
      });
      return Object.fromEntries(STEMS.map((s) => [s, concat(parts[s])])) as Stems;
    },
  };
}

export const silenceSystem: StemSystem = {
  name: 'silence',
  async generate(source) {
    return Object.fromEntries(STEMS.map((s) => [s, new Float32Array(source.length)])) as Stems;
  },
};

/** Cuts each signal into windows of `length` samples every `hop` and joins `pick(window index)` back. */
function joinWindows(length: number, hop: number, total: number, pick: (index: number, start: number) => Stems): Stems {
  const joiners = new Map(STEMS.map((s) => [s, new OverlapJoiner(length, hop, 1)]));
  const parts = Object.fromEntries(STEMS.map((s) => [s, [] as Float32Array[]])) as Record<Stem, Float32Array[]>;
  const windows = Math.max(1, Math.ceil(Math.max(0, total - length) / hop) + 1);
  for (let w = 0; w < windows; w++) {
    const chosen = pick(w, w * hop);
    for (const stem of STEMS) parts[stem].push(joiners.get(stem)!.add(chosen[stem]).data);
  }
  const out = {} as Stems;
  for (const stem of STEMS) {
    parts[stem].push(joiners.get(stem)!.finish().data);
    const joined = concat(parts[stem]);
    out[stem] = padTo(joined, total);
  }
  return out;
}

function padTo(signal: Float32Array, length: number): Float32Array {
  const out = new Float32Array(length);
  out.set(signal.subarray(0, length));
  return out;
}

function slice(signal: Float32Array, start: number, length: number): Float32Array {
  const out = new Float32Array(length);
  out.set(signal.subarray(Math.max(0, start), Math.min(signal.length, start + length)));
  return out;
}

export function trueStemsSystem(windowSamples: number): StemSystem {
  return {
    name: 'true-stems',
    async generate(source, trueStems) {
      return joinWindows(windowSamples, windowSamples / 2, source.length, (_, start) =>
        Object.fromEntries(STEMS.map((s) => [s, slice(trueStems[s], start, windowSamples)])) as Stems,
      );
    },
  };
}

const FEATURE_TIME_SLICES = 8;
const FEATURE_BANDS = 24;
const FEATURE_NFFT = 1024;
const FEATURE_HOP = 256;

/** Pooled log spectrogram of a window: FEATURE_TIME_SLICES × FEATURE_BANDS values. */
function windowFeatures(magnitudes: Float32Array, bins: number, firstFrame: number, frames: number, bandOf: Int16Array): Float32Array {
  const out = new Float32Array(FEATURE_TIME_SLICES * FEATURE_BANDS);
  const counts = new Float32Array(out.length);
  for (let f = 0; f < frames; f++) {
    const slot = Math.min(FEATURE_TIME_SLICES - 1, Math.floor((f * FEATURE_TIME_SLICES) / frames));
    const row = (firstFrame + f) * bins;
    if (row + bins > magnitudes.length) break;
    for (let k = 1; k < bins; k++) {
      const band = bandOf[k]!;
      if (band < 0) continue;
      out[slot * FEATURE_BANDS + band]! += magnitudes[row + k]! ** 2;
      counts[slot * FEATURE_BANDS + band]!++;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.log10(1e-8 + out[i]! / Math.max(1, counts[i]!));
  return out;
}

function logBands(bins: number, sampleRate: number): Int16Array {
  const bandOf = new Int16Array(bins).fill(-1);
  const low = Math.log(40), high = Math.log(Math.min(10000, sampleRate / 2));
  for (let k = 1; k < bins; k++) {
    const f = (k * sampleRate) / FEATURE_NFFT;
    if (f < 40 || f > Math.min(10000, sampleRate / 2)) continue;
    bandOf[k] = Math.min(FEATURE_BANDS - 1, Math.floor(((Math.log(f) - low) / (high - low)) * FEATURE_BANDS));
  }
  return bandOf;
}

/** Nearest-neighbour retrieval over the training split's windows. */
export async function retrievalSystem(dataset: Dataset, sourceStem: Stem, windowSamples: number): Promise<StemSystem> {
  const sampleRate = dataset.sampleRate;
  const hop = windowSamples / 2;
  const windowFrames = Math.max(1, Math.round(windowSamples / FEATURE_HOP));
  const bandOf = logBands(FEATURE_NFFT / 2 + 1, sampleRate);
  const features: Float32Array[] = [];
  const windows: { song: number; start: number }[] = [];
  const songs: Stems[] = [];
  for (const entry of dataset.songs('train')) {
    const song = await dataset.loadSong(entry, STEMS);
    const index = songs.push(song.stems) - 1;
    const { bins, data } = stftMagnitude(song.stems[sourceStem], FEATURE_NFFT, FEATURE_HOP);
    for (let start = 0; start + windowSamples <= song.stems[sourceStem].length; start += hop) {
      features.push(windowFeatures(data, bins, Math.round(start / FEATURE_HOP), windowFrames, bandOf));
      windows.push({ song: index, start });
    }
  }
  // Standardise each feature dimension over the database.
  const dims = FEATURE_TIME_SLICES * FEATURE_BANDS;
  const mean = new Float32Array(dims), std = new Float32Array(dims);
  for (const f of features) for (let d = 0; d < dims; d++) mean[d]! += f[d]! / features.length;
  for (const f of features) for (let d = 0; d < dims; d++) std[d]! += (f[d]! - mean[d]!) ** 2 / features.length;
  for (let d = 0; d < dims; d++) std[d] = Math.sqrt(std[d]!) || 1;
  const standardise = (f: Float32Array) => Float32Array.from(f, (v, d) => (v - mean[d]!) / std[d]!);
  const database = features.map(standardise);

  return {
    name: 'retrieval',
    async generate(source) {
      const { bins, data } = stftMagnitude(source, FEATURE_NFFT, FEATURE_HOP);
      return joinWindows(windowSamples, hop, source.length, (_, start) => {
        const query = standardise(windowFeatures(data, bins, Math.round(start / FEATURE_HOP), windowFrames, bandOf));
        let best = 0, bestDistance = Infinity;
        database.forEach((candidate, i) => {
          let d = 0;
          for (let j = 0; j < dims && d < bestDistance; j++) d += (candidate[j]! - query[j]!) ** 2;
          if (d < bestDistance) { bestDistance = d; best = i; }
        });
        const { song, start: from } = windows[best]!;
        return Object.fromEntries(STEMS.map((s) => [s, slice(songs[song]![s], from, windowSamples)])) as Stems;
      });
    },
  };
}

/** Stationary noise with each stem's mean magnitude spectrum over the training split. */
export async function meanSpectrumSystem(dataset: Dataset, seed = 0): Promise<StemSystem> {
  const nFft = 1024, hop = 256;
  const bins = nFft / 2 + 1;
  const mean = Object.fromEntries(STEMS.map((s) => [s, new Float64Array(bins)])) as Record<Stem, Float64Array>;
  let frames = 0;
  for (const entry of dataset.songs('train')) {
    const song = await dataset.loadSong(entry, STEMS);
    for (const stem of STEMS) {
      const { frames: n, data } = stftMagnitude(song.stems[stem], nFft, hop);
      for (let i = 0; i < n * bins; i++) mean[stem][i % bins]! += data[i]!;
      if (stem === STEMS[0]) frames += n;
    }
  }
  for (const stem of STEMS) for (let k = 0; k < bins; k++) mean[stem][k]! /= Math.max(1, frames);
  return {
    name: 'mean-spectrum',
    async generate(source) {
      const random = new Random(seed, 'mean-spectrum');
      const stft = new StftFrames(nFft, hop);
      const n = frameCount(source.length, hop);
      const out = {} as Stems;
      const re = new Float64Array(bins), im = new Float64Array(bins), frame = new Float64Array(nFft);
      for (const stem of STEMS) {
        const signal = new Float32Array(source.length + nFft);
        const weight = new Float32Array(source.length + nFft);
        for (let f = 0; f < n; f++) {
          for (let k = 0; k < bins; k++) {
            const phase = 2 * Math.PI * random.next();
            re[k] = mean[stem][k]! * Math.cos(phase);
            im[k] = mean[stem][k]! * Math.sin(phase);
          }
          stft.synthesize(re, im, frame);
          const offset = f * hop; // frame f is centred on f·hop: shifted by nFft/2 in this buffer
          for (let i = 0; i < nFft; i++) {
            signal[offset + i]! += frame[i]!;
            weight[offset + i]! += stft.window[i]! ** 2;
          }
        }
        out[stem] = Float32Array.from({ length: source.length }, (_, i) => (weight[i + nFft / 2]! > 1e-8 ? signal[i + nFft / 2]! / weight[i + nFft / 2]! : 0));
      }
      return out;
    },
  };
}
