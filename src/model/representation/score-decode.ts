/**
 * Predicted note classes (logits per grid step) to notes, placed on the grid's
 * actual step times (the solo's beats, so the band follows its drift):
 *
 * - drums: a hit where the sigmoid is above ½ (or, with a temperature, drawn), one
 *   per class in any two neighbouring steps (the more likely), accented by its place
 *   in the beat as a drummer plays (the beat loudest), so the band's own beat is heard
 *   on the beat and not on the off-beat;
 * - bass: the most likely of rest / hold / a new pitch class (or drawn from the
 *   softmax), voiced nearest the previous bass note in the bass register;
 * - piano, other: a note starts where its pitch class's onset is above ½ and sounds
 *   while its hold is; the pitch classes struck together are voiced as a close chord
 *   moving least from the previous one.
 *
 * Velocities follow confidence. Deterministic at temperature 0; seeded otherwise.
 */
import type { Stem } from '../../config.js';
import type { ScoreNote } from '../../score/score.js';
import type { Random } from '../../random.js';
import type { DecodeCalibration } from './spec.js';
import { CHORD_QUALITIES, type ChordSegment } from '../../analysis/chords.js';
import { nearestPitch, voiceLead } from '../../band/voicing.js';
import { BASS_HOLD, BASS_LOWEST, BASS_PITCH, BASS_REST, DRUM_ACCENT, DRUM_GHOST, DRUM_LEVEL_VELOCITY, bassClasses, DRUM_CLASSES, OUTPUT_DIM, PITCHED_HOLD, PITCHED_ONSET, REGISTERS } from './score-classes.js';

export interface DecodeOptions {
  temperature: number;
  random: Random;
  /** Each step's place in its beat (0 = on the beat), for the drums' accents; none: no accents. */
  sub?: Uint8Array;
  /** Grid steps per beat (with `sub`). */
  subdivision?: number;
  /**
   * Per step, the pitch classes a musician's chord allows (bit pc set; 0: anything), when
   * the chords were given: the bass picks among them, other parts move a note off the
   * chord to its nearest chord tone.
   */
  chordTones?: Uint16Array;
  /** The band's timing feel: per place in the beat (`sub`), the offset of a note's start from its step, in steps (score-feel.ts). */
  feel?: readonly number[];
  /** The bass's classes are pitches from BASS_LOWEST (spec.bass 'register'), not pitch classes. */
  bassRegister?: boolean;
  /** The drums' outputs carry accent and ghost flags (spec.drums 'levels'): velocities from them, not from the place in the beat. */
  drumLevels?: boolean;
  /** Thresholds fitted on validation songs (score-calibration.ts); absent: decide at ½. */
  calibration?: DecodeCalibration;
  /** The drum classes decided as a drummer plays them: one of each group of DRUMMER_GROUPS on a step (spec.drummer). */
  drummer?: boolean;
  /**
   * Per step, the root (pitch class) of a given chord that starts there, −1 elsewhere: on each
   * chord change of a musician's chart the bass plays the chord's root (its other notes move
   * among the chord tones, `chordTones`).
   */
  chordRoots?: Int8Array;
}

/** Each step's root of a chord starting on it (the step nearest the chord's start), −1 elsewhere. */
export function chordRootsOnSteps(chords: readonly ChordSegment[], times: Float64Array): Int8Array {
  const roots = new Int8Array(times.length).fill(-1);
  for (const chord of chords) {
    if (chord.quality === 'N' || chord.root < 0) continue;
    let s = 0;
    while (s + 1 < times.length && Math.abs(times[s + 1]! - chord.start) <= Math.abs(times[s]! - chord.start)) s++;
    if (Math.abs(times[s]! - chord.start) < 0.05) roots[s] = chord.root;
  }
  return roots;
}

/** Drum classes a drummer plays one at a time: the timekeepers (closed and open hi-hat, ride), and the kick or the snare. */
export const DRUMMER_GROUPS: readonly (readonly number[])[] = [
  ['closed hi-hat', 'open hi-hat', 'ride'].map((name) => DRUM_CLASSES.findIndex((c) => c.name === name)),
  ['kick', 'snare'].map((name) => DRUM_CLASSES.findIndex((c) => c.name === name)),
];

/** Each step's chord tones as bits (pc set), from the chord sounding at the step's time; 0 where no chord is. */
export function chordTonesOnSteps(chords: readonly ChordSegment[], times: Float64Array): Uint16Array {
  const tones = new Uint16Array(times.length);
  let c = 0;
  for (let s = 0; s < tones.length; s++) {
    const t = times[s]! + 1e-6;
    while (c < chords.length && chords[c]!.end <= t) c++;
    const chord = chords[c];
    if (!chord || chord.start > t || chord.quality === 'N' || chord.root < 0) continue;
    for (const interval of CHORD_QUALITIES[chord.quality].intervals) tones[s]! |= 1 << (chord.root + interval) % 12;
  }
  return tones;
}

/** The chord tone nearest pitch class `pc` (the lower on a tie); `pc` itself when `tones` is 0 or holds it. */
export function nearestChordTone(pc: number, tones: number): number {
  if (tones === 0 || tones & (1 << pc)) return pc;
  for (let d = 1; d <= 6; d++) {
    if (tones & (1 << (((pc - d) % 12) + 12) % 12)) return (((pc - d) % 12) + 12) % 12;
    if (tones & (1 << (pc + d) % 12)) return (pc + d) % 12;
  }
  return pc;
}

/** A drummer's accent by place in the beat: the beat, the off-beat eighth, the sixteenths between. */
export const DRUM_ACCENTS = { beat: 1, eighth: 0.8, sixteenth: 0.65 } as const;

function accentOf(s: number, options: DecodeOptions): number {
  if (!options.sub || !options.subdivision) return 1;
  const place = options.sub[s]!;
  if (place === 0) return DRUM_ACCENTS.beat;
  return 2 * place === options.subdivision ? DRUM_ACCENTS.eighth : DRUM_ACCENTS.sixteenth;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Whether an event with logit `x` happens: above ½, or drawn at the temperature. */
function happens(x: number, options: DecodeOptions): { yes: boolean; p: number } {
  const p = sigmoid(x);
  if (options.temperature <= 0) return { yes: p > 0.5, p };
  return { yes: options.random.next() < sigmoid(x / options.temperature), p };
}

/** Step `s`'s start and the time it ends. */
const stepTime = (times: Float64Array, s: number) => times[Math.min(s, times.length - 1)]!;

/**
 * When a note on step `s` starts: the step's time, moved by the band's feel for its place
 * in the beat. Notes on the beat stay on it (the beat is where the listener heard it, and
 * where the chords change); the feel moves the notes between the beats.
 */
function noteStart(times: Float64Array, s: number, options: DecodeOptions): number {
  const place = options.sub?.[s] ?? 0;
  const offset = options.feel && place > 0 ? Math.max(-0.5, Math.min(0.5, options.feel[place] ?? 0)) : 0;
  return stepTime(times, s) + offset * (stepTime(times, s + 1) - stepTime(times, s));
}

/**
 * A hit's velocity from its accent and ghost flags: the flags' outputs learned P(hit and
 * accented), so a hit is accented when that is more than half its own probability `p`.
 */
function drumVelocity(logits: Float32Array, s: number, c: number, p: number): number {
  const accent = sigmoid(logits[s * OUTPUT_DIM + DRUM_ACCENT + c]!);
  const ghost = sigmoid(logits[s * OUTPUT_DIM + DRUM_GHOST + c]!);
  if (accent > p / 2 && accent >= ghost) return DRUM_LEVEL_VELOCITY.accent;
  if (ghost > p / 2) return DRUM_LEVEL_VELOCITY.ghost;
  return DRUM_LEVEL_VELOCITY.normal;
}

export function decodeDrums(logits: Float32Array, steps: number, times: Float64Array, options: DecodeOptions): ScoreNote[] {
  const notes: ScoreNote[] = [];
  // Every class's decision on every step first (drawn in this order, so a seed gives one take).
  const C = DRUM_CLASSES.length;
  const yes = new Uint8Array(steps * C);
  const ps = new Float64Array(steps * C);
  for (let c = 0; c < C; c++) {
    for (let s = 0; s < steps; s++) {
      const decided = happens(logits[s * OUTPUT_DIM + c]! - (options.calibration?.drums[c] ?? 0), options);
      yes[s * C + c] = decided.yes ? 1 : 0;
      ps[s * C + c] = decided.p;
    }
  }
  // A drummer's two hands and a foot: of each group, the likelier class alone strikes.
  if (options.drummer) {
    for (let s = 0; s < steps; s++) {
      for (const group of DRUMMER_GROUPS) {
        let best = -1;
        for (const c of group) if (yes[s * C + c] && (best < 0 || ps[s * C + c]! > ps[s * C + best]!)) best = c;
        for (const c of group) if (c !== best) yes[s * C + c] = 0;
      }
    }
  }
  for (let c = 0; c < C; c++) {
    // One hit of a class in two neighbouring steps: a swung eighth falls between two
    // sixteenth steps and the model may fire both; the more likely of the two stays.
    let last: { step: number; p: number; index: number } | null = null;
    for (let s = 0; s < steps; s++) {
      if (!yes[s * C + c]) continue;
      const p = ps[s * C + c]!;
      const velocity = options.drumLevels ? drumVelocity(logits, s, c, p) : (0.55 + 0.4 * p) * accentOf(s, options);
      const note = { start: noteStart(times, s, options), duration: 0.1, pitch: DRUM_CLASSES[c]!.keys[0]!, velocity };
      let index = notes.length;
      if (last && last.step === s - 1) {
        if (p <= last.p) continue;
        index = last.index;
      }
      notes[index] = note;
      last = { step: s, p, index };
    }
  }
  return notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
}

export function decodeBass(logits: Float32Array, steps: number, times: Float64Array, options: DecodeOptions): ScoreNote[] {
  const { low, high } = REGISTERS.bass;
  const notes: ScoreNote[] = [];
  let current: ScoreNote | null = null;
  let previous = Math.round((low + high) / 2);
  const classes = bassClasses(options.bassRegister === true);
  // A class's pitch class (register: its pitch's), for the chord-tone check.
  const pitchClassOf = (k: number) => (options.bassRegister ? (BASS_LOWEST + k - BASS_PITCH) % 12 : k - BASS_PITCH);
  const probabilities = new Float64Array(classes);
  for (let s = 0; s < steps; s++) {
    let max = -Infinity;
    for (let k = 0; k < classes; k++) max = Math.max(max, logits[s * OUTPUT_DIM + k]!);
    let total = 0;
    const t = options.temperature > 0 ? options.temperature : 1;
    const tones = options.chordTones?.[s] ?? 0;
    for (let k = 0; k < classes; k++) {
      const offChord = tones !== 0 && k >= BASS_PITCH && !(tones & (1 << pitchClassOf(k)));
      const bias = k === BASS_REST || k === BASS_HOLD ? options.calibration?.bassRest ?? 0 : 0;
      total += probabilities[k] = offChord ? 0 : Math.exp((logits[s * OUTPUT_DIM + k]! - bias - max) / t);
    }
    let chosen = 0;
    if (options.temperature <= 0) {
      for (let k = 1; k < classes; k++) if (probabilities[k]! > probabilities[chosen]!) chosen = k;
    } else {
      let u = options.random.next() * total;
      for (chosen = 0; chosen < classes - 1 && (u -= probabilities[chosen]!) > 0; chosen++);
    }
    // A chord change of a given chart: the root, in the octave the model likes best (all of them equal: the one nearest the last note).
    const root = options.chordRoots?.[s] ?? -1;
    if (root >= 0) {
      let best = -1;
      for (let k = BASS_PITCH; k < classes; k++) {
        if (pitchClassOf(k) !== root) continue;
        const better = best < 0 || logits[s * OUTPUT_DIM + k]! > logits[s * OUTPUT_DIM + best]! || (logits[s * OUTPUT_DIM + k]! === logits[s * OUTPUT_DIM + best]! && options.bassRegister && Math.abs(BASS_LOWEST + k - BASS_PITCH - previous) < Math.abs(BASS_LOWEST + best - BASS_PITCH - previous));
        if (better) best = k;
      }
      if (best >= 0) chosen = best;
    }
    const end = stepTime(times, s + 1);
    if (chosen === BASS_HOLD && current) current.duration = end - current.start;
    else if (chosen === BASS_REST || chosen === BASS_HOLD) current = null;
    else {
      previous = options.bassRegister ? BASS_LOWEST + chosen - BASS_PITCH : nearestPitch(chosen - BASS_PITCH, low, high, previous);
      const start = noteStart(times, s, options);
      current = { start, duration: Math.max(0.02, end - start), pitch: previous, velocity: 0.6 + (0.35 * probabilities[chosen]!) / total };
      notes.push(current);
    }
  }
  return notes;
}

export function decodePitched(stem: Exclude<Stem, 'drums' | 'bass'>, logits: Float32Array, steps: number, times: Float64Array, options: DecodeOptions): ScoreNote[] {
  const { low, high } = REGISTERS[stem];
  const notes: ScoreNote[] = [];
  const sounding = new Map<number, ScoreNote>();
  let previousVoicing: number[] | null = null;
  const onsetThreshold = options.calibration?.onset[stem] ?? 0;
  for (let s = 0; s < steps; s++) {
    const start = noteStart(times, s, options);
    const end = stepTime(times, s + 1);
    const struck: { pc: number; p: number }[] = [];
    for (let pc = 0; pc < 12; pc++) {
      const onset = happens(logits[s * OUTPUT_DIM + PITCHED_ONSET + pc]! - onsetThreshold, options);
      const hold = happens(logits[s * OUTPUT_DIM + PITCHED_HOLD + pc]!, options);
      const note = sounding.get(pc);
      if (onset.yes) struck.push({ pc, p: onset.p });
      else if (note && hold.yes) note.duration = end - note.start;
      else sounding.delete(pc);
    }
    if (struck.length === 0) continue;
    const tones = options.chordTones?.[s] ?? 0;
    const classes = [...new Set(struck.map((x) => nearestChordTone(x.pc, tones)))];
    const centre = previousVoicing ? previousVoicing.reduce((a, b) => a + b, 0) / previousVoicing.length : undefined;
    const pitches: number[] = classes.length === 1 ? [nearestPitch(classes[0]!, low, high, centre)] : voiceLead(classes, previousVoicing, low, high);
    previousVoicing = pitches;
    pitches.forEach((pitch) => {
      const pc = ((pitch % 12) + 12) % 12;
      const p = struck.find((x) => nearestChordTone(x.pc, tones) === pc)?.p ?? 0.5;
      const note = { start, duration: Math.max(0.02, end - start), pitch, velocity: 0.5 + 0.4 * p };
      sounding.set(pc, note);
      notes.push(note);
    });
  }
  return notes;
}

export function decodeStem(stem: Stem, logits: Float32Array, steps: number, times: Float64Array, options: DecodeOptions): ScoreNote[] {
  if (stem === 'drums') return decodeDrums(logits, steps, times, options);
  if (stem === 'bass') return decodeBass(logits, steps, times, options);
  return decodePitched(stem, logits, steps, times, options);
}
