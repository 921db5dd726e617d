/**
 * The beat-synchronous feature grid: every beat cut into `subdivision` equal steps
 * (default sixteenth notes), from the start of the audio to its end (beats are
 * extended before the first and after the last at the neighbouring beat's period).
 * Each step has its start time, its place in the bar, and the features the score
 * models read:
 *
 *   chroma (12)     pitch-class profile of the step, normalised to sum 1 (0 when silent)
 *   bass (12)       the same for the bass register (below 150 Hz)
 *   onset (1)       the strongest onset in the step, over the solo's 95th percentile
 *   loudness (1)    RMS level of the step, dBFS / 80 + 1, clipped to [0, 1]
 *
 * The same function builds the grid at inference (beats from the analysis) and in
 * training (beats from the score's tempo map), so training sees what a recording gives.
 */
import type { ChromaFrames } from '../dsp/chroma.js';
import type { OnsetEnvelope } from '../dsp/onset.js';
import { segmentChroma } from './harmony.js';

export const GRID_FEATURES = 12 + 12 + 1 + 1;

export interface FeatureGrid {
  subdivision: number;
  beatsPerBar: number;
  steps: number;
  /** Start time of every step, then the end of the last: [steps + 1], seconds. */
  times: Float64Array;
  /** Beat of the step (0 = the first tracked beat; negative before it). */
  beat: Int32Array;
  /** Position of the step within its beat, 0 … subdivision − 1. */
  sub: Uint8Array;
  /** Bar of the step (0 = the bar of the first downbeat; negative before it). */
  bar: Int32Array;
  /** Beat of the step within its bar, 0 … beatsPerBar − 1. */
  beatInBar: Uint8Array;
  /** [steps × 12] */
  chroma: Float32Array;
  /** [steps × 12] */
  bass: Float32Array;
  /** [steps] */
  onset: Float32Array;
  /** [steps] */
  loudness: Float32Array;
}

export interface GridSources {
  samples: Float32Array;
  sampleRate: number;
  onset: OnsetEnvelope;
  chroma: ChromaFrames;
  bassChroma: ChromaFrames;
}

/** Beats extended at their neighbours' period to cover [0, duration]; returns the times and the index of beats[0]. */
export function extendBeats(beats: readonly number[], duration: number, fallbackPeriod: number): { times: number[]; firstTracked: number } {
  const times = beats.slice();
  if (times.length === 0) times.push(0);
  const head = times.length > 1 ? times[1]! - times[0]! : fallbackPeriod;
  const tail = times.length > 1 ? times[times.length - 1]! - times[times.length - 2]! : fallbackPeriod;
  let firstTracked = 0;
  while (times[0]! > 0) {
    times.unshift(times[0]! - head);
    firstTracked++;
  }
  while (times[times.length - 1]! < duration) times.push(times[times.length - 1]! + tail);
  return { times, firstTracked };
}

function percentile(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

/**
 * The grid over tracked `beats` (seconds), with `firstDownbeat` the index in `beats`
 * of a downbeat and `beatsPerBar` beats to a bar.
 */
export function featureGrid(sources: GridSources, beats: readonly number[], beatsPerBar: number, firstDownbeat: number, subdivision: number, fallbackPeriod = 0.5): FeatureGrid {
  const duration = sources.samples.length / sources.sampleRate;
  const { times: beatTimes, firstTracked } = extendBeats(beats, duration, fallbackPeriod);
  const starts: number[] = [];
  const beatOf: number[] = [];
  const subOf: number[] = [];
  for (let b = 0; b + 1 < beatTimes.length; b++) {
    const [t0, t1] = [beatTimes[b]!, beatTimes[b + 1]!];
    for (let k = 0; k < subdivision; k++) {
      const start = t0 + ((t1 - t0) * k) / subdivision;
      const end = t0 + ((t1 - t0) * (k + 1)) / subdivision;
      if (end <= 0 || start >= duration) continue;
      starts.push(start);
      beatOf.push(b - firstTracked);
      subOf.push(k);
    }
  }
  const steps = starts.length;
  const times = new Float64Array(steps + 1);
  times.set(starts);
  const lastBeat = beatOf[steps - 1] ?? 0;
  const lastSub = subOf[steps - 1] ?? 0;
  const b = lastBeat + firstTracked;
  times[steps] = beatTimes[b]! + ((beatTimes[b + 1]! - beatTimes[b]!) * (lastSub + 1)) / subdivision;
  const bounds = Array.from(times, (t) => Math.max(0, t));
  const envelope = sources.onset.envelope;
  const scale = percentile(envelope, 0.95) || 1;
  const onset = new Float32Array(steps);
  const loudness = new Float32Array(steps);
  for (let s = 0; s < steps; s++) {
    const from = Math.max(0, Math.floor(bounds[s]! * sources.onset.frameRate));
    const to = Math.min(envelope.length, Math.max(from + 1, Math.floor(bounds[s + 1]! * sources.onset.frameRate)));
    let strongest = 0;
    for (let f = from; f < to; f++) strongest = Math.max(strongest, envelope[f]!);
    onset[s] = strongest / scale;
    const a = Math.max(0, Math.floor(bounds[s]! * sources.sampleRate));
    const z = Math.min(sources.samples.length, Math.max(a + 1, Math.floor(bounds[s + 1]! * sources.sampleRate)));
    let energy = 0;
    for (let i = a; i < z; i++) energy += sources.samples[i]! ** 2;
    const db = 10 * Math.log10(energy / Math.max(1, z - a) + 1e-10);
    loudness[s] = Math.max(0, Math.min(1, db / 80 + 1));
  }
  const mod = (x: number, m: number) => ((x % m) + m) % m;
  return {
    subdivision,
    beatsPerBar,
    steps,
    times,
    beat: Int32Array.from(beatOf),
    sub: Uint8Array.from(subOf),
    bar: Int32Array.from(beatOf, (beat) => Math.floor((beat - firstDownbeat) / beatsPerBar)),
    beatInBar: Uint8Array.from(beatOf, (beat) => mod(beat - firstDownbeat, beatsPerBar)),
    chroma: segmentChroma(sources.chroma, bounds),
    bass: segmentChroma(sources.bassChroma, bounds),
    onset,
    loudness,
  };
}

/** Step `s`'s features as one vector [GRID_FEATURES] into `out` at `offset`. */
export function stepFeatures(grid: FeatureGrid, s: number, out: Float32Array, offset = 0): void {
  out.set(grid.chroma.subarray(s * 12, s * 12 + 12), offset);
  out.set(grid.bass.subarray(s * 12, s * 12 + 12), offset + 12);
  out[offset + 24] = grid.onset[s]!;
  out[offset + 25] = grid.loudness[s]!;
}
