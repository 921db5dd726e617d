/**
 * A lookahead peak limiter that guarantees |output| <= ceiling, for one channel or
 * several linked (one gain for all, from the loudest channel, so the image holds).
 *
 * For each sample the gain it needs is r = min(1, ceiling / max |x|). The applied
 * gain is a moving average over `lookahead` samples of the running minimum of r
 * over `lookahead` samples, applied to the sample `lookahead - 1` steps back: every
 * target in that average was computed over a window containing the sample, so
 * the gain never exceeds what the sample needs, and it starts to duck before a
 * peak. Release is smooth. The output is delayed by `latency` samples; `flush()`
 * returns the tail.
 */
export class PeakLimiter {
  private readonly lookahead: number;
  private readonly releaseCoefficient: number;
  /** Per channel, the delayed input samples (a ring of `lookahead`). */
  private readonly delayed: Float64Array[];
  private readonly window: Float64Array;
  private index = 0;
  /** The running minimum of the required gains: a monotonic queue of (sample count, gain), gains rising from the front. */
  private readonly minimumAt: Float64Array;
  private readonly minimumGain: Float64Array;
  private front = 0;
  private back = 0;
  private count = 0;
  private windowSum = 0;
  private released = 1;
  private primed = 0;

  constructor(readonly ceiling: number, sampleRate: number, lookaheadSeconds = 0.005, releaseSeconds = 0.08, readonly channels = 1) {
    this.lookahead = Math.max(1, Math.round(lookaheadSeconds * sampleRate));
    this.releaseCoefficient = Math.exp(-1 / (releaseSeconds * sampleRate));
    this.delayed = Array.from({ length: channels }, () => new Float64Array(this.lookahead));
    this.window = new Float64Array(this.lookahead).fill(1);
    this.windowSum = this.lookahead;
    // At most lookahead + 1 entries between pushing one and dropping the oldest, and one slot kept free.
    this.minimumAt = new Float64Array(this.lookahead + 2);
    this.minimumGain = new Float64Array(this.lookahead + 2);
  }

  /** The least required gain of the last `lookahead` samples, this one included (O(1) amortised). */
  private runningMinimum(need: number): number {
    const size = this.minimumAt.length;
    while (this.back !== this.front) {
      const last = (this.back - 1 + size) % size;
      if (this.minimumGain[last]! < need) break;
      this.back = last;
    }
    this.minimumAt[this.back] = this.count;
    this.minimumGain[this.back] = need;
    this.back = (this.back + 1) % size;
    while (this.minimumAt[this.front]! <= this.count - this.lookahead) this.front = (this.front + 1) % size;
    this.count++;
    return this.minimumGain[this.front]!;
  }

  get latency(): number {
    return this.lookahead - 1;
  }

  /** One frame in (`frame[c]` per channel), the frame `latency` steps back out, into `out`. */
  private step(frame: readonly number[], out: number[]): void {
    const L = this.lookahead;
    let loudest = 0;
    for (const x of frame) loudest = Math.max(loudest, Math.abs(x));
    const need = loudest > this.ceiling ? this.ceiling / loudest : 1;
    const minimum = this.runningMinimum(need);
    // Release slowly; attack at once (the moving average spreads it over the lookahead).
    this.released = minimum < this.released ? minimum : minimum + (this.released - minimum) * this.releaseCoefficient;
    const target = Math.min(this.released, minimum);
    this.windowSum += target - this.window[this.index]!;
    this.window[this.index] = target;
    const gain = this.windowSum / L;
    for (let c = 0; c < this.channels; c++) this.delayed[c]![this.index] = frame[c]!;
    this.index = (this.index + 1) % L;
    for (let c = 0; c < this.channels; c++) out[c] = this.delayed[c]![this.index]! * gain;
  }

  /** Limits a block of every channel; the result is delayed by `latency` samples (the first block starts with the delay trimmed). */
  processChannels(input: readonly Float32Array[]): Float32Array[] {
    const length = input[0]?.length ?? 0;
    const kept = Math.max(0, length - Math.max(0, this.latency - this.primed));
    const out = Array.from({ length: this.channels }, () => new Float32Array(kept));
    const frame = new Array<number>(this.channels).fill(0);
    const result = new Array<number>(this.channels).fill(0);
    let written = 0;
    for (let i = 0; i < length; i++) {
      for (let c = 0; c < this.channels; c++) frame[c] = input[c]![i]!;
      this.step(frame, result);
      if (this.primed < this.latency) this.primed++;
      else {
        for (let c = 0; c < this.channels; c++) out[c]![written] = result[c]!;
        written++;
      }
    }
    return out;
  }

  /** Limits a block of a single channel. */
  process(input: Float32Array): Float32Array {
    return this.processChannels([input])[0]!;
  }

  /** The remaining delayed samples of every channel. */
  flushChannels(): Float32Array[] {
    const tail = this.primed;
    return this.processChannels(Array.from({ length: this.channels }, () => new Float32Array(tail))).map((c) => c.subarray(0, tail));
  }

  flush(): Float32Array {
    return this.flushChannels()[0]!;
  }
}
