import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseMidi } from 'midi-file';
import midiPackage from '@tonejs/midi';
import { analyseSamples } from '../analysis/analyse.js';
import { analysisMidi } from '../analysis/midi-map.js';
import { bandMidi } from '../remix/band-midi.js';
import { CHORD_QUALITIES } from '../analysis/chords.js';
import { beatGrid, pianoChords, voicing } from '../testing/music.js';

const { Midi } = midiPackage;
const NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'];
/** Worked by hand from the circle of fifths: the sharps (negative: flats) of each key's signature. */
const MAJOR_SHARPS: Record<string, number> = { C: 0, G: 1, D: 2, A: 3, E: 4, B: 5, 'F#': 6, 'C#': -5, Ab: -4, Eb: -3, Bb: -2, F: -1 };
const MINOR_SHARPS: Record<string, number> = { A: 0, E: 1, B: 2, 'F#': 3, 'C#': 4, Ab: 5, Eb: 6, Bb: -5, F: -4, C: -3, G: -2, D: -1 };
/** How @tonejs/midi names a signature when it reads one correctly (by its major key). */
const TONEJS_KEYS = ['Cb', 'Gb', 'Db', 'Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#'];

test('remix.mid and analyze --midi carry the right key signature in all 24 keys, read back by a second reader (midi-file)', () => {
  const heard = analyseSamples(pianoChords(beatGrid(6, 100), [voicing(0, CHORD_QUALITIES.maj.intervals)], 4, 6), { name: 'solo.wav' });
  for (const mode of ['major', 'minor'] as const) {
    for (let tonic = 0; tonic < 12; tonic++) {
      const analysis = { ...heard, key: { ...heard.key, tonic, mode } };
      const expected = (mode === 'major' ? MAJOR_SHARPS : MINOR_SHARPS)[NAMES[tonic]!]!;
      const files = { 'analyze --midi': analysisMidi(analysis), 'remix.mid': bandMidi({ bass: [{ start: 0.5, duration: 0.4, pitch: 36 + tonic, velocity: 0.8 }] }, analysis) };
      for (const [what, bytes] of Object.entries(files)) {
        const events = parseMidi(bytes).tracks.flat().filter((e) => e.type === 'keySignature');
        assert.equal(events.length, 1, `${what}, ${NAMES[tonic]} ${mode}: one key signature`);
        const event = events[0] as { key: number; scale: number };
        assert.equal(event.key, expected, `${what}, ${NAMES[tonic]} ${mode}: ${expected} sharps`);
        assert.equal(event.scale, mode === 'minor' ? 1 : 0, `${what}, ${NAMES[tonic]} ${mode}: the mode`);
        // And the writer's own library reads it back as the key it is.
        const read = new Midi(bytes).header.keySignatures[0]!;
        assert.deepEqual([read.key, read.scale], [TONEJS_KEYS[expected + 7], mode]);
      }
    }
  }
});
