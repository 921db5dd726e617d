/**
 * The analysis as a MIDI tempo map, so a DAW lines up with the solo: every tracked
 * beat is a quarter note (480 ticks); a tempo event at each beat gives the time to
 * the next; before the first beat, a pickup of about the time it lasts (at least one
 * beat), in a short first bar so that the first downbeat starts a bar; the time
 * signature, the key signature, and each chord as a marker and a text event at its beat.
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

/**
 * Ticks and times of the beats written to MIDI (tick 0 at time 0, then every beat),
 * and the time signatures: a first bar of `pickupBar` beats when the first downbeat
 * would otherwise not start a bar. The beats are first notated (tempo-map.ts): a
 * steady song gets one tempo from its first beat on (and the pickup before it its own,
 * unless the first beat falls on the steady grid), a ramp a tempo per beat, a tempo
 * change a step — never the heard beats' wobble.
 */
export function beatTicks(heardBeats: readonly number[], firstDownbeat: number, beatsPerBar: number): { ticks: number[]; times: number[]; timeSignatures: { ticks: number; timeSignature: number[] }[] } {
  const beats = notatedTempo(heardBeats).beats;
  const period = beats.length > 1 ? beats[1]! - beats[0]! : 0.5;
  // A first beat within the heard beats' timing noise of the steady grid from time 0 is put on it: one tempo, no pickup tempo.
  const onGrid = Math.abs(beats[0]! - Math.round(beats[0]! / period) * period) < 2 * JITTER;
  const pickup = beats[0]! > 1e-3 ? Math.max(1, Math.round(beats[0]! / period)) : 0;
  const ticks = beats.map((_, b) => (pickup + b) * PPQ);
  const times = beats.map((t, b) => (onGrid && pickup > 0 ? (pickup + b) * period : t));
  if (pickup > 0) {
    ticks.unshift(0);
    times.unshift(0);
  }
  const pickupBar = (pickup + firstDownbeat) % beatsPerBar;
  const timeSignatures = pickupBar === 0
    ? [{ ticks: 0, timeSignature: [beatsPerBar, 4] }]
    : [{ ticks: 0, timeSignature: [pickupBar, 4] }, { ticks: pickupBar * PPQ, timeSignature: [beatsPerBar, 4] }];
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
