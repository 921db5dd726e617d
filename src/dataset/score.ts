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
 * Synthetic songs write theirs from the score they are rendered from; datasets made
 * from MIDI files keep the files' notes, tempo map and meter. Older synthetic
 * datasets without score.json are read from song.json's score.
 */
import { STEMS, type Stem } from '../config.js';
import type { ChordQuality } from '../analysis/chords.js';
import type { Mode } from '../analysis/key.js';
import type { DrumKind, SongScore } from './synth/score.js';
import type { Timbre } from './synth/instruments.js';

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

/** General MIDI percussion keys of the synthetic drum kinds. */
export const GM_DRUM_KEYS: Record<DrumKind, number> = { kick: 36, snare: 38, hatClosed: 42, hatOpen: 46, crash: 49, tom: 47 };

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

/** General MIDI programs (0-based) nearest the synthetic instruments: synth basses, the piano, a lead, pad or plucked square. */
export function synthPrograms(song: Pick<SongScore, 'otherKind'>, timbre?: Pick<Timbre, 'bass' | 'other'>): NonNullable<Score['programs']> {
  const bass = timbre?.bass.wave === 'square' ? 39 : 38;
  const other = song.otherKind === 'pad' ? 89 : song.otherKind === 'pluck-arpeggio' || timbre?.other.wave === 'square' ? 80 : 81;
  return { bass, piano: 0, other };
}

/** The score of a synthetic song (synth/score.ts): constant tempo, 4/4, chords and key known. */
export function scoreOfSynthSong(song: SongScore, timbre?: Pick<Timbre, 'bass' | 'other'>): Score {
  const tempo = [{ time: 0, bpm: song.tempo }];
  const meter = [{ time: 0, beatsPerBar: 4 }];
  const notes = (events: SongScore['bass']) => events.map(({ start, duration, pitch, velocity }) => ({ start, duration, pitch, velocity }));
  return {
    format: SCORE_FORMAT,
    version: 1,
    tempo,
    meter,
    ...beatsOfTempoMap(tempo, meter, song.seconds),
    key: { tonic: song.key.root, mode: song.key.mode },
    chords: song.chords.map((c) => ({ start: c.start, end: Math.min(c.end, song.seconds), root: c.root, quality: chordQualityOf(c.tones.map((t) => t - c.root)) })),
    stems: {
      drums: song.drums.map((hit) => ({ start: hit.start, duration: 0.1, pitch: GM_DRUM_KEYS[hit.kind], velocity: hit.velocity })),
      bass: notes(song.bass),
      piano: notes(song.piano),
      other: notes(song.other),
    },
    programs: synthPrograms(song, timbre),
  };
}

/** Checks a parsed score.json; returns the problem in words, or null. */
export function scoreProblem(value: unknown): string | null {
  const score = value as Partial<Score> | null;
  if (!score || typeof score !== 'object' || score.format !== SCORE_FORMAT) return `not a ${SCORE_FORMAT} file`;
  if (!Array.isArray(score.tempo) || !Array.isArray(score.beats) || !Array.isArray(score.downbeats)) return 'tempo, beats or downbeats missing';
  if (!score.stems || !STEMS.every((s) => Array.isArray(score.stems![s]))) return `stems must list notes for ${STEMS.join(', ')}`;
  return null;
}
