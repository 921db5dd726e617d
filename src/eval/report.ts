/**
 * The evaluation report's shape and words, shared by `remixer eval` (report.json,
 * report.md), the demo's verdict and the web app's Compare tab. Types, constants and
 * pure functions only (the web client imports this module).
 */
import type { Stem } from '../config.js';
import type { Split } from '../dataset/split.js';
import { MUSICIANSHIP_MEASURES, type Musicianship, type MusicianshipMeasure } from './musicianship.js';

export const REPORT_FORMAT = 'remixer-eval';
export const REPORT_VERSION = 2;

/** Per-stem metrics (generated stem against the true stem). */
export const STEM_METRICS = ['onsetF1', 'chroma', 'spectralDistance', 'siSdr'] as const;
export type StemMetric = (typeof STEM_METRICS)[number];
/** Fit of the whole accompaniment to the solo, on the shuffled-pair scale. */
export const FIT_METRICS = ['harmonicFit', 'rhythmicFit'] as const;
export type FitMetric = (typeof FIT_METRICS)[number];
export type Metric = StemMetric | FitMetric;

export interface MetricInfo {
  label: string;
  /** Whether a higher value is better. */
  higherIsBetter: boolean;
  digits: number;
  /** One line in plain words. */
  explanation: string;
}

export const METRIC_INFO: Record<Metric, MetricInfo> = {
  harmonicFit: { label: 'harmonic fit ↑', higherIsBetter: true, digits: 2, explanation: "Does the band play in the solo's harmony? 1 = as well as the song's own band, 0 = like another song's band (the echo games it: it is the solo)." },
  rhythmicFit: { label: 'rhythmic fit ↑', higherIsBetter: true, digits: 2, explanation: "Does the band keep the song's beat? The beats heard in the band alone against the song's beats; 1 = like its own band, 0 = like another song's." },
  onsetF1: { label: 'note onsets F1 ↑', higherIsBetter: true, digits: 3, explanation: 'Does the part play its notes when the true part does? Onsets matched within ±50 ms; a hum or drone has few.' },
  chroma: { label: 'chroma ↑', higherIsBetter: true, digits: 3, explanation: 'Does the part sound the same pitch classes as the true part, moment by moment? Cosine of 12-note profiles.' },
  spectralDistance: { label: 'spectral distance dB ↓', higherIsBetter: false, digits: 1, explanation: 'How far the sound is from the true part (log-magnitude STFT at three sizes); knows a piano is not a bass.' },
  siSdr: { label: 'SI-SDR dB ↑', higherIsBetter: true, digits: 1, explanation: 'Waveform match; meaningless for any generated part (its phase is not the true one), kept as a sanity check.' },
};

export type SystemKind = 'model' | 'baseline' | 'reference';

export interface SystemInfo {
  name: string;
  kind: SystemKind;
  /** What the system is, in words. */
  description: string;
  model?: { dir: string; architecture: string; representation: string; preset: string };
}

export type StemScores = Record<StemMetric, number | null>;

export interface FitScores {
  harmonicSim: number | null;
  rhythmicSim: number | null;
  harmonicFit: number | null;
  rhythmicFit: number | null;
}

export interface SongResult {
  id: string;
  systems: Record<string, { stems: Partial<Record<Stem, StemScores>>; fit: FitScores; musicianship?: Musicianship }>;
  /** The true parts' musicianship (songs with a score). */
  truth?: Musicianship;
}

/** A musicianship measure's key in summaries: "drums.timekeepersTogether". */
export const measureKey = (m: MusicianshipMeasure) => `${m.part}.${m.key}`;
export { MUSICIANSHIP_MEASURES };

/** Of the songs, how often a part is silent where the true part plays, and where the true part is silent too. */
export interface SilentParts {
  songs: number;
  silentWhereTruePlays: Partial<Record<Stem, number>>;
  silentWhereTrueSilent: Partial<Record<Stem, number>>;
  trueSilent: Partial<Record<Stem, number>>;
}

export interface Spread {
  median: number;
  q1: number;
  q3: number;
  n: number;
}

export interface SystemSummary {
  stems: Partial<Record<Stem, Partial<Record<StemMetric, Spread | null>>>>;
  fit: Partial<Record<FitMetric, Spread | null>>;
  /** Musicianship of the parts it played as notes (measureKey → spread over songs), and its silent parts. */
  musicianship?: Record<string, Spread | null>;
  silent?: SilentParts;
}

/** A paired per-song difference (a − b) with its bootstrap 95 % interval. */
export interface Comparison {
  a: string;
  b: string;
  metric: Metric;
  stem: Stem | null;
  mean: number;
  low: number;
  high: number;
  songs: number;
}

export interface EvalReport {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  dataset: { dir: string; split: Split; songs: number };
  /** Where retrieval, mean-spectrum and the baseline levels come from. */
  baselinesFrom: { dir: string; why: string };
  sourceStem: Stem;
  sampleRate: number;
  systems: SystemInfo[];
  /** The stems scored (all but the passed-through solo). */
  stems: Stem[];
  summary: Record<string, SystemSummary>;
  comparisons: Comparison[];
  /** Side-by-side pictures of true and generated stems, relative to the report. */
  pictures: { song: string; file: string }[];
  /** Every song's results (a system that left a song out has no entry for it there). */
  songs: SongResult[];
  /**
   * Songs a system could not play, with the reason; the summary and the comparisons are
   * over the songs every system played.
   */
  leftOut?: { song: string; system: string; reason: string }[];
  /** The true parts' musicianship over the same songs (when the songs have scores). */
  truth?: Record<string, Spread | null>;
  seconds: number;
}

/** The best system per metric among models and baselines (true-stems is a reference, never best). */
export function bestSystem(report: EvalReport, metric: Metric, stem: Stem | null): string | null {
  const info = METRIC_INFO[metric];
  let best: string | null = null;
  let bestValue = 0;
  for (const system of report.systems) {
    if (system.kind === 'reference') continue;
    const summary = report.summary[system.name];
    const value = stem === null ? summary?.fit[metric as FitMetric]?.median : summary?.stems[stem]?.[metric as StemMetric]?.median;
    if (value === undefined || value === null || !Number.isFinite(value)) continue;
    if (best === null || (info.higherIsBetter ? value > bestValue : value < bestValue)) {
      best = system.name;
      bestValue = value;
    }
  }
  return best;
}
