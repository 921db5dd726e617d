/**
 * `remixer train`'s options, written once: the CLI, the server and trainModel all
 * read this table. Settings a preset decides (epochs, sizes, learning rate, …)
 * have no fixed default here: left out, they come from the preset (or, on
 * --resume, from the model being continued).
 */
import { STEMS, DEFAULT_SOURCE_STEM, type Stem } from '../../config.js';
import type { OptionTable } from '../../options.js';
import type { ProgressCallback } from '../../progress.js';
import type { EpochRecord } from '../records.js';
import { ARCHITECTURES, DEFAULT_PRESET, LSTM_IMPLEMENTATIONS, PRESETS, PRESET_NAMES, type Architecture, type LstmImplementation, type PresetName } from '../config.js';
import { REPRESENTATION_TYPES, type RepresentationType } from '../representation/spec.js';

export interface TrainOptions {
  data: string;
  out: string;
  preset?: PresetName;
  architecture?: Architecture;
  representation?: RepresentationType;
  source?: Stem;
  epochs?: number;
  batchSize?: number;
  learningRate?: number;
  lstmUnits?: number;
  featureUnits?: number;
  dropout?: number;
  windowSeconds?: number;
  patience?: number;
  stepsPerEpoch?: number | null;
  seed?: number;
  lstm?: LstmImplementation;
  /** Worker threads for one2four-split; 0 trains the sub-models one after another in this thread. */
  workers?: number;
  resume?: boolean;
  /** Score models: take each song's style family (score.json) as an input when the dataset records them (default true). */
  styles?: boolean;
  /** Score models of a combined dataset: the source whose validation songs fit the decoder's thresholds (default: every validation song). */
  calibrateOn?: string;
  /** Replace an existing model directory. */
  force?: boolean;
  onProgress?: ProgressCallback;
  onEpoch?: (part: string, record: EpochRecord) => void;
}

export type TrainOptionKey = Exclude<keyof TrainOptions, 'onProgress' | 'onEpoch'>;

const byPreset = (pick: (name: PresetName) => string | number) =>
  `the preset's: ${PRESET_NAMES.map((name) => `${name} ${pick(name)}`).join(', ')}`;

export const DEFAULT_SEED = 0;

export const TRAIN_OPTIONS: OptionTable<TrainOptionKey> = [
  { key: 'data', flag: '--data', type: 'string', placeholder: 'dir', required: true, help: 'dataset directory' },
  { key: 'out', flag: '--out', type: 'string', placeholder: 'modeldir', required: true, help: 'model directory to write' },
  { key: 'preset', flag: '--preset', type: 'choice', choices: PRESET_NAMES, default: DEFAULT_PRESET, placeholder: 'name', help: 'settings to start from' },
  { key: 'architecture', flag: '--arch', type: 'choice', choices: ARCHITECTURES, placeholder: 'arch', defaultText: byPreset((n) => PRESETS[n].architecture), help: 'architecture' },
  { key: 'representation', flag: '--repr', type: 'choice', choices: REPRESENTATION_TYPES, placeholder: 'repr', defaultText: byPreset((n) => PRESETS[n].representation), help: 'representation' },
  { key: 'source', flag: '--source', type: 'choice', choices: STEMS, placeholder: 'stem', defaultText: `${DEFAULT_SOURCE_STEM} for a new model; on --resume, the model's own`, help: 'the solo stem the model listens to' },
  { key: 'epochs', flag: '--epochs', type: 'integer', min: 1, max: 100000, placeholder: 'n', defaultText: byPreset((n) => PRESETS[n].training.epochs), help: 'epochs to train (in total, counting resumed ones)' },
  { key: 'batchSize', flag: '--batch-size', type: 'integer', min: 1, max: 4096, placeholder: 'n', defaultText: byPreset((n) => PRESETS[n].training.batchSize), help: 'windows per training step' },
  { key: 'learningRate', flag: '--lr', type: 'number', min: 0, exclusiveMin: true, max: 1, placeholder: 'rate', defaultText: byPreset((n) => PRESETS[n].training.learningRate), help: 'Adam learning rate' },
  { key: 'lstmUnits', flag: '--units', type: 'integer', min: 1, max: 4096, placeholder: 'n', defaultText: byPreset((n) => PRESETS[n].network.lstmUnits), help: 'LSTM units per direction' },
  { key: 'featureUnits', flag: '--feature-units', type: 'integer', min: 1, max: 16384, placeholder: 'n', defaultText: byPreset((n) => PRESETS[n].network.featureUnits), help: 'width of the feature layers' },
  { key: 'dropout', flag: '--dropout', type: 'number', min: 0, max: 1, exclusiveMax: true, placeholder: 'rate', defaultText: byPreset((n) => PRESETS[n].network.dropout), help: 'dropout rate of the feature layers' },
  { key: 'windowSeconds', flag: '--window', type: 'number', min: 0, exclusiveMin: true, max: 30, placeholder: 'seconds', defaultText: byPreset((n) => PRESETS[n].windowSeconds), help: 'training window length' },
  { key: 'patience', flag: '--patience', type: 'integer', min: 1, max: 100000, placeholder: 'n', defaultText: byPreset((n) => PRESETS[n].training.patience), help: 'stop after this many epochs without a better validation loss' },
  { key: 'stepsPerEpoch', flag: '--steps-per-epoch', type: 'integer', min: 1, max: 1e7, placeholder: 'n', defaultText: 'one pass over the train split', help: 'training steps per epoch' },
  { key: 'seed', flag: '--seed', type: 'integer', min: 0, max: 2 ** 31 - 1, default: DEFAULT_SEED, placeholder: 'k', help: 'random seed' },
  { key: 'lstm', flag: '--lstm', type: 'choice', choices: LSTM_IMPLEMENTATIONS, default: 'fused', placeholder: 'impl', help: 'LSTM implementation: fused (fast) or stock (tf.layers.lstm, for comparison)' },
  { key: 'workers', flag: '--workers', type: 'integer', min: 0, max: 64, placeholder: 'n', defaultText: 'the cores, at most 4', help: 'worker threads for one2four-split (0: one after another)' },
  { key: 'styles', flag: '--no-styles', type: 'boolean', default: true, help: "score models: do not take the songs' style families as an input (by default a dataset that records them trains a model that can be asked for a style)" },
  { key: 'calibrateOn', flag: '--calibrate-on', type: 'string', placeholder: 'source', defaultText: 'every validation song', help: "score models of a combined dataset: the source (its folder name) whose validation songs fit the decoder's thresholds, e.g. the songs people wrote" },
  { key: 'resume', flag: '--resume', type: 'boolean', help: 'continue from the last checkpoint in --out' },
  { key: 'force', flag: '--force', type: 'boolean', help: 'replace an existing model in --out' },
];

/** The options the web app's Train form may set: the library's own table, less paths and process settings. */
export const WEB_TRAIN_OPTIONS = TRAIN_OPTIONS.filter((spec) => !['data', 'out', 'resume', 'force', 'workers', 'lstm'].includes(spec.key));

/** The Train form's own fields; every other numeric web option is offered under "Sizes and settings". */
export const WEB_TRAIN_FORM_KEYS: readonly TrainOptionKey[] = ['preset', 'architecture', 'representation', 'source', 'epochs'];
