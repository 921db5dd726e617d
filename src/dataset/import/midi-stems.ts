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
import { stemOfTrackFor, type TrackFacts } from './solo-families.js';

const { Midi } = midiPackage;
export type MidiFile = InstanceType<typeof Midi>;
type MidiTrack = MidiFile['tracks'][number];

/** How a file's tracks become stems (solo-families.ts: Slakh's split by default). */
export type TrackStems = (track: Pick<TrackFacts, 'channel' | 'program' | 'percussion'>) => Stem;
const SLAKH: TrackStems = stemOfTrackFor(null);

/** What the stem rule needs of a track. */
export const trackFacts = (track: MidiTrack): TrackFacts => ({ channel: track.channel, program: track.instrument.number, percussion: track.instrument.percussion, notes: track.notes.length });

/** The stem of a track (Slakh2100's mapping unless `stems` says otherwise). */
export function stemOfTrack(track: MidiTrack, stems: TrackStems = SLAKH): Stem {
  return stems(trackFacts(track));
}

/**
 * Why a Standard MIDI File's chunks do not fit in its bytes (null when they do): a file cut
 * short parses, but its last tracks end early and would play as silence.
 */
export function midiTruncation(bytes: Uint8Array): string | null {
  const text = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 14 || text(0) !== 'MThd') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Only a well-formed header says how many tracks there are (anything else is the parser's to call corrupt).
  if (view.getUint32(4) !== 6 || view.getUint16(8) > 2) return null;
  const tracks = view.getUint16(10);
  let at = 8 + view.getUint32(4);
  for (let found = 0; found < tracks; ) {
    if (at + 8 > bytes.length) return `truncated MIDI file (track ${found + 1} of ${tracks} is missing: the file ends at byte ${bytes.length})`;
    const length = view.getUint32(at + 4);
    const isTrack = text(at) === 'MTrk';
    if (at + 8 + length > bytes.length) return isTrack ? `truncated MIDI file (track ${found + 1} of ${tracks} ends early: ${bytes.length - at - 8} of its ${length} bytes)` : `truncated MIDI file (a chunk at byte ${at} runs past the end)`;
    if (isTrack) found++;
    at += 8 + length;
  }
  return null;
}

/** Parses a MIDI file; a corrupt or truncated one is a one-line error naming it. */
export function readMidiFile(bytes: Uint8Array, name: string): MidiFile {
  if (bytes.length === 0) throw fileError(name, 'file is empty (0 bytes)');
  const truncated = midiTruncation(bytes);
  if (truncated) throw fileError(name, truncated);
  try {
    return new Midi(bytes);
  } catch (error) {
    throw fileError(name, `corrupt MIDI file (${oneLine(error)})`);
  }
}

/** A MIDI file with only the tracks of `stem` (programs replaced by `program`, 0-based, when given). */
export function stemMidi(midi: MidiFile, stem: Stem, program?: number, stems: TrackStems = SLAKH): Uint8Array {
  const out = new Midi();
  out.header.fromJSON(midi.header.toJSON());
  // The key goes through encodeMidi (render/midi-bytes.ts), never @tonejs/midi's encoder.
  const key = out.header.keySignatures[0];
  out.header.keySignatures = [];
  for (const track of midi.tracks) {
    if (track.notes.length === 0 || stemOfTrack(track, stems) !== stem) continue;
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

/** A stretch of a file: from `start` for `seconds` (the file's first `seconds` when `start` is 0). */
export interface MidiWindow {
  start?: number;
  seconds: number;
}

/**
 * The file's score over a window (times relative to the window's start; notes that begin
 * before it are left out, notes running past its end cut there). `chords` and `key` come
 * from elsewhere when known (a generator's chart); `stems` says which track plays what.
 */
export function scoreOfMidi(midi: MidiFile, window: number | MidiWindow, known: { chords?: ScoreChord[] | null; key?: Score['key'] } = {}, stems: TrackStems = SLAKH): Score {
  const { start: from = 0, seconds } = typeof window === 'number' ? { seconds: window } : window;
  const to = from + seconds;
  const header = midi.header;
  const ppq = header.ppq;
  const timeOf = (ticks: number) => header.ticksToSeconds(ticks);
  const signatures = header.timeSignatures.length ? [...header.timeSignatures].sort((a, b) => a.ticks - b.ticks) : [{ ticks: 0, timeSignature: [4, 4] }];
  const beats: number[] = [];
  const downbeats: number[] = [];
  const meter: Score['meter'] = [];
  const EPS = 1e-6;
  for (let s = 0; s < signatures.length; s++) {
    const { beatsPerBar, beatTicks } = meterOf(signatures[s]!.timeSignature, ppq);
    const first = signatures[s]!.ticks;
    const last = signatures[s + 1]?.ticks ?? Infinity;
    const startsAt = timeOf(first);
    if (startsAt >= to) break;
    const nextAt = last === Infinity ? Infinity : timeOf(last);
    if (nextAt > from + EPS || s === signatures.length - 1) meter.push({ time: Math.max(0, startsAt - from), beatsPerBar });
    for (let tick = first, beat = 0; tick < last; tick += beatTicks, beat++) {
      const t = timeOf(tick);
      if (t >= to) break;
      if (t < from - EPS) continue;
      beats.push(Math.max(0, t - from));
      if (beat % beatsPerBar === 0) downbeats.push(Math.max(0, t - from));
    }
  }
  if (meter.length === 0) meter.push({ time: 0, beatsPerBar: meterOf(signatures[0]!.timeSignature, ppq).beatsPerBar });
  // The tempo in force at the window's start, then its changes inside the window.
  const tempi = (header.tempos.length ? header.tempos : [{ ticks: 0, bpm: 120 }]).map((e) => ({ time: timeOf(e.ticks), bpm: e.bpm }));
  const before = tempi.filter((e) => e.time <= from + EPS).pop();
  const tempo = [...(before ? [{ time: 0, bpm: before.bpm }] : []), ...tempi.filter((e) => e.time > from + EPS && e.time < to).map((e) => ({ time: e.time - from, bpm: e.bpm }))];
  const notes = Object.fromEntries(STEMS.map((s) => [s, [] as ScoreNote[]])) as Record<Stem, ScoreNote[]>;
  for (const track of midi.tracks) {
    const stem = stemOfTrack(track, stems);
    for (const note of track.notes) {
      if (note.time >= to || note.time < from - EPS) continue;
      const start = Math.max(0, note.time - from);
      notes[stem].push({ start, duration: Math.min(note.duration, seconds - start), pitch: note.midi, velocity: note.velocity });
    }
  }
  for (const stem of STEMS) notes[stem].sort((a, b) => a.start - b.start || a.pitch - b.pitch);
  // Each pitched part's program: the one of its track with the most notes.
  const programs: NonNullable<Score['programs']> = {};
  for (const stem of ['bass', 'piano', 'other'] as const) {
    const tracks = midi.tracks.filter((t) => t.notes.length && stemOfTrack(t, stems) === stem).sort((a, b) => b.notes.length - a.notes.length);
    if (tracks[0]) programs[stem] = tracks[0].instrument.number;
  }
  return {
    format: SCORE_FORMAT,
    version: 1,
    tempo: tempo.length ? tempo : [{ time: 0, bpm: 120 }],
    meter,
    beats,
    downbeats,
    key: known.key !== undefined ? known.key : keySignatureOf(header.keySignatures),
    chords: known.chords ?? null,
    stems: notes,
    programs,
  };
}

/** The file's key from its key signatures: none, or signatures at one moment that disagree (a malformed file), say nothing. */
export function keySignatureOf(signatures: readonly { key: string; scale: string; ticks: number }[]): Score['key'] {
  const first = signatures[0];
  if (!first) return null;
  const same = signatures.filter((k) => k.ticks === first.ticks);
  if (same.some((k) => k.key !== first.key || k.scale !== first.scale)) return null;
  return keyOf(first);
}

export const keyLabel = (key: Score['key']) => (key ? `${NOTE_NAMES[key.tonic]} ${key.mode}` : 'unknown');
