/**
 * A representation, in the manner of Magenta.js's data converters: one object per
 * spec type that owns everything about how music meets the network — timesteps per
 * window, input and output dimensions, features from audio (and, for the score
 * representation, targets from a score), normalisation, the loss, training-time
 * augmentation, and the way predicted frames become audio again. Model code,
 * training data, remix and evaluation ask the representation; none of them branch
 * on its name.
 *
 * Shapes: a song's tracks are [frames × inputDim] (source) and, per stem,
 * [frames × outputDim] (targets); the network maps [B, T, inputDim] → [B, T, S, outputDim].
 */
import type { Stem } from '../../config.js';
import type { Random } from '../../random.js';
import type { Score, ScoreNote } from '../../score/score.js';
import type { Analysis } from '../../analysis/analyse.js';
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
  /** How often training draws its windows against the others' (default 1). */
  weight?: number;
  /** RMS of each stem's audio, for representations that render notes at the training data's levels. */
  levels?: Record<Stem, number>;
  /** The General MIDI program of each pitched part, when the song's score knows it. */
  programs?: Partial<Record<Stem, number>>;
  /** RMS of the source stem (the solo): the unit the band's mix is measured in. */
  soloLevel?: number;
  /** The song's style family, when its score records one. */
  style?: string;
  /** The solo's style features (score-style.ts), for `--style auto`. */
  styleFeatures?: number[];
  /** The band's timing per place in the beat (score-feel.ts); null where too few notes start there. */
  feel?: (number | null)[];
}

/** One song as the dataset loader gives it: its audio, and its score when the dataset has one. */
export interface SongAudio {
  id: string;
  sampleRate: number;
  stems: Record<Stem, Float32Array>;
  score: Score | null;
}

/** A solo as the network's input, computed window by window (bounded memory for the audio representations). */
export interface SoloInput {
  readonly frames: number;
  /** Normalised input frames [first, first + count) [count × inputDim]; zero outside the solo. */
  window(first: number, count: number): Float32Array;
  /** What the listening module heard, when the representation listened (the score representation does). */
  readonly analysis: Analysis | null;
  /** The style played (the one asked for, or the one `auto` chose); null: none. */
  readonly style?: string | null;
  /** When `auto` chose the style: how sure it was (0–1); null when the style was asked for or there is none. */
  readonly styleConfidence?: number | null;
  /** RMS of the solo, for representations that mix the band relative to it. */
  readonly soloLevel?: number;
}

/** How predicted frames become audio: the rate to render at, and for note representations the instruments and randomness. */
export interface SynthesisOptions {
  /** Samples per second of the audio returned (audio representations only produce the model's rate). */
  sampleRate: number;
  /** 0 (default): the most likely notes; above 0, notes are sampled with this temperature. */
  temperature?: number;
  /** A temperature per stem, overriding `temperature`. */
  temperatures?: Partial<Record<Stem, number>>;
  /** Seed of the sampling (with a temperature). */
  seed?: number;
  /** A seed per stem, overriding `seed` (so one stem can be drawn again while the others stay as they were). */
  seeds?: Partial<Record<Stem, number>>;
  /** 0-based General MIDI programs per stem. */
  programs?: Partial<Record<Stem, number>>;
  soundFont?: string;
  /** Target RMS of each rendered stem. */
  levels?: Partial<Record<Stem, number>>;
}

/** Turns a stream of one stem's (normalised) output frames into samples. */
export interface FrameSynthesizer {
  /** Adds `count` frames [count × outputDim]; returns the samples that became final. */
  push(frames: Float32Array, count: number): Promise<Float32Array>;
  /**
   * The remaining samples, in blocks, so that the total is `totalSamples` (at the
   * synthesis rate). Note representations render their whole part here, streaming.
   */
  finish(totalSamples: number): AsyncIterable<Float32Array>;
  /** The notes played, for representations that play notes (after finish). */
  notes?(): ScoreNote[];
}

export interface Representation {
  readonly spec: RepresentationSpec;
  /** Values per timestep in (the source). */
  readonly inputDim: number;
  /** Values per timestep out, per stem. */
  readonly outputDim: number;
  /** Whether the synthesizer renders at any sample rate (notes), or only at the model's (audio). */
  readonly rendersAtAnyRate: boolean;
  /** Whether its input is what the listener heard in the solo (an analysis), not the solo's sound. */
  readonly listens: boolean;
  /** Timesteps of a training and inference window. */
  windowTimesteps(sampleRate: number, windowSeconds: number): number;
  /** Frames of a signal of `samples` samples (audio representations; note representations count grid steps from the analysis). */
  frameCount(samples: number): number;
  /** A song's un-normalised tracks: `source` as input, every stem as a target. */
  songTracks(song: SongAudio, source: Stem): Promise<RawTracks>;
  /** Statistics of the training split's raw tracks (identity when `normalise` is false). */
  fitNormalisation(train: readonly RawTracks[], normalise: boolean): Normalisation;
  /** Scales raw tracks in place into the network's units. */
  normaliseTracks(tracks: RawTracks, normalisation: Normalisation): void;
  /** The training loss of predictions against targets, both [B, T, S, outputDim], S = `stems`. */
  loss(targets: tf.Tensor, predictions: tf.Tensor, stems: readonly Stem[]): tf.Scalar;
  /**
   * Training-time augmentation of a batch in place (x [count × T × inputDim], y [count × T × S × outputDim]),
   * drawing from the trainer's checkpointed `random`.
   */
  augment?(x: Float32Array, y: Float32Array, count: number, timesteps: number, stems: readonly Stem[], random: Random): void;
  /**
   * Inference: the solo (at `sampleRate`) as normalised network input. `analysis`: already
   * heard, when the caller has it; `style`: the style to play (a style the model knows, or
   * `auto`; models without styles take none).
   */
  soloInput(solo: Float32Array, sampleRate: number, normalisation: Normalisation, analysis?: Analysis | null, style?: string | null): Promise<SoloInput>;
  /** Inference: stem `stem`'s predicted frames back to audio. */
  synthesizer(stem: Stem, normalisation: Normalisation, input: SoloInput, options: SynthesisOptions): FrameSynthesizer;
}
