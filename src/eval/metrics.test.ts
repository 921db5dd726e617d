import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromaSimilarity, detectOnsets, onsetFMeasure, siSdr, spectralDistance } from './metrics.js';
import { Random } from '../random.js';
import { sine } from '../testing/fixtures.js';

const RATE = 22050;

test('SI-SDR equals the SNR of added noise, ignores scale, and floors silence', () => {
  const random = new Random(2);
  const reference = sine(440, 1, RATE, 0.5);
  const noise = Float32Array.from(reference, () => random.normal());
  const scale = Math.sqrt(reference.reduce((s, v) => s + v * v, 0) / noise.reduce((s, v) => s + v * v, 0)) / 10 ** (10 / 20);
  const noisy = Float32Array.from(reference, (v, i) => v + scale * noise[i]!);
  assert.ok(Math.abs(siSdr(noisy, reference)! - 10) < 0.3);
  assert.ok(Math.abs(siSdr(noisy.map((v) => v * 3), reference)! - siSdr(noisy, reference)!) < 1e-6);
  assert.equal(siSdr(new Float32Array(RATE), reference), -100);
  assert.equal(siSdr(reference, new Float32Array(RATE)), null);
});

test('spectral distance is zero for identical signals and grows with the difference', () => {
  const a = sine(440, 1, RATE);
  assert.equal(spectralDistance(a, a), 0);
  const near = spectralDistance(sine(445, 1, RATE), a);
  const far = spectralDistance(sine(1200, 1, RATE), a);
  assert.ok(near > 0 && far > near);
});

test('onsets: clicks are found where they are, and F1 matches within 50 ms', () => {
  const clicks = new Float32Array(RATE * 3);
  const times = [0.25, 0.75, 1.2, 1.8, 2.5];
  for (const t of times) for (let i = 0; i < 400; i++) clicks[Math.round(t * RATE) + i] = Math.exp(-i / 60) * Math.sin(i);
  const found = detectOnsets(clicks, RATE);
  assert.equal(found.length, times.length);
  found.forEach((t, i) => assert.ok(Math.abs(t - times[i]!) < 0.03, `onset ${t} vs ${times[i]}`));
  assert.equal(onsetFMeasure(times, times.map((t) => t + 0.04)), 1);
  assert.equal(onsetFMeasure(times, times.map((t) => t + 0.06)), 0);
  assert.ok(Math.abs(onsetFMeasure(times, times.slice(0, 3))! - 0.75) < 1e-9);
  assert.equal(onsetFMeasure([], times), null);
});

test('chroma similarity: same pitch class high, other pitch class low', () => {
  const a = sine(220, 2, RATE);
  assert.ok(chromaSimilarity(sine(440, 2, RATE), a, RATE)! > 0.9, 'an octave apart: same pitch class');
  assert.ok(chromaSimilarity(sine(311, 2, RATE), a, RATE)! < 0.2, 'a tritone apart');
});
