/**
 * What a trained model is: saved as MODELDIR/remixer.json beside the TensorFlow.js
 * LayersModel files, so that inference needs nothing else.
 */
import { STEMS, type Stem } from '../config.js';
import type { Normalisation } from './normalisation.js';

export const ARCHITECTURES = ['one2one', 'one2four-combined', 'one2four-split'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];
export const REPRESENTATIONS = ['waveform', 'spectral'] as const;
export type Representation = (typeof REPRESENTATIONS)[number];
export type LstmImplementation = 'fused' | 'stock';

export interface NetworkSettings {
  /** Width of the feature layers (Dense, Dropout, BatchNormalization) before the LSTM. */
  featureUnits: number;
  /** Units of each LSTM direction (the paper: 1). */
  lstmUnits: number;
  dropout: number;
}

export interface SpectralSettings {
  nFft: number;
  hop: number;
  /** Magnitude compression exponent: the model sees |X|^power. */
  power: number;
  /** Griffin-Lim iterations per block when turning magnitudes back into audio. */
  phaseIterations: number;
}

export interface TrainingSettings {
  epochs: number;
  batchSize: number;
  learningRate: number;
  /** Stop after this many epochs without a better validation loss. */
  patience: number;
  /** Training steps per epoch; null = one pass's worth of windows over the train split. */
  stepsPerEpoch: number | null;
  seed: number;
  lstm: LstmImplementation;
  /** Worker threads for one2four-split (the paper trained four notebooks in parallel). */
  workers: number;
}

export interface ModelPart {
  /** "all" for one2one and one2four-combined, the stem's name for each split sub-model. */
  name: string;
  /** Folder relative to the model directory ("." for single-part models). */
  dir: string;
  stems: Stem[];
}

export interface ModelConfig {
  format: 'remixer-model';
  version: 1;
  preset: string;
  architecture: Architecture;
  representation: Representation;
  sampleRate: number;
  windowSeconds: number;
  /** Timesteps per window: samples (waveform) or STFT frames (spectral). */
  timesteps: number;
  sourceStem: Stem;
  stems: Stem[];
  network: NetworkSettings;
  spectral: SpectralSettings | null;
  normalisation: Normalisation;
  training: TrainingSettings;
  dataset: { name: string; hash: string; trainSongs: number; validationSongs: number };
  parts: ModelPart[];
}

export interface Preset {
  description: string;
  representation: Representation;
  architecture: Architecture;
  windowSeconds: number;
  network: NetworkSettings;
  spectral: SpectralSettings;
  training: Omit<TrainingSettings, 'seed' | 'lstm' | 'workers'>;
  /** Normalise inputs and targets with training-split statistics. */
  normalise: boolean;
  /**
   * Sizes used instead of `network` and `training.batchSize` when this preset is asked
   * for the other representation (waveform windows have ~86× more timesteps than
   * spectral ones, so the spectral network would need gigabytes per step).
   */
  waveform?: { network: NetworkSettings; batchSize: number };
}

const SPECTRAL: SpectralSettings = { nFft: 1024, hop: 256, power: 0.3, phaseIterations: 16 };

export const PRESETS: Record<'paper' | 'default', Preset> = {
  paper: {
    description: "the paper's settings: waveform samples as timesteps, LSTM units = 1, Adam 1e-4, mean squared error, no normalisation",
    representation: 'waveform',
    architecture: 'one2four-split',
    windowSeconds: 1,
    network: { featureUnits: 16, lstmUnits: 1, dropout: 0.2 },
    spectral: SPECTRAL,
    training: { epochs: 100, batchSize: 8, learningRate: 1e-4, patience: 10, stepsPerEpoch: null },
    normalise: false,
  },
  default: {
    description: 'spectral frames as timesteps, LSTM units = 128, Adam 1e-3, mean squared error on normalised compressed magnitudes',
    representation: 'spectral',
    architecture: 'one2one',
    windowSeconds: 1,
    network: { featureUnits: 256, lstmUnits: 128, dropout: 0.2 },
    spectral: SPECTRAL,
    training: { epochs: 40, batchSize: 16, learningRate: 1e-3, patience: 6, stepsPerEpoch: null },
    normalise: true,
    // Measured with bench/step.ts at 22050 timesteps, batch 8: ~2.1 s per training step (units 8)
    // against ~0.6 s for the paper's units 1; units 128 would need ~1.5 GB and ~60 s per step.
    waveform: { network: { featureUnits: 32, lstmUnits: 8, dropout: 0.2 }, batchSize: 8 },
  },
};

export type PresetName = keyof typeof PRESETS;

/** The network and batch size of `preset` for `representation`. */
export function presetSizes(preset: Preset, representation: Representation): { network: NetworkSettings; batchSize: number } {
  if (representation === 'waveform' && preset.representation !== 'waveform' && preset.waveform) return preset.waveform;
  return { network: preset.network, batchSize: preset.training.batchSize };
}

/** The parts (sub-models) of an architecture. */
export function partsOf(architecture: Architecture): ModelPart[] {
  if (architecture === 'one2four-split') return STEMS.map((stem) => ({ name: stem, dir: stem, stems: [stem] }));
  return [{ name: 'all', dir: '.', stems: [...STEMS] }];
}

/** Timesteps of a window: samples for waveform models, STFT frames for spectral ones. */
export function windowTimesteps(representation: Representation, sampleRate: number, windowSeconds: number, hop: number): number {
  const samples = Math.round(sampleRate * windowSeconds);
  return representation === 'waveform' ? samples : Math.round(samples / hop);
}
