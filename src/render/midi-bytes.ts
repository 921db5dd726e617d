/**
 * Standard MIDI files as Remixer writes them: built with @tonejs/midi, encoded through
 * midi-file. @tonejs/midi 2.0.28 writes a key signature's sharps as its table index
 * plus 7 (E major comes out as 18; its issue #173, fixed upstream after that release),
 * where the standard says −7…7 — so key signatures never go through its encoder:
 * `encodeMidi` puts them into the first track itself.
 */
import type midiPackage from '@tonejs/midi';
import { parseMidi, writeMidi, type MidiEvent } from 'midi-file';

type Midi = InstanceType<(typeof midiPackage)['Midi']>;

/** A key signature as the file holds it: sharps (negative: flats) and the mode. */
export interface KeySignature {
  /** −7 (seven flats) … 7 (seven sharps). */
  sharps: number;
  minor: boolean;
}

/** The file's bytes, with `key` as a key-signature event at tick 0 of the first track. */
export function encodeMidi(midi: Midi, key?: KeySignature): Uint8Array {
  if (midi.header.keySignatures.length) throw new Error('key signatures are written by encodeMidi(midi, key), not by @tonejs/midi');
  const bytes = midi.toArray();
  if (!key) return bytes;
  if (!Number.isInteger(key.sharps) || key.sharps < -7 || key.sharps > 7) throw new Error(`a key signature has -7 to 7 sharps, not ${key.sharps}`);
  const parsed = parseMidi(bytes);
  const event: MidiEvent = { deltaTime: 0, meta: true, type: 'keySignature', key: key.sharps, scale: key.minor ? 1 : 0 };
  parsed.tracks[0]!.unshift(event);
  return Uint8Array.from(writeMidi(parsed));
}
