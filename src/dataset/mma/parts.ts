/**
 * An MMA-rendered MIDI file read by part: each track's role (drums, bass, chord,
 * arpeggio — by MMA's track name, else by its General MIDI program), its program and
 * its notes in seconds. midi-file reads the tracks as MMA wrote them (one per MMA
 * track); @tonejs/midi's header converts ticks to seconds through the tempo map.
 */
import midiPackage from '@tonejs/midi';
import { parseMidi } from 'midi-file';
import type { ScoreNote } from '../../score/score.js';
import { partOfProgram, type GroovePart } from './catalog.js';

const { Midi } = midiPackage;

const PART_OF_NAME: [RegExp, GroovePart][] = [
  [/^drum/i, 'drums'],
  [/^(bass|walk)/i, 'bass'],
  [/^(chord|plectrum)/i, 'chord'],
  [/^(arpeggio|scale|solo|aria|melody)/i, 'arpeggio'],
];

export interface MmaTrack {
  name: string;
  role: GroovePart;
  program: number;
  notes: ScoreNote[];
}

export function mmaTracks(bytes: Uint8Array): MmaTrack[] {
  const header = new Midi(bytes).header;
  const parsed = parseMidi(bytes);
  const tracks: MmaTrack[] = [];
  for (const chunk of parsed.tracks) {
    let tick = 0;
    let name = '';
    let program = -1;
    let drums = false;
    const open = new Map<number, { tick: number; velocity: number }>();
    const notes: ScoreNote[] = [];
    for (const event of chunk) {
      tick += event.deltaTime;
      if (event.type === 'trackName') name = event.text;
      else if (event.type === 'programChange' && program < 0) program = event.programNumber;
      else if (event.type === 'noteOn' && event.velocity > 0) {
        if (event.channel === 9) drums = true;
        open.set(event.noteNumber, { tick, velocity: event.velocity / 127 });
      } else if (event.type === 'noteOff' || (event.type === 'noteOn' && event.velocity === 0)) {
        const started = open.get(event.noteNumber);
        if (!started) continue;
        open.delete(event.noteNumber);
        const start = header.ticksToSeconds(started.tick);
        notes.push({ start, duration: Math.max(0.01, header.ticksToSeconds(tick) - start), pitch: event.noteNumber, velocity: started.velocity });
      }
    }
    if (notes.length === 0) continue;
    const role: GroovePart = drums ? 'drums' : PART_OF_NAME.find(([rule]) => rule.test(name))?.[1] ?? partOfProgram(Math.max(0, program));
    notes.sort((a, b) => a.start - b.start || a.pitch - b.pitch);
    tracks.push({ name, role, program: Math.max(0, program), notes });
  }
  return tracks;
}

/** One voice at a time: a note ends where the next begins; of notes that start together, the highest stays. */
export function monophonic(notes: readonly ScoreNote[]): ScoreNote[] {
  const sorted = [...notes].sort((a, b) => a.start - b.start || b.pitch - a.pitch);
  const out: ScoreNote[] = [];
  for (const note of sorted) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.start - note.start) < 0.02) continue;
    if (last && last.start + last.duration > note.start) last.duration = Math.max(0.02, note.start - last.start);
    out.push({ ...note });
  }
  return out;
}

/** Notes moved by octaves into [low, high] (a bass line played by a saxophone). */
export function intoRange(notes: readonly ScoreNote[], low: number, high: number): ScoreNote[] {
  return notes.map((n) => {
    let pitch = n.pitch;
    while (pitch < low) pitch += 12;
    while (pitch > high) pitch -= 12;
    return { ...n, pitch };
  });
}
