/**
 * Streaming phase reconstruction for predicted magnitude spectrograms: the fast
 * Griffin-Lim algorithm (Perraudin, Balazs & Søndergaard 2013: Griffin-Lim with
 * momentum 0.99) run block by block, in the manner of real-time iterative
 * spectrogram inversion with look-ahead (Zhu, Beauregard & Wyse 2007):
 *
 * - frames arrive in order; new frames start from the phase a phase vocoder
 *   predicts from the previous frame (coherent for steady partials), the first
 *   from seeded random phases (a common start phase would make the vocoder's
 *   πk/2 steps line up into a click at the centre of every fourth frame);
 * - each block of `blockFrames` frames (plus `lookaheadFrames` not yet committed)
 *   is refined for `iterations` rounds against the already committed frames
 *   before it, which stay fixed, so phases stay continuous across blocks;
 * - samples leave as soon as every frame that covers them is committed, so
 *   memory stays bounded however long the signal is.
 *
 * The iteration count is fixed, so the cost is predictable: about
 * iterations × (1 + (context + lookahead) / block) × 2 FFTs per frame.
 */
import { StftFrames } from './stft.js';
import { Random } from '../random.js';

export interface GriffinLimOptions {
  iterations: number;
  blockFrames?: number;
  lookaheadFrames?: number;
  momentum?: number;
  /** Seed of the initial phases (default 0). */
  seed?: number;
}

interface FrameState {
  magnitude: Float32Array;
  re: Float64Array;
  im: Float64Array;
  /** Previous projection, for the momentum step. */
  prevRe: Float64Array;
  prevIm: Float64Array;
  /** Windowed time frame of the committed spectrum (for output overlap-add). */
  synthesized: Float64Array | null;
}

export class StreamingGriffinLim {
  private readonly stft: StftFrames;
  private readonly iterations: number;
  private readonly block: number;
  private readonly lookahead: number;
  private readonly momentum: number;
  /** Frames that overlap a given frame on one side. */
  private readonly context: number;
  private readonly frames = new Map<number, FrameState>();
  private received = 0;
  private committed = 0;
  private emitted = 0;
  private readonly scratchRe: Float64Array;
  private readonly scratchIm: Float64Array;
  private readonly timeFrame: Float64Array;
  private readonly random: Random;

  constructor(readonly nFft: number, readonly hop: number, options: GriffinLimOptions) {
    this.stft = new StftFrames(nFft, hop);
    this.iterations = options.iterations;
    this.block = options.blockFrames ?? 16;
    this.lookahead = options.lookaheadFrames ?? 4;
    this.momentum = options.momentum ?? 0.99;
    this.context = Math.ceil(nFft / hop) - 1;
    this.scratchRe = new Float64Array(this.stft.bins);
    this.scratchIm = new Float64Array(this.stft.bins);
    this.timeFrame = new Float64Array(nFft);
    this.random = new Random(options.seed ?? 0, 'griffin-lim');
  }

  /** Adds the next magnitude frame [bins]; returns any samples that became final. */
  push(magnitude: Float32Array): Float32Array {
    const index = this.received++;
    const bins = this.stft.bins;
    const state: FrameState = {
      magnitude: magnitude.slice(),
      re: new Float64Array(bins),
      im: new Float64Array(bins),
      prevRe: new Float64Array(bins),
      prevIm: new Float64Array(bins),
      synthesized: null,
    };
    const previous = this.frames.get(index - 1);
    for (let k = 0; k < bins; k++) {
      let phase: number;
      if (previous && previous.magnitude[k]! > 0) {
        const prevPhase = Math.atan2(previous.im[k]!, previous.re[k]!);
        phase = prevPhase + (2 * Math.PI * k * this.hop) / this.nFft;
      } else {
        phase = 2 * Math.PI * this.random.next();
      }
      state.re[k] = magnitude[k]! * Math.cos(phase);
      state.im[k] = magnitude[k]! * Math.sin(phase);
    }
    state.prevRe.set(state.re);
    state.prevIm.set(state.im);
    this.frames.set(index, state);
    if (this.received - this.committed >= this.block + this.lookahead) {
      this.refine(this.committed, this.received, this.committed + this.block);
    }
    return this.emit(null);
  }

  /** Ends the stream; returns the remaining samples so that the total is `totalSamples`. */
  finish(totalSamples: number): Float32Array {
    while (this.committed < this.received) {
      const end = Math.min(this.received, this.committed + this.block + this.lookahead);
      this.refine(this.committed, end, Math.min(this.received, this.committed + this.block));
    }
    return this.emit(totalSamples);
  }

  /** Refines frames [first, end) against the fixed frames before them; commits [first, commitEnd). */
  private refine(first: number, end: number, commitEnd: number): void {
    const { nFft, hop } = this;
    const contextStart = Math.max(0, first - this.context);
    const segmentStart = contextStart * hop - nFft / 2;
    const segmentLength = (end - 1 - contextStart) * hop + nFft;
    const signal = new Float32Array(segmentLength);
    const weight = new Float32Array(segmentLength);
    const window = this.stft.window;
    for (let f = contextStart; f < end; f++) {
      const offset = f * hop - nFft / 2 - segmentStart;
      for (let i = 0; i < nFft; i++) weight[offset + i]! += window[i]! * window[i]!;
    }
    const fixed = new Float32Array(segmentLength);
    for (let f = contextStart; f < first; f++) this.overlapAdd(fixed, f, segmentStart, this.frames.get(f)!);

    for (let iteration = 0; iteration < this.iterations; iteration++) {
      signal.set(fixed);
      for (let f = first; f < end; f++) this.overlapAdd(signal, f, segmentStart, this.frames.get(f)!);
      for (let i = 0; i < segmentLength; i++) signal[i] = weight[i]! > 1e-8 ? signal[i]! / weight[i]! : 0;
      for (let f = first; f < end; f++) {
        const state = this.frames.get(f)!;
        this.stft.analyzeAt(signal, f * hop - nFft / 2 - segmentStart, this.scratchRe, this.scratchIm);
        for (let k = 0; k < this.stft.bins; k++) {
          const re = this.scratchRe[k]!;
          const im = this.scratchIm[k]!;
          const norm = Math.sqrt(re * re + im * im);
          const mag = state.magnitude[k]!;
          const pr = norm > 1e-12 ? (mag * re) / norm : mag;
          const pi = norm > 1e-12 ? (mag * im) / norm : 0;
          const last = iteration === this.iterations - 1;
          state.re[k] = last ? pr : pr + this.momentum * (pr - state.prevRe[k]!);
          state.im[k] = last ? pi : pi + this.momentum * (pi - state.prevIm[k]!);
          state.prevRe[k] = pr;
          state.prevIm[k] = pi;
        }
      }
    }
    for (let f = first; f < commitEnd; f++) {
      const state = this.frames.get(f)!;
      const synthesized = new Float64Array(nFft);
      this.stft.synthesize(state.re, state.im, synthesized);
      state.synthesized = synthesized;
    }
    this.committed = commitEnd;
  }

  private overlapAdd(target: Float32Array, frame: number, segmentStart: number, state: FrameState): void {
    const offset = frame * this.hop - this.nFft / 2 - segmentStart;
    if (state.synthesized) {
      for (let i = 0; i < this.nFft; i++) target[offset + i]! += state.synthesized[i]!;
      return;
    }
    this.stft.synthesize(state.re, state.im, this.timeFrame);
    for (let i = 0; i < this.nFft; i++) target[offset + i]! += this.timeFrame[i]!;
  }

  /** Overlap-adds committed frames into samples no later frame can change. */
  private emit(totalSamples: number | null): Float32Array {
    const { nFft, hop } = this;
    const finalEnd = totalSamples ?? Math.max(0, this.committed * hop - nFft / 2);
    const start = this.emitted;
    if (finalEnd <= start) return new Float32Array(0);
    const out = new Float32Array(finalEnd - start);
    const weight = new Float32Array(finalEnd - start);
    const window = this.stft.window;
    const firstFrame = Math.max(0, Math.floor((start + nFft / 2 - nFft + 1) / hop));
    const lastFrame = Math.min(this.committed - 1, Math.floor((finalEnd - 1 + nFft / 2) / hop));
    for (let f = firstFrame; f <= lastFrame; f++) {
      const state = this.frames.get(f);
      if (!state?.synthesized) continue;
      const frameStart = f * hop - nFft / 2;
      for (let i = 0; i < nFft; i++) {
        const s = frameStart + i - start;
        if (s < 0 || s >= out.length) continue;
        out[s]! += state.synthesized[i]!;
        weight[s]! += window[i]! * window[i]!;
      }
    }
    for (let i = 0; i < out.length; i++) out[i] = weight[i]! > 1e-8 ? out[i]! / weight[i]! : 0;
    this.emitted = finalEnd;
    // Forget frames that can no longer touch unsent samples or serve as context.
    const keepFrom = Math.min(this.committed - this.context, Math.floor((this.emitted + nFft / 2 - nFft + 1) / hop)) - 1;
    for (const key of this.frames.keys()) if (key < keepFrom) this.frames.delete(key);
    return out;
  }
}
