/**
 * The harmony of a score read from its notes, for songs whose files say nothing of it
 * (MIDI written by people has no chord symbols and often no key signature): the same
 * chord recogniser the DSP listener uses on a recording's beat chroma (chords.ts), here
 * fed with each beat's pitch classes as the score plays them — every pitched part, each
 * note weighted by how long it sounds in the beat and how loud it is, the bass register
 * (below G3) apart for the root — and the key from the whole score's pitch classes with
 * the chords as tonic evidence (key.ts). The drums play no part.
 */
import type { Score, ScoreChord, ScoreNote } from '../score/score.js';
import { recogniseChords } from './chords.js';
import { estimateKey } from './key.js';

/** Notes below this MIDI pitch count for the bass profile (the chord's root). */
export const BASS_REGISTER_TOP = 55;

/** The pitched notes of a score (every stem but the drums). */
const pitchedNotes = (score: Pick<Score, 'stems'>): ScoreNote[] => [...score.stems.bass, ...score.stems.piano, ...score.stems.other];

/** Beat profiles [beats × 12] and bass profiles [beats × 12] from notes, over beat bounds (each beat's start, then the end). */
export function beatProfiles(notes: readonly ScoreNote[], bounds: readonly number[]): { chroma: Float32Array; bass: Float32Array } {
  const beats = Math.max(0, bounds.length - 1);
  const chroma = new Float32Array(beats * 12);
  const bass = new Float32Array(beats * 12);
  for (const note of notes) {
    const end = note.start + note.duration;
    // The beats the note sounds in (bounds rise).
    let b = Math.max(0, upperBound(bounds, note.start) - 1);
    for (; b < beats && bounds[b]! < end; b++) {
      const overlap = Math.min(end, bounds[b + 1]!) - Math.max(note.start, bounds[b]!);
      if (overlap <= 0) continue;
      const weight = overlap * (0.25 + note.velocity);
      const pc = ((note.pitch % 12) + 12) % 12;
      chroma[b * 12 + pc]! += weight;
      if (note.pitch < BASS_REGISTER_TOP) bass[b * 12 + pc]! += weight;
    }
  }
  return { chroma, bass };
}

/** The first index whose value is greater than `x`. */
function upperBound(values: readonly number[], x: number): number {
  let low = 0, high = values.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (values[mid]! <= x) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Chords on the score's beats from its notes; N where nothing pitched sounds. */
export function chordsOfNotes(score: Pick<Score, 'stems' | 'beats'>, duration: number): ScoreChord[] {
  const beats = score.beats.filter((t) => t < duration);
  if (beats.length < 1) return [];
  const bounds = [...beats, Math.min(duration, beats.length > 1 ? beats[beats.length - 1]! + (beats[beats.length - 1]! - beats[beats.length - 2]!) : duration)];
  const { chroma, bass } = beatProfiles(pitchedNotes(score), bounds);
  return recogniseChords(bounds, chroma, bass).segments.filter((s) => s.quality !== 'N').map((s) => ({ start: s.start, end: s.end, root: s.root, quality: s.quality as ScoreChord['quality'] }));
}

/** The key of a score's notes (Krumhansl-Kessler on duration-weighted pitch classes, with its chords as tonic evidence). */
export function keyOfNotes(score: Pick<Score, 'stems'>, chords: readonly ScoreChord[] = []): NonNullable<Score['key']> {
  const profile = new Float64Array(12);
  for (const note of pitchedNotes(score)) profile[((note.pitch % 12) + 12) % 12]! += note.duration * (0.25 + note.velocity);
  const estimate = estimateKey(profile, chords.map((c) => ({ root: c.root, minor: c.quality === 'min' || c.quality === 'min7' || c.quality === 'dim', dominant: c.quality === '7', duration: c.end - c.start })));
  return { tonic: estimate.tonic, mode: estimate.mode };
}

/** The score with chords and key read from its notes where it has none. */
export function withHarmonyOfNotes(score: Score, duration: number): Score {
  const chords = score.chords ?? chordsOfNotes(score, duration);
  return { ...score, chords, key: score.key ?? keyOfNotes(score, chords) };
}
