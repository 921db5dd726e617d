/**
 * The template band: what an auto-accompaniment program (Band-in-a-Box, MMA) plays
 * from a detected chord chart, with no learning at all. From the analysis of the
 * solo: a fixed groove on its beats (kick on 1 and 3, snare on 2 and 4, eighth-note
 * hi-hats), a root-and-fifth bass on every beat (root on the strong beats), block
 * chords on the piano at each bar and each chord change, and a string pad holding
 * the chord. Notes land on the solo's actual beat times, so the band follows its drift.
 */
import type { Stem } from '../config.js';
import type { ScoreNote } from '../score/score.js';
import { CHORD_QUALITIES, type ChordQuality } from '../analysis/chords.js';
import type { AnalysisSummary } from '../analysis/summary.js';
import { nearestPitch, voiceLead } from './voicing.js';

/** General MIDI drum keys the template plays. */
export const TEMPLATE_DRUMS = { kick: 36, snare: 38, hat: 42 } as const;
export const BASS_REGISTER = { low: 28, high: 52 } as const;
export const PIANO_REGISTER = { low: 52, high: 76 } as const;
export const PAD_REGISTER = { low: 60, high: 84 } as const;

type ChordOnBeat = { root: number; intervals: readonly number[] } | null;

/** The chord sounding on each beat (null where N). */
function chordsOnBeats(analysis: Pick<AnalysisSummary, 'beats' | 'chords'>): ChordOnBeat[] {
  return analysis.beats.map((t) => {
    const chord = analysis.chords.find((c) => t >= c.start - 1e-3 && t < c.end - 1e-3);
    if (!chord || chord.root < 0 || !(chord.quality in CHORD_QUALITIES)) return null;
    return { root: chord.root, intervals: CHORD_QUALITIES[chord.quality as ChordQuality].intervals };
  });
}

/** The template band's notes for every stem but the solo's (`omit`). */
export function templateBand(analysis: Pick<AnalysisSummary, 'beats' | 'downbeats' | 'beatsPerBar' | 'chords' | 'duration'>, omit: Stem | null = null): Record<Stem, ScoreNote[]> {
  const { beats } = analysis;
  const period = beats.length > 1 ? (beats[beats.length - 1]! - beats[0]!) / (beats.length - 1) : 0.5;
  const firstDownbeat = Math.max(0, beats.indexOf(analysis.downbeats[0] ?? beats[0]!));
  const beatInBar = (b: number) => (((b - firstDownbeat) % analysis.beatsPerBar) + analysis.beatsPerBar) % analysis.beatsPerBar;
  const chords = chordsOnBeats(analysis);
  const out: Record<Stem, ScoreNote[]> = { drums: [], bass: [], piano: [], other: [] };
  let previousChord: number[] | null = null;
  let previousPad: number[] | null = null;
  let previousBass = 40;
  beats.forEach((t, b) => {
    const next = beats[b + 1] ?? t + period;
    const position = beatInBar(b);
    const strong = position % 2 === 0;
    // Drums: kick on 1 and 3, snare on 2 and 4, eighth-note hats.
    out.drums.push({ start: t, duration: 0.1, pitch: strong ? TEMPLATE_DRUMS.kick : TEMPLATE_DRUMS.snare, velocity: position === 0 ? 0.95 : 0.85 });
    out.drums.push({ start: t, duration: 0.05, pitch: TEMPLATE_DRUMS.hat, velocity: 0.7 }, { start: (t + next) / 2, duration: 0.05, pitch: TEMPLATE_DRUMS.hat, velocity: 0.5 });
    const chord = chords[b];
    if (!chord) return;
    // Bass: the root on strong beats, the fifth on the others.
    const pc = strong ? chord.root : (chord.root + 7) % 12;
    previousBass = nearestPitch(pc, BASS_REGISTER.low, BASS_REGISTER.high, previousBass);
    out.bass.push({ start: t, duration: (next - t) * 0.9, pitch: previousBass, velocity: strong ? 0.9 : 0.75 });
    // Piano and pad: a block chord at each bar and each chord change, held until the next one.
    const changes = b === 0 || position === 0 || chords[b - 1]?.root !== chord.root || chords[b - 1]?.intervals !== chord.intervals;
    if (!changes) return;
    let end = b + 1;
    while (end < beats.length && beatInBar(end) !== 0 && chords[end]?.root === chord.root && chords[end]?.intervals === chord.intervals) end++;
    const until = (beats[end] ?? beats[beats.length - 1]! + period) - 0.02;
    const classes = chord.intervals.map((i) => (chord.root + i) % 12);
    previousChord = voiceLead(classes, previousChord, PIANO_REGISTER.low, PIANO_REGISTER.high);
    for (const pitch of previousChord) out.piano.push({ start: t, duration: until - t, pitch, velocity: 0.7 });
    previousPad = voiceLead(classes.slice(1), previousPad, PAD_REGISTER.low, PAD_REGISTER.high);
    for (const pitch of previousPad) out.other.push({ start: t, duration: until - t, pitch, velocity: 0.55 });
  });
  if (omit) out[omit] = [];
  return out;
}
