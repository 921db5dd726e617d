/**
 * The analysis as interfaces show it (the remix job's JSON, the web app's chord
 * chart): everything but the feature grid. Types and plain functions only (the web
 * client imports this module).
 */
import type { Alternative } from './alternatives.js';
export interface AnalysisSummary {
  duration: number;
  tempo: { bpm: number; confidence: number };
  beats: number[];
  beatsPerBar: number;
  downbeats: number[];
  key: { name: string; confidence: number };
  /** root: pitch class (-1 for N); quality: a name of analysis/chords.ts's CHORD_QUALITIES, or N. */
  chords: { start: number; end: number; name: string; beat: number; root: number; quality: string }[];
  chordConfidence: number;
  warnings: string[];
  /** Readings that came close to what was heard, each with the corrections that play it (alternatives.ts). */
  alternatives?: Alternative[];
}

/** The chord sounding at time t ("N" outside every chord). */
export function chordAt(summary: Pick<AnalysisSummary, 'chords'>, t: number): string {
  return summary.chords.find((c) => t >= c.start && t < c.end)?.name ?? 'N';
}
