/**
 * General MIDI files as four stems, the way Slakh2100 splits them: channel 10 →
 * drums; programs 33-40 (1-based; 32-39 0-based) → bass; 1-8 → piano; everything
 * else → other. Each stem keeps its tracks whole (controllers, pitch bends, program)
 * with the file's tempo map, so it renders as the file would.
 *
 * Also the file's score (score/score.ts): notes per stem in seconds, the tempo map,
 * meter, beats and downbeats, and the key signature when the file has one.
 */
import midiPackage from '@tonejs/midi';
import { STEMS, type Stem } from '../../config.js';
import { fileError, oneLine } from '../../errors.js';
import { NOTE_NAMES } from '../../analysis/key.js';
import { encodeMidi } from '../../render/midi-bytes.js';
import { SCORE_FORMAT, type Score, type ScoreChord, type ScoreNote } from '../../score/score.js';

const { Midi } = midiPackage;
type MidiFile = InstanceType<typeof Midi>;
type MidiTrack = MidiFile['tracks'][number];

export const DRUM_CHANNEL = 9;

/** The stem of a track (Slakh2100's mapping). */
export function stemOfTrack(track: Pick<MidiTrack, 'channel' | 'instrument'>): Stem {
  if (track.channel === DRUM_CHANNEL || track.instrument.percussion) return 'drums';
  const program = track.instrument.number;
  if (program >= 32 && program <= 39) return 'bass';
  if (program >= 0 && program <= 7) return 'piano';
  return 'other';
}

/** Parses a MIDI file; a corrupt one is a one-line error naming it. */
export function readMidiFile(bytes: Uint8Array, name: string): MidiFile {
  if (bytes.length === 0) throw fileError(name, 'file is empty (0 bytes)');
  try {
    return new Midi(bytes);
  } catch (error) {
    throw fileError(name, `corrupt MIDI file (${oneLine(error)})`);
  }
}

/** A MIDI file with only the tracks of `stem` (programs replaced by `program`, 0-based, when given). */
export function stemMidi(midi: MidiFile, stem: Stem, program?: number): Uint8Array {
  const out = new Midi();
  out.header.fromJSON(midi.header.toJSON());
  // The key goes through encodeMidi (render/midi-bytes.ts), never @tonejs/midi's encoder.
  const key = out.header.keySignatures[0];
  out.header.keySignatures = [];
  for (const track of midi.tracks) {
    if (track.notes.length === 0 || stemOfTrack(track) !== stem) continue;
    const copy = out.addTrack();
    copy.fromJSON(track.toJSON());
    if (program !== undefined && stem !== 'drums') copy.instrument.number = program;
  }
  const sharps = key ? KEY_SIGNATURE_KEYS.indexOf(key.key) - 7 : -8;
  return encodeMidi(out, sharps >= -7 ? { sharps, minor: key!.scale === 'minor' } : undefined);
}

/** Beats per bar and the beat's length in ticks of a time signature (compound x/8 meters beat in dotted quarters). */
function meterOf(signature: readonly number[], ppq: number): { beatsPerBar: number; beatTicks: number } {
  const [numerator = 4, denominator = 4] = signature;
  const unit = (ppq * 4) / denominator;
  if (denominator === 8 && numerator % 3 === 0 && numerator > 3) return { beatsPerBar: numerator / 3, beatTicks: 3 * unit };
  return { beatsPerBar: numerator, beatTicks: unit };
}

/** @tonejs/midi's names of key signatures, from 7 flats to 7 sharps. */
const KEY_SIGNATURE_KEYS = ['Cb', 'Gb', 'Db', 'Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#'];

const KEY_NAMES: Record<string, number> = { Cb: 11, Gb: 6, Db: 1, Ab: 8, Eb: 3, Bb: 10, F: 5, C: 0, G: 7, D: 2, A: 9, E: 4, B: 11, 'F#': 6, 'C#': 1 };

/** The key of a key-signature event (@tonejs/midi names minor keys by their relative major). */
function keyOf(event: { key: string; scale: string } | undefined): Score['key'] {
  if (!event || !(event.key in KEY_NAMES)) return null;
  const major = KEY_NAMES[event.key]!;
  return event.scale === 'minor' ? { tonic: (major + 9) % 12, mode: 'minor' } : { tonic: major, mode: 'major' };
}

/** The file's score over its first `seconds`. `chords` and `key` come from elsewhere when known (a generator's chart). */
export function scoreOfMidi(midi: MidiFile, seconds: number, known: { chords?: ScoreChord[] | null; key?: Score['key'] } = {}): Score {
  const header = midi.header;
  const ppq = header.ppq;
  const timeOf = (ticks: number) => header.ticksToSeconds(ticks);
  const signatures = header.timeSignatures.length ? [...header.timeSignatures].sort((a, b) => a.ticks - b.ticks) : [{ ticks: 0, timeSignature: [4, 4] }];
  const beats: number[] = [];
  const downbeats: number[] = [];
  const meter: Score['meter'] = [];
  for (let s = 0; s < signatures.length; s++) {
    const { beatsPerBar, beatTicks } = meterOf(signatures[s]!.timeSignature, ppq);
    const from = signatures[s]!.ticks;
    const to = signatures[s + 1]?.ticks ?? Infinity;
    meter.push({ time: timeOf(from), beatsPerBar });
    for (let tick = from, beat = 0; tick < to; tick += beatTicks, beat++) {
      const t = timeOf(tick);
      if (t >= seconds) break;
      beats.push(t);
      if (beat % beatsPerBar === 0) downbeats.push(t);
    }
  }
  const tempo = (header.tempos.length ? header.tempos : [{ ticks: 0, bpm: 120 }]).map((e) => ({ time: timeOf(e.ticks), bpm: e.bpm })).filter((e) => e.time < seconds);
  const stems = Object.fromEntries(STEMS.map((s) => [s, [] as ScoreNote[]])) as Record<Stem, ScoreNote[]>;
  for (const track of midi.tracks) {
    const stem = stemOfTrack(track);
    for (const note of track.notes) {
      if (note.time >= seconds) continue;
      stems[stem].push({ start: note.time, duration: Math.min(note.duration, seconds - note.time), pitch: note.midi, velocity: note.velocity });
    }
  }
  for (const stem of STEMS) stems[stem].sort((a, b) => a.start - b.start || a.pitch - b.pitch);
  // Each pitched part's program: the one of its track with the most notes.
  const programs: NonNullable<Score['programs']> = {};
  for (const stem of ['bass', 'piano', 'other'] as const) {
    const tracks = midi.tracks.filter((t) => t.notes.length && stemOfTrack(t) === stem).sort((a, b) => b.notes.length - a.notes.length);
    if (tracks[0]) programs[stem] = tracks[0].instrument.number;
  }
  return {
    format: SCORE_FORMAT,
    version: 1,
    tempo: tempo.length ? tempo : [{ time: 0, bpm: 120 }],
    meter,
    beats,
    downbeats,
    key: known.key !== undefined ? known.key : keyOf(header.keySignatures[0]),
    chords: known.chords ?? null,
    stems,
    programs,
  };
}

export const keyLabel = (key: Score['key']) => (key ? `${NOTE_NAMES[key.tonic]} ${key.mode}` : 'unknown');
