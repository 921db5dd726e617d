import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OverlapJoiner } from './joiner.js';

function joinAll(joiner: OverlapJoiner, windows: Float32Array[]): Float32Array {
  const blocks = windows.map((w) => joiner.add(w));
  blocks.push(joiner.finish());
  const out = new Float32Array(blocks.reduce((n, b) => n + b.data.length, 0));
  let offset = 0;
  for (const b of blocks) {
    out.set(b.data, offset);
    offset += b.data.length;
  }
  return out;
}

test('a steady signal passes through unchanged, with (windows - 1) * hop + length frames', () => {
  const joiner = new OverlapJoiner(8, 4, 2);
  const out = joinAll(joiner, Array.from({ length: 5 }, () => new Float32Array(16).fill(0.7)));
  assert.equal(out.length, (4 * 4 + 8) * 2);
  for (const v of out) assert.ok(Math.abs(v - 0.7) < 1e-6);
});

test('crossfades from one window to the next: weights sum to one and move monotonically', () => {
  const joiner = new OverlapJoiner(10, 5, 1);
  const out = joinAll(joiner, [new Float32Array(10).fill(0), new Float32Array(10).fill(1)]);
  assert.deepEqual(Array.from(out.subarray(0, 5)), [0, 0, 0, 0, 0]);
  for (let i = 5; i < 10; i++) assert.ok(out[i]! > out[i - 1]! && out[i]! < 1, `rises through the overlap at ${i}`);
  for (let i = 10; i < 15; i++) assert.ok(Math.abs(out[i]! - 1) < 1e-6);
});

test('frames leave as soon as they are final', () => {
  const joiner = new OverlapJoiner(6, 2, 1);
  assert.equal(joiner.add(new Float32Array(6)).count, 2);
  assert.equal(joiner.add(new Float32Array(6)).count, 2);
  assert.equal(joiner.finish().count, 4, '(2 - 1) * 2 + 6 frames in all, 4 already out');
});
