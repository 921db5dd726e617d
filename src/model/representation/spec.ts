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
}

export type RepresentationSpec = WaveformSpec | SpectralSpec | ScoreSpec;
export type RepresentationType = RepresentationSpec['type'];
export type SpecOf<T extends RepresentationType> = Extract<RepresentationSpec, { type: T }>;

/** Every representation with its default settings; the keys are the names `--repr` takes. */
export const DEFAULT_REPRESENTATION_SPECS: { readonly [T in RepresentationType]: SpecOf<T> } = {
  waveform: { type: 'waveform' },
  spectral: { type: 'spectral', nFft: 1024, hop: 256, power: 0.3, phaseIterations: 16 },
  score: { type: 'score', subdivision: 4, transpose: true },
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
  /** Mean RMS of each stem's audio in the training songs (STEMS order): the levels the band is rendered at. */
  stemLevels: number[];
  /** The most common General MIDI program (0-based) of each pitched part in the training songs: the band's instruments. */
  stemPrograms?: Partial<Record<'bass' | 'piano' | 'other', number>>;
}

export type Normalisation = WaveformNormalisation | SpectralNormalisation | ScoreNormalisation;
export type NormalisationOf<T extends RepresentationType> = Extract<Normalisation, { type: T }>;
