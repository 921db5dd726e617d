/**
 * What the score representation's network reads and writes per grid step.
 *
 * Input (INPUT_DIM = 26 + subdivision + 4): the feature grid (analysis/grid.ts: solo
 * chroma 12, bass-register chroma 12, onset strength, loudness), the step's place in
 * its beat (one-hot, `subdivision`) and the beat's place in its bar (one-hot, 4).
 *
 * Output (OUTPUT_DIM = 24 per stem, logits), by stem:
 *   drums          8 hits (sigmoid): kick, snare, closed hi-hat, open hi-hat, low tom, high tom, crash, ride
 *   bass          14 classes (softmax): rest, hold, or a new note of pitch class 0-11
 *   piano, other  24 (sigmoid): a note of pitch class c starts (c) / sounds (12 + c)
 */
import type { Stem } from '../../config.js';
import { GRID_FEATURES } from '../../analysis/grid.js';

export const MAX_BEATS_IN_BAR = 4;
export const OUTPUT_DIM = 24;

export const inputDim = (subdivision: number) => GRID_FEATURES + subdivision + MAX_BEATS_IN_BAR;

/** Input dimensions that are pitch classes: the solo's chroma, then its bass chroma (rotated by transposition). */
export const CHROMA_INPUTS = [0, 12] as const;

/** General MIDI percussion keys of each drum class; the first is the one played. */
export const DRUM_CLASSES: readonly { name: string; keys: readonly number[] }[] = [
  { name: 'kick', keys: [36, 35] },
  { name: 'snare', keys: [38, 40, 37, 39] },
  { name: 'closed hi-hat', keys: [42, 44] },
  { name: 'open hi-hat', keys: [46] },
  { name: 'low tom', keys: [45, 41, 43] },
  { name: 'high tom', keys: [48, 47, 50] },
  { name: 'crash', keys: [49, 57, 52, 55] },
  { name: 'ride', keys: [51, 59, 53] },
];
export const DRUM_CLASS_OF_KEY = new Map<number, number>(DRUM_CLASSES.flatMap((c, i) => c.keys.map((k) => [k, i] as [number, number])));

export const BASS_REST = 0;
export const BASS_HOLD = 1;
export const BASS_PITCH = 2;
export const BASS_CLASSES = 14;
export const PITCHED_ONSET = 0;
export const PITCHED_HOLD = 12;

/** How each stem's output is read: which dimensions, and with which activation. */
export const STEM_OUTPUT: Record<Stem, { dims: number; kind: 'hits' | 'classes' | 'notes' }> = {
  drums: { dims: DRUM_CLASSES.length, kind: 'hits' },
  bass: { dims: BASS_CLASSES, kind: 'classes' },
  piano: { dims: 24, kind: 'notes' },
  other: { dims: 24, kind: 'notes' },
};

/** The pitch-class dimensions of a stem's output, in groups of 12 (rotated by transposition). */
export const PITCH_CLASS_OUTPUTS: Record<Stem, readonly number[]> = {
  drums: [],
  bass: [BASS_PITCH],
  piano: [PITCHED_ONSET, PITCHED_HOLD],
  other: [PITCHED_ONSET, PITCHED_HOLD],
};

/** Registers (MIDI pitches) the decoded notes are voiced in. */
export const REGISTERS: Record<Exclude<Stem, 'drums'>, { low: number; high: number }> = {
  bass: { low: 28, high: 52 },
  piano: { low: 48, high: 76 },
  other: { low: 55, high: 84 },
};
