/**
 * The evaluation report's shape, shared by `remixer eval` (which writes report.json)
 * and the web app's Compare tab (which reads it). Types and constants only.
 */
import type { Stem } from '../config.js';
import type { Split } from '../dataset/split.js';

export const METRICS = ['siSdr', 'spectralDistance', 'agreement'] as const;
export type Metric = (typeof METRICS)[number];
export const METRIC_LABELS: Record<Metric, string> = {
  siSdr: 'SI-SDR dB ↑',
  spectralDistance: 'MR-STFT log-mag dist. dB ↓',
  agreement: 'musical agreement ↑',
};
/** What "musical agreement" means per stem. */
export const AGREEMENT: Record<Stem, string> = { drums: 'onset F1 (±50 ms)', bass: 'chroma cosine', piano: 'chroma cosine', other: 'chroma cosine' };

export type StemScores = Record<Metric, number | null>;

export interface SongResult {
  id: string;
  systems: Record<string, Partial<Record<Stem, StemScores>>>;
}

export interface Spread {
  median: number;
  q1: number;
  q3: number;
  n: number;
}

export interface EvalReport {
  model: { dir: string; architecture: string; representation: string; sourceStem: Stem; sampleRate: number; preset: string };
  dataset: { dir: string; split: Split; songs: number };
  systems: string[];
  stems: Stem[];
  summary: Record<string, Partial<Record<Stem, Partial<Record<Metric, Spread | null>>>>>;
  songs: SongResult[];
  seconds: number;
}
