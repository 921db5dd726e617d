/**
 * A song's score: the one documented format for the notes of every stem and the
 * musical facts around them, read and written only here and read through the
 * dataset loader.
 *
 *   songs/<id>/score.json = {
 *     format: "remixer-score", version: 1,
 *     tempo:   [{ time, bpm }]              tempo map: the tempo from each time on (seconds)
 *     meter:   [{ time, beatsPerBar }]      bar lengths from each time on
 *     beats:   [t0, t1, …]                  every beat, seconds (the quarter note, or the
 *                                           dotted quarter in compound meters)
 *     downbeats: [t0, …]                    the beats that start a bar
 *     key:     { tonic, mode } | null       tonic 0 = C; null when unknown
 *     chords:  [{ start, end, root, quality }] | null   quality as analysis/chords.ts names
 *                                           them, or "other" (dim7, sus, …); null when unknown
 *     stems:   { drums|bass|piano|other: [{ start, duration, pitch, velocity }] }
 *                                           seconds; MIDI pitch (drums: General MIDI key);
 *                                           velocity 0-1
 *     programs: { bass|piano|other: program }  the General MIDI program (0-based) nearest
 *                                           each part's instrument, when known
 *   }
 *
 * The domain's one low module (notes, chords, tempo maps, the score format): analysis,
 * datasets, the band, rendering and the models read it; it reads nothing of theirs.
 * Synthetic songs write theirs from the score they are rendered from (dataset/synth/
 * song-score.ts); datasets made from MIDI files keep the files' notes, tempo map and meter.
 */
import { STEMS, type Stem } from '../config.js';
import type { ChordQuality } from '../analysis/chords.js';
import type { Mode } from '../analysis/key.js';

export const SCORE_FILE = 'score.json';
export const SCORE_FORMAT = 'remixer-score';

export interface ScoreNote {
  start: number;
  duration: number;
  pitch: number;
  velocity: number;
}

export interface ScoreChord {
  start: number;
  end: number;
  root: number;
  quality: ChordQuality | 'other';
}

export interface Score {
  format: typeof SCORE_FORMAT;
  version: 1;
  tempo: { time: number; bpm: number }[];
  meter: { time: number; beatsPerBar: number }[];
  beats: number[];
  downbeats: number[];
  key: { tonic: number; mode: Mode } | null;
  chords: ScoreChord[] | null;
  stems: Record<Stem, ScoreNote[]>;
  /** The General MIDI program (0-based) nearest each pitched part's instrument, when known. */
  programs?: Partial<Record<Exclude<Stem, 'drums'>, number>>;
  /** The song's solo, when a corpus chose it (dataset mma): its stem, program, instrument and the band part it plays. */
  solo?: { stem: Stem; program: number; instrument: string; part: string };
  /** The MMA style the song was rendered in: its name, family (the unit splits hold out), form and grooves. */
  style?: { name: string; family: string; form: string; grooves: string[] };
}

/** The quality of a chord from its pitch classes relative to the root. */
export function chordQualityOf(intervals: readonly number[]): ChordQuality | 'other' {
  const set = new Set(intervals.map((i) => ((i % 12) + 12) % 12));
  const has = (...xs: number[]) => xs.every((x) => set.has(x));
  const only = (n: number) => set.size === n;
  if (has(0, 4, 7) && only(3)) return 'maj';
  if (has(0, 3, 7) && only(3)) return 'min';
  if (has(0, 4, 7, 10) && only(4)) return '7';
  if (has(0, 4, 7, 11) && only(4)) return 'maj7';
  if (has(0, 3, 7, 10) && only(4)) return 'min7';
  if (has(0, 3, 6) && only(3)) return 'dim';
  if (has(0, 5, 7) && only(3)) return 'sus4';
  return 'other';
}

/** Beats and downbeats of a tempo map and meter, from time 0 to `seconds` (beats are quarter notes). */
export function beatsOfTempoMap(tempo: Score['tempo'], meter: Score['meter'], seconds: number): { beats: number[]; downbeats: number[] } {
  const beats: number[] = [];
  const downbeats: number[] = [];
  let t = 0;
  let beatInBar = 0;
  let lastMeter = meter[0]?.beatsPerBar ?? 4;
  while (t < seconds - 1e-9) {
    const bpm = [...tempo].reverse().find((m) => m.time <= t + 1e-9)?.bpm ?? 120;
    const beatsPerBar = [...meter].reverse().find((m) => m.time <= t + 1e-9)?.beatsPerBar ?? 4;
    if (beatsPerBar !== lastMeter) {
      beatInBar = 0;
      lastMeter = beatsPerBar;
    }
    beats.push(t);
    if (beatInBar === 0) downbeats.push(t);
    beatInBar = (beatInBar + 1) % beatsPerBar;
    t += 60 / bpm;
  }
  return { beats, downbeats };
}

/** Checks a parsed score.json; returns the problem in words, or null. */
export function scoreProblem(value: unknown): string | null {
  const score = value as Partial<Score> | null;
  if (!score || typeof score !== 'object' || score.format !== SCORE_FORMAT) return `not a ${SCORE_FORMAT} file`;
  if (!Array.isArray(score.tempo) || !Array.isArray(score.beats) || !Array.isArray(score.downbeats)) return 'tempo, beats or downbeats missing';
  if (!score.stems || !STEMS.every((s) => Array.isArray(score.stems![s]))) return `stems must list notes for ${STEMS.join(', ')}`;
  return null;
}
