/**
 * The paper's representation: a timestep is one audio sample; 1 value in, 1 value
 * per stem out; raw samples scaled by training-split RMS (or not at all: the paper
 * preset fed librosa's samples straight in). Output samples are the audio.
 */
import { STEMS, type Stem } from '../../config.js';
import { expectNormalisation, framesOf, inverseRms, meanSquaredError, round7, scaleInPlace, stemScales } from './common.js';
import type { FrameSynthesizer, RawTracks, Representation, SoloInput } from './representation.js';
import type { WaveformSpec } from './spec.js';

export function waveformRepresentation(spec: WaveformSpec): Representation {
  return {
    spec,
    inputDim: 1,
    outputDim: 1,
    rendersAtAnyRate: false,
    listens: false,
    windowTimesteps: (sampleRate, windowSeconds) => Math.round(sampleRate * windowSeconds),
    frameCount: (samples) => samples,
    async songTracks(song, source): Promise<RawTracks> {
      const targets = {} as Record<Stem, Float32Array>;
      for (const stem of STEMS) targets[stem] = song.stems[stem].slice();
      return { id: song.id, frames: song.stems[source].length, input: song.stems[source].slice(), targets };
    },
    fitNormalisation(train, normalise) {
      return {
        type: 'waveform',
        inputScale: normalise ? round7(inverseRms(train.map((t) => t.input))) : 1,
        outputScale: stemScales((stem) => train.map((t) => t.targets[stem]), normalise),
      };
    },
    normaliseTracks(tracks, normalisation) {
      const n = expectNormalisation(normalisation, 'waveform');
      scaleInPlace(tracks.input, n.inputScale);
      STEMS.forEach((stem, s) => scaleInPlace(tracks.targets[stem], n.outputScale[s]!));
    },
    loss: meanSquaredError,
    async soloInput(solo, _sampleRate, normalisation): Promise<SoloInput> {
      const { inputScale } = expectNormalisation(normalisation, 'waveform');
      return { frames: solo.length, analysis: null, window: (first, count) => scaleInPlace(framesOf(solo, 1, first, count), inputScale) };
    },
    synthesizer(stem, normalisation): FrameSynthesizer {
      const inverse = 1 / expectNormalisation(normalisation, 'waveform').outputScale[STEMS.indexOf(stem)]!;
      let produced = 0;
      return {
        async push(frames) {
          produced += frames.length;
          return scaleInPlace(frames, inverse);
        },
        async *finish(total) {
          const rest = new Float32Array(Math.max(0, total - produced));
          produced = Math.max(produced, total);
          yield rest;
        },
      };
    },
  };
}
