/** The web app's tap the beat, worked by hand (the page's own module; the browser test taps it for real). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TapCounter, tappedGrid } from '../web/tap-tempo.js';

test('tap the beat (hand-worked): four even taps give the tempo and the first downbeat; uneven or too few give none; a pause starts again', () => {
  assert.deepEqual(tappedGrid([1.0, 1.5, 2.0, 2.5]), { tempo: 120, firstDownbeat: 1 });
  // Taps a little early and late around 100 BPM from 2 s: the grid through them, not the first tap alone.
  const grid = tappedGrid([2.01, 2.59, 3.21, 3.79, 4.4])!;
  assert.ok(Math.abs(grid.tempo - 100) < 1.5, `${grid.tempo}`);
  assert.ok(Math.abs(grid.firstDownbeat - 2.0) < 0.02, `${grid.firstDownbeat}`);
  assert.equal(tappedGrid([1, 1.5, 2]), null, 'three taps are not enough');
  assert.equal(tappedGrid([1, 1.5, 2.6, 3.1]), null, 'an interval off by more than a third');
  const counter = new TapCounter();
  counter.add(1, 10);
  counter.add(1.5, 10.5);
  assert.deepEqual(counter.add(8, 13), [8], 'a pause of more than 2 s starts a new count');
  assert.deepEqual(counter.add(7, 13.2), [7], 'a tap before the last (the player jumped back) starts again');
});
