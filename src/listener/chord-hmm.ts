/**
 * Chords from the chord network's beat-wise probabilities: a hidden Markov model over
 * the vocabulary (spec.ts's LISTENER_VOCABULARY) whose only transition cost is the
 * cost of a change — lower on a downbeat, where chords change in most music — decoded
 * by Viterbi (Korzeniowski & Widmer's deep-chroma chord recognition, smoothed the same
 * way). Pure; O(beats × vocabulary).
 */
import { CHORD_HMM, LISTENER_VOCABULARY } from './spec.js';
import type { ChordSegment } from '../analysis/chords.js';

const FLOOR = 1e-8;

/** The most likely label per beat. `probabilities` [beats × V]; `downbeat[b]` whether beat b starts a bar. */
export function decodeChordLabels(probabilities: Float32Array, beats: number, downbeat: readonly boolean[], costs = CHORD_HMM): number[] {
  const V = LISTENER_VOCABULARY.length;
  if (beats === 0) return [];
  let score = new Float64Array(V);
  let next = new Float64Array(V);
  const back = new Uint8Array(beats * V);
  for (let c = 0; c < V; c++) score[c] = Math.log(Math.max(FLOOR, probabilities[c]!));
  for (let b = 1; b < beats; b++) {
    let best = 0;
    for (let c = 1; c < V; c++) if (score[c]! > score[best]!) best = c;
    const change = downbeat[b] ? costs.downbeatChangeCost : costs.changeCost;
    for (let c = 0; c < V; c++) {
      const stay = score[c]!;
      const moved = score[best]! - change;
      const from = stay >= moved ? c : best;
      next[c] = Math.max(stay, moved) + Math.log(Math.max(FLOOR, probabilities[b * V + c]!));
      back[b * V + c] = from;
    }
    [score, next] = [next, score];
  }
  let c = 0;
  for (let k = 1; k < V; k++) if (score[k]! > score[c]!) c = k;
  const labels = new Array<number>(beats);
  for (let b = beats - 1; b >= 0; b--) {
    labels[b] = c;
    c = back[b * V + c]!;
  }
  return labels;
}

/** Beat labels as chord segments; the last beat lasts until `end`. */
export function chordSegments(labels: readonly number[], beatTimes: readonly number[], end: number): ChordSegment[] {
  const segments: ChordSegment[] = [];
  labels.forEach((label, b) => {
    const chord = LISTENER_VOCABULARY[label]!;
    const last = segments[segments.length - 1];
    if (last && last.root === chord.root && last.quality === chord.quality) return;
    if (last) last.end = beatTimes[b]!;
    segments.push({ ...chord, start: beatTimes[b]!, end, beat: b });
  });
  return segments;
}
