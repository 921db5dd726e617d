import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nearestStep, noteTargets, scoreRepresentation } from './score.js';
import { chordTonesOnSteps, decodeStem, nearestChordTone } from './score-decode.js';
import { BASS_HOLD, BASS_PITCH, BASS_REST, DRUM_CLASSES, OUTPUT_DIM, PITCHED_HOLD, PITCHED_ONSET, inputDim } from './score-classes.js';
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
  const representation = scoreRepresentation({ ...DEFAULT_REPRESENTATION_SPECS.score, bass: 'pitch-class' });
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

test('styles: a word names a style the model knows; unknown styles and style-less models are one clear line; auto picks the nearest centroid', async () => {
  const { resolveStyle, nearestStyle, fitStyleExamples, AUTO_STYLE } = await import('./score-style.js');
  const known = ['jazz-swing', 'latin', 'rock-pop', 'waltz'];
  assert.equal(resolveStyle('swing', known, 'M'), 'jazz-swing');
  assert.equal(resolveStyle('bossa', known, 'M'), 'latin', "bossa is latin by the families' rules");
  assert.equal(resolveStyle('Rock', known, 'M'), 'rock-pop');
  assert.equal(resolveStyle(undefined, known, 'M'), AUTO_STYLE, 'a model with styles chooses from the solo by default');
  assert.equal(resolveStyle(undefined, undefined, 'M'), null);
  assert.equal(resolveStyle(AUTO_STYLE, [], 'M'), null, 'auto on a model without styles: no style');
  assert.throws(() => resolveStyle('funk', known, 'M'), (e: Error) => e.message === '--style funk: the model M knows no such style; it knows jazz-swing, latin, rock-pop, waltz (or auto)');
  assert.throws(() => resolveStyle('polka-dots', known, 'M'), /knows no such style/);
  assert.throws(() => resolveStyle('swing', undefined, 'M'), /--style swing: the model M was trained without styles; leave --style out/);
  // One feature tells the songs apart (the others equal): a at 0, 0 and 1.5; b at 2 and 2.5 → mean 1.2.
  const song = (style: string, first: number) => ({ style, styleFeatures: [first, ...new Array(11).fill(0.5)] });
  const examples = fitStyleExamples([song('a', 0), song('a', 0), song('a', 1.5), song('b', 2), song('b', 2.5)])!;
  assert.equal(examples.mean[0], 1.2);
  assert.equal(examples.examples.length, 5);
  const at = (x: number) => [x, ...new Array(11).fill(0.5)];
  assert.equal(nearestStyle(at(0.2), examples), 'a', 'three nearest: a, a, a');
  assert.equal(nearestStyle(at(2.2), examples), 'b', 'three nearest: b, b, a (1.5)');
  assert.equal(nearestStyle(at(1.6), examples, 1), 'a', 'one neighbour: the a at 1.5');
});

test('auto never gives a solo a style in another meter, and says how sure it is', async () => {
  const { chooseStyle, fitStyleExamples } = await import('./score-style.js');
  // Feature 0 tells the songs apart; feature 9 is the triple meter (1: three beats a bar).
  const song = (style: string, first: number, triple: number) => ({ style, styleFeatures: [first, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, triple, 0.5, 0.5] });
  // A rock song the listener heard in 3 is still a rock song: the style's meter counts, not how its songs were heard.
  const examples = fitStyleExamples([song('waltz', 0, 1), song('waltz', 0.1, 1), song('waltz', 0.2, 1), song('rock', 2, 0), song('rock', 2.2, 1), song('swing', 3, 0)])!;
  const heard = (first: number, triple: number) => [first, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, triple, 0.5, 0.5];
  // A solo in 4 that sounds like the waltzes on every other feature: the waltzes are not asked.
  assert.deepEqual(chooseStyle(heard(0.05, 0), examples), { style: 'rock', confidence: 2 / 3 }, 'nearest in 4: rock 2, rock 2.2, swing 3');
  assert.deepEqual(chooseStyle(heard(0.05, 1), examples), { style: 'waltz', confidence: 1 }, 'in 3: the three waltzes');
  assert.deepEqual(chooseStyle(heard(2.9, 0), examples, 1), { style: 'swing', confidence: 1 });
  // A model that knows no song in the heard meter asks them all.
  const only4 = fitStyleExamples([song('rock', 2, 0), song('rock', 2.2, 1), song('swing', 3, 0)])!;
  assert.equal(chooseStyle(heard(2, 1), only4).style, 'rock');
});

test('the style that played is said one way everywhere', async () => {
  const { styleWords } = await import('../../remix/style-words.js');
  const { downloadBase } = await import('../../server/download-name.js');
  assert.equal(styleWords('jazz-swing', 2 / 3), 'jazz-swing (chosen from the solo, 67 % sure)');
  assert.equal(styleWords('latin', null), 'latin (asked for)');
  assert.equal(styleWords(null, null), null);
  assert.equal(downloadBase({ fileName: 'my song.flac', model: 'default' }), 'my_song-remix-default');
  assert.equal(downloadBase({ fileName: 'my song.flac', model: 'default', result: { style: 'jazz-swing' } }), 'my_song-remix-default-jazz-swing', 'remixes in two styles never share a name');
});

test("the band's mix: median part-to-solo ratios over the songs where the part plays, per style; levels follow the solo's RMS", async () => {
  const { fitMixLevels, levelsFor } = await import('./score-mix.js');
  const track = (style: string, solo: number, drums: number, other: number) => ({ id: style, frames: 0, input: new Float32Array(0), targets: {} as never, style, soloLevel: solo, levels: { drums, bass: 0.1, piano: solo, other } });
  const mix = fitMixLevels([track('a', 0.1, 0.1, 0), track('a', 0.1, 0.3, 0), track('b', 0.2, 0.1, 0.1)]);
  assert.deepEqual(mix.ratios, [1, 1, 1, 0.5], 'drums: ratios 1, 3, 0.5 → median 1; other plays in one song only (0.5)');
  assert.deepEqual(mix.byStyle['a'], [2, 1, 1, 0], "style a: drums median of 1 and 3; it has no other part");
  const n = { type: 'score' as const, inputMean: [], inputStd: [], stemLevels: [0.05, 0.05, 0.05, 0.05], mix };
  assert.deepEqual(levelsFor(n, 'a', 0.2), [0.4, 0.2, 0.2, 0.1], "style a's drums (2 × 0.2); its missing other part takes the overall ratio");
  assert.deepEqual(levelsFor(n, null, 0.1), [0.1, 0.1, 0.1, 0.05]);
  assert.deepEqual(levelsFor({ ...n, mix: undefined }, null, 0.1), [0.05, 0.05, 0.05, 0.05], 'an older model keeps its absolute levels');
});

test('a model with styles reads its style as a one-hot after the positions, hidden now and then in training', () => {
  const spec = { ...DEFAULT_REPRESENTATION_SPECS.score, styles: ['jazz-swing', 'latin'] };
  const representation = scoreRepresentation(spec);
  assert.equal(representation.inputDim, inputDim(4) + 2);
  const dim = representation.inputDim;
  const steps = 4, count = 200;
  const x = new Float32Array(count * steps * dim);
  for (let w = 0; w < count; w++) for (let t = 0; t < steps; t++) x[(w * steps + t) * dim + dim - 1] = 1;
  const y = new Float32Array(count * steps * OUTPUT_DIM);
  representation.augment!(x, y, count, steps, ['drums'], new Random(3));
  const hidden = Array.from({ length: count }, (_, w) => x[w * steps * dim + dim - 1]).filter((v) => v === 0).length;
  assert.ok(hidden > 20 && hidden < 70, `about a fifth of the windows lose their style (${hidden} of ${count})`);
  for (let w = 0; w < count; w++) assert.equal(new Set(Array.from({ length: steps }, (_, t) => x[(w * steps + t) * dim + dim - 1])).size, 1, 'a whole window at once');
});

test("the band's timing feel (hand-worked): a swung eighth (2/3 of the beat) sits a third of a step early on the fourth sixteenth, and the decoder plays it there", async () => {
  const { songFeel } = await import('./score-feel.js');
  // Beats of 0.5 s, sixteenth steps of 0.125 s; four beats.
  const times = Float64Array.from({ length: 17 }, (_, s) => s * 0.125);
  const sub = Uint8Array.from({ length: 16 }, (_, s) => s % 4);
  const grid = { times, steps: 16, sub, subdivision: 4 };
  const notes = [0, 1, 2, 3].flatMap((b) => [{ start: b * 0.5, duration: 0.1, pitch: 42, velocity: 1 }, { start: b * 0.5 + 0.5 * (2 / 3), duration: 0.1, pitch: 42, velocity: 1 }]);
  assert.deepEqual(songFeel(grid, notes), [0, null, null, -0.3333], 'on the beat: 0; the swung eighths: −1/3 of a step; too few notes elsewhere');
  const logits = new Float32Array(16 * OUTPUT_DIM).fill(-8);
  logits[3 * OUTPUT_DIM + 2] = 8; // a closed hi-hat on step 3
  const [hat] = decodeStem('drums', logits, 16, times, { temperature: 0, random: new Random(1), sub, subdivision: 4, feel: [0, 0, 0, -1 / 3] });
  assert.ok(Math.abs(hat!.start - 1 / 3) < 1e-9, `played at 2/3 of the beat (${hat!.start})`);
});

test('a bass in register (hand-worked): pitches are classes over E1-C#3, a line leaps an octave as written, and transposition folds past the top an octave down', () => {
  // G1 (31) for a step, then E3 (52, past C#3: folded to E2, 40) held two steps.
  const notes = [{ start: 0, duration: 0.25, pitch: 31, velocity: 1 }, { start: 0.25, duration: 0.5, pitch: 52, velocity: 1 }];
  const target = noteTargets('bass', notes, TIMES, STEPS, true);
  const classOf = (y: Float32Array, s: number) => Array.from(y.subarray(s * OUTPUT_DIM, (s + 1) * OUTPUT_DIM)).indexOf(1);
  assert.deepEqual([0, 1, 2, 3].map((s) => classOf(target, s)), [BASS_PITCH + 3, BASS_PITCH + 12, BASS_HOLD, BASS_REST]);
  const logits = Float32Array.from(target, (v) => (v ? 8 : -8));
  const decoded = decodeStem('bass', logits, STEPS, TIMES, { temperature: 0, random: new Random(1), bassRegister: true });
  assert.deepEqual(decoded.map((n) => n.pitch), [31, 40], 'G1 then E2: up a sixth and an octave, as the classes say');
  const spec = { ...DEFAULT_REPRESENTATION_SPECS.score, transpose: true };
  assert.equal(spec.bass, 'register', 'new score models play the bass in register');
  const representation = scoreRepresentation(spec);
  const dim = representation.inputDim;
  const y = new Float32Array(4 * OUTPUT_DIM);
  y[1 * OUTPUT_DIM + BASS_PITCH + 17] = 1; // A2 (45)
  const k = new Random(9).int(0, 11);
  representation.augment!(new Float32Array(dim), y, 1, 1, ['drums', 'bass', 'piano', 'other'], new Random(9));
  const expected = 45 + k >= 50 ? 45 + k - 12 : 45 + k;
  assert.equal(y[OUTPUT_DIM + BASS_PITCH + expected - 28], 1, `A2 up ${k} semitones is MIDI ${expected}`);
  assert.equal(y.reduce((a, b) => a + b, 0), 1);
});

test('drums with levels (hand-worked): accents and ghost notes are learned from velocities and played back as such', async () => {
  const { DRUM_ACCENT, DRUM_GHOST, DRUM_LEVEL_VELOCITY } = await import('./score-classes.js');
  const hits = [110, 40, 80].map((v, i) => ({ start: i * 0.25, duration: 0.1, pitch: 38, velocity: v / 127 }));
  const target = noteTargets('drums', hits, TIMES, STEPS, false, true);
  assert.deepEqual([0, 1, 2].map((s) => [at(target, s, 1), at(target, s, DRUM_ACCENT + 1), at(target, s, DRUM_GHOST + 1)]), [[1, 1, 0], [1, 0, 1], [1, 0, 0]], 'snare: accent, ghost, plain');
  // Every other step, so that no two hits are neighbours.
  const spaced = noteTargets('drums', hits.map((h, i) => ({ ...h, start: i * 0.5 })), TIMES, STEPS, false, true);
  const decoded = decodeStem('drums', Float32Array.from(spaced, (v) => (v ? 8 : -8)), STEPS, TIMES, { temperature: 0, random: new Random(1), drumLevels: true });
  assert.deepEqual(decoded.map((n) => n.velocity), [DRUM_LEVEL_VELOCITY.accent, DRUM_LEVEL_VELOCITY.ghost, DRUM_LEVEL_VELOCITY.normal]);
});

test('decoding thresholds (hand-worked): a threshold that as many values pass as there are true notes; the bass rests less when it rested too much', async () => {
  const { densityThreshold, fitCalibration } = await import('./score-calibration.js');
  assert.equal(densityThreshold([-3, -1, 0.5, 2], 2), -0.25, 'two values lie above −0.25 (halfway between −1 and 0.5)');
  assert.equal(densityThreshold([-3, -1, 0.5, 2], 0), 0, 'no true hits: decide at ½');
  assert.equal(densityThreshold([-9, -8, -7, -6], 3), -4, 'clamped to −4');
  // Four steps: the kick is true on two, its logits all below 0 (a cautious network).
  const steps = 4;
  const logits = { drums: new Float32Array(steps * OUTPUT_DIM), bass: new Float32Array(steps * OUTPUT_DIM) };
  const targets = { drums: new Float32Array(steps * OUTPUT_DIM), bass: new Float32Array(steps * OUTPUT_DIM) };
  [-2, -0.5, -1, -3].forEach((v, s) => (logits.drums[s * OUTPUT_DIM] = v));
  targets.drums[0] = targets.drums[2 * OUTPUT_DIM] = 1;
  // Bass: rest wins every step by 1 over pitch class C; the truth starts two notes.
  for (let s = 0; s < steps; s++) {
    logits.bass[s * OUTPUT_DIM + BASS_REST] = 1;
    logits.bass[s * OUTPUT_DIM + BASS_HOLD] = -5;
    logits.bass[s * OUTPUT_DIM + BASS_PITCH] = s < 2 ? 0.5 : -1;
    targets.bass[s * OUTPUT_DIM + (s % 2 ? BASS_REST : BASS_PITCH)] = 1;
  }
  const calibration = fitCalibration(logits, targets, steps, false);
  assert.deepEqual(calibration.drums, [0, 0, 0, 0, 0, 0, 0, 0], 'drums are decided at ½ (see score-calibration.ts)');
  assert.ok(calibration.bassRest > 0.5 && calibration.bassRest < 0.51, `rest just loses to C where C is likeliest (bias ${calibration.bassRest})`);
  const bass = decodeStem('bass', logits.bass, steps, TIMES, { temperature: 0, random: new Random(1), calibration });
  assert.deepEqual(bass.map((n) => [n.start, n.pitch % 12]), [[0, 0], [0.25, 0]], 'two Cs, as the truth has two onsets; uncalibrated it rests throughout');
  assert.equal(decodeStem('bass', logits.bass, steps, TIMES, { temperature: 0, random: new Random(1) }).length, 0);
});

test('a drummer (hand-worked): one of the hi-hats and the ride on a step, the kick or the snare, the likelier of each; free decoding strikes them all', () => {
  const steps = 2;
  const times = Float64Array.from([0, 0.125, 0.25]);
  const logits = new Float32Array(steps * OUTPUT_DIM);
  // Step 0: closed hat 1, open hat 2, ride 0.5 → the open hat; kick 3 and snare 1 → the kick.
  // Step 1: ride alone → the ride; a crash beside it stays (it keeps no time).
  const set = (s: number, name: string, v: number) => (logits[s * OUTPUT_DIM + DRUM_CLASSES.findIndex((c) => c.name === name)] = v);
  for (let c = 0; c < DRUM_CLASSES.length; c++) for (let s = 0; s < steps; s++) logits[s * OUTPUT_DIM + c] = -5;
  set(0, 'closed hi-hat', 1); set(0, 'open hi-hat', 2); set(0, 'ride', 0.5); set(0, 'kick', 3); set(0, 'snare', 1);
  set(1, 'ride', 1); set(1, 'crash', 1);
  const hits = (drummer: boolean) => decodeStem('drums', logits, steps, times, { temperature: 0, random: new Random(1), drummer }).map((n) => `${n.start}:${n.pitch}`).sort();
  assert.deepEqual(hits(true), ['0.125:49', '0.125:51', '0:36', '0:46']);
  assert.deepEqual(hits(false), ['0.125:49', '0.125:51', '0:36', '0:38', '0:42', '0:46'], 'free: all but the ride on step 0, which the likelier ride of step 1 replaces');
});
