/**
 * The features every metric reads from one signal, each computed once and kept:
 * STFT magnitudes per size (for the spectral distance), onsets, chroma frames, and
 * chroma pooled into 1-second frames (for harmonic fit). A song's true stems are
 * turned into features once and compared with every system's stems.
 */
import { stftMagnitude } from '../dsp/stft.js';
import { detectOnsets } from '../dsp/onset.js';
import { chromaFrames, type ChromaFrames, type ChromaSettings } from '../dsp/chroma.js';

/** Chroma as the evaluation compares it: STFT n_fft 4096, hop 2048, bins from 40 Hz to 4 kHz. */
export const EVAL_CHROMA: ChromaSettings = { nFft: 4096, hop: 2048, minHz: 40, maxHz: 4000 };
/** Seconds per frame of the harmonic fit. */
export const FIT_FRAME_SECONDS = 1;

export class SignalFeatures {
  private readonly magnitudeCache = new Map<number, Float32Array>();
  private readonly decibelCache = new Map<number, Float32Array>();
  private onsetCache: number[] | null = null;
  private chromaCache: ChromaFrames | null = null;
  private pooledCache: { frames: number; data: Float32Array; energy: Float32Array } | null = null;
  private energyCache: number | null = null;

  constructor(
    readonly signal: Float32Array,
    readonly sampleRate: number,
  ) {}

  /** |STFT| with n_fft `nFft`, hop nFft/4, [frames × bins]. */
  magnitudes(nFft: number): Float32Array {
    let m = this.magnitudeCache.get(nFft);
    if (!m) {
      m = stftMagnitude(this.signal, nFft, nFft / 4).data;
      this.magnitudeCache.set(nFft, m);
    }
    return m;
  }

  /** 20·log10(|STFT| + floor) with n_fft `nFft`, hop nFft/4 (the spectral distance's view). */
  decibels(nFft: number, floor: number): Float32Array {
    let d = this.decibelCache.get(nFft);
    if (!d) {
      const m = this.magnitudes(nFft);
      d = new Float32Array(m.length);
      for (let i = 0; i < m.length; i++) d[i] = 20 * Math.log10(m[i]! + floor);
      this.decibelCache.set(nFft, d);
      this.magnitudeCache.delete(nFft);
    }
    return d;
  }

  onsets(): number[] {
    return (this.onsetCache ??= detectOnsets(this.signal, this.sampleRate));
  }

  chroma(): ChromaFrames {
    return (this.chromaCache ??= chromaFrames(this.signal, this.sampleRate, EVAL_CHROMA));
  }

  /** Chroma summed over FIT_FRAME_SECONDS frames: [frames × 12], with each frame's energy. */
  pooledChroma(): { frames: number; data: Float32Array; energy: Float32Array } {
    if (!this.pooledCache) {
      const chroma = this.chroma();
      const per = Math.max(1, Math.round(FIT_FRAME_SECONDS * chroma.frameRate));
      const frames = Math.ceil(chroma.frames / per);
      const data = new Float32Array(frames * 12);
      const energy = new Float32Array(frames);
      for (let f = 0; f < chroma.frames; f++) {
        const p = Math.floor(f / per);
        energy[p]! += chroma.energy[f]!;
        for (let c = 0; c < 12; c++) data[p * 12 + c]! += chroma.data[f * 12 + c]!;
      }
      this.pooledCache = { frames, data, energy };
    }
    return this.pooledCache;
  }

  /** Mean square of the samples. */
  meanSquare(): number {
    if (this.energyCache === null) {
      let sum = 0;
      for (let i = 0; i < this.signal.length; i++) sum += this.signal[i]! ** 2;
      this.energyCache = sum / Math.max(1, this.signal.length);
    }
    return this.energyCache;
  }
}

export const features = (signal: Float32Array, sampleRate: number) => new SignalFeatures(signal, sampleRate);
