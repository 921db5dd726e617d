/** The web app's loops on bar lines, worked by hand (the page's own module; the browser test presses the keys). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barAt, barLines, loopFromEnd, loopFromStart, loopWords, nearestBarLine } from '../web/loop-bars.js';

// 120 BPM in 4/4 after a one-beat pickup: downbeats at 0.5, 2.5, 4.5, 6.5 in a 7.5 s take.
const downbeats = [0.5, 2.5, 4.5, 6.5];
const lines = barLines(downbeats, 7.5);

test('bar lines and bars (hand-worked)', () => {
  assert.deepEqual(lines, [0, 0.5, 2.5, 4.5, 6.5, 7.5]);
  assert.equal(nearestBarLine(3.4, lines), 2.5);
  assert.equal(nearestBarLine(3.6, lines), 4.5);
  assert.equal(barAt(0.2, downbeats), 0, 'the pickup');
  assert.equal(barAt(0.5, downbeats), 1);
  assert.equal(barAt(4.4, downbeats), 2);
  assert.equal(barAt(7, downbeats), 4);
});

test('[ and ] at the playhead set a loop on bar lines', () => {
  // [ at 2.7 s with no loop: from bar 2's line to the next line.
  const started = loopFromStart(2.7, null, lines);
  assert.deepEqual(started, { start: 2.5, end: 4.5 });
  // ] at 6.4 s: the end moves to 6.5, the start stays.
  const ended = loopFromEnd(6.4, started, lines);
  assert.deepEqual(ended, { start: 2.5, end: 6.5 });
  // [ past the end: a new one-bar loop from there.
  assert.deepEqual(loopFromStart(6.6, ended, lines), { start: 6.5, end: 7.5 });
  // ] before the start: a one-bar loop ending there.
  assert.deepEqual(loopFromEnd(1.9, ended, lines), { start: 0.5, end: 2.5 });
  // ] at the very start: the loop ends at the first line after it.
  assert.deepEqual(loopFromEnd(0.1, null, lines), { start: 0, end: 0.5 });
  // [ at the very end: nothing after it to loop.
  assert.equal(loopFromStart(7.4, null, lines), null);
});

test('a loop in words: times and the bars it covers', () => {
  assert.equal(loopWords({ start: 2.5, end: 6.5 }, downbeats), 'loop 0:02.50–0:06.50, bars 2–3');
  assert.equal(loopWords({ start: 2.5, end: 4.5 }, downbeats), 'loop 0:02.50–0:04.50, bar 2');
  assert.equal(loopWords({ start: 61, end: 62.25 }, []), 'loop 1:01.00–1:02.25', 'no bars where none were heard');
  assert.equal(loopWords(null, downbeats), 'no loop');
});
