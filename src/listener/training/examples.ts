/**
 * Training examples of the listener from a dataset with scores (dataset mma, synthetic
 * sets, MIDI imports): per song, the solo's beat features with per-frame targets, and
 * per true beat the chord network's input with its chord label.
 *
 * Beat targets (madmom's): at the frame nearest each beat 1 for beat or downbeat, at
 * its two neighbours ½ (the other ½ on none); everything else none. Chord labels: the
 * chord sounding at the middle of the beat, N where the solo plays nothing in the beat,
 * masked (-1) where the chart's chord is outside the vocabulary.
 */
import type { Dataset } from '../../dataset/loader.js';
import type { SongEntry } from '../../dataset/layout.js';
import type { Score } from '../../score/score.js';
import { ANALYSIS_RATE } from '../../analysis/settings.js';
import { resample } from '../../dsp/resample.js';
import { beatChroma, beatFeatures, semitoneSpectrogram } from '../features.js';
import { chordInput } from '../listener.js';
import { BEAT_FEATURES, chordClass } from '../spec.js';

/** Beat features are kept as 16-bit integers (features lie in [0, ~5]): a corpus fits in memory. */
export const FEATURE_SCALE = 4096;

export interface SongExamples {
  id: string;
  /** The dataset it comes from. */
  source: string;
  frames: number;
  dims: number;
  /** [frames × dims] × FEATURE_SCALE */
  features: Int16Array;
  /** [frames × 3]: none, beat, downbeat */
  targets: Float32Array;
  beats: number;
  /** [beats × (CHORD_BANDS + 1)] */
  chordInput: Float32Array;
  /** [beats]: chord class, or -1 to leave out */
  chordLabels: Int16Array;
  /** What the song is, for reports by family and instrument. */
  family: string;
  instrument: string;
}

export function beatTargets(score: Pick<Score, 'beats' | 'downbeats'>, frames: number): Float32Array {
  const fps = BEAT_FEATURES.frameRate;
  const targets = new Float32Array(frames * 3);
  for (let f = 0; f < frames; f++) targets[f * 3] = 1;
  const downbeats = new Set(score.downbeats.map((t) => Math.round(t * fps)));
  const set = (f: number, cls: 1 | 2, weight: number) => {
    if (f < 0 || f >= frames) return;
    targets[f * 3] = 1 - weight;
    targets[f * 3 + 1] = cls === 1 ? weight : 0;
    targets[f * 3 + 2] = cls === 2 ? weight : 0;
  };
  for (const t of score.beats) {
    const f = Math.round(t * fps);
    const cls = downbeats.has(f) ? 2 : 1;
    set(f - 1, cls, 0.5);
    set(f + 1, cls, 0.5);
    set(f, cls, 1);
  }
  return targets;
}

/** The chord label of each beat interval. */
export function chordLabels(score: Score, beats: readonly number[], duration: number, soloNotes: readonly { start: number; duration: number }[]): Int16Array {
  const labels = new Int16Array(beats.length);
  beats.forEach((from, b) => {
    const to = b + 1 < beats.length ? beats[b + 1]! : Math.min(duration, from + (from - (beats[b - 1] ?? from - 0.5)));
    const sounding = soloNotes.some((n) => n.start < to && n.start + n.duration > from);
    if (!sounding) {
      labels[b] = 0;
      return;
    }
    const middle = (from + to) / 2;
    const chord = score.chords?.find((c) => c.start <= middle && middle < c.end);
    if (!chord) labels[b] = 0;
    else if (chord.quality === 'other') labels[b] = -1;
    else labels[b] = chordClass(chord.root, chord.quality);
  });
  return labels;
}

export async function songExamples(dataset: Dataset, entry: SongEntry, fallbackStem: 'piano' = 'piano'): Promise<SongExamples> {
  const score = (await dataset.loadScore(entry))!;
  const stem = score.solo?.stem ?? fallbackStem;
  let samples = (await dataset.loadSong(entry, [stem])).stems[stem];
  if (dataset.sampleRate !== ANALYSIS_RATE) samples = await resample(samples, dataset.sampleRate, ANALYSIS_RATE);
  const duration = samples.length / ANALYSIS_RATE;
  const features = beatFeatures(samples, ANALYSIS_RATE);
  const quantised = new Int16Array(features.data.length);
  for (let i = 0; i < quantised.length; i++) quantised[i] = Math.max(-32768, Math.min(32767, Math.round(features.data[i]! * FEATURE_SCALE)));
  const beats = score.beats.filter((t) => t < duration);
  const downbeats = new Set(score.downbeats);
  const downbeat = beats.map((t) => downbeats.has(t));
  const chroma = beatChroma(semitoneSpectrogram(samples, ANALYSIS_RATE), beats, duration);
  return {
    id: entry.id,
    source: dataset.dir,
    frames: features.frames,
    dims: features.dims,
    features: quantised,
    targets: beatTargets(score, features.frames),
    beats: beats.length,
    chordInput: chordInput(chroma, beats.length, downbeat),
    chordLabels: chordLabels(score, beats, duration, score.stems[stem]),
    family: score.style?.family ?? 'unknown',
    instrument: score.solo?.instrument ?? 'piano',
  };
}
