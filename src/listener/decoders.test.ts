import { test } from 'node:test';
import assert from 'node:assert/strict';
import { beatIntervals, decodeBarPointer, tempoTransitions } from './bar-pointer.js';
import { chordSegments, decodeChordLabels } from './chord-hmm.js';
import { LISTENER_VOCABULARY, chordClass } from './spec.js';
import { beatFeatureDims, beatFeatures, logBands, semitoneSpectrogram } from './features.js';
import { sine } from '../testing/fixtures.js';

/** Activations a network would give for beats at `bpm` (from `start` s), `meter` beats to the bar, the first downbeat `first` beats in. */
function activations(seconds: number, bpm: number, meter: number, first: number, start = 0.37, fps = 100) {
  const frames = seconds * fps;
  const a = new Float32Array(frames * 3);
  for (let t = 0; t < frames; t++) a.set([0.98, 0.01, 0.01], t * 3);
  const beats: number[] = [];
  for (let k = 0, t = start; t < seconds - 0.01; k++, t += 60 / bpm) {
    const f = Math.round(t * fps);
    const down = (k - first) % meter === 0;
    a.set(down ? [0.1, 0.1, 0.8] : [0.1, 0.8, 0.1], f * 3);
    beats.push(f / fps);
  }
  return { frames, a, beats, downbeats: beats.filter((_, k) => (k - first) % meter === 0) };
}

/** Every true beat found within ±21 ms and nothing else — between the first and last true beats (outside them, the decoder keeps the tempo going, as the music would). */
const near = (found: readonly number[], truth: readonly number[], tol = 0.021) => {
  const [from, until] = [truth[0]! - tol, truth[truth.length - 1]! + tol];
  const within = found.filter((t) => t >= from && t <= until);
  return within.length === truth.length && within.every((x, i) => Math.abs(x - truth[i]!) <= tol);
};

test('the bar pointer: state space and tempo transitions as madmom builds them, worked by hand', () => {
  // 55-215 BPM at 100 frames/s: beat intervals from 60·100/215 = 27.9 → 28 to 60·100/55 = 109.1 → 109 frames.
  const intervals = beatIntervals(100);
  assert.equal(intervals[0], 28);
  assert.equal(intervals[intervals.length - 1], 109);
  assert.ok(intervals.every((v, i) => i === 0 || v > intervals[i - 1]!), 'unique and rising');
  // exp(-λ|τ'/τ - 1|) normalised over τ': rows sum to 1, staying is likeliest, a doubling nearly impossible.
  const n = intervals.length;
  const log = tempoTransitions(intervals, 100);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(Array.from({ length: n }, (_, j) => Math.exp(log[i * n + j]!)).reduce((a, b) => a + b, 0) - 1) < 1e-9);
  const at = (from: number, to: number) => log[intervals.indexOf(from) * n + intervals.indexOf(to)]!;
  assert.ok(at(50, 50) > at(50, intervals.find((v) => v > 50)!));
  assert.ok(at(28, 56) < -90, 'double the interval in one beat: e^-100');
});

test('the bar pointer decodes tempo, beats, meter and downbeats together from activations', () => {
  for (const [bpm, meter, first] of [[120, 4, 0], [90, 3, 1], [180, 4, 2], [62, 4, 3], [200, 3, 0]] as const) {
    const { frames, a, beats, downbeats } = activations(30, bpm, meter, first);
    const result = decodeBarPointer(a, frames, 100);
    assert.equal(result.beatsPerBar, meter, `${bpm} BPM in ${meter}: the meter`);
    assert.ok(near(result.beats, beats), `${bpm} BPM: every beat where it is (${result.beats.length} of ${beats.length})`);
    assert.ok(near(result.downbeats, downbeats), `${bpm} BPM: the downbeats`);
    const median = [...result.beatBpm].sort((x, y) => x - y)[Math.floor(result.beatBpm.length / 2)]!;
    assert.ok(Math.abs(median / bpm - 1) < 0.03, `${bpm} BPM heard as ${median}`);
  }
});

test('a steady accelerando is followed; a weak doubled pulse between the beats does not double the tempo', () => {
  const fps = 100;
  const frames = 3000;
  const a = new Float32Array(frames * 3);
  for (let t = 0; t < frames; t++) a.set([0.98, 0.01, 0.01], t * 3);
  const beats: number[] = [];
  for (let t = 0.5, k = 0; t < 29.5; k++) {
    const f = Math.round(t * fps);
    a.set(k % 4 === 0 ? [0.1, 0.1, 0.8] : [0.1, 0.8, 0.1], f * 3);
    beats.push(f / fps);
    const period = 60 / (100 + (60 * t) / 30);
    // The off-beat eighth: a little likelier than nothing, far from a beat.
    const off = Math.round((t + period / 2) * fps);
    if (off < frames) a.set([0.8, 0.18, 0.02], off * 3);
    t += period;
  }
  const result = decodeBarPointer(a, frames, fps);
  assert.ok(near(result.beats, beats), 'the beats of 100 → 160 BPM, not the eighths');
  assert.ok(result.beatBpm[result.beatBpm.length - 1]! > result.beatBpm[0]! + 40, 'the tempo rises');
});

test('the chord HMM: the likeliest chords, a change cheaper on a downbeat than off it, segments on beats', () => {
  const V = LISTENER_VOCABULARY.length;
  const C = chordClass(0, 'maj');
  const G = chordClass(7, 'maj');
  // Beat 2 leans slightly to G (a passing tone); beats 4-7 clearly G.
  const lean = [[C, 0.9], [C, 0.9], [G, 0.5], [C, 0.9], [G, 0.9], [G, 0.9], [G, 0.9], [G, 0.9]] as const;
  const probabilities = new Float32Array(8 * V).fill(0.0001);
  lean.forEach(([cls, p], b) => {
    probabilities[b * V + cls] = p;
    probabilities[b * V + (cls === C ? G : C)] = 1 - p;
  });
  const downbeat = [true, false, false, false, true, false, false, false];
  const labels = decodeChordLabels(probabilities, 8, downbeat);
  assert.deepEqual(labels, [C, C, C, C, G, G, G, G], 'the lean to G on beat 2 does not pay for two changes off the downbeat');
  const segments = chordSegments(labels, [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5], 4);
  assert.deepEqual(segments.map((s) => [s.name, s.start, s.end, s.beat]), [['C', 0, 2, 0], ['G', 2, 4, 4]]);
  // With no cheaper downbeat and a clear G from beat 2, the change comes there.
  const clear = new Float32Array(probabilities);
  clear[2 * V + G] = 0.95;
  clear[2 * V + C] = 0.05;
  clear[3 * V + G] = 0.95;
  clear[3 * V + C] = 0.05;
  assert.deepEqual(decodeChordLabels(clear, 8, downbeat).slice(0, 4), [C, C, G, G]);
});

test('features: madmom-like log bands and a semitone spectrum where a 440 Hz tone lights A4', () => {
  const dims = beatFeatureDims();
  assert.equal(dims, 2 * (logBands(1024, 6).length + logBands(2048, 12).length));
  const tone = sine(440, 2, 22050, 0.5);
  const beat = beatFeatures(tone);
  assert.equal(beat.frames, 200, '100 frames per second');
  assert.equal(beat.dims, dims);
  const spectrum = semitoneSpectrogram(tone);
  assert.equal(spectrum.frames, 20, '10 frames per second');
  const frame = spectrum.data.subarray(10 * spectrum.dims, 11 * spectrum.dims);
  const loudest = frame.indexOf(Math.max(...frame));
  assert.equal(33 + loudest, 69, 'A4 (MIDI 69) is the loudest band');
  // A steady tone's positive difference is zero after its onset.
  const late = beat.data.subarray(100 * dims, 101 * dims);
  const differences = [...late.subarray(logBands(1024, 6).length, 2 * logBands(1024, 6).length)];
  assert.ok(Math.max(...differences) < 1e-3, 'no onset in the middle of a held tone');
});
