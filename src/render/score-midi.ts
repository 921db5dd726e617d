/**
 * Parts (notes in seconds) to a Standard MIDI File: one track per part, General MIDI
 * programs, drums on channel 10 (index 9); times become ticks through a tempo map
 * (beats at known times: every beat a quarter note of PPQ ticks), so the file plays
 * the notes at their times and a DAW shows them on the beat grid.
 */
import midiPackage from '@tonejs/midi';
import { encodeMidi, type KeySignature } from './midi-bytes.js';
import type { ScoreNote } from '../score/score.js';

const { Midi } = midiPackage;
export const PPQ = 480;
export const DRUM_CHANNEL = 9;

export interface MidiPart {
  name: string;
  notes: readonly ScoreNote[];
  /** General MIDI program, 0-based (0 = Acoustic Grand Piano). Ignored for drums. */
  program: number;
  drums: boolean;
}

/** Ticks at known times, increasing; before the first and after the last the nearest tempo continues. */
export interface TempoMap {
  ticks: number[];
  times: number[];
}

/** A constant tempo (default 120 BPM) as a map. */
export function steadyTempo(bpm = 120): TempoMap {
  return { ticks: [0, PPQ], times: [0, 60 / bpm] };
}

/** The tick at time t (linear between the map's points). */
export function tickAt(map: TempoMap, t: number): number {
  const { ticks, times } = map;
  let i = 0;
  while (i + 2 < times.length && times[i + 1]! <= t) i++;
  const [t0, t1, k0, k1] = [times[i]!, times[i + 1]!, ticks[i]!, ticks[i + 1]!];
  return k0 + ((t - t0) * (k1 - k0)) / (t1 - t0);
}

export interface MidiExtras {
  timeSignatures?: { ticks: number; timeSignature: number[] }[];
  keySignature?: KeySignature;
  markers?: { ticks: number; text: string }[];
  name?: string;
}

/** Tempo events of a beat map, one where the tempo changes (consecutive equal tempi are one event). */
export function tempoEvents(ticks: readonly number[], times: readonly number[]): { ticks: number; bpm: number }[] {
  const events: { ticks: number; bpm: number }[] = [];
  for (let i = 0; i + 1 < ticks.length; i++) {
    const bpm = (60 * ((ticks[i + 1]! - ticks[i]!) / PPQ)) / (times[i + 1]! - times[i]!);
    const last = events[events.length - 1];
    if (!last || Math.abs(last.bpm - bpm) > 0.005) events.push({ ticks: Math.round(ticks[i]!), bpm });
  }
  return events;
}

export function partsToMidi(parts: readonly MidiPart[], map: TempoMap = steadyTempo(), extras: MidiExtras = {}): Uint8Array {
  const midi = new Midi();
  midi.header.tempos.push(...tempoEvents(map.ticks, map.times));
  midi.header.timeSignatures.push(...(extras.timeSignatures ?? [{ ticks: 0, timeSignature: [4, 4] }]));
  for (const marker of extras.markers ?? []) midi.header.meta.push({ ticks: marker.ticks, type: 'marker', text: marker.text });
  midi.header.name = extras.name ?? '';
  midi.header.update();
  let channel = 0;
  for (const part of parts) {
    const track = midi.addTrack();
    track.name = part.name;
    if (part.drums) track.channel = DRUM_CHANNEL;
    else {
      if (channel === DRUM_CHANNEL) channel++;
      track.channel = channel++ % 16;
      track.instrument.number = part.program;
    }
    for (const note of part.notes) {
      const start = Math.max(0, Math.round(tickAt(map, note.start)));
      const end = Math.max(start + 1, Math.round(tickAt(map, note.start + Math.max(0.01, note.duration))));
      track.addNote({ midi: Math.max(0, Math.min(127, Math.round(note.pitch))), ticks: start, durationTicks: end - start, velocity: Math.max(0.01, Math.min(1, note.velocity)) });
    }
  }
  return encodeMidi(midi, extras.keySignature);
}
