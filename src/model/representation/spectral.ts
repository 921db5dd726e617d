/**
 * Spectral frames as timesteps: a frame is one STFT frame (centred, Hann window,
 * nFft / hop from the spec), nFft/2+1 compressed magnitudes |X|^power in and out
 * per stem. Inputs are normalised per bin with training-split mean and standard
 * deviation; targets by one scale per stem. Predicted magnitudes become audio
 * through streaming fast Griffin-Lim (dsp/griffin-lim.ts), bounded in memory.
 *
 * Frame f of a signal covers the samples around f·hop.
 */
import { STEMS, type Stem } from '../../config.js';
import { StftFrames, frameCount, binCount } from '../../dsp/stft.js';
import { StreamingGriffinLim } from '../../dsp/griffin-lim.js';
import { concat } from '../../dsp/concat.js';
import { expectNormalisation, inverseRms, meanSquaredError, round7, scaleInPlace } from './common.js';
import type { FrameSynthesizer, RawTracks, Representation, SoloInput } from './representation.js';
import type { SpectralNormalisation, SpectralSpec } from './spec.js';

/** Per-bin mean and standard deviation of [frames × bins] tracks; deviations floored at 1 % of the largest. */
function binStatistics(tracks: readonly Float32Array[], bins: number): { mean: number[]; std: number[] } {
  const sum = new Float64Array(bins);
  const sumSquares = new Float64Array(bins);
  let frames = 0;
  for (const track of tracks) {
    const n = track.length / bins;
    for (let f = 0; f < n; f++) {
      for (let k = 0; k < bins; k++) {
        const v = track[f * bins + k]!;
        sum[k]! += v;
        sumSquares[k]! += v * v;
      }
    }
    frames += n;
  }
  const mean = Array.from(sum, (s) => s / Math.max(1, frames));
  const std = mean.map((m, k) => Math.sqrt(Math.max(0, sumSquares[k]! / Math.max(1, frames) - m * m)));
  const floor = Math.max(1e-6, Math.max(...std) * 1e-2);
  return { mean, std: std.map((s) => Math.max(s, floor)) };
}

export function spectralRepresentation(spec: SpectralSpec): Representation {
  const bins = binCount(spec.nFft);
  const stft = new StftFrames(spec.nFft, spec.hop);
  /** Compressed magnitudes of frames [first, first + count). [count × bins] */
  const compressed = (signal: Float32Array, first: number, count: number) => {
    const out = stft.magnitudes(signal, first, count);
    for (let i = 0; i < out.length; i++) out[i] = out[i]! ** spec.power;
    return out;
  };
  const normaliseInput = (frames: Float32Array, n: SpectralNormalisation) => {
    for (let i = 0; i < frames.length; i++) {
      const k = i % bins;
      frames[i] = (frames[i]! - n.inputMean[k]!) / n.inputStd[k]!;
    }
    return frames;
  };
  return {
    spec,
    inputDim: bins,
    outputDim: bins,
    rendersAtAnyRate: false,
    listens: false,
    windowTimesteps: (sampleRate, windowSeconds) => Math.round(Math.round(sampleRate * windowSeconds) / spec.hop),
    frameCount: (samples) => frameCount(samples, spec.hop),
    async songTracks(song, source): Promise<RawTracks> {
      const frames = frameCount(song.stems[source].length, spec.hop);
      const targets = {} as Record<Stem, Float32Array>;
      for (const stem of STEMS) targets[stem] = compressed(song.stems[stem], 0, frames);
      return { id: song.id, frames, input: compressed(song.stems[source], 0, frames), targets };
    },
    fitNormalisation(train, normalise): SpectralNormalisation {
      const { mean, std } = binStatistics(train.map((t) => t.input), bins);
      return {
        type: 'spectral',
        power: spec.power,
        inputMean: normalise ? mean.map(round7) : mean.map(() => 0),
        inputStd: normalise ? std.map(round7) : std.map(() => 1),
        outputScale: STEMS.map((stem) => (normalise ? round7(inverseRms(train.map((t) => t.targets[stem]))) : 1)),
      };
    },
    normaliseTracks(tracks, normalisation) {
      const n = expectNormalisation(normalisation, 'spectral');
      normaliseInput(tracks.input, n);
      STEMS.forEach((stem, s) => scaleInPlace(tracks.targets[stem], n.outputScale[s]!));
    },
    loss: meanSquaredError,
    async soloInput(solo, _sampleRate, normalisation): Promise<SoloInput> {
      const n = expectNormalisation(normalisation, 'spectral');
      return { frames: frameCount(solo.length, spec.hop), analysis: null, window: (first, count) => normaliseInput(compressed(solo, first, count), n) };
    },
    synthesizer(stem, normalisation): FrameSynthesizer {
      const n = expectNormalisation(normalisation, 'spectral');
      const inverse = 1 / n.outputScale[STEMS.indexOf(stem)]!;
      const exponent = 1 / n.power;
      const phase = new StreamingGriffinLim(spec.nFft, spec.hop, { iterations: spec.phaseIterations });
      return {
        async push(frames, count) {
          const parts: Float32Array[] = [];
          for (let f = 0; f < count; f++) {
            const magnitudes = frames.subarray(f * bins, (f + 1) * bins);
            for (let k = 0; k < bins; k++) {
              const v = magnitudes[k]! * inverse;
              magnitudes[k] = v > 0 ? v ** exponent : 0;
            }
            parts.push(phase.push(magnitudes));
          }
          return concat(parts);
        },
        async *finish(total) {
          yield phase.finish(total);
        },
      };
    },
  };
}
