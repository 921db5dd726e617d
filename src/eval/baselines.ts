/**
 * The systems an evaluation compares, each turning a song's solo into four stems:
 *
 * - model: a trained model (generate.ts, exactly as `remix` runs it);
 * - template-band: the solo's analysis played by a fixed groove, a root-and-fifth
 *   bass and block chords (band/template.ts) through the SoundFont — what an
 *   auto-accompaniment program would do with a detected chord chart;
 * - echo: the solo itself as every stem, at each stem's typical training level — it
 *   wins note onsets and chroma in real music (the band plays with the solo) and
 *   loses spectral distance (a piano is not a bass);
 * - another-song: the true stems of another song of the split — a real band that
 *   never heard this solo;
 * - retrieval: for every window, the stems of the training window whose solo is
 *   closest (a pooled log spectrogram), joined like the model's windows;
 * - mean-spectrum: stationary noise with each stem's mean training spectrum;
 * - silence; and true-stems, the real stems cut and joined like the model's windows
 *   (a reference row: the metrics at their best).
 *
 * Retrieval, mean-spectrum and the baseline levels come from the train split of the
 * baselines dataset (the model's own training data by default), read once.
 */
import { bandFacts } from '../model/representation/band-facts.js';
import { STEMS, WINDOW_SECONDS, type Stem } from '../config.js';
import type { Dataset } from '../dataset/loader.js';
import type { SongEntry } from '../dataset/layout.js';
import type { Split } from '../dataset/split.js';
import { StftFrames, frameCount, stftMagnitude } from '../dsp/stft.js';
import { concat } from '../dsp/concat.js';
import { rms } from '../dsp/levels.js';
import { Random } from '../random.js';
import type { RemixModel } from '../model/saved/remix-model.js';
import { generateStems } from '../remix/generate.js';
import { OverlapJoiner } from '../remix/joiner.js';
import type { Analysis } from '../analysis/analyse.js';
import { summariseAnalysis } from '../analysis/chart.js';
import { templateBand } from '../band/template.js';
import { renderBand } from '../band/render.js';
import type { SystemInfo } from './report.js';
import type { EvalStyle } from './options.js';
import type { Score, ScoreNote } from '../score/score.js';
import { commonPrograms } from '../model/representation/score.js';

export type Stems = Record<Stem, Float32Array>;

export interface EvalSong {
  id: string;
  /** Position in the split. */
  index: number;
  source: Float32Array;
  stems: Stems;
  /** The song's score, when the dataset has one (the template given the truth plays to it). */
  score?: Score | null;
  /** What the listener hears in the solo, heard once per song and shared by every system that listens. */
  heard: () => Promise<Analysis>;
  /** The same, on the score's true beats and bars (the chords heard on them): the listening's part measured apart. */
  heardOnTrueBeats?: () => Promise<Analysis>;
}

/** A system's band for a song: its stems, and its notes when it plays notes (for piano rolls). */
export interface Generated {
  stems: Stems;
  notes?: Partial<Record<Stem, ScoreNote[]>>;
}

export interface StemSystem {
  info: SystemInfo;
  generate(song: EvalSong): Promise<Generated>;
}

const emptyStems = (length: number) => Object.fromEntries(STEMS.map((s) => [s, new Float32Array(length)])) as Stems;

/**
 * A model's band; `style`: how a model with styles is told each song's (EvalOptions.style);
 * `beats`: what it plays on — what the listener heard, or the score's true beats and bars.
 */
export function modelSystem(model: RemixModel, name: string, style: EvalStyle = 'auto', beats: 'heard' | 'true' = 'heard'): StemSystem {
  const c = model.config;
  return {
    info: { name, kind: 'model', description: `the ${c.representation.type} model (${c.architecture}, preset ${c.preset}${bandFacts(c.representation).styles.length ? `; style: ${style === 'auto' ? 'chosen from the solo' : style === 'truth' ? "the song's own" : 'none'}` : ''})${beats === 'true' ? ", given the score's true beats and bars" : ''}`, model: { dir: model.dir, architecture: c.architecture, representation: c.representation.type, preset: c.preset } },
    async generate(song) {
      const parts = Object.fromEntries(STEMS.map((s) => [s, [] as Float32Array[]])) as Record<Stem, Float32Array[]>;
      const spec = model.config.representation;
      const known = bandFacts(spec).styles;
      const family = song.score?.style?.family;
      // The song's own style when asked and the model knows it; none otherwise (a family it never heard).
      const asked = style === 'auto' ? undefined : style === 'truth' && family && known.includes(family) ? family : null;
      const analysis = !model.representation.listens ? null : beats === 'true' && song.heardOnTrueBeats ? await song.heardOnTrueBeats() : await song.heard();
      const result = await generateStems(model, song.source, (block) => {
        for (const stem of STEMS) parts[stem].push(block[stem]);
      }, { style: asked, ...(analysis ? { analysis } : {}) });
      const stems = Object.fromEntries(STEMS.map((s) => [s, concat(parts[s])])) as Stems;
      return Object.keys(result.notes).length ? { stems, notes: result.notes } : { stems };
    },
  };
}

export const silenceSystem: StemSystem = {
  info: { name: 'silence', kind: 'baseline', description: 'no band at all' },
  async generate(song) {
    return { stems: emptyStems(song.source.length) };
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
    out[stem] = slice(concat(parts[stem]), 0, total);
  }
  return out;
}

function slice(signal: Float32Array, start: number, length: number): Float32Array {
  const out = new Float32Array(length);
  out.set(signal.subarray(Math.max(0, start), Math.min(signal.length, start + length)));
  return out;
}

export function trueStemsSystem(windowSamples: number): StemSystem {
  return {
    info: { name: 'true-stems', kind: 'reference', description: "the song's real stems, cut and joined like the model's windows: the best possible scores" },
    async generate(song) {
      return { stems: joinWindows(windowSamples, windowSamples / 2, song.source.length, (_, start) => Object.fromEntries(STEMS.map((s) => [s, slice(song.stems[s], start, windowSamples)])) as Stems) };
    },
  };
}

/** The echo: the solo as every stem, each at its typical training level. */
export function echoSystem(levels: Record<Stem, number>): StemSystem {
  return {
    info: { name: 'echo', kind: 'baseline', description: 'the solo copied into every stem at its typical level: games note onsets, chroma and harmonic fit, not spectral distance' },
    async generate(song) {
      const level = rms(song.source);
      return { stems: Object.fromEntries(STEMS.map((s) => [s, Float32Array.from(song.source, (v) => (level > 0 ? (v * levels[s]) / level : 0))])) as Stems };
    },
  };
}

/** Another song's real band: the true stems of the next song of the split. */
export function anotherSongSystem(dataset: Dataset, split: readonly SongEntry[]): StemSystem {
  return {
    info: { name: 'another-song', kind: 'baseline', description: 'the real band of another song of the split: it never heard this solo' },
    async generate(song) {
      if (split.length < 2) return { stems: emptyStems(song.source.length) };
      const other = split[(song.index + 1) % split.length]!;
      const stems = (await dataset.loadSong(other, STEMS)).stems;
      return { stems: Object.fromEntries(STEMS.map((s) => [s, slice(stems[s], 0, song.source.length)])) as Stems };
    },
  };
}

/** The template band, rendered at `sampleRate` on the training data's instruments, each stem at its typical training level. */
export function templateBandSystem(sampleRate: number, sourceStem: Stem, levels: Record<Stem, number>, programs: Partial<Record<Stem, number>>, soundFont?: string): StemSystem {
  return {
    info: { name: 'template-band', kind: 'baseline', description: "the solo's tempo, beats and chords played by a fixed groove, a root-and-fifth bass and block chords: a band that listens but never learned" },
    async generate(song) {
      let parts;
      try {
        parts = templateBand(summariseAnalysis(await song.heard()), sourceStem);
      } catch {
        return { stems: emptyStems(song.source.length) }; // no beat to play to
      }
      return { stems: await renderBand(parts, { sampleRate, length: song.source.length, levels, programs, ...(soundFont ? { soundFont } : {}) }), notes: parts };
    },
  };
}

/** What the template band needs of a song, from its score instead of from listening: its true beats, bars and chords. */
export function scoreAsHeard(score: Score, duration: number): Parameters<typeof templateBand>[0] {
  return {
    duration,
    beats: score.beats,
    downbeats: score.downbeats,
    beatsPerBar: score.meter[0]?.beatsPerBar ?? 4,
    chords: (score.chords ?? []).map((c) => {
      const quality = c.quality === 'other' ? 'maj' : c.quality;
      return { start: c.start, end: c.end, root: c.root, quality, name: `${c.root}:${quality}`, beat: 0 };
    }),
  };
}

/**
 * The template band given the score's true beats and chords: the band's musicianship
 * measured apart from the listening (what a fixed groove does when nothing is misheard).
 */
export function templateTruthSystem(sampleRate: number, sourceStem: Stem, levels: Record<Stem, number>, programs: Partial<Record<Stem, number>>): StemSystem {
  return {
    info: { name: 'template-truth', kind: 'baseline', description: "the template band given the score's true beats and chords instead of what it heard" },
    async generate(song) {
      if (!song.score) return { stems: emptyStems(song.source.length) };
      const parts = templateBand(scoreAsHeard(song.score, song.source.length / sampleRate), sourceStem);
      return { stems: await renderBand(parts, { sampleRate, length: song.source.length, levels, programs }), notes: parts };
    },
  };
}

const FEATURE_TIME_SLICES = 8;
const FEATURE_BANDS = 24;
const FEATURE_NFFT = 1024;
const FEATURE_HOP = 256;
const MEAN_NFFT = 1024;
const MEAN_HOP = 256;

/** Pooled log spectrogram of a window: FEATURE_TIME_SLICES × FEATURE_BANDS values. */
function windowFeatures(magnitudes: Float32Array, bins: number, firstFrame: number, frames: number, bandOf: Int16Array): Float32Array {
  const out = new Float32Array(FEATURE_TIME_SLICES * FEATURE_BANDS);
  const counts = new Float32Array(out.length);
  for (let f = 0; f < frames; f++) {
    const at = Math.min(FEATURE_TIME_SLICES - 1, Math.floor((f * FEATURE_TIME_SLICES) / frames));
    const row = (firstFrame + f) * bins;
    if (row + bins > magnitudes.length) break;
    for (let k = 1; k < bins; k++) {
      const band = bandOf[k]!;
      if (band < 0) continue;
      out[at * FEATURE_BANDS + band]! += magnitudes[row + k]! ** 2;
      counts[at * FEATURE_BANDS + band]!++;
    }
  }
  for (let i = 0; i < out.length; i++) out[i] = Math.log10(1e-8 + out[i]! / Math.max(1, counts[i]!));
  return out;
}

function logBands(bins: number, sampleRate: number): Int16Array {
  const bandOf = new Int16Array(bins).fill(-1);
  const top = Math.min(10000, sampleRate / 2);
  const low = Math.log(40), high = Math.log(top);
  for (let k = 1; k < bins; k++) {
    const f = (k * sampleRate) / FEATURE_NFFT;
    if (f < 40 || f > top) continue;
    bandOf[k] = Math.min(FEATURE_BANDS - 1, Math.floor(((Math.log(f) - low) / (high - low)) * FEATURE_BANDS));
  }
  return bandOf;
}

export interface Baselines {
  retrieval: StemSystem;
  meanSpectrum: StemSystem;
  /** Mean RMS of each stem over the training songs. */
  levels: Record<Stem, number>;
  /** The training songs' most common General MIDI programs (from their scores, when they have them). */
  programs: Partial<Record<Stem, number>>;
}

/** Reads a split of `dataset` once (train by default): retrieval's database, the mean spectra and the stem levels; `levelsOnly` skips the first two. */
export async function prepareBaselines(dataset: Dataset, sourceStem: Stem, seed = 0, options: { split?: Split; levelsOnly?: boolean } = {}): Promise<Baselines> {
  const sampleRate = dataset.sampleRate;
  const windowSamples = 2 * Math.round((WINDOW_SECONDS * sampleRate) / 2);
  const hop = windowSamples / 2;
  const windowFrames = Math.max(1, Math.round(windowSamples / FEATURE_HOP));
  const bandOf = logBands(FEATURE_NFFT / 2 + 1, sampleRate);
  const features: Float32Array[] = [];
  const windows: { song: number; start: number }[] = [];
  const songs: Stems[] = [];
  const bins = MEAN_NFFT / 2 + 1;
  const meanSpectra = Object.fromEntries(STEMS.map((s) => [s, new Float64Array(bins)])) as Record<Stem, Float64Array>;
  const levelSums = Object.fromEntries(STEMS.map((s) => [s, 0])) as Record<Stem, number>;
  let spectrumFrames = 0;
  const train = dataset.songs(options.split ?? 'train');
  const programs: Partial<Record<Stem, number>>[] = [];
  for (const entry of train) {
    const song = (await dataset.loadSong(entry, STEMS)).stems;
    const score = await dataset.loadScore(entry);
    if (score?.programs) programs.push(score.programs);
    for (const stem of STEMS) levelSums[stem] += rms(song[stem]);
    if (options.levelsOnly) continue;
    const index = songs.push(song) - 1;
    const { bins: featureBins, data } = stftMagnitude(song[sourceStem], FEATURE_NFFT, FEATURE_HOP);
    for (let start = 0; start + windowSamples <= song[sourceStem].length; start += hop) {
      features.push(windowFeatures(data, featureBins, Math.round(start / FEATURE_HOP), windowFrames, bandOf));
      windows.push({ song: index, start });
    }
    for (const stem of STEMS) {
      const { frames, data: magnitudes } = stftMagnitude(song[stem], MEAN_NFFT, MEAN_HOP);
      for (let i = 0; i < frames * bins; i++) meanSpectra[stem][i % bins]! += magnitudes[i]!;
      if (stem === STEMS[0]) spectrumFrames += frames;
    }
  }
  for (const stem of STEMS) for (let k = 0; k < bins; k++) meanSpectra[stem][k]! /= Math.max(1, spectrumFrames);
  const levels = Object.fromEntries(STEMS.map((s) => [s, levelSums[s] / Math.max(1, train.length)])) as Record<Stem, number>;

  // Retrieval: standardise each feature dimension over the database.
  const dims = FEATURE_TIME_SLICES * FEATURE_BANDS;
  const mean = new Float32Array(dims), std = new Float32Array(dims);
  for (const f of features) for (let d = 0; d < dims; d++) mean[d]! += f[d]! / features.length;
  for (const f of features) for (let d = 0; d < dims; d++) std[d]! += (f[d]! - mean[d]!) ** 2 / features.length;
  for (let d = 0; d < dims; d++) std[d] = Math.sqrt(std[d]!) || 1;
  const standardise = (f: Float32Array) => Float32Array.from(f, (v, d) => (v - mean[d]!) / std[d]!);
  const database = features.map(standardise);
  const retrieval: StemSystem = {
    info: { name: 'retrieval', kind: 'baseline', description: 'for every second, the stems of the training second whose solo sounds most alike' },
    async generate(song) {
      const { bins: featureBins, data } = stftMagnitude(song.source, FEATURE_NFFT, FEATURE_HOP);
      return { stems: joinWindows(windowSamples, hop, song.source.length, (_, start) => {
        const query = standardise(windowFeatures(data, featureBins, Math.round(start / FEATURE_HOP), windowFrames, bandOf));
        let best = 0, bestDistance = Infinity;
        database.forEach((candidate, i) => {
          let d = 0;
          for (let j = 0; j < dims && d < bestDistance; j++) d += (candidate[j]! - query[j]!) ** 2;
          if (d < bestDistance) { bestDistance = d; best = i; }
        });
        const { song: from, start: at } = windows[best]!;
        return Object.fromEntries(STEMS.map((s) => [s, slice(songs[from]![s], at, windowSamples)])) as Stems;
      }) };
    },
  };
  const meanSpectrum: StemSystem = {
    info: { name: 'mean-spectrum', kind: 'baseline', description: "stationary noise shaped like each stem's average training spectrum: a model that learned only the average" },
    async generate(song) {
      const random = new Random(seed, 'mean-spectrum');
      const stft = new StftFrames(MEAN_NFFT, MEAN_HOP);
      const n = frameCount(song.source.length, MEAN_HOP);
      const out = {} as Stems;
      const re = new Float64Array(bins), im = new Float64Array(bins), frame = new Float64Array(MEAN_NFFT);
      for (const stem of STEMS) {
        const signal = new Float32Array(song.source.length + MEAN_NFFT);
        const weight = new Float32Array(song.source.length + MEAN_NFFT);
        for (let f = 0; f < n; f++) {
          for (let k = 0; k < bins; k++) {
            const phase = 2 * Math.PI * random.next();
            re[k] = meanSpectra[stem][k]! * Math.cos(phase);
            im[k] = meanSpectra[stem][k]! * Math.sin(phase);
          }
          stft.synthesize(re, im, frame);
          const offset = f * MEAN_HOP; // frame f is centred on f·hop: shifted by nFft/2 in this buffer
          for (let i = 0; i < MEAN_NFFT; i++) {
            signal[offset + i]! += frame[i]!;
            weight[offset + i]! += stft.window[i]! ** 2;
          }
        }
        out[stem] = Float32Array.from({ length: song.source.length }, (_, i) => (weight[i + MEAN_NFFT / 2]! > 1e-8 ? signal[i + MEAN_NFFT / 2]! / weight[i + MEAN_NFFT / 2]! : 0));
      }
      return { stems: out };
    },
  };
  return { retrieval, meanSpectrum, levels, programs: commonPrograms(programs) };
}
