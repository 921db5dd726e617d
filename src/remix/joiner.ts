/**
 * Joins overlapping windows of frames by overlap-add with a raised-cosine
 * crossfade: window k fades in over the frames it shares with window k-1
 * (sin²) while k-1 fades out (cos²); the two weights sum to one, so a steady
 * signal passes through unchanged and nothing jumps at a join.
 *
 * Windows start every `hop` frames and are `length` frames long. Frames before
 * the next window's start are final and leave as soon as a window is added.
 * Frames travel as blocks: `count` frames of `dim` values in one Float32Array.
 */
export interface FrameBlock {
  count: number;
  /** [count × dim] */
  data: Float32Array;
}

export class OverlapJoiner {
  readonly overlap: number;
  private readonly fadeIn: Float32Array;
  private readonly fadeOut: Float32Array;
  /** Accumulated frames from `bufferStart`, [capacity × dim]. */
  private buffer: Float32Array;
  private bufferStart = 0;
  private bufferFrames = 0;
  private windows = 0;

  constructor(readonly length: number, readonly hop: number, readonly dim: number) {
    if (hop < 1 || hop > length) throw new Error(`window hop ${hop} must be in [1, ${length}]`);
    this.overlap = length - hop;
    this.fadeIn = new Float32Array(this.overlap);
    this.fadeOut = new Float32Array(this.overlap);
    for (let j = 0; j < this.overlap; j++) {
      const s = Math.sin((Math.PI / 2) * ((j + 0.5) / this.overlap));
      this.fadeIn[j] = s * s;
      this.fadeOut[j] = 1 - s * s;
    }
    this.buffer = new Float32Array(length * dim);
  }

  /** Weight of position t in a window; the first window does not fade in. */
  private weight(t: number, first: boolean): number {
    if (!first && t < this.overlap) return this.fadeIn[t]!;
    if (t >= this.hop) return this.fadeOut[t - this.hop]!;
    return 1;
  }

  /** Adds the next window [length × dim]; returns the frames that are now final. */
  add(window: Float32Array): FrameBlock {
    const start = this.windows * this.hop - this.bufferStart;
    const first = this.windows === 0;
    const needed = start + this.length;
    if (needed * this.dim > this.buffer.length) {
      const grown = new Float32Array(needed * this.dim);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    for (let t = 0; t < this.length; t++) {
      const w = this.weight(t, first);
      const to = (start + t) * this.dim;
      const from = t * this.dim;
      for (let d = 0; d < this.dim; d++) this.buffer[to + d]! += w * window[from + d]!;
    }
    this.bufferFrames = Math.max(this.bufferFrames, needed);
    this.windows++;
    return this.take(this.windows * this.hop - this.bufferStart);
  }

  /** Returns the remaining frames; the last window's tail keeps its full value. */
  finish(): FrameBlock {
    if (this.windows > 0) {
      const lastStart = (this.windows - 1) * this.hop - this.bufferStart;
      for (let t = this.hop; t < this.length; t++) {
        const w = this.weight(t, this.windows === 1);
        const row = (lastStart + t) * this.dim;
        if (w > 0 && row >= 0) for (let d = 0; d < this.dim; d++) this.buffer[row + d]! /= w;
      }
    }
    return this.take(this.bufferFrames);
  }

  private take(count: number): FrameBlock {
    const n = Math.max(0, Math.min(count, this.bufferFrames));
    const data = this.buffer.slice(0, n * this.dim);
    this.buffer.copyWithin(0, n * this.dim);
    this.buffer.fill(0, (this.bufferFrames - n) * this.dim);
    this.bufferFrames -= n;
    this.bufferStart += n;
    return { count: n, data };
  }
}
