/**
 * Pitch-class features over time segments (beats, grid steps): the chroma frames
 * (dsp/chroma.ts) whose centres fall in a segment are summed, compressed
 * (square root: amplitude, not energy) and normalised to sum 1, or left at zero
 * when the segment is silent.
 */
import type { ChromaFrames } from '../dsp/chroma.js';

/** Silence floor for a segment's chroma energy, relative to the loudest frame. */
const SILENT = 1e-4;

/** [segments × 12] pitch-class profiles of the segments [bounds[i], bounds[i+1]) (seconds). */
export function segmentChroma(chroma: ChromaFrames, bounds: readonly number[]): Float32Array {
  const segments = Math.max(0, bounds.length - 1);
  const out = new Float32Array(segments * 12);
  let loudest = 0;
  for (const e of chroma.energy) loudest = Math.max(loudest, e);
  for (let s = 0; s < segments; s++) {
    const from = Math.max(0, Math.ceil(bounds[s]! * chroma.frameRate));
    let to = Math.min(chroma.frames, Math.ceil(bounds[s + 1]! * chroma.frameRate));
    // A segment shorter than a frame takes the frame nearest its centre.
    if (to <= from) to = Math.min(chroma.frames, from + 1);
    let energy = 0;
    const sums = new Float64Array(12);
    for (let f = from; f < to; f++) {
      energy += chroma.energy[f]!;
      for (let c = 0; c < 12; c++) sums[c]! += chroma.data[f * 12 + c]!;
    }
    if (to <= from || energy / (to - from) < SILENT * loudest || loudest === 0) continue;
    let total = 0;
    for (let c = 0; c < 12; c++) total += (sums[c] = Math.sqrt(sums[c]!));
    for (let c = 0; c < 12; c++) out[s * 12 + c] = sums[c]! / total;
  }
  return out;
}

/** Cosine similarity of two 12-vectors (0 when either is zero). */
export function cosine12(a: ArrayLike<number>, aOffset: number, b: ArrayLike<number>, bOffset = 0): number {
  let dot = 0, na = 0, nb = 0;
  for (let c = 0; c < 12; c++) {
    const x = a[aOffset + c]!, y = b[bOffset + c]!;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}
