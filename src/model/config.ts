/**
 * What a trained model is: saved as MODELDIR/remixer.json beside the TensorFlow.js
 * LayersModel files, so that inference needs nothing else. Types, presets and the
 * parts of each architecture (no TensorFlow.js here).
 */
import { STEMS, type Stem } from '../config.js';
import type { Normalisation, RepresentationSpec, RepresentationType } from './representation/spec.js';

export const ARCHITECTURES = ['one2one', 'one2four-combined', 'one2four-split'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];
export const LSTM_IMPLEMENTATIONS = ['fused', 'stock'] as const;
export type LstmImplementation = (typeof LSTM_IMPLEMENTATIONS)[number];

export interface NetworkSettings {
  /** Width of the feature layers (Dense, Dropout, BatchNormalization) before the LSTM. */
  featureUnits: number;
  /** Units of each LSTM direction (the paper: 1). */
  lstmUnits: number;
  dropout: number;
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

export const MODEL_CONFIG_VERSION = 2;

export interface ModelConfig {
  format: 'remixer-model';
  version: typeof MODEL_CONFIG_VERSION;
  preset: string;
  architecture: Architecture;
  /** The representation and its settings (representation/spec.ts). */
  representation: RepresentationSpec;
  sampleRate: number;
  windowSeconds: number;
  /** Timesteps per window, as the representation counts them. */
  timesteps: number;
  sourceStem: Stem;
  stems: Stem[];
  network: NetworkSettings;
  /** Fitted on the training split by the representation; its `type` is the representation's. */
  normalisation: Normalisation;
  training: TrainingSettings;
  /** The training data; `dir` (absolute) lets evaluations build baselines from it. */
  dataset: { name: string; dir?: string; hash: string; trainSongs: number; validationSongs: number };
  parts: ModelPart[];
}

/** Network and batch size; a preset can give other sizes for representations other than its own. */
export interface PresetSizes {
  network: NetworkSettings;
  batchSize: number;
  /** A window length other than the preset's (the score representation counts beats). */
  windowSeconds?: number;
}

export interface Preset {
  description: string;
  representation: RepresentationType;
  architecture: Architecture;
  windowSeconds: number;
  network: NetworkSettings;
  training: Omit<TrainingSettings, 'seed' | 'lstm' | 'workers'>;
  /** Normalise inputs and targets with training-split statistics. */
  normalise: boolean;
  /**
   * Sizes used instead of `network` and `training.batchSize` when this preset is asked
   * for another representation (waveform windows have ~86× more timesteps than
   * spectral ones, so the spectral network would need gigabytes per step).
   */
  sizesFor?: Partial<Record<RepresentationType, PresetSizes>>;
}

export const PRESETS = {
  paper: {
    description: "the paper's settings: waveform samples as timesteps, LSTM units = 1, Adam 1e-4, mean squared error, no normalisation",
    representation: 'waveform',
    architecture: 'one2four-split',
    windowSeconds: 1,
    network: { featureUnits: 16, lstmUnits: 1, dropout: 0.2 },
    training: { epochs: 100, batchSize: 8, learningRate: 1e-4, patience: 10, stepsPerEpoch: null },
    normalise: false,
  },
  spectral: {
    description: 'spectral frames as timesteps, LSTM units = 128, Adam 1e-3, mean squared error on normalised compressed magnitudes',
    representation: 'spectral',
    architecture: 'one2one',
    windowSeconds: 1,
    network: { featureUnits: 256, lstmUnits: 128, dropout: 0.2 },
    training: { epochs: 40, batchSize: 16, learningRate: 1e-3, patience: 6, stepsPerEpoch: null },
    normalise: true,
    // Measured with bench/step.ts at 22050 timesteps, batch 8: ~2.1 s per training step (units 8)
    // against ~0.6 s for the paper's units 1; units 128 would need ~1.5 GB and ~60 s per step.
    sizesFor: { waveform: { network: { featureUnits: 32, lstmUnits: 8, dropout: 0.2 }, batchSize: 8 }, score: { network: { featureUnits: 128, lstmUnits: 96, dropout: 0.2 }, batchSize: 32, windowSeconds: 8 } },
  },
  score: {
    description: "the band's notes on the solo's beat grid: 4-bar windows of sixteenth-note steps, the analysis's feature grid in, note classes out (cross-entropy), all twelve transpositions, played through a SoundFont",
    representation: 'score',
    architecture: 'one2one',
    // 8 s at the reference 120 BPM: 16 beats, 4 bars of sixteenth-note steps (64 timesteps).
    windowSeconds: 8,
    network: { featureUnits: 128, lstmUnits: 96, dropout: 0.2 },
    training: { epochs: 60, batchSize: 32, learningRate: 2e-3, patience: 10, stepsPerEpoch: 40 },
    normalise: true,
    // Asked for an audio representation: the spectral preset's sizes and 1-second windows.
    sizesFor: { spectral: { network: { featureUnits: 256, lstmUnits: 128, dropout: 0.2 }, batchSize: 16, windowSeconds: 1 }, waveform: { network: { featureUnits: 32, lstmUnits: 8, dropout: 0.2 }, batchSize: 8, windowSeconds: 1 } },
  },
} satisfies Record<string, Preset>;

export type PresetName = keyof typeof PRESETS;
export const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
/**
 * The preset a model gets unless told otherwise: the one that measures best on fit to
 * the solo (README, "Three representations"): the score representation.
 */
export const DEFAULT_PRESET: PresetName = 'score';
/** Models trained before the presets were named by representation recorded the spectral one as "default". */
const LEGACY_PRESET_NAMES: Record<string, PresetName> = { default: 'spectral' };

export function presetOf(name: string): Preset {
  return (PRESETS as Record<string, Preset>)[LEGACY_PRESET_NAMES[name] ?? name] ?? PRESETS[DEFAULT_PRESET];
}

/** The network and batch size of `preset` for a representation. */
export function presetSizes(preset: Preset, representation: RepresentationType): PresetSizes {
  return preset.sizesFor?.[representation] ?? { network: preset.network, batchSize: preset.training.batchSize };
}

/** The parts (sub-models) of an architecture. */
export function partsOf(architecture: Architecture): ModelPart[] {
  if (architecture === 'one2four-split') return STEMS.map((stem) => ({ name: stem, dir: stem, stems: [stem] }));
  return [{ name: 'all', dir: '.', stems: [...STEMS] }];
}
