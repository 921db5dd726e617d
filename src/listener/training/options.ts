/** `remixer train-listener`'s options, written once: the CLI and trainListener read this table. */
import type { OptionTable } from '../../options.js';
import type { ProgressCallback } from '../../progress.js';

export interface TrainListenerOptions {
  /** Datasets with scores (dataset mma, synthetic sets, MIDI imports); the listener learns their train splits and is measured on their validation splits. */
  data: string[];
  out: string;
  seed?: number;
  beatEpochs?: number;
  chordEpochs?: number;
  stepsPerEpoch?: number;
  batchSize?: number;
  learningRate?: number;
  patience?: number;
  beatUnits?: number;
  beatLayers?: number;
  chordUnits?: number;
  chordLayers?: number;
  beatCropSeconds?: number;
  chordCropBeats?: number;
  validationBatches?: number;
  workers?: number;
  force?: boolean;
  onProgress?: ProgressCallback;
}

export type TrainListenerKey = Exclude<keyof TrainListenerOptions, 'onProgress'>;

/** The settings the shipped listener was trained with. */
export const LISTENER_TRAIN_DEFAULTS = {
  seed: 1,
  beatEpochs: 12,
  chordEpochs: 20,
  stepsPerEpoch: 120,
  batchSize: 16,
  learningRate: 2e-3,
  patience: 3,
  beatUnits: 25,
  beatLayers: 3,
  chordUnits: 48,
  chordLayers: 2,
  beatCropSeconds: 8,
  chordCropBeats: 32,
  validationBatches: 6,
} as const;

const D = LISTENER_TRAIN_DEFAULTS;

export const TRAIN_LISTENER_OPTIONS: OptionTable<TrainListenerKey> = [
  { key: 'data', flag: '--data', type: 'list', minItems: 1, placeholder: 'dir', required: true, help: 'a dataset with scores to learn from (dataset mma --solos mixed --augment; repeat for more)' },
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', required: true, help: 'the listener model folder to write' },
  { key: 'seed', flag: '--seed', type: 'integer', min: 0, max: 2 ** 31 - 1, default: D.seed, placeholder: 'k', help: 'random seed (initial weights, batches): the same seed and data give the same weights' },
  { key: 'beatEpochs', flag: '--beat-epochs', type: 'integer', min: 1, max: 1000, default: D.beatEpochs, placeholder: 'n', help: 'epochs of the beat network at most' },
  { key: 'chordEpochs', flag: '--chord-epochs', type: 'integer', min: 1, max: 1000, default: D.chordEpochs, placeholder: 'n', help: 'epochs of the chord network at most' },
  { key: 'stepsPerEpoch', flag: '--steps-per-epoch', type: 'integer', min: 1, max: 100000, default: D.stepsPerEpoch, placeholder: 'n', help: 'training steps per epoch' },
  { key: 'batchSize', flag: '--batch-size', type: 'integer', min: 1, max: 256, default: D.batchSize, placeholder: 'n', help: 'crops per step' },
  { key: 'learningRate', flag: '--lr', type: 'number', min: 0, exclusiveMin: true, max: 1, default: D.learningRate, placeholder: 'rate', help: 'Adam learning rate' },
  { key: 'patience', flag: '--patience', type: 'integer', min: 1, max: 1000, default: D.patience, placeholder: 'n', help: 'stop a network after this many epochs without a better validation loss' },
  { key: 'beatUnits', flag: '--beat-units', type: 'integer', min: 1, max: 256, default: D.beatUnits, placeholder: 'n', help: 'LSTM units per direction of the beat network' },
  { key: 'beatLayers', flag: '--beat-layers', type: 'integer', min: 1, max: 8, default: D.beatLayers, placeholder: 'n', help: 'bidirectional LSTM layers of the beat network' },
  { key: 'chordUnits', flag: '--chord-units', type: 'integer', min: 1, max: 256, default: D.chordUnits, placeholder: 'n', help: 'LSTM units per direction of the chord network' },
  { key: 'chordLayers', flag: '--chord-layers', type: 'integer', min: 1, max: 8, default: D.chordLayers, placeholder: 'n', help: 'bidirectional LSTM layers of the chord network' },
  { key: 'beatCropSeconds', flag: '--beat-crop', type: 'number', min: 1, max: 60, default: D.beatCropSeconds, placeholder: 's', help: 'seconds of audio per beat-network training crop' },
  { key: 'chordCropBeats', flag: '--chord-crop', type: 'integer', min: 4, max: 512, default: D.chordCropBeats, placeholder: 'beats', help: 'beats per chord-network training crop' },
  { key: 'validationBatches', flag: '--validation-batches', type: 'integer', min: 1, max: 1000, default: D.validationBatches, placeholder: 'n', help: 'fixed validation batches per network' },
  { key: 'workers', flag: '--workers', type: 'integer', min: 1, max: 64, placeholder: 'n', defaultText: 'the cores, at most 4', help: 'worker threads computing the features' },
  { key: 'force', flag: '--force', type: 'boolean', help: 'replace an existing listener at --out' },
];
