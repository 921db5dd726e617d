/**
 * The analysis as a MIDI tempo map, so a DAW lines up with the solo: every tracked
 * beat is a quarter note (480 ticks); a tempo event where the notated tempo changes;
 * before the first downbeat, an anacrusis in a short first bar of its own time signature
 * (beatTicks), so that the first downbeat starts a bar; the time signature, the key
 * signature, and each chord as a marker and a text event at its beat.
 */
import midiPackage from '@tonejs/midi';
import type { Analysis } from './analyse.js';
import { JITTER, notatedTempo } from './tempo-map.js';
import { tempoEvents } from '../render/score-midi.js';
import { encodeMidi, type KeySignature } from '../render/midi-bytes.js';

const { Midi } = midiPackage;
import { PPQ } from '../render/score-midi.js';
export { PPQ };

/** Sharps (positive) or flats (negative) of the major key on each pitch class, fewest accidentals. */
const MAJOR_KEY_ACCIDENTALS = [0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5];

/** The key signature of a key: the sharps or flats of its relative major (A minor: 0, E minor: 1, C minor: −3). */
export function keySignature(tonic: number, mode: 'major' | 'minor'): KeySignature {
  const relativeMajor = mode === 'major' ? tonic : (tonic + 3) % 12;
  return { sharps: MAJOR_KEY_ACCIDENTALS[relativeMajor]!, minor: mode === 'minor' };
}

/** The finest note a first bar's length is written in: a 128th (an eighth of a sixteenth). */
const LEAD_IN_TICKS = PPQ / 32;

/** A bar of `ticks` ticks as a time signature: eighths, sixteenths… as coarse as it divides (3/4, 5/8, 7/16). */
function signatureOf(ticks: number): number[] {
  for (let denominator = 4; denominator <= 128; denominator *= 2) {
    const unit = (PPQ * 4) / denominator;
    if (ticks % unit === 0) return [ticks / unit, denominator];
  }
  return [Math.max(1, Math.round(ticks / LEAD_IN_TICKS)), 128];
}

/**
 * Ticks and times of the beats written to MIDI (tick 0 at time 0, then every beat), and the
 * time signatures. The beats are first notated (tempo-map.ts): a steady song gets one tempo
 * from its first beat on, a ramp a tempo per beat, a tempo change a step — never the heard
 * beats' wobble. What comes before the first downbeat is an anacrusis, notated as a pickup:
 * the time before the first beat at the song's own first tempo (its length rounded to a 128th;
 * the beats moved onto it by the few milliseconds that takes when that is within their timing
 * noise, so a steady song has one tempo from time 0; else the lead-in's own tempo, within a few
 * percent of the song's: never a tempo spike) as a bar of its own length, then the beats before
 * the first downbeat as a pickup bar (3/4 for three beats), then the song's bars, each starting
 * on a downbeat.
 */
export function beatTicks(heardBeats: readonly number[], firstDownbeat: number, beatsPerBar: number): { ticks: number[]; times: number[]; timeSignatures: { ticks: number; timeSignature: number[] }[] } {
  const beats = notatedTempo(heardBeats).beats;
  const period = beats.length > 1 ? beats[1]! - beats[0]! : 0.5;
  // The time before the first beat in beats of the song's first tempo, to a 128th (none when the first beat is at the start).
  const lead = beats[0]! > 1e-3 ? Math.max(1, Math.round((beats[0]! / period) * (PPQ / LEAD_IN_TICKS))) * LEAD_IN_TICKS : 0;
  const ticks = beats.map((_, b) => lead + b * PPQ);
  // A lead-in within the heard beats' timing noise of the song's tempo moves the beats onto it
  // (by a few milliseconds): one tempo from time 0. Otherwise the lead-in has a tempo of its own.
  const shift = (lead / PPQ) * period - beats[0]!;
  const times = Math.abs(shift) < JITTER ? beats.map((t) => t + shift) : [...beats];
  if (lead > 0) {
    ticks.unshift(0);
    times.unshift(0);
  }
  // A bar of the lead-in's length (silence), a pickup bar of the beats before the first downbeat, then the song's bars.
  const pickup = firstDownbeat % beatsPerBar;
  const timeSignatures = [
    ...(lead > 0 ? [{ ticks: 0, timeSignature: signatureOf(lead) }] : []),
    ...(pickup > 0 ? [{ ticks: lead, timeSignature: [pickup, 4] }] : []),
    { ticks: lead + pickup * PPQ, timeSignature: [beatsPerBar, 4] },
  ];
  return { ticks, times, timeSignatures };
}

/** The analysis as a Standard MIDI File (format 1): tempo map, meter, key, chord markers. */
export function analysisMidi(analysis: Analysis): Uint8Array {
  const midi = new Midi();
  const firstDownbeat = analysis.beats.indexOf(analysis.downbeats[0] ?? analysis.beats[0]!);
  const { ticks, times, timeSignatures } = beatTicks(analysis.beats, Math.max(0, firstDownbeat), analysis.beatsPerBar);
  midi.header.tempos.push(...tempoEvents(ticks, times));
  midi.header.timeSignatures.push(...timeSignatures);
  const tickAt = (t: number) => {
    for (let i = times.length - 1; i >= 0; i--) if (times[i]! <= t + 1e-6) return ticks[i]!;
    return 0;
  };
  for (const chord of analysis.chords) {
    if (chord.quality === 'N') continue;
    const at = tickAt(chord.start);
    midi.header.meta.push({ ticks: at, type: 'marker', text: chord.name }, { ticks: at, type: 'text', text: chord.name });
  }
  midi.header.name = 'Remixer analysis';
  midi.header.update();
  const track = midi.addTrack();
  track.name = 'tempo map';
  return encodeMidi(midi, keySignature(analysis.key.tonic, analysis.key.mode));
}
