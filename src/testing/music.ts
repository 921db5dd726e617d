/**
 * Musical test signals, rendered with the synthetic dataset's own DSP instruments:
 * chords played on given beats, click tracks, drum loops, beat grids with tempo changes.
 */
import { Random } from '../random.js';
import { drawTimbre, renderDrums, renderPiano } from '../dataset/synth/instruments.js';
import type { DrumHit, NoteEvent } from '../dataset/synth/score.js';

export const TEST_RATE = 22050;

/** Beat times from `seconds` of a tempo that moves linearly from `fromBpm` to `toBpm`. */
export function beatGrid(seconds: number, fromBpm: number, toBpm = fromBpm, start = 0): number[] {
  const beats: number[] = [];
  for (let t = start; t < seconds; ) {
    beats.push(t);
    const bpm = fromBpm + ((toBpm - fromBpm) * t) / seconds;
    t += 60 / bpm;
  }
  return beats;
}

/** Pitches (MIDI) of a close triad or seventh on `root` (pitch class) from `quality` intervals. */
export function voicing(root: number, intervals: readonly number[], low = 55): number[] {
  const base = low + ((((root - low) % 12) + 12) % 12);
  return intervals.map((i) => base + i);
}

/** A piano playing `chords[k]` (pitches) on every beat of bar k (beatsPerBar beats a bar). */
export function pianoChords(beats: readonly number[], chords: readonly number[][], beatsPerBar: number, seconds: number, options: { accentDownbeats?: boolean; seed?: number } = {}): Float32Array {
  const random = new Random(options.seed ?? 1, 'piano');
  const notes: NoteEvent[] = [];
  beats.forEach((t, b) => {
    const chord = chords[Math.floor(b / beatsPerBar) % chords.length]!;
    const next = beats[b + 1] ?? t + 0.5;
    const velocity = options.accentDownbeats && b % beatsPerBar === 0 ? 0.95 : 0.6;
    for (const pitch of chord) notes.push({ start: t, duration: (next - t) * 0.9, pitch, velocity });
  });
  return renderPiano(notes, drawTimbre(random.fork('timbre')), TEST_RATE, Math.round(seconds * TEST_RATE), random.fork('render'));
}

/** A bass note on each downbeat and a chord on the other beats (oom-pah-pah in 3/4). */
export function waltz(beats: readonly number[], chords: readonly number[][], seconds: number): Float32Array {
  const random = new Random(3, 'waltz');
  const notes: NoteEvent[] = [];
  beats.forEach((t, b) => {
    const chord = chords[Math.floor(b / 3) % chords.length]!;
    const next = beats[b + 1] ?? t + 0.5;
    if (b % 3 === 0) notes.push({ start: t, duration: (next - t) * 0.9, pitch: chord[0]! - 24, velocity: 0.9 });
    else for (const pitch of chord) notes.push({ start: t, duration: (next - t) * 0.8, pitch, velocity: 0.55 });
  });
  return renderPiano(notes, drawTimbre(random.fork('timbre')), TEST_RATE, Math.round(seconds * TEST_RATE), random.fork('render'));
}

/** Clicks (short decaying bursts) at `times`. */
export function clickTrack(times: readonly number[], seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * TEST_RATE));
  for (const t of times) {
    const at = Math.round(t * TEST_RATE);
    for (let i = 0; i < 300 && at + i < out.length; i++) out[at + i]! += 0.6 * Math.exp(-i / 40) * Math.sin(i * 0.9);
  }
  return out;
}

/** A rock drum loop (kick 1 and 3, snare 2 and 4, eighth hats) on `beats`. */
export function drumLoop(beats: readonly number[], seconds: number): Float32Array {
  const random = new Random(5, 'drums');
  const hits: DrumHit[] = [];
  beats.forEach((t, b) => {
    const next = beats[b + 1] ?? t + 0.5;
    hits.push({ start: t, kind: b % 2 === 0 ? 'kick' : 'snare', velocity: 0.9 });
    hits.push({ start: t, kind: 'hatClosed', velocity: 0.7 }, { start: (t + next) / 2, kind: 'hatClosed', velocity: 0.5 });
  });
  return renderDrums(hits, drawTimbre(random.fork('timbre')), TEST_RATE, Math.round(seconds * TEST_RATE), random.fork('render'));
}

export function whiteNoise(seconds: number, amplitude = 0.3): Float32Array {
  const random = new Random(7, 'noise');
  return Float32Array.from({ length: Math.round(seconds * TEST_RATE) }, () => amplitude * (2 * random.next() - 1));
}
