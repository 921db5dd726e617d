/**
 * What a musician tells the listener, because no listener is always right: the tempo,
 * the meter, where the first downbeat is, the chords (a chart, one chord per bar), or
 * a whole analysis edited by hand (analysis-file.ts). Corrections turn into `Given`:
 * what the listener must take as it is; it hears the rest on top (the chords on
 * corrected beats, the key, the grid).
 *
 * - tempo: a steady beat at that tempo, its phase the heard beats' (or the given first downbeat);
 * - meter: beats per bar (downbeats every that many beats from the first downbeat);
 * - firstDownbeat: the beat nearest that time starts the first bar (with a tempo, exactly there);
 * - chords: one chord per bar from the first downbeat, repeated to the end; '|' may
 *   separate bars, '%' repeats the previous bar, N is no chord; a file holds the same text.
 */
import { RemixerError } from '../errors.js';
import { CHORD_QUALITIES, NO_CHORD, chordName, type ChordLabel, type ChordQuality, type ChordSegment } from './chords.js';
import { NOTE_NAMES, estimateKey, type KeyEstimate } from './key.js';
import { formatSeconds } from '../format-seconds.js';
import { BEAT_CHANGES, type BeatChange } from './correction-options.js';

export interface AnalysisCorrections {
  /** The heard beats doubled, halved or moved half a beat, where they are (never a steady grid). */
  beats?: BeatChange;
  tempo?: number;
  meter?: number;
  firstDownbeat?: number;
  /** A chart (chord names, one per bar). */
  chords?: string;
}

/** What a listener must take as given. */
export interface Given {
  beats?: number[];
  beatsPerBar?: number;
  /** Index of the first downbeat in `beats`. */
  firstDownbeat?: number;
  chords?: ChordSegment[];
  key?: { tonic: number; mode: 'major' | 'minor' };
}

const ROOTS: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };
/** Suffixes read, and the quality each names (a chart's usual spellings). */
const SUFFIXES: Record<string, ChordQuality> = {
  '': 'maj', maj: 'maj', M: 'maj', m: 'min', min: 'min', '-': 'min', '7': '7', dom7: '7', maj7: 'maj7', M7: 'maj7', Δ: 'maj7', Δ7: 'maj7',
  m7: 'min7', min7: 'min7', '-7': 'min7', dim: 'dim', o: 'dim', m7b5: 'dim', ø: 'dim', sus4: 'sus4', sus: 'sus4',
};

/** A chord name as a label ("Bbm7" → B♭ minor seventh); null when it is not one. */
export function parseChordName(name: string): ChordLabel | null {
  if (name === 'N' || name === 'NC' || name === 'N.C.') return NO_CHORD;
  const match = /^([A-G])([#b]?)(.*)$/.exec(name);
  if (!match) return null;
  const quality = SUFFIXES[match[3]!];
  if (!quality) return null;
  const root = (ROOTS[match[1]!]! + (match[2] === '#' ? 1 : match[2] === 'b' ? -1 : 0) + 12) % 12;
  return { root, quality, name: chordName(root, quality) };
}

export const CHORD_NAME_HELP = `a root (${NOTE_NAMES.join(' ')}; # and b allowed) and one of: (nothing) m 7 maj7 m7 dim sus4 (also min, M7, -7, m7b5, sus); or N for no chord`;

/** The bars of a chart: one label per bar. */
export function parseChart(text: string, where: string): ChordLabel[] {
  const tokens = text.replace(/\|/g, ' ').split(/\s+/).filter(Boolean);
  if (tokens.length === 0) throw new RemixerError(`${where}: no chords (give one per bar, e.g. "C Am F G7")`);
  const bars: ChordLabel[] = [];
  for (const token of tokens) {
    if (token === '%' || token === '/') {
      if (!bars.length) throw new RemixerError(`${where}: "${token}" repeats the previous bar, but it is the first`);
      bars.push(bars[bars.length - 1]!);
      continue;
    }
    const chord = parseChordName(token);
    if (!chord) throw new RemixerError(`${where}: unknown chord "${token}" (a chord is ${CHORD_NAME_HELP})`);
    bars.push(chord);
  }
  return bars;
}

/** A steady beat at `bpm` through [0, duration), one beat at `anchor`. */
export function steadyBeats(bpm: number, anchor: number, duration: number): number[] {
  const period = 60 / bpm;
  const first = anchor - Math.floor(anchor / period) * period;
  const beats: number[] = [];
  for (let t = first; t < duration; t += period) beats.push(Number(t.toFixed(6)));
  return beats;
}

/** The phase of a steady beat at `bpm` that best fits heard beats (least total distance, 5 ms steps). */
export function bestPhase(heard: readonly number[], bpm: number): number {
  const period = 60 / bpm;
  let best = 0;
  let bestCost = Infinity;
  for (let phase = 0; phase < period; phase += 0.005) {
    let cost = 0;
    for (const t of heard) {
      const d = ((t - phase) % period + period) % period;
      cost += Math.min(d, period - d);
    }
    if (cost < bestCost) [best, bestCost] = [phase, cost];
  }
  return best;
}

/** Chord segments of a chart laid on the bars: beats before the first downbeat have no chord. */
export function chartSegments(bars: readonly ChordLabel[], beats: readonly number[], firstDownbeat: number, beatsPerBar: number, duration: number): ChordSegment[] {
  const segments: ChordSegment[] = [];
  beats.forEach((t, b) => {
    const chord = b < firstDownbeat ? NO_CHORD : bars[Math.floor((b - firstDownbeat) / beatsPerBar) % bars.length]!;
    const last = segments[segments.length - 1];
    if (last && last.root === chord.root && last.quality === chord.quality) return;
    if (last) last.end = t;
    segments.push({ ...chord, start: t, end: duration, beat: b });
  });
  return segments;
}

/**
 * The heard beats changed where they are (the solo's own timing kept, never a rounded tempo):
 * `double` puts a beat halfway between each two (and half a period after the last, inside the
 * solo); `half` keeps every other beat, the one on the first downbeat among them; `offbeat`
 * moves every beat halfway to the next (the last by half its period). With the index of the
 * beat the first downbeat is on after the change.
 */
export function changeBeats(beats: readonly number[], downbeat: number, change: BeatChange, duration: number): { beats: number[]; firstDownbeat: number } {
  const first = Math.max(0, beats.findIndex((t) => Math.abs(t - downbeat) < 1e-6));
  const half = (i: number) => (i + 1 < beats.length ? (beats[i]! + beats[i + 1]!) / 2 : beats[i]! + (beats[i]! - (beats[i - 1] ?? beats[i]! - 0.5)) / 2);
  const round = (t: number) => Number(t.toFixed(6));
  if (change === 'double') {
    const out: number[] = [];
    beats.forEach((t, i) => {
      out.push(t);
      const mid = half(i);
      if (mid < duration) out.push(round(mid));
    });
    return { beats: out, firstDownbeat: 2 * first };
  }
  if (change === 'half') {
    const out = beats.filter((_, i) => (i - first) % 2 === 0);
    return { beats: out, firstDownbeat: out.indexOf(beats[first]!) };
  }
  const out = beats.map((_, i) => round(half(i))).filter((t) => t < duration);
  return { beats: out, firstDownbeat: Math.min(first, Math.max(0, out.length - 1)) };
}

/**
 * The key of a chart a musician gave (not of what was heard): the duration-weighted chord
 * tones as the pitch-class profile, the chords as tonic evidence (key.ts).
 */
export function keyOfChart(chords: readonly ChordSegment[]): KeyEstimate {
  const profile = new Float64Array(12);
  const evidence = [];
  for (const chord of chords) {
    if (chord.quality === 'N' || chord.root < 0) continue;
    const duration = chord.end - chord.start;
    CHORD_QUALITIES[chord.quality].intervals.forEach((interval, i) => (profile[(chord.root + interval) % 12]! += duration * (i === 0 ? 2 : 1)));
    evidence.push({ root: chord.root, minor: chord.quality === 'min' || chord.quality === 'min7', dominant: chord.quality === '7', duration });
  }
  return estimateKey(profile, evidence);
}

/** Checks the corrections' values; one line naming the option otherwise. */
export function checkCorrections(corrections: AnalysisCorrections, duration: number): void {
  const { tempo, meter, firstDownbeat } = corrections;
  if (corrections.beats !== undefined && tempo !== undefined) throw new RemixerError('give --beats (the heard beats changed) or --tempo (a steady tempo), not both');
  if (corrections.beats !== undefined && !(BEAT_CHANGES as readonly string[]).includes(corrections.beats)) throw new RemixerError(`--beats must be one of ${BEAT_CHANGES.join(', ')} (got ${String(corrections.beats)})`);
  if (tempo !== undefined && !(tempo >= 20 && tempo <= 400)) throw new RemixerError(`--tempo must be a tempo from 20 to 400 BPM (got ${tempo})`);
  if (meter !== undefined && !(Number.isInteger(meter) && meter >= 1 && meter <= 16)) throw new RemixerError(`--meter must be a whole number of beats per bar from 1 to 16 (got ${meter})`);
  if (firstDownbeat !== undefined && !(firstDownbeat >= 0)) throw new RemixerError(`--first-downbeat must be a time in seconds, 0 or more (got ${firstDownbeat})`);
  if (firstDownbeat !== undefined && firstDownbeat >= duration) throw new RemixerError(`--first-downbeat ${firstDownbeat} s is past the end of the solo (${formatSeconds(duration)})`);
}

/** The corrections as what a listener must take, given what it heard. */
export function givenFrom(corrections: AnalysisCorrections, heard: { beats: readonly number[]; beatsPerBar: number; downbeats: readonly number[] }, duration: number, chartText?: string): Given {
  checkCorrections(corrections, duration);
  const given: Given = {};
  if (corrections.beats !== undefined) {
    const changed = changeBeats(heard.beats, heard.downbeats[0] ?? heard.beats[0]!, corrections.beats, duration);
    heard = { ...heard, beats: changed.beats, downbeats: [changed.beats[changed.firstDownbeat]!] };
    given.beats = changed.beats;
    given.firstDownbeat = changed.firstDownbeat;
  }
  let beats = [...heard.beats];
  if (corrections.tempo !== undefined) {
    beats = steadyBeats(corrections.tempo, corrections.firstDownbeat ?? bestPhase(heard.beats, corrections.tempo), duration);
    given.beats = beats;
  }
  const nearest = (t: number) => beats.reduce((best, b, i) => (Math.abs(b - t) < Math.abs(beats[best]! - t) ? i : best), 0);
  const beatsPerBar = corrections.meter ?? heard.beatsPerBar;
  if (corrections.meter !== undefined) given.beatsPerBar = beatsPerBar;
  const firstDownbeat = corrections.firstDownbeat !== undefined ? nearest(corrections.firstDownbeat) : nearest(heard.downbeats[0] ?? beats[0]!) % beatsPerBar;
  if (corrections.firstDownbeat !== undefined || corrections.meter !== undefined || corrections.tempo !== undefined) given.firstDownbeat = firstDownbeat;
  if (corrections.chords !== undefined) {
    if (given.beats === undefined) given.beats = beats;
    given.beatsPerBar = beatsPerBar;
    given.firstDownbeat = firstDownbeat;
    given.chords = chartSegments(parseChart(chartText ?? corrections.chords, chartText !== undefined ? corrections.chords : '--chords'), beats, firstDownbeat, beatsPerBar, duration);
  }
  return given;
}

export const hasCorrections = (c: AnalysisCorrections) => c.beats !== undefined || c.tempo !== undefined || c.meter !== undefined || c.firstDownbeat !== undefined || c.chords !== undefined;

/** A quality every part of Remixer knows. */
export const isQuality = (q: string): q is ChordQuality => q in CHORD_QUALITIES;
