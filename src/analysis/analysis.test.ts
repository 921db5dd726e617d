import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyseSamples } from './analyse.js';
import { analyse } from '../listen/analyse.js';
import { alternativeLines } from './alternatives.js';
import { CHORD_QUALITIES } from './chords.js';
import { beatFMeasure, chordScores, tempoRelation } from '../eval/analysis-metrics.js';
import { RemixerError } from '../errors.js';
import { TEST_RATE, beatGrid, clickTrack, drumLoop, pianoChords, voicing, waltz, whiteNoise } from '../testing/music.js';

const I = CHORD_QUALITIES;
/** C – Am – F – G7, one bar each. */
const PROGRESSION = [voicing(0, I.maj.intervals), voicing(9, I.min.intervals), voicing(5, I.maj.intervals), voicing(7, I['7'].intervals)];
const PROGRESSION_LABELS = [
  { root: 0, quality: 'maj' },
  { root: 9, quality: 'min' },
  { root: 5, quality: 'maj' },
  { root: 7, quality: '7' },
] as const;

test('a piano playing C Am F G7 at 96 BPM: tempo, beats, 4/4 downbeats, C major, and the chords', () => {
  const seconds = 20;
  const beats = beatGrid(seconds, 96);
  const analysis = analyseSamples(pianoChords(beats, PROGRESSION, 4, seconds, { accentDownbeats: true }));
  assert.equal(tempoRelation(96, analysis.tempo.bpm), 'exact', `tempo ${analysis.tempo.bpm}`);
  assert.ok(beatFMeasure(beats, analysis.beats)! >= 0.95, `beat F ${beatFMeasure(beats, analysis.beats)}`);
  assert.equal(analysis.beatsPerBar, 4);
  const downbeats = beats.filter((_, b) => b % 4 === 0);
  assert.ok(beatFMeasure(downbeats, analysis.downbeats)! >= 0.9, `downbeat F ${beatFMeasure(downbeats, analysis.downbeats)}`);
  assert.equal(analysis.key.name, 'C major');
  const bar = (4 * 60) / 96;
  const reference = beats.filter((_, b) => b % 4 === 0).map((t, k) => ({ start: t, end: t + bar, ...PROGRESSION_LABELS[k % 4]! }));
  const { root, majmin } = chordScores(reference, analysis.chords);
  assert.ok(root! >= 0.85 && majmin! >= 0.85, `chords root ${root}, majmin ${majmin}: ${analysis.chords.map((c) => c.name).join(' ')}`);
  assert.ok(analysis.chords.some((c) => c.name === 'G7'), 'the dominant seventh is named as one');
  assert.deepEqual(analysis.warnings, []);
  // The grid: sixteenth steps covering the audio, each with 26 features.
  const { grid } = analysis;
  assert.equal(grid.subdivision, 4);
  assert.ok(grid.times[0]! <= 0.01 && grid.times[grid.steps]! >= seconds - 0.01);
  assert.ok(Math.abs(grid.times[5]! - grid.times[4]! - 60 / 96 / 4) < 0.01, 'a step is a sixteenth note');
  assert.equal(grid.chroma.length, grid.steps * 12);
});

test('a tempo that speeds up from 96 to 120 BPM is followed beat by beat', () => {
  const seconds = 30;
  const beats = beatGrid(seconds, 96, 120);
  const analysis = analyseSamples(pianoChords(beats, PROGRESSION, 4, seconds));
  const f = beatFMeasure(beats, analysis.beats)!;
  assert.ok(f >= 0.9, `beat F ${f.toFixed(2)} (tempo curve ${analysis.tempo.curve.bpm.map((b) => b.toFixed(0)).join(' ')})`);
  const curve = analysis.tempo.curve.bpm;
  assert.ok(curve[curve.length - 1]! > curve[0]! * 1.12, 'the tempo curve rises');
});

test('a waltz (bass on one, chords on two and three) is heard in 3/4 with its downbeats', () => {
  const seconds = 20;
  const beats = beatGrid(seconds, 132);
  const analysis = analyseSamples(waltz(beats, PROGRESSION, seconds));
  assert.equal(analysis.beatsPerBar, 3);
  const downbeats = beats.filter((_, b) => b % 3 === 0);
  assert.ok(beatFMeasure(downbeats, analysis.downbeats)! >= 0.9, `downbeat F ${beatFMeasure(downbeats, analysis.downbeats)}`);
});

test('a solo at another rate is resampled first; the result matches', async () => {
  const seconds = 12;
  const beats = beatGrid(seconds, 110);
  const audio = pianoChords(beats, PROGRESSION, 4, seconds);
  const { resample } = await import('../dsp/resample.js');
  const at44 = await resample(audio, TEST_RATE, 44100);
  const analysis = await analyse(at44, 44100);
  assert.equal(tempoRelation(110, analysis.tempo.bpm), 'exact');
  assert.equal(analysis.key.name, 'C major');
});

test('bad input: silence and a too-short solo are clear errors; noise, clicks and drums say what they cannot know', () => {
  const silent = () => analyseSamples(new Float32Array(TEST_RATE * 5), { name: 'solo.wav' });
  assert.throws(silent, (e: Error) => e instanceof RemixerError && e.message === 'no steady beat found in solo.wav: the recording is silent');
  const short = pianoChords([0.05], PROGRESSION, 4, 0.4);
  assert.throws(() => analyseSamples(short, { name: 'short.wav' }), (e: Error) => e instanceof RemixerError && /^no steady beat found in short\.wav: fewer than two beats in 400 ms$/.test(e.message));
  // A 50 ms solo says 50 ms (not "0.1 s").
  assert.throws(() => analyseSamples(pianoChords([0.01], PROGRESSION, 4, 0.05), { name: 'blip.wav' }), (e: Error) => /fewer than two beats in 50 ms$/.test(e.message));

  const noise = analyseSamples(whiteNoise(10), { name: 'noise.wav' });
  assert.ok(noise.tempo.confidence < 0.2, `noise: tempo confidence ${noise.tempo.confidence}`);
  assert.ok(noise.warnings.some((w) => w.startsWith('no steady beat found in noise.wav')), noise.warnings.join('; '));
  assert.ok(noise.chords.every((c) => c.quality === 'N'), `noise: no chords (${noise.chords.map((c) => c.name).join(' ')})`);
  assert.ok(noise.warnings.some((w) => w.startsWith('noise.wav sounds like noise rather than an instrument')), noise.warnings.join('; '));

  const clicks = analyseSamples(clickTrack(beatGrid(10, 120), 10), { name: 'click.wav' });
  assert.equal(tempoRelation(120, clicks.tempo.bpm), 'exact');
  assert.ok(clicks.tempo.confidence > 0.5);
  assert.ok(clicks.warnings.some((w) => w.startsWith('little harmony to go on in click.wav')), clicks.warnings.join('; '));

  const drums = analyseSamples(drumLoop(beatGrid(12, 100), 12), { name: 'drums.wav' });
  assert.equal(tempoRelation(100, drums.tempo.bpm), 'exact');
  assert.ok(drums.chordConfidence < 0.3, `drums: chord confidence ${drums.chordConfidence}`);
  assert.ok(drums.warnings.some((w) => w.startsWith('little harmony to go on in drums.wav')), drums.warnings.join('; '));
  for (const heard of [clicks, drums]) assert.ok(!heard.warnings.some((w) => w.includes('sounds like noise')), 'clicks and drums are instruments, not noise');
});

test('a long silent intro gets no beats; the music after it does', () => {
  const seconds = 24;
  const beats = beatGrid(seconds, 100, 100, 10);
  const audio = pianoChords(beats, PROGRESSION, 4, seconds);
  const analysis = analyseSamples(audio);
  assert.ok(analysis.beats[0]! > 9.8, `first beat at ${analysis.beats[0]}`);
  assert.ok(beatFMeasure(beats, analysis.beats, 0.07, 0)! >= 0.9);
});

test('when unsure, the readings that came close, each with its flag: even eighth notes may be the beat, or its off-beats; a clear beat has none', async () => {
  const beats = beatGrid(12, 100);
  const eighths = pianoChords(beats.flatMap((t) => [t, t + 0.3]), [voicing(0, CHORD_QUALITIES.maj.intervals)], 8, 12);
  const heard = analyseSamples(eighths);
  assert.deepEqual(heard.alternatives?.map((a) => a.corrections.beats).sort(), ['double', 'offbeat']);
  assert.deepEqual(alternativeLines(heard.alternatives).map((l) => l.replace(/ \(\d+ BPM\)/, '')), [
    'also likely: the beat half a beat later (the solo may play on its off-beats) — play it with --beats offbeat',
    'also likely: twice the tempo — play it with --beats double',
  ]);
  const clear = pianoChords(beats, [voicing(0, CHORD_QUALITIES.maj.intervals), voicing(7, CHORD_QUALITIES.maj.intervals)], 4, 12, { accentDownbeats: true });
  assert.equal(analyseSamples(clear).alternatives, undefined, 'a clear beat: nothing else to offer');
  assert.equal((await analyse(clear, TEST_RATE)).alternatives, undefined);
  // Once corrected, what the user chose is played: no alternatives.
  assert.equal((await analyse(eighths, TEST_RATE, { listener: 'dsp', corrections: { beats: 'double' } })).alternatives, undefined);
});
