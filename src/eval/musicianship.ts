/**
 * Musicianship of a band's parts, measured on their notes (General MIDI drum keys,
 * MIDI pitches) against the song's own beats and bars — the score's, so the figures do
 * not depend on what a beat tracker heard. The same measures are taken of the true
 * parts, so a generated band is read beside what the people who wrote the song played.
 *
 * Drums (hits closer than STEP_TOLERANCE seconds are one step):
 *   - timekeepers together: of the steps where a timekeeper strikes (closed, pedal or open
 *     hi-hat, ride), the share where two or more different ones strike — a drummer keeps
 *     time on one;
 *   - kick and snare together: of the steps with a kick or a snare, the share with both;
 *   - bar repetition: the Jaccard similarity of consecutive bars' patterns (each hit as its
 *     instrument and sixteenth of the bar), averaged over pairs of bars;
 *   - hits per bar.
 * Bass and other: notes per bar, the pitch range (5th to 95th percentile, semitones), and
 * whether the part is silent.
 */
import type { Stem } from '../config.js';
import type { ScoreNote } from '../score/score.js';

/** Hits closer than this (seconds) are struck together. */
export const STEP_TOLERANCE = 0.035;

/** A General MIDI drum key's instrument, for patterns and the measures above. */
export function drumKind(key: number): string {
  switch (key) {
    case 35: case 36: return 'kick';
    case 37: case 38: case 40: return 'snare';
    case 39: return 'clap';
    case 42: return 'closed-hat';
    case 44: return 'pedal-hat';
    case 46: return 'open-hat';
    case 51: case 53: case 59: return 'ride';
    case 49: case 52: case 55: case 57: return 'crash';
    case 41: case 43: case 45: case 47: case 48: case 50: return 'tom';
    default: return 'percussion';
  }
}

const TIMEKEEPERS = new Set(['closed-hat', 'pedal-hat', 'open-hat', 'ride']);

export interface DrumMeasures {
  timekeepersTogether: number | null;
  kickSnareTogether: number | null;
  barRepetition: number | null;
  hitsPerBar: number;
}

export interface PitchedMeasures {
  notesPerBar: number;
  pitchRange: number | null;
  silent: boolean;
}

export interface Musicianship {
  drums?: DrumMeasures;
  bass?: PitchedMeasures;
  other?: PitchedMeasures;
  piano?: PitchedMeasures;
}

/** The musicianship measures' names, in report order, with what each is and its digits. */
export const MUSICIANSHIP_MEASURES = [
  { key: 'timekeepersTogether', part: 'drums', label: 'timekeepers together', digits: 2 },
  { key: 'kickSnareTogether', part: 'drums', label: 'kick and snare together', digits: 2 },
  { key: 'barRepetition', part: 'drums', label: 'bar-to-bar repetition', digits: 2 },
  { key: 'hitsPerBar', part: 'drums', label: 'drum hits per bar', digits: 1 },
  { key: 'notesPerBar', part: 'bass', label: 'bass notes per bar', digits: 1 },
  { key: 'pitchRange', part: 'bass', label: 'bass range (semitones)', digits: 0 },
  { key: 'notesPerBar', part: 'other', label: 'other notes per bar', digits: 1 },
  { key: 'pitchRange', part: 'other', label: 'other range (semitones)', digits: 0 },
] as const;
export type MusicianshipMeasure = (typeof MUSICIANSHIP_MEASURES)[number];

/** The value of one measure, or null when the part or the measure is not there. */
export function measureValue(m: Musicianship | null | undefined, measure: MusicianshipMeasure): number | null {
  const part = m?.[measure.part] as Record<string, number | boolean | null> | undefined;
  const value = part?.[measure.key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** Groups times into steps: a step starts at a time more than `tolerance` after the step's first. */
export function steps<T extends { start: number }>(hits: readonly T[], tolerance = STEP_TOLERANCE): T[][] {
  const sorted = [...hits].sort((a, b) => a.start - b.start);
  const out: T[][] = [];
  for (const hit of sorted) {
    const last = out[out.length - 1];
    if (last && hit.start - last[0]!.start <= tolerance) last.push(hit);
    else out.push([hit]);
  }
  return out;
}

/** The song's bars as [start, end) from its downbeats, the last closed at `duration` (at most one bar long). */
export function barsOf(downbeats: readonly number[], duration: number): [number, number][] {
  const inside = downbeats.filter((d) => d < duration);
  const bars: [number, number][] = [];
  for (let i = 0; i < inside.length; i++) {
    const length = i + 1 < inside.length ? inside[i + 1]! - inside[i]! : bars.length ? bars[bars.length - 1]![1] - bars[bars.length - 1]![0] : duration - inside[i]!;
    bars.push([inside[i]!, Math.min(duration, inside[i]! + length)]);
  }
  return bars;
}

/** How many bars the song spans: whole bars, and the share of a bar at either end. */
function barCount(bars: readonly [number, number][], duration: number): number {
  if (bars.length === 0) return 0;
  const typical = bars.length > 1 ? bars[1]![0] - bars[0]![0] : bars[0]![1] - bars[0]![0];
  const lead = typical > 0 ? Math.min(1, bars[0]![0] / typical) : 0;
  const last = bars[bars.length - 1]!;
  const tail = typical > 0 ? Math.min(1, (duration - last[0]) / typical) : 1;
  return bars.length - 1 + tail + lead;
}

/** The sixteenth of its bar a time falls on, from the song's beats (null outside them). */
function sixteenthInBar(t: number, beats: readonly number[], barStart: number): number | null {
  let k = -1;
  for (let i = 0; i < beats.length; i++) if (beats[i]! <= t + 1e-9) k = i;
  if (k < 0) return null;
  const next = beats[k + 1] ?? beats[k]! + (k > 0 ? beats[k]! - beats[k - 1]! : 0.5);
  const step = Math.round((4 * (t - beats[k]!)) / Math.max(1e-6, next - beats[k]!));
  let first = 0;
  while (first < beats.length && beats[first]! < barStart - 1e-6) first++;
  return (k - first) * 4 + step;
}

/** Jaccard similarity of two sets (null when both are empty). */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number | null {
  if (a.size === 0 && b.size === 0) return null;
  let both = 0;
  for (const x of a) if (b.has(x)) both++;
  return both / (a.size + b.size - both);
}

export function drumMeasures(hits: readonly ScoreNote[], beats: readonly number[], downbeats: readonly number[], duration: number): DrumMeasures {
  const grouped = steps(hits.filter((h) => h.start < duration));
  const kinds = grouped.map((step) => new Set(step.map((h) => drumKind(h.pitch))));
  const timekeeping = kinds.filter((k) => [...k].some((x) => TIMEKEEPERS.has(x)));
  const together = timekeeping.filter((k) => [...k].filter((x) => TIMEKEEPERS.has(x)).length >= 2);
  const backbeat = kinds.filter((k) => k.has('kick') || k.has('snare'));
  const both = backbeat.filter((k) => k.has('kick') && k.has('snare'));
  const bars = barsOf(downbeats, duration);
  const patterns = bars.map(([start, end]) => new Set(hits.filter((h) => h.start >= start - STEP_TOLERANCE / 2 && h.start < end - STEP_TOLERANCE / 2).map((h) => `${drumKind(h.pitch)}@${sixteenthInBar(h.start, beats, start)}`)));
  const similarities: number[] = [];
  for (let i = 1; i < patterns.length; i++) {
    const s = jaccard(patterns[i - 1]!, patterns[i]!);
    if (s !== null) similarities.push(s);
  }
  const count = barCount(bars, duration);
  return {
    timekeepersTogether: timekeeping.length ? together.length / timekeeping.length : null,
    kickSnareTogether: backbeat.length ? both.length / backbeat.length : null,
    barRepetition: similarities.length ? similarities.reduce((a, b) => a + b, 0) / similarities.length : null,
    hitsPerBar: count > 0 ? hits.filter((h) => h.start < duration).length / count : 0,
  };
}

function percentile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))))]!;
}

export function pitchedMeasures(notes: readonly ScoreNote[], downbeats: readonly number[], duration: number): PitchedMeasures {
  const inside = notes.filter((n) => n.start < duration);
  const count = barCount(barsOf(downbeats, duration), duration);
  const pitches = inside.map((n) => n.pitch).sort((a, b) => a - b);
  return {
    notesPerBar: count > 0 ? inside.length / count : 0,
    pitchRange: pitches.length ? percentile(pitches, 0.95) - percentile(pitches, 0.05) : null,
    silent: inside.length === 0,
  };
}

/** Every measure of a band's parts (the solo's stem left out). */
export function musicianship(parts: Partial<Record<Stem, readonly ScoreNote[]>>, grid: { beats: readonly number[]; downbeats: readonly number[] }, duration: number, solo: Stem): Musicianship {
  const out: Musicianship = {};
  if (solo !== 'drums') out.drums = drumMeasures(parts.drums ?? [], grid.beats, grid.downbeats, duration);
  for (const stem of ['bass', 'piano', 'other'] as const) if (stem !== solo) out[stem] = pitchedMeasures(parts[stem] ?? [], grid.downbeats, duration);
  return out;
}
