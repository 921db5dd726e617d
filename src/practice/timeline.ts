/**
 * Where everything of a practice version sits in time, and what the band plays there. Pure.
 *
 * Song time t (seconds of the remix) plays at practice time
 *
 *   p(t) = offset + t / s          s = speed / 100
 *
 * With an intro of N bars the song's first downbeat d0 lands on a bar line N or more bars
 * after the start: offset = k·B − d0/s, k = max(N, ⌈d0/(s·B)⌉), B the bar at the practice
 * tempo (beats per bar × the median beat period / s). The band's first N bars of the song,
 * [d0, d0 + N bars), are played once more in the N bars before p(d0) — a pickup of the
 * solo falls inside the last of them, as a pickup does.
 *
 * The ending is a bar on the next bar line after the song's last beat: the last chord held
 * (bass on its root, "other" and a non-solo piano on its tones) over a crash and a kick.
 * The click is a wood block on every beat of the practice grid, the downbeats higher and
 * louder (General MIDI keys 76 and 77, drum channel).
 */
import type { Stem } from '../config.js';
import type { ScoreNote } from '../score/score.js';
import { CHORD_QUALITIES, type ChordQuality } from '../analysis/chords.js';
import type { PracticeSettings } from './options.js';

/** What was heard of the remix's solo: its beats and bars and chords, in song time. */
export interface SongGrid {
  beats: readonly number[];
  downbeats: readonly number[];
  beatsPerBar: number;
  /** root: pitch class (-1: none); quality: a CHORD_QUALITIES name or N. */
  chords: readonly { start: number; end: number; root: number; quality: string }[];
  /** Seconds of the remix. */
  duration: number;
}

export interface PracticeTimeline {
  /** s: the speed as a ratio. */
  ratio: number;
  /** Practice seconds before song time 0. */
  offset: number;
  /** A bar at the practice tempo, in seconds. */
  barSeconds: number;
  /** Where the ending bar starts (null: no ending). */
  endingStart: number | null;
  /** Seconds of the practice version. */
  length: number;
  /** The practice grid: every beat and downbeat, intro and ending included. */
  beats: number[];
  downbeats: number[];
}

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0.5;
};
const EPS = 1e-6;

export function practiceTimeline(grid: SongGrid, settings: Pick<PracticeSettings, 'speed' | 'intro' | 'ending'>): PracticeTimeline {
  const ratio = settings.speed / 100;
  const period = median(grid.beats.slice(1).map((t, i) => t - grid.beats[i]!)) || 0.5;
  const barSong = grid.beatsPerBar * period;
  const barSeconds = barSong / ratio;
  const beatSeconds = period / ratio;
  const d0 = grid.downbeats[0] ?? grid.beats[0] ?? 0;
  const offset = settings.intro > 0 ? Math.max(settings.intro, Math.ceil(d0 / ratio / barSeconds - EPS)) * barSeconds - d0 / ratio : 0;
  const at = (t: number) => offset + t / ratio;
  // Song beats, and the intro's before them.
  const songBeats = grid.beats.map(at);
  const songDownbeats = grid.downbeats.map(at);
  const firstSongBeat = songBeats[0] ?? at(d0);
  const introBeats: number[] = [];
  const introDownbeats: number[] = [];
  for (let i = settings.intro * grid.beatsPerBar; i >= 1; i--) {
    const t = at(d0) - i * beatSeconds;
    if (t < firstSongBeat - EPS && t > -EPS) introBeats.push(Math.max(0, t));
    if (i % grid.beatsPerBar === 0) introDownbeats.push(Math.max(0, t));
  }
  // The ending: the next bar line after the last beat, and the beats up to it.
  let endingStart: number | null = null;
  const endingBeats: number[] = [];
  const endingDownbeats: number[] = [];
  if (settings.ending) {
    const lastBeat = grid.beats[grid.beats.length - 1] ?? grid.duration;
    const lastDown = grid.downbeats[grid.downbeats.length - 1] ?? d0;
    let nextDown = lastDown;
    while (nextDown <= lastBeat + EPS) nextDown += barSong;
    endingStart = at(nextDown);
    for (let t = at(lastBeat) + beatSeconds; t < endingStart + barSeconds - EPS; t += beatSeconds) endingBeats.push(t);
    endingDownbeats.push(endingStart);
  }
  const length = Math.max(at(grid.duration), endingStart === null ? 0 : endingStart + barSeconds);
  return {
    ratio,
    offset,
    barSeconds,
    endingStart,
    length,
    beats: [...introBeats, ...songBeats, ...endingBeats],
    downbeats: [...introDownbeats, ...songDownbeats, ...endingDownbeats],
  };
}

/** The band's notes moved to the practice timeline: transposed (drums never), the intro's copies, the ending's chord. */
export function practiceNotes(notes: Partial<Record<Stem, readonly ScoreNote[]>>, grid: SongGrid, timeline: PracticeTimeline, settings: Pick<PracticeSettings, 'transpose' | 'intro'>): Partial<Record<Stem, ScoreNote[]>> {
  const { ratio, offset } = timeline;
  const at = (t: number) => offset + t / ratio;
  const d0 = grid.downbeats[0] ?? grid.beats[0] ?? 0;
  const introBars = settings.intro * timeline.barSeconds;
  const introEndSong = d0 + introBars * ratio;
  const out: Partial<Record<Stem, ScoreNote[]>> = {};
  for (const [stem, part] of Object.entries(notes) as [Stem, readonly ScoreNote[]][]) {
    const shift = stem === 'drums' ? 0 : settings.transpose;
    const moved = (n: ScoreNote, start: number, end: number): ScoreNote => ({ start, duration: Math.max(0.01, end - start), pitch: n.pitch + shift, velocity: n.velocity });
    const intro = settings.intro > 0 ? part.filter((n) => n.start >= d0 - EPS && n.start < introEndSong - EPS).map((n) => moved(n, at(n.start) - introBars, Math.min(at(n.start + n.duration) - introBars, at(d0)))) : [];
    out[stem] = [...intro, ...part.map((n) => moved(n, at(n.start), at(n.start + n.duration)))];
  }
  if (timeline.endingStart !== null) {
    const last = [...grid.chords].reverse().find((c) => c.root >= 0 && c.quality in CHORD_QUALITIES);
    const root = ((last?.root ?? 0) + settings.transpose + 120) % 12;
    const intervals = CHORD_QUALITIES[(last?.quality ?? 'maj') as ChordQuality].intervals.slice(0, 4);
    const held = (pitch: number, velocity: number): ScoreNote => ({ start: timeline.endingStart!, duration: timeline.barSeconds, pitch, velocity });
    if (out.bass) out.bass.push(held(36 + root, 0.8));
    if (out.other) out.other.push(...intervals.map((i) => held(60 + root + i, 0.7)));
    if (out.piano) out.piano.push(...intervals.map((i) => held(48 + root + i, 0.7)));
    if (out.drums) out.drums.push(held(49, 0.9), { ...held(36, 0.9), duration: 0.2 });
  }
  return out;
}

/** General MIDI keys of the click: a high wood block on downbeats, a low one on the other beats. */
export const CLICK_KEYS = { downbeat: 76, beat: 77 } as const;

/** The click on every beat of the practice grid. */
export function clickNotes(timeline: PracticeTimeline): ScoreNote[] {
  const downbeats = new Set(timeline.downbeats.map((t) => Math.round(t * 1000)));
  return timeline.beats.map((t) => {
    const down = downbeats.has(Math.round(t * 1000));
    return { start: t, duration: 0.05, pitch: down ? CLICK_KEYS.downbeat : CLICK_KEYS.beat, velocity: down ? 1 : 0.7 };
  });
}
