/**
 * A lookahead peak limiter that guarantees |output| <= ceiling.
 *
 * For each sample the gain it needs is r = min(1, ceiling / |x|). The applied
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
  /** Ring of the last `lookahead` required gains and delayed input samples. */
  private readonly required: Float64Array;
  private readonly delayed: Float64Array;
  private readonly window: Float64Array;
  private index = 0;
  private windowSum = 0;
  private released = 1;
  private primed = 0;

  constructor(readonly ceiling: number, sampleRate: number, lookaheadSeconds = 0.005, releaseSeconds = 0.08) {
    this.lookahead = Math.max(1, Math.round(lookaheadSeconds * sampleRate));
    this.releaseCoefficient = Math.exp(-1 / (releaseSeconds * sampleRate));
    this.required = new Float64Array(this.lookahead).fill(1);
    this.delayed = new Float64Array(this.lookahead);
    this.window = new Float64Array(this.lookahead).fill(1);
    this.windowSum = this.lookahead;
  }

  get latency(): number {
    return this.lookahead - 1;
  }

  private step(x: number): number {
    const L = this.lookahead;
    const need = Math.abs(x) > this.ceiling ? this.ceiling / Math.abs(x) : 1;
    this.required[this.index] = need;
    let minimum = 1;
    for (let j = 0; j < L; j++) if (this.required[j]! < minimum) minimum = this.required[j]!;
    // Release slowly; attack at once (the moving average spreads it over the lookahead).
    this.released = minimum < this.released ? minimum : minimum + (this.released - minimum) * this.releaseCoefficient;
    const target = Math.min(this.released, minimum);
    this.windowSum += target - this.window[this.index]!;
    this.window[this.index] = target;
    const gain = this.windowSum / L;
    this.delayed[this.index] = x;
    this.index = (this.index + 1) % L;
    return this.delayed[this.index]! * gain;
  }

  /** Limits a block; the result is delayed by `latency` samples (the first block starts with the delay trimmed). */
  process(input: Float32Array): Float32Array {
    const out: number[] = [];
    for (let i = 0; i < input.length; i++) {
      const y = this.step(input[i]!);
      if (this.primed < this.latency) this.primed++;
      else out.push(y);
    }
    return Float32Array.from(out);
  }

  /** The remaining delayed samples. */
  flush(): Float32Array {
    return this.process(new Float32Array(this.primed)).subarray(0, this.primed);
  }
}
