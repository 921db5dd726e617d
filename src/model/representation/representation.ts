/**
 * A representation, in the manner of Magenta.js's data converters: one object per
 * spec type that owns everything about how audio meets the network — timesteps per
 * window, input and output dimensions, features from audio, normalisation, the
 * loss, and the way predicted frames become audio again. Model code, training
 * data, remix and evaluation ask the representation; none of them branch on its name.
 *
 * Shapes: a song's tracks are [frames × inputDim] (source) and, per stem,
 * [frames × outputDim] (targets); the network maps [B, T, inputDim] → [B, T, S, outputDim].
 */
import type { Stem } from '../../config.js';
import type { tf } from '../tf.js';
import type { Normalisation, RepresentationSpec } from './spec.js';

/** One song as frames: the source stem's features, and every stem's targets. */
export interface RawTracks {
  id: string;
  frames: number;
  /** [frames × inputDim] */
  input: Float32Array;
  /** Per stem, [frames × outputDim] */
  targets: Record<Stem, Float32Array>;
}

/** The audio of one song as the dataset loader gives it. */
export interface SongAudio {
  id: string;
  sampleRate: number;
  stems: Record<Stem, Float32Array>;
}

/** A solo as the network's input, computed window by window (bounded memory). */
export interface SoloInput {
  readonly frames: number;
  /** Normalised input frames [first, first + count) [count × inputDim]; zero outside the solo. */
  window(first: number, count: number): Float32Array;
}

/** Turns a stream of one stem's (normalised) output frames into samples. */
export interface FrameSynthesizer {
  /** Adds `count` frames [count × outputDim]; returns the samples that became final. */
  push(frames: Float32Array, count: number): Float32Array;
  /** Returns the remaining samples so that the total is `totalSamples`. */
  finish(totalSamples: number): Float32Array;
}

export interface Representation {
  readonly spec: RepresentationSpec;
  /** Values per timestep in (the source). */
  readonly inputDim: number;
  /** Values per timestep out, per stem. */
  readonly outputDim: number;
  /** Timesteps of a window of `windowSeconds` at `sampleRate`. */
  windowTimesteps(sampleRate: number, windowSeconds: number): number;
  /** Frames of a signal of `samples` samples. */
  frameCount(samples: number): number;
  /** A song's un-normalised tracks: `source` as input, every stem as a target. */
  songTracks(song: SongAudio, source: Stem): RawTracks;
  /** Statistics of the training split's raw tracks (identity when `normalise` is false). */
  fitNormalisation(train: readonly RawTracks[], normalise: boolean): Normalisation;
  /** Scales raw tracks in place into the network's units. */
  normaliseTracks(tracks: RawTracks, normalisation: Normalisation): void;
  /** The training loss of predictions against targets, both [B, T, S, outputDim]. */
  loss(targets: tf.Tensor, predictions: tf.Tensor): tf.Scalar;
  /** Inference: the solo (at the model's rate) as normalised network input. */
  soloInput(solo: Float32Array, normalisation: Normalisation): SoloInput;
  /** Inference: stem `stem`'s predicted frames back to samples. */
  synthesizer(stem: Stem, normalisation: Normalisation): FrameSynthesizer;
}
