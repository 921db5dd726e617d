/**
 * What a representation is, as data: the settings saved in remixer.json (one
 * discriminated union, so a representation cannot be written without its own
 * settings) and the normalisation statistics each one fits on the training split.
 * Types and constants only (the web client reads them too).
 */

/** The paper's representation: audio samples are the LSTM's timesteps. */
export interface WaveformSpec {
  type: 'waveform';
}

/** STFT frames are the timesteps; compressed magnitudes in and out. */
export interface SpectralSpec {
  type: 'spectral';
  nFft: number;
  hop: number;
  /** Magnitude compression exponent: the model sees |X|^power. */
  power: number;
  /** Griffin-Lim iterations per block when turning magnitudes back into audio. */
  phaseIterations: number;
}

/**
 * The band's notes on the solo's beat grid: the timesteps are grid steps (sixteenth
 * notes by default), the input is the listening module's feature grid of the solo,
 * the outputs are note classes per stem (score-classes.ts), and real instruments
 * play the decoded notes through a SoundFont.
 */
export interface ScoreSpec {
  type: 'score';
  /** Grid steps per beat. */
  subdivision: number;
  /** Train on all twelve transpositions (chroma and pitch classes rotated together). */
  transpose: boolean;
  /**
   * What the bass's note classes are: 12 pitch classes voiced near the previous note
   * ('pitch-class', models before register), or absolute pitches over the bass range, so
   * a line can leap an octave and walk where it means to ('register'). Absent: pitch-class.
   */
  bass?: 'pitch-class' | 'register';
  /**
   * What the drums' outputs say: a hit or not per class, accented by a fixed table of the
   * place in the beat ('hits', models before levels), or also whether each hit is an
   * accent or a ghost note, learned from the songs' velocities ('levels'). Absent: hits.
   */
  drums?: 'hits' | 'levels';
  /**
   * How the drum classes are decided together: each on its own ('free', models before it), or
   * as a drummer plays them ('one-timekeeper': at most one of the hi-hats and the ride on a step,
   * and the kick or the snare, the likelier of each group). Absent: free.
   */
  drummer?: 'free' | 'one-timekeeper';
  /**
   * The style families the model was trained with, in the order of its style input (a
   * one-hot after the positions; all zeros: no style given). Absent: a model without styles.
   */
  styles?: string[];
}

export type RepresentationSpec = WaveformSpec | SpectralSpec | ScoreSpec;
export type RepresentationType = RepresentationSpec['type'];
export type SpecOf<T extends RepresentationType> = Extract<RepresentationSpec, { type: T }>;

/** Every representation with its default settings; the keys are the names `--repr` takes. */
export const DEFAULT_REPRESENTATION_SPECS: { readonly [T in RepresentationType]: SpecOf<T> } = {
  waveform: { type: 'waveform' },
  spectral: { type: 'spectral', nFft: 1024, hop: 256, power: 0.3, phaseIterations: 16 },
  score: { type: 'score', subdivision: 4, transpose: true, bass: 'register', drums: 'levels', drummer: 'one-timekeeper' },
};

export const REPRESENTATION_TYPES = Object.keys(DEFAULT_REPRESENTATION_SPECS) as RepresentationType[];

/**
 * Input and target scaling computed on the training split (Open-Unmix keeps its
 * input statistics with the model the same way). `outputScale` has one value per
 * stem, in STEMS order.
 */
export interface WaveformNormalisation {
  type: 'waveform';
  /** One scale for the source samples (the paper preset uses 1: raw samples). */
  inputScale: number;
  outputScale: number[];
}

export interface SpectralNormalisation {
  type: 'spectral';
  power: number;
  /** Per-bin mean and standard deviation of the compressed source magnitudes. */
  inputMean: number[];
  inputStd: number[];
  outputScale: number[];
}

/** Per input feature mean and standard deviation (pitch-class features share theirs, so transposition keeps them). */
export interface ScoreNormalisation {
  type: 'score';
  inputMean: number[];
  inputStd: number[];
  /** Mean RMS of each stem's audio in the training songs (STEMS order): the levels the band is rendered at when `mix` is absent. */
  stemLevels: number[];
  /** The band's mix relative to the solo, from the training songs (score-mix.ts); older models have none. */
  mix?: MixLevels;
  /** What `--style auto` compares a solo with (score-style.ts); only models with styles have it. */
  styleExamples?: StyleExamples;
  /** The band's timing feel, from the training songs (score-feel.ts); older models play on the grid. */
  feel?: TimingFeel;
  /** Decoding thresholds fitted on the validation split after training (score-calibration.ts); absent: ½. */
  calibration?: DecodeCalibration;
  /** Training songs per style (models with styles). */
  styleSongs?: Record<string, number>;
  /** The most common General MIDI program (0-based) of each pitched part in the training songs: the band's instruments. */
  stemPrograms?: Partial<Record<'bass' | 'piano' | 'other', number>>;
}

/**
 * Each part's level as a ratio of its RMS to the solo's, medians over the training songs
 * in which the part plays (STEMS order; 0: the part never played), overall and per style.
 */
export interface MixLevels {
  ratios: number[];
  byStyle: Record<string, number[]>;
  /** Constant-power pan of each part, −1 (left) … 1 (right), STEMS order. */
  pans: number[];
}

/** Logit thresholds of the decoder (score-calibration.ts): per drum class, the bass's rest-and-hold bias, per pitched stem the onset threshold. */
export interface DecodeCalibration {
  drums: number[];
  bassRest: number;
  onset: { piano?: number; other?: number };
}

/** Per place in the beat, the offset (grid steps) of the band's notes from the straight grid: overall and per style. */
export interface TimingFeel {
  offsets: number[];
  byStyle: Record<string, number[]>;
}

/** The training songs' style features as heard (standardised by the features' mean and deviation), each with its style: `auto`'s nearest neighbours. */
export interface StyleExamples {
  mean: number[];
  std: number[];
  examples: { style: string; features: number[] }[];
}

/** What `--style` takes besides a style's name: choose the style from the solo. */
export const AUTO_STYLE = 'auto';

export type Normalisation = WaveformNormalisation | SpectralNormalisation | ScoreNormalisation;
export type NormalisationOf<T extends RepresentationType> = Extract<Normalisation, { type: T }>;
