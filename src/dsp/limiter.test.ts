import { test } from 'node:test';
import { concat } from './concat.js';
import assert from 'node:assert/strict';
import { PeakLimiter } from './limiter.js';
import { Random } from '../random.js';

function run(limiter: PeakLimiter, input: Float32Array, blocks = 7): Float32Array {
  const parts: Float32Array[] = [];
  const size = Math.ceil(input.length / blocks);
  for (let i = 0; i < input.length; i += size) parts.push(limiter.process(input.subarray(i, i + size)));
  parts.push(limiter.flush());
  return concat(parts);
}

test('never exceeds the ceiling, even on impulses and loud noise, and keeps the length', () => {
  const random = new Random(1);
  const signal = Float32Array.from({ length: 22050 }, (_, i) => (i % 5000 === 0 ? 8 : 3 * (random.next() - 0.5)));
  const out = run(new PeakLimiter(0.9, 22050), signal);
  assert.equal(out.length, signal.length);
  let max = 0;
  for (const v of out) max = Math.max(max, Math.abs(v));
  assert.ok(max <= 0.9 + 1e-6, `peak ${max}`);
  assert.ok(max > 0.85, 'loud parts are limited, not crushed');
});

test('leaves signals under the ceiling untouched (delay compensated)', () => {
  const signal = Float32Array.from({ length: 5000 }, (_, i) => 0.5 * Math.sin(i / 10));
  const out = run(new PeakLimiter(0.9, 22050), signal);
  for (let i = 0; i < signal.length; i++) assert.ok(Math.abs(out[i]! - signal[i]!) < 1e-6);
});

test('ducks smoothly: no gain jump larger than a lookahead ramp allows', () => {
  const signal = new Float32Array(4000).fill(0.5);
  signal.fill(2, 2000, 2010);
  const out = run(new PeakLimiter(0.9, 22050), signal);
  for (let i = 1; i < out.length; i++) assert.ok(Math.abs(out[i]! - out[i - 1]!) < 0.2 || (i >= 2000 && i <= 2011), `jump at ${i}`);
  assert.ok(Math.abs(out[1990]!) < 0.5, 'starts ducking before the peak');
});
