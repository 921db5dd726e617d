/**
 * The score of a synthetic song: tempo, key, chord progression and groove shared
 * by all four parts, and the note or hit events of each part. Everything is drawn
 * from one seeded Random, so a seed always gives the same song.
 *
 * Times are in seconds; pitches are MIDI note numbers; velocities in [0, 1].
 */
import type { Random } from '../../random.js';

export interface NoteEvent {
  start: number;
  duration: number;
  pitch: number;
  velocity: number;
}

export type DrumKind = 'kick' | 'snare' | 'hatClosed' | 'hatOpen' | 'crash' | 'tom';

export interface DrumHit {
  start: number;
  kind: DrumKind;
  velocity: number;
  /** Tom pitch in Hz (toms only). */
  pitch?: number;
}

export interface ChordSpan {
  start: number;
  end: number;
  /** Pitch class of the root, 0 = C. */
  root: number;
  /** Pitch classes of the chord tones, root first. */
  tones: number[];
  name: string;
}

export type DrumPattern = 'rock' | 'four-on-the-floor' | 'half-time' | 'breakbeat' | 'shuffle' | 'hip-hop';
export type BassPattern = 'roots' | 'eighths' | 'root-fifth' | 'syncopated' | 'walking';
export type PianoStyle = 'whole' | 'halves' | 'quarters' | 'offbeat-stabs' | 'charleston' | 'arpeggio';
export type OtherKind = 'lead' | 'pad' | 'pluck-arpeggio';

export interface SongScore {
  tempo: number;
  key: { root: number; mode: 'major' | 'minor'; name: string };
  progression: string[];
  barsPerChord: number;
  swing: number;
  seconds: number;
  chords: ChordSpan[];
  drumPattern: DrumPattern;
  bassPattern: BassPattern;
  pianoStyle: PianoStyle;
  otherKind: OtherKind;
  drums: DrumHit[];
  bass: NoteEvent[];
  piano: NoteEvent[];
  other: NoteEvent[];
}

const NOTE_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];
export const MAJOR = [0, 2, 4, 5, 7, 9, 11];
export const MINOR = [0, 2, 3, 5, 7, 8, 10];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII'];

/** Progressions as 0-based scale degrees. */
export const MAJOR_PROGRESSIONS: number[][] = [
  [0, 4, 5, 3], [0, 5, 3, 4], [5, 3, 0, 4], [0, 3, 4, 3], [1, 4, 0, 0],
  [0, 2, 3, 4], [0, 3, 0, 4], [3, 0, 4, 5], [0, 5, 1, 4],
];
export const MINOR_PROGRESSIONS: number[][] = [
  [0, 5, 2, 6], [0, 3, 4, 0], [0, 6, 5, 6], [0, 3, 5, 4], [0, 5, 3, 4], [0, 2, 6, 3],
];

/** 16-step patterns per bar (1 = hit). */
const DRUM_PATTERNS: Record<DrumPattern, { kick: number[]; snare: number[]; hats: number[]; openHats?: number[]; swing: [number, number] }> = {
  rock: { kick: [0, 8, 10], snare: [4, 12], hats: [0, 2, 4, 6, 8, 10, 12, 14], swing: [0, 0] },
  'four-on-the-floor': { kick: [0, 4, 8, 12], snare: [4, 12], hats: [0, 4, 8, 12], openHats: [2, 6, 10, 14], swing: [0, 0] },
  'half-time': { kick: [0, 11], snare: [8], hats: [0, 2, 4, 6, 8, 10, 12, 14], swing: [0, 0.1] },
  breakbeat: { kick: [0, 3, 10], snare: [4, 12], hats: [0, 2, 4, 6, 8, 10, 12, 14], swing: [0, 0.12] },
  shuffle: { kick: [0, 8], snare: [4, 12], hats: [0, 2, 4, 6, 8, 10, 12, 14], swing: [0.25, 0.33] },
  'hip-hop': { kick: [0, 7, 10], snare: [4, 12], hats: [0, 2, 4, 6, 8, 10, 12, 14], swing: [0.1, 0.2] },
};

/** Piano comping rhythms as [step, length in steps] per bar. */
const PIANO_RHYTHMS: Record<Exclude<PianoStyle, 'arpeggio'>, [number, number][]> = {
  whole: [[0, 15]],
  halves: [[0, 7], [8, 7]],
  quarters: [[0, 3], [4, 3], [8, 3], [12, 3]],
  'offbeat-stabs': [[2, 1], [6, 1], [10, 1], [14, 1]],
  charleston: [[0, 3], [6, 6]],
};

export function noteName(pitchClass: number): string {
  return NOTE_NAMES[((pitchClass % 12) + 12) % 12]!;
}

export function chordOnDegree(keyRoot: number, scale: number[], degree: number, seventh: boolean, harmonicV: boolean): { root: number; tones: number[]; name: string; roman: string } {
  const at = (d: number) => keyRoot + scale[d % 7]! + 12 * Math.floor(d / 7);
  const tones = [at(degree), at(degree + 2), at(degree + 4)];
  if (seventh) tones.push(at(degree + 6));
  if (harmonicV && degree === 4) tones[1] = tones[0]! + 4; // major V in minor keys
  const third = (tones[1]! - tones[0]! + 12) % 12;
  const fifth = (tones[2]! - tones[0]! + 12) % 12;
  const quality = fifth === 6 ? 'dim' : third === 3 ? 'm' : '';
  const seventhName = seventh ? ((tones[3]! - tones[0]! + 12) % 12 === 11 ? 'maj7' : '7') : '';
  const roman = third === 3 ? ROMAN[degree % 7]!.toLowerCase() + (fifth === 6 ? '°' : '') : ROMAN[degree % 7]!;
  return { root: tones[0]! % 12, tones: tones.map((t) => t % 12), name: `${noteName(tones[0]!)}${quality}${seventhName}`, roman };
}

/** Lowest pitch >= `floor` with the given pitch class. */
function pitchAtOrAbove(pitchClass: number, floor: number): number {
  return floor + ((((pitchClass - floor) % 12) + 12) % 12);
}

/** A close voicing of `tones` in [low, high], nearest to the previous voicing. */
function voiceLead(tones: number[], previous: number[] | null, low: number, high: number): number[] {
  const candidates: number[][] = [];
  for (let inversion = 0; inversion < tones.length; inversion++) {
    const ordered = tones.slice(inversion).concat(tones.slice(0, inversion));
    for (let base = low; base < low + 12; base++) {
      if ((base - ordered[0]!) % 12 !== 0) continue;
      const voicing: number[] = [base];
      for (const pc of ordered.slice(1)) voicing.push(pitchAtOrAbove(pc, voicing[voicing.length - 1]! + 1));
      if (voicing[voicing.length - 1]! <= high) candidates.push(voicing);
    }
  }
  if (candidates.length === 0) return tones.map((pc) => pitchAtOrAbove(pc, low));
  if (!previous) return candidates[Math.floor(candidates.length / 2)]!;
  const centre = (v: number[]) => v.reduce((s, p) => s + p, 0) / v.length;
  const target = centre(previous);
  return candidates.reduce((best, v) => (Math.abs(centre(v) - target) < Math.abs(centre(best) - target) ? v : best));
}

/** Draws a whole song score from `random`. */
export function composeSong(random: Random, seconds: number): SongScore {
  const tempo = random.int(80, 160);
  const mode = random.chance(0.65) ? 'major' : 'minor';
  const keyRoot = random.int(0, 11);
  const scale = mode === 'major' ? MAJOR : MINOR;
  const degrees = random.pick(mode === 'major' ? MAJOR_PROGRESSIONS : MINOR_PROGRESSIONS);
  const sevenths = random.chance(0.35);
  const harmonicV = mode === 'minor' && random.chance(0.6);
  const drumPattern = random.pick(Object.keys(DRUM_PATTERNS) as DrumPattern[]);
  const groove = DRUM_PATTERNS[drumPattern];
  const swing = random.uniform(groove.swing[0], groove.swing[1]);
  const beat = 60 / tempo;
  const bar = 4 * beat;
  const barsPerChord = tempo > 135 ? 2 : 1;
  const bars = Math.ceil(seconds / bar) + 1;

  /** Time of a 16th-note step within a bar, with swing applied to off-beat 8ths. */
  const stepTime = (barIndex: number, step: number) => {
    const eighth = Math.floor(step / 2);
    const sixteenth = step % 2;
    let eighthPos = eighth;
    if (eighth % 2 === 1) eighthPos += swing;
    return barIndex * bar + (eighthPos + sixteenth * 0.5) * (beat / 2);
  };

  const chordFor = (barIndex: number) => degrees[Math.floor(barIndex / barsPerChord) % degrees.length]!;
  const chords: ChordSpan[] = [];
  for (let b = 0; b < bars; b += barsPerChord) {
    const degree = chordFor(b);
    const { roman: _roman, ...chord } = chordOnDegree(keyRoot, scale, degree, sevenths, harmonicV);
    chords.push({ start: b * bar, end: (b + barsPerChord) * bar, ...chord });
  }
  const chordAt = (barIndex: number) => chords[Math.min(chords.length - 1, Math.floor(barIndex / barsPerChord))]!;
  const humanise = (t: number) => Math.max(0, t + random.normal() * 0.003);

  // Drums
  const drums: DrumHit[] = [];
  const phrase = 4;
  const tomBase = random.uniform(90, 130);
  const hatSixteenths = drumPattern !== 'shuffle' && drumPattern !== 'four-on-the-floor' && random.chance(0.3);
  for (let b = 0; b < bars; b++) {
    const fill = b % phrase === phrase - 1 && random.chance(0.7);
    if (b % (phrase * 2) === 0) drums.push({ start: stepTime(b, 0), kind: 'crash', velocity: random.uniform(0.7, 0.9) });
    for (const s of groove.kick) {
      if (fill && s >= 12) continue;
      drums.push({ start: humanise(stepTime(b, s)), kind: 'kick', velocity: random.uniform(0.85, 1) });
    }
    if (random.chance(0.25)) drums.push({ start: humanise(stepTime(b, random.pick([6, 14]))), kind: 'kick', velocity: random.uniform(0.6, 0.8) });
    for (const s of groove.snare) {
      if (fill && s >= 12) continue;
      drums.push({ start: humanise(stepTime(b, s)), kind: 'snare', velocity: random.uniform(0.85, 1) });
    }
    const hatSteps = hatSixteenths ? Array.from({ length: 16 }, (_, i) => i) : groove.hats;
    for (const s of hatSteps) {
      if (fill && s >= 12) continue;
      const accent = s % 4 === 0 ? 1 : s % 2 === 0 ? 0.75 : 0.55;
      drums.push({ start: humanise(stepTime(b, s)), kind: 'hatClosed', velocity: accent * random.uniform(0.8, 1) });
    }
    for (const s of groove.openHats ?? []) drums.push({ start: humanise(stepTime(b, s)), kind: 'hatOpen', velocity: random.uniform(0.6, 0.8) });
    if (fill) {
      const fillSteps = random.chance(0.5) ? [12, 13, 14, 15] : [12, 14, 15];
      fillSteps.forEach((s, i) => {
        const tom = random.chance(0.6);
        drums.push({
          start: humanise(stepTime(b, s)),
          kind: tom ? 'tom' : 'snare',
          velocity: random.uniform(0.7, 0.95),
          ...(tom ? { pitch: tomBase * (1.5 - 0.15 * i) } : {}),
        });
      });
    }
  }

  // Bass: follows the chord roots, locked to the groove.
  const bassPattern = random.pick<BassPattern>(['roots', 'eighths', 'root-fifth', 'syncopated', 'walking']);
  const bassFloor = random.int(28, 33);
  const bass: NoteEvent[] = [];
  for (let b = 0; b < bars; b++) {
    const chord = chordAt(b);
    const root = pitchAtOrAbove(chord.root, bassFloor);
    const fifth = root + 7;
    const octave = root + 12;
    const nextRoot = pitchAtOrAbove(chordAt(b + 1).root, bassFloor);
    const add = (step: number, lengthSteps: number, pitch: number, velocity = random.uniform(0.8, 1)) =>
      bass.push({ start: humanise(stepTime(b, step)), duration: lengthSteps * (beat / 4) * 0.95, pitch, velocity });
    switch (bassPattern) {
      case 'roots':
        add(0, 8, root); add(8, 6, random.chance(0.5) ? root : fifth); break;
      case 'eighths':
        for (let s = 0; s < 16; s += 2) add(s, 1.6, s === 14 && random.chance(0.4) ? octave : root, s % 4 === 0 ? 1 : 0.8);
        break;
      case 'root-fifth':
        add(0, 3, root); add(4, 3, fifth); add(8, 3, octave); add(12, 3, fifth); break;
      case 'syncopated':
        add(0, 3, root); add(3, 2, root); add(6, 2, octave); add(10, 2, fifth); add(12, 3, root); break;
      case 'walking': {
        const third = pitchAtOrAbove(chord.tones[1]!, root);
        const approach = nextRoot + (random.chance(0.5) ? -1 : 1);
        add(0, 3.5, root); add(4, 3.5, third); add(8, 3.5, fifth); add(12, 3.5, approach);
        break;
      }
    }
  }

  // Piano: chord voicings with a comping rhythm.
  const pianoStyle = random.pick<PianoStyle>(['whole', 'halves', 'quarters', 'offbeat-stabs', 'charleston', 'arpeggio']);
  const pianoLow = random.int(52, 57);
  const leftHand = pianoStyle !== 'offbeat-stabs' && random.chance(0.5);
  const piano: NoteEvent[] = [];
  let previousVoicing: number[] | null = null;
  for (let b = 0; b < bars; b++) {
    const chord = chordAt(b);
    const voicing = voiceLead(chord.tones, previousVoicing, pianoLow, pianoLow + 19);
    previousVoicing = voicing;
    const velocity = random.uniform(0.55, 0.8);
    if (pianoStyle === 'arpeggio') {
      const pattern = [...voicing, voicing[0]! + 12, ...voicing.slice(1).reverse()];
      for (let s = 0; s < 16; s += 2) {
        const pitch = pattern[(s / 2) % pattern.length]!;
        piano.push({ start: humanise(stepTime(b, s)), duration: beat * 0.9, pitch, velocity: velocity * (s % 4 === 0 ? 1 : 0.8) });
      }
    } else {
      for (const [step, length] of PIANO_RHYTHMS[pianoStyle]) {
        const start = stepTime(b, step);
        const duration = length * (beat / 4) * 0.95;
        for (const pitch of voicing) piano.push({ start: humanise(start), duration, pitch, velocity: velocity * random.uniform(0.9, 1.05) });
      }
    }
    if (leftHand) piano.push({ start: humanise(stepTime(b, 0)), duration: bar * 0.9, pitch: pitchAtOrAbove(chord.root, pianoLow - 12), velocity: velocity * 0.8 });
  }

  // Other: a lead melody, a pad, or a plucked arpeggio, over the same chords.
  const otherKind = random.weighted<OtherKind>([['lead', 0.45], ['pad', 0.3], ['pluck-arpeggio', 0.25]]);
  const other: NoteEvent[] = [];
  const scalePitches: number[] = [];
  for (let p = 60; p <= 90; p++) if (scale.includes((((p - keyRoot) % 12) + 12) % 12)) scalePitches.push(p);
  if (otherKind === 'lead') {
    let current = scalePitches[Math.floor(scalePitches.length / 3)]!;
    const rhythms: [number, number][][] = [
      [[0, 4], [4, 2], [6, 2], [8, 6]],
      [[0, 2], [2, 2], [4, 4], [10, 2], [12, 4]],
      [[0, 6], [6, 2], [8, 4], [12, 2], [14, 2]],
      [[2, 2], [4, 2], [6, 6], [12, 4]],
    ];
    const motif = random.pick(rhythms);
    for (let b = 0; b < bars; b++) {
      const chord = chordAt(b);
      const rhythm = b % 2 === 0 ? motif : random.pick(rhythms);
      if (b % 4 === 3 && random.chance(0.5)) continue; // breathe at phrase ends
      for (const [step, length] of rhythm) {
        const strong = step % 4 === 0;
        let pitch: number;
        if (strong) {
          const tones = scalePitches.filter((p) => chord.tones.includes(p % 12));
          pitch = tones.reduce((best, p) => (Math.abs(p - current) < Math.abs(best - current) ? p : best), tones[0]!);
        } else {
          const index = scalePitches.indexOf(current);
          const stepBy = random.pick([-2, -1, -1, 1, 1, 2]);
          pitch = scalePitches[Math.min(scalePitches.length - 1, Math.max(0, (index < 0 ? 0 : index) + stepBy))]!;
        }
        current = pitch;
        other.push({ start: humanise(stepTime(b, step)), duration: length * (beat / 4) * 0.9, pitch, velocity: random.uniform(0.7, 0.95) });
      }
    }
  } else if (otherKind === 'pad') {
    let previous: number[] | null = null;
    for (let b = 0; b < bars; b += barsPerChord) {
      const chord = chordAt(b);
      const upper = chord.tones.length > 3 ? chord.tones.slice(1) : [chord.tones[1]!, chord.tones[2]!, chord.tones[0]!];
      const voicing = voiceLead(upper, previous, 62, 82);
      previous = voicing;
      for (const pitch of voicing) other.push({ start: stepTime(b, 0), duration: barsPerChord * bar, pitch, velocity: 0.6 });
    }
  } else {
    for (let b = 0; b < bars; b++) {
      const chord = chordAt(b);
      const voicing = voiceLead(chord.tones, null, 72, 88);
      const order = random.chance(0.5) ? voicing : voicing.slice().reverse();
      for (let s = 0; s < 16; s++) {
        other.push({ start: stepTime(b, s), duration: beat / 4, pitch: order[s % order.length]!, velocity: s % 4 === 0 ? 0.9 : 0.65 });
      }
    }
  }

  const within = <T extends { start: number }>(events: T[]) => events.filter((e) => e.start < seconds).sort((a, b) => a.start - b.start);
  return {
    tempo,
    key: { root: keyRoot, mode, name: `${noteName(keyRoot)} ${mode}` },
    progression: degrees.map((d) => chordOnDegree(keyRoot, scale, d, sevenths, harmonicV).roman),
    barsPerChord,
    swing: Number(swing.toFixed(3)),
    seconds,
    chords: chords.filter((c) => c.start < seconds),
    drumPattern,
    bassPattern,
    pianoStyle,
    otherKind,
    drums: within(drums),
    bass: within(bass),
    piano: within(piano),
    other: within(other),
  };
}
