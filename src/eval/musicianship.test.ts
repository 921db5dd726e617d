import { test } from 'node:test';
import assert from 'node:assert/strict';
import { barsOf, drumMeasures, jaccard, musicianship, pitchedMeasures, steps } from './musicianship.js';
import { chooseClips } from '../gate/gate.js';
import { checkCriteria, type GateFigures } from '../gate/criteria.js';

const hit = (start: number, pitch: number) => ({ start, duration: 0.1, pitch, velocity: 0.8 });
/** 120 BPM, 4/4: beats every 0.5 s, bars every 2 s, 8 s. */
const beats = Array.from({ length: 16 }, (_, i) => i * 0.5);
const downbeats = [0, 2, 4, 6];

test('drums, worked by hand: a rock beat keeps time on one hat, kick and snare apart, bars repeating', () => {
  // Eighth-note closed hats; kick on 1 and 3, snare on 2 and 4; four bars alike.
  const groove = [
    ...Array.from({ length: 32 }, (_, i) => hit(i * 0.25, 42)),
    ...beats.filter((_, i) => i % 2 === 0).map((t) => hit(t, 36)),
    ...beats.filter((_, i) => i % 2 === 1).map((t) => hit(t, 38)),
  ];
  const m = drumMeasures(groove, beats, downbeats, 8);
  assert.equal(m.timekeepersTogether, 0);
  assert.equal(m.kickSnareTogether, 0);
  assert.equal(m.barRepetition, 1);
  assert.equal(m.hitsPerBar, 12, '8 hats + 2 kicks + 2 snares a bar');
  // The hedging drummer: closed hat, open hat and ride on every beat (4 ms apart: one step), kick and snare together on 2 and 4.
  const hedged = [...beats.flatMap((t) => [hit(t, 42), hit(t + 0.004, 46), hit(t, 51)]), ...beats.map((t) => hit(t, 36)), ...beats.filter((_, i) => i % 2 === 1).map((t) => hit(t, 38))];
  const h = drumMeasures(hedged, beats, downbeats, 8);
  assert.equal(h.timekeepersTogether, 1);
  assert.equal(h.kickSnareTogether, 0.5, 'both on 8 of the 16 kick-or-snare steps');
  // A fill in the last bar: 1 of 4 bars changes; pairs (1,2) and (2,3) alike, (3,4) differ.
  const filled = [...groove.filter((n) => n.start < 6), hit(6, 45), hit(6.5, 45), hit(7, 43)];
  const f = drumMeasures(filled, beats, downbeats, 8);
  assert.ok(Math.abs(f.barRepetition! - 2 / 3) < 1e-9, `${f.barRepetition}: (1 + 1 + 0) / 3`);
});

test('pitched parts, worked by hand: notes per bar, the 5th-95th percentile range, silence', () => {
  const walking = beats.map((t, i) => ({ start: t, duration: 0.45, pitch: 36 + (i % 8), velocity: 0.8 }));
  const m = pitchedMeasures(walking, downbeats, 8);
  assert.equal(m.notesPerBar, 4);
  assert.equal(m.pitchRange, 7);
  assert.equal(m.silent, false);
  assert.equal(pitchedMeasures([], downbeats, 8).silent, true);
  const all = musicianship({ bass: walking }, { beats, downbeats }, 8, 'piano');
  assert.deepEqual(Object.keys(all).sort(), ['bass', 'drums', 'other'], 'the solo is not measured');
  assert.equal(all.other!.silent, true);
  assert.deepEqual(barsOf([0, 2, 4, 6], 7), [[0, 2], [2, 4], [4, 6], [6, 7]]);
  assert.equal(jaccard(new Set(['a', 'b']), new Set(['b', 'c'])), 1 / 3);
  assert.deepEqual(steps([hit(0, 1), hit(0.02, 2), hit(0.5, 3)]).map((s) => s.length), [2, 1]);
});

test('the gate: clips at the quarter points of each song, and criteria as pure checks', () => {
  const entry = (song: string, k: number) => ({ id: `${song}--c${k}`, dir: '', split: 'test' as const, seconds: 30, missingStems: [], song, start: 30 * (k - 1) });
  assert.deepEqual(chooseClips([1, 2, 3, 4, 5].map((k) => entry('a', k)).reverse(), 2), ['a--c2', 'a--c4']);
  assert.deepEqual(chooseClips([entry('b', 1)], 2), ['b--c1']);
  assert.deepEqual(chooseClips([entry('c', 1), entry('c', 2)], 2), ['c--c1', 'c--c2']);
  const spread = (median: number, q1 = median, q3 = median) => ({ median, q1, q3, n: 10 });
  const figures: GateFigures = {
    differences: { 'bass.onsetF1': { mean: 0.06, low: 0.01, high: 0.1, clips: 20 }, 'other.onsetF1': { mean: 0.06, low: -0.01, high: 0.1, clips: 20 }, 'other.chroma': null, 'drums.onsetF1': { mean: -0.02, low: -0.05, high: 0.01, clips: 20 }, 'fit.harmonicFit': { mean: -0.1, low: -0.2, high: -0.01, clips: 20 } },
    band: { 'drums.timekeepersTogether': spread(0.22), 'drums.hitsPerBar': spread(12) },
    truth: { 'drums.hitsPerBar': spread(14, 9, 18) },
    silentWhereTruePlays: { drums: 0, bass: 0, other: 3 },
    listening: { clips: 20, tempoWithin4: 0.9, beatF: spread(0.86), downbeatF: spread(0.5), rightTempoOffBeat: 0.1 },
  };
  const results = Object.fromEntries(checkCriteria(figures).map((c) => [c.id, c.pass]));
  assert.equal(results['band-bass.onsetF1'], true);
  assert.equal(results['band-other.onsetF1'], false, 'the interval reaches below 0');
  assert.equal(results['band-other.chroma'], false, 'not measured is not passed');
  assert.equal(results['band-drums.onsetF1'], true);
  assert.equal(results['band-fit.harmonicFit'], false);
  assert.equal(results['band-timekeepers'], false);
  assert.equal(results['band-drums.hitsPerBar'], true);
  assert.equal(results['band-silent'], false);
  assert.equal(results['listening-tempo'], true);
  assert.equal(results['listening-beats'], true);
  assert.equal(results['listening-off-beat'], false);
  assert.equal(results['listening-downbeats'], false);
});
