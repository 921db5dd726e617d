/**
 * Chroma: the energy of each pitch class per STFT frame. Each bin between
 * `minHz` and `maxHz` adds its energy |X|² to the pitch class of the nearest
 * equal-tempered pitch (A4 = 440 Hz; class 0 = C). Frames are centred on f·hop.
 */
import { StftFrames, frameCount } from './stft.js';

export interface ChromaFrames {
  frames: number;
  /** Frames per second. */
  frameRate: number;
  /** [frames × 12] energies. */
  data: Float32Array;
  /** Energy of the bins counted, per frame. */
  energy: Float32Array;
}

export interface ChromaSettings {
  nFft: number;
  hop: number;
  minHz: number;
  maxHz: number;
}

/** The pitch class of each bin (-1 outside the range). */
export function pitchClassOfBins(nFft: number, sampleRate: number, minHz: number, maxHz: number): Int8Array {
  const classes = new Int8Array(nFft / 2 + 1).fill(-1);
  for (let k = 1; k < classes.length; k++) {
    const f = (k * sampleRate) / nFft;
    if (f < minHz || f > maxHz) continue;
    classes[k] = ((Math.round(12 * Math.log2(f / 440) + 69) % 12) + 12) % 12;
  }
  return classes;
}

export function chromaFrames(signal: Float32Array, sampleRate: number, settings: ChromaSettings): ChromaFrames {
  const { nFft, hop, minHz, maxHz } = settings;
  const stft = new StftFrames(nFft, hop);
  const frames = frameCount(signal.length, hop);
  const classes = pitchClassOfBins(nFft, sampleRate, minHz, maxHz);
  let first = classes.findIndex((c) => c >= 0);
  let last = classes.length - 1;
  while (last > 0 && classes[last]! < 0) last--;
  if (first < 0) first = last + 1;
  const data = new Float32Array(frames * 12);
  const energy = new Float32Array(frames);
  const re = new Float64Array(stft.bins);
  const im = new Float64Array(stft.bins);
  for (let t = 0; t < frames; t++) {
    stft.analyze(signal, t, re, im);
    for (let k = first; k <= last; k++) {
      const pc = classes[k]!;
      if (pc < 0) continue;
      const e = re[k]! * re[k]! + im[k]! * im[k]!;
      data[t * 12 + pc]! += e;
      energy[t]! += e;
    }
  }
  return { frames, frameRate: sampleRate / hop, data, energy };
}
