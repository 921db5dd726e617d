/**
 * What the score representation's network reads and writes per grid step.
 *
 * Input (26 + subdivision + 4 [+ styles]): the feature grid (analysis/grid.ts: solo
 * chroma 12, bass-register chroma 12, onset strength, loudness), the step's place in
 * its beat (one-hot, `subdivision`), the beat's place in its bar (one-hot, 4) and, for
 * models trained with styles, the style (one-hot over the model's styles; zeros: none).
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

/** Input width: the grid's features, the place in the beat and in the bar, and (models with styles) the style one-hot. */
export const inputDim = (subdivision: number, styles = 0) => GRID_FEATURES + subdivision + MAX_BEATS_IN_BAR + styles;

/** Where the style one-hot starts in a step's input. */
export const styleOffset = (subdivision: number) => GRID_FEATURES + subdivision + MAX_BEATS_IN_BAR;

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
/** Drums with levels (spec.drums 'levels'): after the 8 hits, 8 "accented" and 8 "ghost" flags, one per class. */
export const DRUM_ACCENT = 8;
export const DRUM_GHOST = 16;
/** Velocities (0-1) at or above which a hit is an accent, and below which it is a ghost note (MIDI 100 and 50). */
export const ACCENT_VELOCITY = 100 / 127;
export const GHOST_VELOCITY = 50 / 127;
/** The velocities the decoder plays a ghost note, a hit and an accent at. */
export const DRUM_LEVEL_VELOCITY = { ghost: 0.35, normal: 0.62, accent: 0.88 } as const;
export const drumOutputs = (levels: boolean) => (levels ? 3 * 8 : 8);
export const DRUM_CLASS_OF_KEY = new Map<number, number>(DRUM_CLASSES.flatMap((c, i) => c.keys.map((k) => [k, i] as [number, number])));

export const BASS_REST = 0;
export const BASS_HOLD = 1;
export const BASS_PITCH = 2;
export const BASS_CLASSES = 14;
/** Bass in register (spec.bass 'register'): rest, hold, then one class per pitch from BASS_LOWEST up (E1 … C#3). */
export const BASS_LOWEST = 28;
export const BASS_PITCHES = 22;
export const BASS_REGISTER_CLASSES = BASS_PITCH + BASS_PITCHES;
/** A MIDI pitch folded by octaves into the register classes' range. */
export function bassRegisterPitch(pitch: number): number {
  let p = pitch;
  while (p < BASS_LOWEST) p += 12;
  while (p >= BASS_LOWEST + BASS_PITCHES) p -= 12;
  return p;
}
export const PITCHED_ONSET = 0;
export const PITCHED_HOLD = 12;

/** How each stem's output is read: which dimensions, and with which activation. */
export const STEM_OUTPUT: Record<Stem, { dims: number; kind: 'hits' | 'classes' | 'notes' }> = {
  drums: { dims: DRUM_CLASSES.length, kind: 'hits' },
  bass: { dims: BASS_CLASSES, kind: 'classes' }, // BASS_REGISTER_CLASSES in register (bassClasses)
  piano: { dims: 24, kind: 'notes' },
  other: { dims: 24, kind: 'notes' },
};

/** The bass's output width and how its classes read, by the spec's bass setting. */
export const bassClasses = (register: boolean) => (register ? BASS_REGISTER_CLASSES : BASS_CLASSES);

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
