/**
 * How a signal becomes the model's timesteps ("frames"), and back:
 *
 * - waveform: a frame is one sample (the paper's representation); 1 value in,
 *   1 value per stem out;
 * - spectral: a frame is one STFT frame (centred, Hann, nFft/hop from the model
 *   config); nFft/2+1 compressed magnitudes in and out per stem. Predicted
 *   magnitudes become audio through streaming fast Griffin-Lim.
 *
 * Frame f of a signal covers samples around f·hop (hop = 1 for waveform).
 */
import { StftFrames, frameCount, binCount } from '../dsp/stft.js';
import { StreamingGriffinLim } from '../dsp/griffin-lim.js';
import { concat } from '../dsp/concat.js';
import type { ModelConfig, Representation, SpectralSettings } from './config.js';
import type { Normalisation } from './normalisation.js';

export interface FrameCodec {
  readonly representation: Representation;
  /** Samples per frame step. */
  readonly hop: number;
  /** Values per frame in (source) and out (per stem). */
  readonly dim: number;
  frameCount(samples: number): number;
  /** Un-normalised features of frames [first, first+count): samples, or |STFT|^power. [count × dim] */
  rawFrames(signal: Float32Array, first: number, count: number): Float32Array;
}

export function frameCodec(representation: Representation, spectral: SpectralSettings | null): FrameCodec {
  if (representation === 'waveform') {
    return {
      representation,
      hop: 1,
      dim: 1,
      frameCount: (samples) => samples,
      rawFrames(signal, first, count) {
        const out = new Float32Array(count);
        const from = Math.max(0, first);
        const to = Math.min(signal.length, first + count);
        if (to > from) out.set(signal.subarray(from, to), from - first);
        return out;
      },
    };
  }
  if (!spectral) throw new Error('spectral representation needs spectral settings');
  const stft = new StftFrames(spectral.nFft, spectral.hop);
  const { power } = spectral;
  return {
    representation,
    hop: spectral.hop,
    dim: binCount(spectral.nFft),
    frameCount: (samples) => frameCount(samples, spectral.hop),
    rawFrames(signal, first, count) {
      const out = stft.magnitudes(signal, first, count);
      for (let i = 0; i < out.length; i++) out[i] = out[i]! ** power;
      return out;
    },
  };
}

/** Scales raw source frames in place into the model's input. */
export function normaliseInput(frames: Float32Array, normalisation: Normalisation): Float32Array {
  if (normalisation.kind === 'waveform') {
    const s = normalisation.inputScale;
    if (s !== 1) for (let i = 0; i < frames.length; i++) frames[i]! *= s;
    return frames;
  }
  const { inputMean, inputStd } = normalisation;
  const bins = inputMean.length;
  for (let i = 0; i < frames.length; i++) {
    const k = i % bins;
    frames[i] = (frames[i]! - inputMean[k]!) / inputStd[k]!;
  }
  return frames;
}

/** Scales raw target frames of stem `stemIndex` in place into training targets. */
export function normaliseTarget(frames: Float32Array, normalisation: Normalisation, stemIndex: number): Float32Array {
  const s = normalisation.outputScale[stemIndex]!;
  if (s !== 1) for (let i = 0; i < frames.length; i++) frames[i]! *= s;
  return frames;
}

/**
 * Model output of stem `stemIndex` back to signal units in place: samples for
 * waveform models, linear magnitudes (non-negative) for spectral ones.
 */
export function denormaliseOutput(values: Float32Array, normalisation: Normalisation, stemIndex: number): Float32Array {
  const inverse = 1 / normalisation.outputScale[stemIndex]!;
  if (normalisation.kind === 'waveform') {
    if (inverse !== 1) for (let i = 0; i < values.length; i++) values[i]! *= inverse;
    return values;
  }
  const exponent = 1 / normalisation.power;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]! * inverse;
    values[i] = v > 0 ? v ** exponent : 0;
  }
  return values;
}

/** Turns a stream of output frames (signal units) into samples. */
export interface FrameSynthesizer {
  /** Adds `count` frames [count × dim]; returns samples that became final. */
  push(frames: Float32Array, count: number): Float32Array;
  /** Returns the remaining samples so that the total is `totalSamples`. */
  finish(totalSamples: number): Float32Array;
}

export function frameSynthesizer(config: Pick<ModelConfig, 'representation' | 'spectral'>): FrameSynthesizer {
  if (config.representation === 'waveform') {
    let produced = 0;
    return {
      push(frames) {
        produced += frames.length;
        return frames;
      },
      finish(total) {
        const rest = new Float32Array(Math.max(0, total - produced));
        produced = Math.max(produced, total);
        return rest;
      },
    };
  }
  const spectral = config.spectral!;
  const bins = binCount(spectral.nFft);
  const gl = new StreamingGriffinLim(spectral.nFft, spectral.hop, { iterations: spectral.phaseIterations });
  return {
    push(frames, count) {
      const parts: Float32Array[] = [];
      for (let f = 0; f < count; f++) parts.push(gl.push(frames.subarray(f * bins, (f + 1) * bins)));
      return concat(parts);
    },
    finish: (total) => gl.finish(total),
  };
}

