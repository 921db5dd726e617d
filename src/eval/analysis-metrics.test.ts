import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beatFMeasure, chordScores, keyScore, tempoRelation } from './analysis-metrics.js';
import { chromaFrames } from '../dsp/chroma.js';
import { onsetStrength } from '../dsp/onset.js';
import { sine } from '../testing/fixtures.js';

test('beat F-measure: ±70 ms one-to-one matching, beats before 5 s ignored (hand-worked)', () => {
  // Reference 5, 6, 7, 8; estimates 5.05 (matched), 6.08 (80 ms off: not), 7.00 (matched), 9 (not).
  // P = 2/4, R = 2/4, F = 0.5. The estimate at 4.0 is before 5 s and does not count.
  assert.equal(beatFMeasure([5, 6, 7, 8], [4, 5.05, 6.08, 7, 9]), 0.5);
  // Two estimates near one reference: only one may match. P = 1/2, R = 1/1 → F = 2/3.
  assert.ok(Math.abs(beatFMeasure([6], [5.98, 6.02])! - 2 / 3) < 1e-12);
  assert.equal(beatFMeasure([1, 2, 3], [1, 2, 3]), null, 'nothing to score after 5 s');
  assert.equal(beatFMeasure([6, 7], []), 0);
});

test('tempo relations within 4 %', () => {
  assert.equal(tempoRelation(120, 124.7), 'exact');
  assert.equal(tempoRelation(120, 125.1), 'other');
  assert.equal(tempoRelation(120, 60.5), 'half');
  assert.equal(tempoRelation(120, 238), 'double');
  assert.equal(tempoRelation(90, 270), 'triple');
  assert.equal(tempoRelation(90, 30.4), 'third');
});

test('MIREX weighted key score (hand-worked: C major reference)', () => {
  const C = { tonic: 0, mode: 'major' } as const;
  assert.equal(keyScore(C, { tonic: 0, mode: 'major' }), 1);
  assert.equal(keyScore(C, { tonic: 7, mode: 'major' }), 0.5, 'G major: a fifth above');
  assert.equal(keyScore(C, { tonic: 5, mode: 'major' }), 0, 'F major: a fifth below is not credited');
  assert.equal(keyScore(C, { tonic: 9, mode: 'minor' }), 0.3, 'A minor: relative');
  assert.equal(keyScore(C, { tonic: 0, mode: 'minor' }), 0.2, 'C minor: parallel');
  assert.equal(keyScore({ tonic: 9, mode: 'minor' }, { tonic: 0, mode: 'major' }), 0.3, 'relative major of A minor');
  assert.equal(keyScore({ tonic: 9, mode: 'minor' }, { tonic: 4, mode: 'minor' }), 0.5, 'E minor: a fifth above A minor');
});

test('chord WCSR by duration: root and majmin (hand-worked)', () => {
  // Reference: C (0-2 s), G7 (2-3 s), Bdim (3-4 s). Estimate: C (0-1), Cm (1-2), G (2-3), B (3-4).
  const reference = [
    { start: 0, end: 2, root: 0, quality: 'maj' },
    { start: 2, end: 3, root: 7, quality: '7' },
    { start: 3, end: 4, root: 11, quality: 'dim' },
  ] as const;
  const estimate = [
    { start: 0, end: 1, root: 0, quality: 'maj' },
    { start: 1, end: 2, root: 0, quality: 'min' },
    { start: 2, end: 3, root: 7, quality: 'maj' },
    { start: 3, end: 4, root: 11, quality: 'maj' },
  ] as const;
  const { root, majmin } = chordScores(reference, estimate);
  assert.ok(Math.abs(root! - 1) < 1e-9, 'every root is right');
  // majmin counts 0-3 s only (dim is left out): right 0-1 (C) and 2-3 (G7 → major), wrong 1-2 → 2/3.
  assert.ok(Math.abs(majmin! - 2 / 3) < 1e-3, `majmin ${majmin}`);
  const withN = chordScores([{ start: 0, end: 1, root: -1, quality: 'N' }], [{ start: 0, end: 0.25, root: 0, quality: 'maj' }]);
  assert.ok(Math.abs(withN.root! - 0.75) < 1e-3, 'N against N counts as right');
});

test('chroma puts a tone in its pitch class; the onset envelope peaks at a note start (frame conventions)', () => {
  const a440 = sine(440, 1, 22050);
  const { data, frames, frameRate } = chromaFrames(a440, 22050, { nFft: 4096, hop: 512, minHz: 60, maxHz: 2000 });
  assert.equal(frameRate, 22050 / 512);
  const middle = Math.floor(frames / 2) * 12;
  const profile = Array.from(data.subarray(middle, middle + 12));
  assert.equal(profile.indexOf(Math.max(...profile)), 9, 'A is pitch class 9');
  assert.ok(profile[9]! > 0.99 * profile.reduce((s, v) => s + v, 0), 'all energy in A');
  const signal = new Float32Array(22050);
  signal.set(sine(440, 0.5, 22050), 11025);
  const { envelope, frameRate: rate } = onsetStrength(signal, 22050);
  const peakFrame = envelope.indexOf(Math.max(...envelope));
  assert.ok(Math.abs(peakFrame / rate - 0.5) <= 1.5 / rate, `onset peak at ${(peakFrame / rate).toFixed(3)} s, the note starts at 0.500 s`);
});
