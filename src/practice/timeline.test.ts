import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clickNotes, practiceNotes, practiceTimeline, CLICK_KEYS, type SongGrid } from './timeline.js';
import { practiceWords, PRACTICE_DEFAULTS } from './options.js';

// 120 BPM in 4/4 with a one-beat pickup: beats every 0.5 s from 0.5, downbeats at 1, 3, 5 in a 6.5 s remix;
// C for the first two bars, then G7.
const grid: SongGrid = {
  beats: Array.from({ length: 12 }, (_, i) => 0.5 + i * 0.5),
  downbeats: [1, 3, 5],
  beatsPerBar: 4,
  chords: [{ start: 1, end: 5, root: 0, quality: 'maj' }, { start: 5, end: 6.5, root: 7, quality: '7' }],
  duration: 6.5,
};
const round = (xs: readonly number[]) => xs.map((x) => Math.round(x * 1000) / 1000);

test('as played, the practice grid is the song grid', () => {
  const t = practiceTimeline(grid, PRACTICE_DEFAULTS);
  assert.equal(t.offset, 0);
  assert.equal(t.barSeconds, 2);
  assert.equal(t.length, 6.5);
  assert.deepEqual(round(t.beats), round(grid.beats));
  assert.equal(practiceWords(PRACTICE_DEFAULTS), 'as played');
});

test('80 % speed with a one-bar intro and an ending (hand-worked)', () => {
  const settings = { ...PRACTICE_DEFAULTS, speed: 80, intro: 1, ending: true, transpose: 2 };
  const t = practiceTimeline(grid, settings);
  // s = 0.8: a beat 0.625 s, a bar 2.5 s. d0/s = 1.25 fits in the intro bar: k = 1, offset 2.5 − 1.25 = 1.25.
  assert.equal(t.barSeconds, 2.5);
  assert.equal(t.offset, 1.25);
  // The intro bar from 0 s, the solo's pickup (song 0.5 s) on its last beat, the song's first downbeat on 2.5 s.
  assert.deepEqual(round(t.beats.slice(0, 5)), [0, 0.625, 1.25, 1.875, 2.5]);
  assert.deepEqual(round(t.downbeats.slice(0, 2)), [0, 2.5]);
  // Last beat 6 s → song bar lines 5, 7: the ending at p(7) = 1.25 + 8.75 = 10, a bar long.
  assert.equal(t.endingStart, 10);
  assert.equal(t.length, 12.5);
  assert.equal(practiceWords(settings), '+2 semitones, 80 % speed, 1-bar intro, ending');

  const notes = practiceNotes({
    bass: [{ start: 1, duration: 0.5, pitch: 36, velocity: 0.8 }, { start: 3.5, duration: 0.5, pitch: 43, velocity: 0.8 }],
    drums: [{ start: 1, duration: 0.1, pitch: 36, velocity: 0.9 }],
    other: [{ start: 1, duration: 2, pitch: 64, velocity: 0.6 }],
  }, grid, t, settings);
  // Bass: the intro copy of bar 1's note (0 s), the song's two notes (2.5 and 5.625 s), transposed by 2; the ending's G root.
  assert.deepEqual(notes.bass!.map((n) => [Math.round(n.start * 1000) / 1000, Math.round(n.duration * 1000) / 1000, n.pitch]), [[0, 0.625, 38], [2.5, 0.625, 38], [5.625, 0.625, 45], [10, 2.5, 36 + 9]]);
  // Drums are never transposed; the ending adds a crash and a kick.
  assert.deepEqual(notes.drums!.map((n) => [n.start, n.pitch]), [[0, 36], [2.5, 36], [10, 49], [10, 36]]);
  // "other": the intro copy is cut at the song's first downbeat; the ending holds G7 on A (G + 2): A C# E G.
  assert.equal(notes.other![0]!.duration, 2.5);
  assert.deepEqual(notes.other!.slice(2).map((n) => n.pitch), [69, 73, 76, 79]);

  const clicks = clickNotes(t);
  assert.equal(clicks.length, t.beats.length);
  assert.deepEqual(clicks.slice(0, 2).map((n) => n.pitch), [CLICK_KEYS.downbeat, CLICK_KEYS.beat]);
  assert.equal(clicks.find((n) => Math.abs(n.start - 2.5) < 1e-9)!.pitch, CLICK_KEYS.downbeat, "the song's first downbeat accented");
});
