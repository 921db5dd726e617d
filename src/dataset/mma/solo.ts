/**
 * The solo of an MMA song: which instrument plays it, and which of the band's parts it
 * plays. Polyphonic instruments (piano, electric piano, organ, guitar) play the
 * chording part; a melody instrument (saxophone, flute, trumpet) plays a line — the
 * groove's arpeggio or scale part, else its bass line moved into the instrument's
 * range, else the top voice of the chords — one note at a time.
 */
import type { Random } from '../../random.js';
import type { ScoreNote } from '../../score/score.js';
import type { Stem } from '../../config.js';
import type { GroovePart } from './catalog.js';
import { intoRange, monophonic, type MmaTrack } from './parts.js';

export interface SoloInstrument {
  name: string;
  /** General MIDI programs (0-based), one picked per song. */
  programs: readonly number[];
  voice: 'chords' | 'line';
  /** The instrument's playing range (MIDI notes) a line is moved into. */
  range: readonly [number, number];
  /** Share of songs in a mixed corpus. */
  weight: number;
}

export const SOLO_INSTRUMENTS: readonly SoloInstrument[] = [
  { name: 'piano', programs: [0, 1, 2], voice: 'chords', range: [21, 108], weight: 0.35 },
  { name: 'electric piano', programs: [4, 5], voice: 'chords', range: [28, 103], weight: 0.1 },
  { name: 'organ', programs: [16, 17, 18], voice: 'chords', range: [36, 96], weight: 0.1 },
  { name: 'guitar', programs: [24, 25, 26, 27], voice: 'chords', range: [40, 88], weight: 0.2 },
  { name: 'saxophone', programs: [65, 66], voice: 'line', range: [49, 81], weight: 0.1 },
  { name: 'flute', programs: [73], voice: 'line', range: [60, 96], weight: 0.08 },
  { name: 'trumpet', programs: [56], voice: 'line', range: [55, 82], weight: 0.07 },
];

export const PIANO = SOLO_INSTRUMENTS[0]!;

/** The stem an instrument's program belongs to (Slakh's mapping: programs 1-8 are the piano, 33-40 the bass). */
export function stemOfProgram(program: number, drums = false): Stem {
  if (drums) return 'drums';
  if (program >= 32 && program <= 39) return 'bass';
  if (program <= 7) return 'piano';
  return 'other';
}

/** What a groove must play for an instrument to have something to play. */
export const playsFor = (instrument: SoloInstrument) => (parts: readonly GroovePart[]) => parts.includes('chord') || (instrument.voice === 'line' && (parts.includes('arpeggio') || parts.includes('bass')));

export interface SoloPart {
  instrument: string;
  program: number;
  /** The band parts it took its notes from. */
  from: GroovePart;
  notes: ScoreNote[];
}

const notesOf = (tracks: readonly MmaTrack[], role: GroovePart) => tracks.filter((t) => t.role === role).flatMap((t) => t.notes).sort((a, b) => a.start - b.start);

/** The solo's notes from an MMA song's tracks, for `instrument`. */
export function soloPart(tracks: readonly MmaTrack[], instrument: SoloInstrument, random: Random): SoloPart {
  const program = random.pick(instrument.programs);
  const chords = notesOf(tracks, 'chord');
  if (instrument.voice === 'chords') {
    const from: GroovePart = chords.length ? 'chord' : 'arpeggio';
    return { instrument: instrument.name, program, from, notes: chords.length ? chords : notesOf(tracks, 'arpeggio') };
  }
  const [low, high] = instrument.range;
  for (const from of ['arpeggio', 'bass'] as const) {
    const line = notesOf(tracks, from);
    if (line.length >= 8) return { instrument: instrument.name, program, from, notes: monophonic(intoRange(line, low, high)) };
  }
  return { instrument: instrument.name, program, from: 'chord', notes: monophonic(intoRange(chords, low, high)) };
}
