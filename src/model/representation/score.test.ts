import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestStep, noteTargets, scoreRepresentation } from './score.js';
import { chordTonesOnSteps, decodeStem, nearestChordTone } from './score-decode.js';
import { BASS_HOLD, BASS_PITCH, BASS_REST, OUTPUT_DIM, PITCHED_HOLD, PITCHED_ONSET, inputDim } from './score-classes.js';
import { DEFAULT_REPRESENTATION_SPECS } from './spec.js';
import { Random } from '../../random.js';

/** Steps of a quarter second: 16 of them, 0 … 4 s. */
const TIMES = Float64Array.from({ length: 17 }, (_, s) => s * 0.25);
const STEPS = 16;
const at = (target: Float32Array, s: number, d: number) => target[s * OUTPUT_DIM + d]!;

test('notes become step targets (hand-worked): drum hits by class, bass rest/hold/pitch, piano onsets and holds', () => {
  assert.equal(nearestStep(TIMES, STEPS, 0.61), 2, '0.61 s is nearest step 2 (0.5 s)');
  assert.equal(nearestStep(TIMES, STEPS, 0.63), 3);
  const drums = noteTargets('drums', [{ start: 0, duration: 0.1, pitch: 36, velocity: 1 }, { start: 0.51, duration: 0.1, pitch: 40, velocity: 1 }, { start: 1, duration: 0.1, pitch: 99, velocity: 1 }], TIMES, STEPS);
  assert.equal(at(drums, 0, 0), 1, 'kick (36) on step 0');
  assert.equal(at(drums, 2, 1), 1, 'snare (40, electric) on step 2');
  assert.equal(drums.reduce((a, b) => a + b, 0), 2, 'an unknown key (99) is no hit');
  // Bass: E (pc 4) from 0.5 s for 0.75 s, then A (pc 9) at 1.5 s for a step.
  const bass = noteTargets('bass', [{ start: 0.5, duration: 0.75, pitch: 40, velocity: 1 }, { start: 1.5, duration: 0.25, pitch: 45, velocity: 1 }], TIMES, STEPS);
  const classOf = (s: number) => Array.from(bass.subarray(s * OUTPUT_DIM, s * OUTPUT_DIM + 14)).indexOf(1);
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map(classOf), [BASS_REST, BASS_REST, BASS_PITCH + 4, BASS_HOLD, BASS_HOLD, BASS_REST, BASS_PITCH + 9, BASS_REST]);
  // Piano: a C major triad at 1 s for half a second.
  const piano = noteTargets('piano', [60, 64, 67].map((pitch) => ({ start: 1, duration: 0.5, pitch, velocity: 1 })), TIMES, STEPS);
  for (const pc of [0, 4, 7]) {
    assert.deepEqual([3, 4, 5, 6].map((s) => at(piano, s, PITCHED_ONSET + pc)), [0, 1, 0, 0], `onset of ${pc} at step 4`);
    assert.deepEqual([3, 4, 5, 6].map((s) => at(piano, s, PITCHED_HOLD + pc)), [0, 1, 1, 0], `${pc} sounds for steps 4 and 5`);
  }
});

test('decoding confident logits gives back the notes, voiced in each register, on the steps\' times', () => {
  const logits = (target: Float32Array, kind: 'sigmoid' | 'softmax') => Float32Array.from(target, (v, i) => (kind === 'softmax' && i % OUTPUT_DIM >= 14 ? -20 : v ? 8 : -8));
  const options = { temperature: 0, random: new Random(1) };
  const bassNotes = [{ start: 0.5, duration: 0.75, pitch: 40, velocity: 1 }, { start: 1.5, duration: 0.25, pitch: 45, velocity: 1 }];
  const bass = decodeStem('bass', logits(noteTargets('bass', bassNotes, TIMES, STEPS), 'softmax'), STEPS, TIMES, options);
  assert.deepEqual(bass.map((n) => [n.start, n.duration, n.pitch % 12]), [[0.5, 0.75, 4], [1.5, 0.25, 9]]);
  assert.ok(bass.every((n) => n.pitch >= 28 && n.pitch <= 52), 'in the bass register');
  const piano = decodeStem('piano', logits(noteTargets('piano', [60, 64, 67].map((pitch) => ({ start: 1, duration: 0.5, pitch, velocity: 1 })), TIMES, STEPS), 'sigmoid'), STEPS, TIMES, options);
  assert.deepEqual(piano.map((n) => n.pitch % 12).sort((a, b) => a - b), [0, 4, 7]);
  assert.ok(piano.every((n) => n.start === 1 && n.duration === 0.5));
  const drums = decodeStem('drums', logits(noteTargets('drums', [{ start: 0.75, duration: 0.1, pitch: 42, velocity: 1 }], TIMES, STEPS), 'sigmoid'), STEPS, TIMES, options);
  assert.deepEqual(drums.map((n) => [n.start, n.pitch]), [[0.75, 42]]);
  // At a temperature, unsure logits are drawn: the same seed draws the same, another seed differs.
  const unsure = new Float32Array(STEPS * OUTPUT_DIM);
  const draw = (seed: number) => decodeStem('drums', unsure, STEPS, TIMES, { temperature: 1, random: new Random(seed) }).map((n) => `${n.start}:${n.pitch}`).join();
  assert.equal(draw(3), draw(3));
  assert.notEqual(draw(3), draw(4));
  assert.deepEqual(decodeStem('drums', unsure, STEPS, TIMES, options), [], 'at temperature 0, a coin flip is no hit');
});

test('given chords (hand-worked): each step holds its chord\'s tones; the bass picks among them, other parts move to the nearest chord tone', () => {
  const logits = (target: Float32Array, kind: 'sigmoid' | 'softmax') => Float32Array.from(target, (v, i) => (kind === 'softmax' && i % OUTPUT_DIM >= 14 ? -20 : v ? 8 : -8));
  // C major (C E G) for the first two seconds, then D minor (D F A); no chord after 3 s.
  const chords = [
    { start: 0, end: 2, beat: 0, root: 0, quality: 'maj' as const, name: 'C' },
    { start: 2, end: 3, beat: 4, root: 2, quality: 'min' as const, name: 'Dm' },
  ];
  const tones = chordTonesOnSteps(chords, TIMES);
  assert.equal(tones[0], (1 << 0) | (1 << 4) | (1 << 7));
  assert.equal(tones[7], tones[0], 'step 7 (1.75 s) is still C');
  assert.equal(tones[8], (1 << 2) | (1 << 5) | (1 << 9), 'step 8 (2 s) is D minor');
  assert.equal(tones[12], 0, 'no chord at 3 s: anything goes');
  assert.equal(nearestChordTone(1, tones[0]!), 0, 'C# → C (D, as near, is no tone of C major)');
  assert.equal(nearestChordTone(6, tones[0]!), 7, 'F# → G');
  assert.equal(nearestChordTone(5, tones[0]!), 4, 'F → E (one semitone; G is two)');
  assert.equal(nearestChordTone(3, tones[8]!), 2, 'Eb → D (a tie with F: the lower)');
  assert.equal(nearestChordTone(11, 0), 11, 'no chord: unchanged');
  // A bass that would play E (pc 4) at 2.5 s, in D minor: it plays D or F instead, whichever the model likes better.
  const bassLogits = logits(noteTargets('bass', [{ start: 2.5, duration: 0.25, pitch: 40, velocity: 1 }], TIMES, STEPS), 'softmax');
  bassLogits[10 * OUTPUT_DIM + BASS_PITCH + 5] = 3; // F is the model's second choice
  const bass = decodeStem('bass', bassLogits, STEPS, TIMES, { temperature: 0, random: new Random(1), chordTones: tones });
  assert.deepEqual(bass.map((n) => [n.start, n.pitch % 12]), [[2.5, 5]]);
  // Piano: C# E G# struck at 1 s (C major) becomes C E G.
  const piano = decodeStem('piano', logits(noteTargets('piano', [61, 64, 68].map((pitch) => ({ start: 1, duration: 0.5, pitch, velocity: 1 })), TIMES, STEPS), 'sigmoid'), STEPS, TIMES, { temperature: 0, random: new Random(1), chordTones: tones });
  assert.deepEqual(piano.map((n) => n.pitch % 12).sort((a, b) => a - b), [0, 4, 7]);
});

test('drums: a class firing on two neighbouring steps (a swung eighth between two sixteenths) is one hit, the likelier; accents follow the place in the beat', () => {
  const logits = new Float32Array(STEPS * OUTPUT_DIM).fill(-8);
  // Closed hi-hat (class 2): beat 0 sure; the swung eighth fires on steps 2 and 3 (3 likelier); a lone sixteenth on step 5.
  const hat = 2;
  for (const [s, x] of [[0, 6], [2, 1], [3, 3], [5, 2]] as const) logits[s * OUTPUT_DIM + hat] = x;
  const sub = Uint8Array.from({ length: STEPS }, (_, s) => s % 4);
  const drums = decodeStem('drums', logits, STEPS, TIMES, { temperature: 0, random: new Random(1), sub, subdivision: 4 });
  assert.deepEqual(drums.map((n) => n.start), [0, 0.75, 1.25], 'step 2 gives way to the likelier step 3; step 5 stands alone');
  const [beat, swung] = [drums[0]!, drums[1]!];
  assert.ok(beat.velocity > swung.velocity, 'the beat is accented over the off-beat');
  const plain = decodeStem('drums', logits, STEPS, TIMES, { temperature: 0, random: new Random(1) });
  assert.ok(plain[1]!.velocity > swung.velocity, 'without the grid\'s places, no accents');
});

test('transposition rotates the solo\'s chroma and the parts\' pitch classes together, and leaves drums and positions', () => {
  const representation = scoreRepresentation(DEFAULT_REPRESENTATION_SPECS.score);
  const dim = inputDim(4);
  const x = new Float32Array(dim);
  x[0] = 1; // chroma: C
  x[12 + 7] = 1; // bass chroma: G
  x[dim - 1] = 1; // a position one-hot
  const y = new Float32Array(4 * OUTPUT_DIM);
  y[0 * OUTPUT_DIM + 0] = 1; // drums: kick
  y[1 * OUTPUT_DIM + BASS_PITCH + 7] = 1; // bass: G
  y[2 * OUTPUT_DIM + PITCHED_ONSET + 4] = 1; // piano: E starts
  y[3 * OUTPUT_DIM + PITCHED_HOLD + 11] = 1; // other: B sounds
  const random = new Random(5);
  const k = new Random(5).int(0, 11);
  representation.augment!(x, y, 1, 1, ['drums', 'bass', 'piano', 'other'], random);
  assert.equal(x[(0 + k) % 12], 1);
  assert.equal(x[12 + ((7 + k) % 12)], 1);
  assert.equal(x[dim - 1], 1, 'positions are not pitches');
  assert.equal(y[0], 1, 'the kick stays');
  assert.equal(y[OUTPUT_DIM + BASS_PITCH + ((7 + k) % 12)], 1);
  assert.equal(y[2 * OUTPUT_DIM + PITCHED_ONSET + ((4 + k) % 12)], 1);
  assert.equal(y[3 * OUTPUT_DIM + PITCHED_HOLD + ((11 + k) % 12)], 1);
  assert.equal(y.reduce((a, b) => a + b, 0), 4);
});
