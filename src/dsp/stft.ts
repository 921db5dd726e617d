/**
 * Short-time Fourier transform on Float32Array, modelled on librosa:
 * a periodic Hann window, frames centred on multiples of `hop` with zeros
 * outside the signal (librosa's center=True, pad_mode='constant'), so a signal
 * of N samples has 1 + floor(N / hop) frames of nFft/2 + 1 bins.
 */
import FFT from 'fft.js';

/** Periodic Hann window (scipy.signal.get_window('hann', n, fftbins=True)). */
export function hannWindow(length: number): Float32Array {
  const w = new Float32Array(length);
  for (let i = 0; i < length; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / length);
  return w;
}

export const binCount = (nFft: number) => nFft / 2 + 1;
export const frameCount = (samples: number, hop: number) => 1 + Math.floor(samples / hop);

const ffts = new Map<number, FFT>();
function fftOf(size: number): FFT {
  let fft = ffts.get(size);
  if (!fft) {
    fft = new FFT(size);
    ffts.set(size, fft);
  }
  return fft;
}

/** Analysis and synthesis of single frames with reusable buffers. */
export class StftFrames {
  readonly bins: number;
  readonly window: Float32Array;
  private readonly fft: FFT;
  private readonly frame: Float64Array;
  private readonly spectrum: Float64Array;
  private readonly full: Float64Array;
  private readonly inverse: Float64Array;

  constructor(readonly nFft: number, readonly hop: number) {
    if (nFft & (nFft - 1)) throw new Error(`nFft must be a power of two (got ${nFft})`);
    this.bins = binCount(nFft);
    this.window = hannWindow(nFft);
    this.fft = fftOf(nFft);
    this.frame = new Float64Array(nFft);
    this.spectrum = new Float64Array(2 * nFft);
    this.full = new Float64Array(2 * nFft);
    this.inverse = new Float64Array(2 * nFft);
  }

  /** Spectrum of frame `index` of `signal` (samples outside it are zero) into re/im [bins]. */
  analyze(signal: Float32Array, index: number, re: Float32Array | Float64Array, im: Float32Array | Float64Array, offset = 0): void {
    this.analyzeAt(signal, index * this.hop - this.nFft / 2, re, im, offset);
  }

  /** Spectrum of the windowed segment starting at sample `start`. */
  analyzeAt(signal: Float32Array, start: number, re: Float32Array | Float64Array, im: Float32Array | Float64Array, offset = 0): void {
    const { nFft, frame, window } = this;
    const from = Math.max(0, -start);
    const to = Math.min(nFft, signal.length - start);
    frame.fill(0);
    for (let i = from; i < to; i++) frame[i] = signal[start + i]! * window[i]!;
    this.fft.realTransform(this.spectrum, frame);
    for (let k = 0; k < this.bins; k++) {
      re[offset + k] = this.spectrum[2 * k]!;
      im[offset + k] = this.spectrum[2 * k + 1]!;
    }
  }

  /** Magnitudes of frames [first, first+count) into out [count * bins]. */
  magnitudes(signal: Float32Array, first: number, count: number, out = new Float32Array(count * this.bins)): Float32Array {
    const re = new Float64Array(this.bins);
    const im = new Float64Array(this.bins);
    for (let f = 0; f < count; f++) {
      this.analyze(signal, first + f, re, im);
      const row = f * this.bins;
      for (let k = 0; k < this.bins; k++) out[row + k] = Math.sqrt(re[k]! * re[k]! + im[k]! * im[k]!);
    }
    return out;
  }

  /** Windowed inverse of a half spectrum into out [nFft] (for overlap-add). */
  synthesize(re: ArrayLike<number>, im: ArrayLike<number>, out: Float64Array | Float32Array, offset = 0): void {
    const { nFft, full, inverse, window } = this;
    for (let k = 0; k < this.bins; k++) {
      full[2 * k] = re[offset + k]!;
      full[2 * k + 1] = im[offset + k]!;
    }
    for (let k = this.bins; k < nFft; k++) {
      full[2 * k] = re[offset + nFft - k]!;
      full[2 * k + 1] = -im[offset + nFft - k]!;
    }
    this.fft.inverseTransform(inverse, full);
    for (let i = 0; i < nFft; i++) out[i] = inverse[2 * i]! * window[i]!;
  }
}

/** Magnitude spectrogram of a whole signal: [frames][bins] flattened, with its shape. */
export function stftMagnitude(signal: Float32Array, nFft: number, hop: number): { frames: number; bins: number; data: Float32Array } {
  const stft = new StftFrames(nFft, hop);
  const frames = frameCount(signal.length, hop);
  return { frames, bins: stft.bins, data: stft.magnitudes(signal, 0, frames) };
}
