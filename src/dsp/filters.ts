/**
 * Recursive filters on Float32Array: RBJ-cookbook biquads (also used for the
 * BS.1770 K-weighting) and a zero-delay-feedback state-variable filter whose
 * cutoff can move every sample (for synthesiser envelopes).
 */

export interface BiquadCoefficients {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export type BiquadKind = 'lowpass' | 'highpass' | 'bandpass' | 'highshelf' | 'peaking';

/** RBJ Audio-EQ-Cookbook coefficients, normalised so that a0 = 1. */
export function biquad(kind: BiquadKind, frequency: number, sampleRate: number, q = Math.SQRT1_2, gainDb = 0): BiquadCoefficients {
  const w0 = (2 * Math.PI * Math.min(frequency, sampleRate * 0.49)) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const A = 10 ** (gainDb / 40);
  let b0: number, b1: number, b2: number, a0: number, a1: number, a2: number;
  switch (kind) {
    case 'lowpass':
      b0 = (1 - cos) / 2; b1 = 1 - cos; b2 = (1 - cos) / 2;
      a0 = 1 + alpha; a1 = -2 * cos; a2 = 1 - alpha;
      break;
    case 'highpass':
      b0 = (1 + cos) / 2; b1 = -(1 + cos); b2 = (1 + cos) / 2;
      a0 = 1 + alpha; a1 = -2 * cos; a2 = 1 - alpha;
      break;
    case 'bandpass':
      b0 = alpha; b1 = 0; b2 = -alpha;
      a0 = 1 + alpha; a1 = -2 * cos; a2 = 1 - alpha;
      break;
    case 'peaking':
      b0 = 1 + alpha * A; b1 = -2 * cos; b2 = 1 - alpha * A;
      a0 = 1 + alpha / A; a1 = -2 * cos; a2 = 1 - alpha / A;
      break;
    case 'highshelf': {
      const s = 2 * Math.sqrt(A) * alpha;
      b0 = A * (A + 1 + (A - 1) * cos + s);
      b1 = -2 * A * (A - 1 + (A + 1) * cos);
      b2 = A * (A + 1 + (A - 1) * cos - s);
      a0 = A + 1 - (A - 1) * cos + s;
      a1 = 2 * (A - 1 - (A + 1) * cos);
      a2 = A + 1 - (A - 1) * cos - s;
      break;
    }
  }
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

/** A biquad with its state, so a long signal can be filtered block by block. */
export class BiquadFilter {
  private x1 = 0;
  private x2 = 0;
  private y1 = 0;
  private y2 = 0;

  constructor(readonly c: BiquadCoefficients) {}

  /** Filters `input` into `output` (may be the same array). */
  process(input: Float32Array, output: Float32Array = input): Float32Array {
    const { b0, b1, b2, a1, a2 } = this.c;
    let { x1, x2, y1, y2 } = this;
    for (let i = 0; i < input.length; i++) {
      const x = input[i]!;
      const y = b0 * x + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1; x1 = x; y2 = y1; y1 = y;
      output[i] = y;
    }
    this.x1 = x1; this.x2 = x2; this.y1 = y1; this.y2 = y2;
    return output;
  }

  processSample(x: number): number {
    const { b0, b1, b2, a1, a2 } = this.c;
    const y = b0 * x + b1 * this.x1 + b2 * this.x2 - a1 * this.y1 - a2 * this.y2;
    this.x2 = this.x1; this.x1 = x; this.y2 = this.y1; this.y1 = y;
    return y;
  }
}

/** Filters a whole signal with one biquad, in place. */
export function applyBiquad(signal: Float32Array, c: BiquadCoefficients): Float32Array {
  return new BiquadFilter(c).process(signal);
}

/**
 * Topology-preserving-transform state-variable filter (Zavalishin / Simper):
 * stable under per-sample cutoff changes. `lowpass` returns the 12 dB/oct output.
 */
export class StateVariableFilter {
  private ic1 = 0;
  private ic2 = 0;
  private a1 = 1;
  private a2 = 0;
  private a3 = 0;
  private cutoff = -1;
  constructor(private readonly sampleRate: number, private readonly resonance = 0.5) {}

  /** Sets the cutoff (Hz); coefficients are recomputed only when it changes. */
  setCutoff(cutoff: number): void {
    if (cutoff === this.cutoff) return;
    this.cutoff = cutoff;
    const g = Math.tan((Math.PI * Math.min(cutoff, this.sampleRate * 0.45)) / this.sampleRate);
    const k = 2 - 2 * this.resonance;
    this.a1 = 1 / (1 + g * (g + k));
    this.a2 = g * this.a1;
    this.a3 = g * this.a2;
  }

  /** One low-pass (12 dB/oct) output sample at the current cutoff. */
  lowpass(x: number): number {
    const v3 = x - this.ic2;
    const v1 = this.a1 * this.ic1 + this.a2 * v3;
    const v2 = this.ic2 + this.a2 * this.ic1 + this.a3 * v3;
    this.ic1 = 2 * v1 - this.ic1;
    this.ic2 = 2 * v2 - this.ic2;
    return v2;
  }
}

/** PolyBLEP residual for band-limited saw and square waves (phase t in [0,1), increment dt). */
export function polyBlep(t: number, dt: number): number {
  if (t < dt) {
    const x = t / dt;
    return x + x - x * x - 1;
  }
  if (t > 1 - dt) {
    const x = (t - 1) / dt;
    return x * x + x + x + 1;
  }
  return 0;
}

/** A small mono Schroeder reverb (four combs, two allpasses), as a send effect. */
export function reverb(input: Float32Array, sampleRate: number, decaySeconds = 1.2, damping = 0.3): Float32Array {
  return new Reverb(sampleRate, decaySeconds, damping).process(input);
}

/** The same reverb as a stream: blocks in, the wet signal out, its state kept between blocks. */
export class Reverb {
  private readonly combs: { buffer: Float32Array; index: number; low: number; feedback: number }[];
  private readonly allpasses: { buffer: Float32Array; index: number }[];

  constructor(sampleRate: number, decaySeconds = 1.2, private readonly damping = 0.3) {
    const scale = sampleRate / 44100;
    this.combs = [1116, 1188, 1277, 1356].map((d) => {
      const delay = Math.round(d * scale);
      return { buffer: new Float32Array(delay), index: 0, low: 0, feedback: 10 ** ((-3 * delay) / (decaySeconds * sampleRate)) };
    });
    this.allpasses = [556, 441].map((d) => ({ buffer: new Float32Array(Math.round(d * scale)), index: 0 }));
  }

  process(input: Float32Array): Float32Array {
    const out = new Float32Array(input.length);
    const damping = this.damping;
    for (const comb of this.combs) {
      const { buffer, feedback } = comb;
      const delay = buffer.length;
      let { index, low } = comb;
      for (let i = 0; i < input.length; i++) {
        const y = buffer[index]!;
        low = y * (1 - damping) + low * damping;
        buffer[index] = input[i]! + low * feedback;
        out[i]! += y * 0.25;
        index = index + 1 === delay ? 0 : index + 1;
      }
      comb.index = index;
      comb.low = low;
    }
    for (const allpass of this.allpasses) {
      const { buffer } = allpass;
      const delay = buffer.length;
      let { index } = allpass;
      for (let i = 0; i < out.length; i++) {
        const delayed = buffer[index]!;
        const x = out[i]!;
        buffer[index] = x + delayed * 0.5;
        out[i] = delayed - x * 0.5;
        index = index + 1 === delay ? 0 : index + 1;
      }
      allpass.index = index;
    }
    return out;
  }
}
