import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resample, resampledLength } from './resample.js';
import { rms } from './levels.js';
import { sine, zeroCrossingFrequency } from '../testing/fixtures.js';

test('keeps a tone in band at its frequency and level, with the exact output length', async () => {
  const out = await resample(sine(1000, 2, 44100), 44100, 22050);
  assert.equal(out.length, resampledLength(88200, 44100, 22050));
  const middle = out.subarray(2000, 40000);
  assert.ok(Math.abs(zeroCrossingFrequency(middle, 22050) - 1000) < 2);
  assert.ok(Math.abs(rms(middle) - 0.5 / Math.SQRT2) < 0.005);
});

test('is band-limited: a tone above the new Nyquist frequency is removed, not aliased', async () => {
  // 15 kHz at 44.1 kHz would alias to 7.05 kHz at 22.05 kHz under linear interpolation.
  const out = await resample(sine(15000, 1, 44100), 44100, 22050);
  const level = rms(out.subarray(1000, out.length - 1000));
  assert.ok(level < 0.5e-3, `residual ${level}`);
  let linear = 0;
  const tone = sine(15000, 1, 44100);
  for (let i = 1000; i < 21000; i++) linear += tone[2 * i]! ** 2;
  assert.ok(Math.sqrt(linear / 20000) > 0.1, 'naive decimation aliases (the test can tell)');
});

test('converts 48 kHz and 8 kHz material too', async () => {
  for (const rate of [48000, 8000]) {
    const out = await resample(sine(300, 1, rate), rate, 22050);
    assert.equal(out.length, 22050);
    assert.ok(Math.abs(zeroCrossingFrequency(out.subarray(1000, 21000), 22050) - 300) < 2);
  }
});
