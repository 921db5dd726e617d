/**
 * Integrated loudness after ITU-R BS.1770-4 / EBU R128, for mono or stereo signals
 * (the channels' K-weighted mean squares add, with weight 1 for left and right):
 * K-weighting (a +4 dB high shelf near 1.7 kHz and the RLB high-pass near 38 Hz,
 * derived for any sample rate from the analogue prototypes as libebur128 does,
 * which reproduces the standard's 48 kHz coefficients), mean square over 400 ms
 * blocks with 75% overlap, an absolute gate at -70 LUFS and a relative gate
 * 10 LU below the gated mean. Streaming: feed blocks, read the result at the end.
 */
import { BiquadFilter, type BiquadCoefficients } from './filters.js';

const ABSOLUTE_GATE_LUFS = -70;
const RELATIVE_GATE_LU = -10;
const BLOCK_SECONDS = 0.4;
const STEP_SECONDS = 0.1;

const toLufs = (meanSquare: number) => -0.691 + 10 * Math.log10(meanSquare);

/** The two K-weighting stages (pre-filter shelf, RLB high-pass) for a sample rate. */
export function kWeighting(sampleRate: number): [BiquadCoefficients, BiquadCoefficients] {
  let K = Math.tan((Math.PI * 1681.974450955533) / sampleRate);
  let Q = 0.7071752369554196;
  const Vh = 10 ** (3.999843853973347 / 20);
  const Vb = Vh ** 0.4996667741545416;
  let a0 = 1 + K / Q + K * K;
  const shelf = {
    b0: (Vh + (Vb * K) / Q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / Q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
  K = Math.tan((Math.PI * 38.13547087602444) / sampleRate);
  Q = 0.5003270373238773;
  a0 = 1 + K / Q + K * K;
  const highpass = { b0: 1, b1: -2, b2: 1, a1: (2 * (K * K - 1)) / a0, a2: (1 - K / Q + K * K) / a0 };
  return [shelf, highpass];
}

export class LoudnessMeter {
  private readonly filters: { shelf: BiquadFilter; highpass: BiquadFilter }[] = [];
  private readonly stepLength: number;
  /** Mean squares of the completed 100 ms steps. */
  private readonly steps: number[] = [];
  private partialSum = 0;
  private partialCount = 0;

  constructor(readonly sampleRate: number) {
    this.stepLength = Math.round(STEP_SECONDS * sampleRate);
  }

  /** Adds a block of one channel, or of every channel (equal lengths; the channel count must not change). */
  push(block: Float32Array | readonly Float32Array[]): void {
    const channels = block instanceof Float32Array ? [block] : block;
    while (this.filters.length < channels.length) {
      const [shelf, highpass] = kWeighting(this.sampleRate);
      this.filters.push({ shelf: new BiquadFilter(shelf), highpass: new BiquadFilter(highpass) });
    }
    const length = channels[0]?.length ?? 0;
    for (let i = 0; i < length; i++) {
      for (let c = 0; c < channels.length; c++) {
        const { shelf, highpass } = this.filters[c]!;
        const k = highpass.processSample(shelf.processSample(channels[c]![i]!));
        this.partialSum += k * k;
      }
      if (++this.partialCount === this.stepLength) {
        this.steps.push(this.partialSum / this.stepLength);
        this.partialSum = 0;
        this.partialCount = 0;
      }
    }
  }

  /** Integrated loudness in LUFS; -Infinity when every block is below the absolute gate. */
  integrated(): number {
    const perBlock = Math.round(BLOCK_SECONDS / STEP_SECONDS);
    const blocks: number[] = [];
    for (let i = 0; i + perBlock <= this.steps.length; i++) {
      let sum = 0;
      for (let j = 0; j < perBlock; j++) sum += this.steps[i + j]!;
      blocks.push(sum / perBlock);
    }
    const aboveAbsolute = blocks.filter((z) => toLufs(z) > ABSOLUTE_GATE_LUFS);
    if (aboveAbsolute.length === 0) return -Infinity;
    const relativeGate = toLufs(aboveAbsolute.reduce((a, b) => a + b, 0) / aboveAbsolute.length) + RELATIVE_GATE_LU;
    const gated = aboveAbsolute.filter((z) => toLufs(z) > relativeGate);
    return toLufs(gated.reduce((a, b) => a + b, 0) / gated.length);
  }
}

export function integratedLoudness(samples: Float32Array, sampleRate: number): number {
  const meter = new LoudnessMeter(sampleRate);
  meter.push(samples);
  return meter.integrated();
}
