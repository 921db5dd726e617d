/**
 * `remixer train`: trains a model on a dataset, resumably (file layout: saved/names.ts).
 * Options and their checks: options.ts. One part per sub-model (part-trainer.ts);
 * split sub-models train in worker threads, reporting over the worker protocol.
 */
import { bandFacts, withCalibration, withStyles } from '../representation/band-facts.js';
import { promises as fs } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { DEFAULT_SOURCE_STEM, STEMS } from '../../config.js';
import { RemixerError } from '../../errors.js';
import { checkOptions } from '../../options.js';
import { trainingTotals, type PartProgress } from '../../progress.js';
import { startWorker } from '../../workers/start.js';
import { awaitWorker } from '../../workers/protocol.js';
import { openDataset, type Dataset } from '../../dataset/loader.js';
import { DEFAULT_PRESET, MODEL_CONFIG_VERSION, PRESETS, partsOf, presetOf, presetSizes, type ModelConfig } from '../config.js';
import type { PartResult } from '../records.js';
import { createRepresentation, DEFAULT_REPRESENTATION_SPECS } from '../representation/index.js';
import { readModelFile, writeModelFile, type ModelFile } from '../saved/model-dir.js';
import { CHECKPOINT_POINTER, MODEL_FOLDER, MODEL_FORMAT } from '../saved/names.js';
import { checkOutFolder } from '../../io/out-folder.js';
import { checkOutputsSpareInputs } from '../../io/inputs-outputs.js';
import { TRAINING_MEMORY_LIMIT, trainingStepBytes } from '../network/memory.js';
import { formatMegabytes } from '../../io/write-error.js';
import type { Representation } from '../representation/representation.js';
import { trainPart, type PartJob } from './part-trainer.js';
import { prepareTrainingData } from './training-data.js';
import { calibrateModel } from './calibrate.js';
import { DEFAULT_SEED, TRAIN_OPTIONS, type TrainOptions } from './options.js';

export type { TrainOptions } from './options.js';

export interface TrainResult {
  modelDir: string;
  config: ModelConfig;
  parts: PartResult[];
}

/** The configuration a fresh run would use (normalisation filled in from the data later). */
async function newConfig(options: TrainOptions, dataset: Dataset): Promise<ModelConfig> {
  const presetName = options.preset ?? DEFAULT_PRESET;
  const preset = PRESETS[presetName];
  const type = options.representation ?? preset.representation;
  const spec = DEFAULT_REPRESENTATION_SPECS[type];
  const styles = bandFacts(spec).takesStyles && options.styles !== false ? await trainingStyles(dataset, options.data) : [];
  const representation = createRepresentation(withStyles(spec, styles));
  const architecture = options.architecture ?? preset.architecture;
  const sizes = presetSizes(preset, type);
  const windowSeconds = options.windowSeconds ?? sizes.windowSeconds ?? preset.windowSeconds;
  const timesteps = representation.windowTimesteps(dataset.sampleRate, windowSeconds);
  if (timesteps < 2) throw new RemixerError(`--window ${windowSeconds} s is too short: it gives ${timesteps} timestep(s)`);
  return {
    format: MODEL_FORMAT,
    version: MODEL_CONFIG_VERSION,
    preset: presetName,
    architecture,
    representation: representation.spec,
    sampleRate: dataset.sampleRate,
    windowSeconds,
    timesteps,
    sourceStem: options.source ?? DEFAULT_SOURCE_STEM,
    stems: [...STEMS],
    network: {
      featureUnits: options.featureUnits ?? sizes.network.featureUnits,
      lstmUnits: options.lstmUnits ?? sizes.network.lstmUnits,
      dropout: options.dropout ?? sizes.network.dropout,
    },
    normalisation: representation.fitNormalisation([], false),
    training: {
      epochs: options.epochs ?? preset.training.epochs,
      batchSize: options.batchSize ?? sizes.batchSize,
      learningRate: options.learningRate ?? preset.training.learningRate,
      patience: options.patience ?? preset.training.patience,
      stepsPerEpoch: options.stepsPerEpoch === undefined ? preset.training.stepsPerEpoch : options.stepsPerEpoch,
      seed: options.seed ?? DEFAULT_SEED,
      lstm: options.lstm ?? 'fused',
      workers: options.workers ?? Math.min(4, availableParallelism()),
    },
    dataset: {
      name: basename(resolve(dataset.dir)),
      dir: resolve(dataset.dir),
      hash: dataset.hash,
      trainSongs: dataset.songs('train').length,
      validationSongs: dataset.songs('validation').length,
    },
    parts: partsOf(architecture),
  };
}

/**
 * The style families of the train split's songs (their scores' `style.family`), sorted:
 * the style input of a score model. None when no song records one; one clear line when
 * some training songs do and others do not (a style model needs every song's) — except in a
 * combined dataset, whose songs without a style train the model's no-style mode.
 */
export async function trainingStyles(dataset: Dataset, name: string): Promise<string[]> {
  const families = new Map<string, string | null>();
  for (const entry of dataset.songs('train')) families.set(entry.id, (await dataset.loadScore(entry))?.style?.family ?? null);
  const styled = [...families.values()].filter((f): f is string => f !== null);
  if (styled.length === 0) return [];
  const without = [...families.entries()].find(([, f]) => f === null);
  // A combined dataset mixes corpora with styles and without (songs people wrote carry none):
  // those train the model's no-style mode, as the windows whose style is hidden do.
  if (without && dataset.manifest.origin.kind !== 'combined') throw new RemixerError(`${name}: song ${without[0]} of the train split records no style while ${styled.length} others do; a model with styles needs every training song's (score.json style.family), or train with --no-styles`);
  return [...new Set(styled)].sort();
}

/** Checks that a resumed run asks for the same model on the same data; options left out take the model's own. */
function checkResumable(existing: ModelFile, options: TrainOptions, dataset: Dataset, out: string): void {
  const mismatch = (what: string, was: unknown, now: unknown) =>
    new RemixerError(`${out}: cannot resume: the model was trained with ${what} ${String(was)}, not ${String(now)} (use --force to start over)`, { kind: 'conflict' });
  if (options.architecture && existing.architecture !== options.architecture) throw mismatch('--arch', existing.architecture, options.architecture);
  if (options.representation && existing.representation.type !== options.representation) throw mismatch('--repr', existing.representation.type, options.representation);
  if (options.source && existing.sourceStem !== options.source) throw mismatch('--source', existing.sourceStem, options.source);
  if (existing.dataset.hash !== dataset.hash) throw mismatch('a dataset with manifest hash', existing.dataset.hash.slice(0, 12), dataset.hash.slice(0, 12));
}

async function prepareOutput(options: TrainOptions): Promise<ModelFile | null> {
  const entries = await fs.readdir(options.out).catch(() => null);
  if (entries === null || entries.length === 0) return null;
  const existing = await readModelFile(options.out).catch(() => null);
  if (options.force) {
    await checkOutFolder(options.out, { force: true, kind: MODEL_FOLDER, inputs: [{ path: options.data, what: 'the dataset', whole: true }] });
    await fs.rm(options.out, { recursive: true, force: true });
    return null;
  }
  if (!existing) throw new RemixerError(`${options.out}: exists and is not a Remixer model directory`);
  if (!options.resume) throw new RemixerError(`${options.out}: a model is already there (use --resume to continue it or --force to start over)`, { kind: 'conflict' });
  return existing;
}

async function hasCheckpoint(out: string, config: ModelConfig): Promise<boolean> {
  for (const part of config.parts) if (await fs.stat(join(out, part.dir, CHECKPOINT_POINTER)).then(() => true, () => false)) return true;
  return false;
}

/** Trains split sub-models in worker threads, `limit` at a time; progress is the sum of every part's steps. */
async function trainInWorkers(jobs: PartJob[], limit: number, options: TrainOptions): Promise<PartResult[]> {
  const results: PartResult[] = new Array(jobs.length);
  const parts = new Map<string, PartProgress>();
  const report = () => {
    const list = jobs.map((job) => parts.get(job.part.name)).filter((p): p is PartProgress => p !== undefined);
    const { done, total } = trainingTotals(list);
    const values: Record<string, number> = {};
    for (const p of list) if (p.loss !== null) values[p.part] = p.loss;
    options.onProgress?.({ phase: `training ${jobs.length} sub-models, ${Math.min(limit, jobs.length)} at a time (steps)`, done, total, values, training: { parts: list } });
  };
  let next = 0;
  const runOne = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index]!;
      const worker = startWorker(import.meta.url, './train-worker', job);
      results[index] = await awaitWorker<PartResult>(
        worker,
        {
          onProgress: (progress) => {
            const part = progress.training?.parts[0];
            if (part) parts.set(job.part.name, part);
            report();
          },
          onEpoch: (part, record) => options.onEpoch?.(part, record),
        },
        `${job.part.name} sub-model`,
      );
      const last = parts.get(job.part.name);
      if (last) parts.set(job.part.name, { ...last, epoch: last.epochs, step: last.steps });
      report();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, runOne));
  return results;
}

/** Sizes whose training step cannot fit in memory are refused, with the estimate, before any work. */
export function checkTrainingMemory(config: ModelConfig, representation: Representation): void {
  const bytes = Math.max(...config.parts.map((part) => trainingStepBytes({
    architecture: config.architecture,
    timesteps: config.timesteps,
    inputDim: representation.inputDim,
    outputDim: representation.outputDim,
    stems: part.stems.length,
    featureUnits: config.network.featureUnits,
    lstmUnits: config.network.lstmUnits,
    batchSize: config.training.batchSize,
  })));
  if (bytes <= TRAINING_MEMORY_LIMIT) return;
  const n = config.network;
  throw new RemixerError(
    `these sizes need about ${formatMegabytes(bytes)} per training step, more than the ${formatMegabytes(TRAINING_MEMORY_LIMIT)} training can use ` +
      `(--units ${n.lstmUnits}, --feature-units ${n.featureUnits}, --batch-size ${config.training.batchSize}, --window ${config.windowSeconds} s = ${config.timesteps} timesteps): make them smaller`,
  );
}

/** The validation songs the decoder is calibrated on: all, or those of one source of a combined dataset (its ids start with the source's name). */
function calibrationSongs<T extends { id: string }>(validation: readonly T[], dataset: Dataset, source: string | undefined): readonly T[] {
  if (source === undefined) return validation;
  const origin = dataset.manifest.origin;
  const names = origin.kind === 'combined' ? origin.sources.map((s) => s.name) : [];
  if (!names.includes(source)) throw new RemixerError(`--calibrate-on ${source}: ${origin.kind === 'combined' ? `no source of that name (sources: ${names.join(', ')})` : 'only a combined dataset has sources to choose from'}`);
  const chosen = validation.filter((song) => song.id.startsWith(`${source}-`));
  if (chosen.length === 0) throw new RemixerError(`--calibrate-on ${source}: that source has no validation songs`);
  return chosen;
}

/** Every split needs a song at least one window long; a one-line error with the fix otherwise. */
function checkWindowFits(config: ModelConfig, data: { train: { frames: number }[]; validation: { frames: number }[] }, dataDir: string): void {
  for (const [split, tracks] of [['train', data.train], ['validation', data.validation]] as const) {
    const longest = Math.max(0, ...tracks.map((t) => t.frames));
    if (longest >= config.timesteps) continue;
    const window = bandFacts(config.representation).onBeatGrid ? `${config.timesteps} grid steps (--window ${config.windowSeconds}: ${config.windowSeconds * 2} beats, ${config.windowSeconds} s at 120 BPM, longer at slower tempos)` : `${config.timesteps} frames (--window ${config.windowSeconds} s)`;
    throw new RemixerError(
      `${dataDir}: no ${split} song is as long as one training window: the window is ${window} and the longest ${split} song gives ${longest}: ` +
        'make a dataset with longer clips (dataset --seconds) or train with a shorter --window',
    );
  }
}

/** The model a fresh run of `options` would train, checked (options, memory) without writing anything. */
export async function planTraining(options: TrainOptions): Promise<ModelConfig> {
  checkOptions(TRAIN_OPTIONS, options);
  const config = await newConfig(options, await openDataset(options.data));
  checkTrainingMemory(config, createRepresentation(config.representation));
  return config;
}

export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  checkOptions(TRAIN_OPTIONS, options);
  await checkOutputsSpareInputs([{ path: options.data, what: 'the dataset', whole: true }], [{ path: options.out, what: '--out', whole: true }]);
  const dataset = await openDataset(options.data);
  if (dataset.songs('train').length === 0) throw new RemixerError(`${options.data}: the dataset has no songs in its train split`);
  if (dataset.songs('validation').length === 0) throw new RemixerError(`${options.data}: the dataset has no songs in its validation split`);
  calibrationSongs(dataset.songs('validation'), dataset, options.calibrateOn);
  const existing = await prepareOutput(options);
  if (existing) checkResumable(existing, options, dataset, options.out);
  const config: ModelConfig = existing
    ? { ...existing, training: { ...existing.training, epochs: options.epochs ?? existing.training.epochs, workers: options.workers ?? existing.training.workers } }
    : await newConfig(options, dataset);
  delete (config as Partial<ModelFile>).summary;
  const representation = createRepresentation(config.representation);
  checkTrainingMemory(config, representation);

  const data = await prepareTrainingData(dataset, config, representation, presetOf(config.preset).normalise, existing?.normalisation ?? null, options.onProgress, (raw) => checkWindowFits(config, raw, options.data));
  config.normalisation = data.normalisation;
  const outExisted = await fs.stat(options.out).then(() => true, () => false);
  await fs.mkdir(options.out, { recursive: true });
  await writeModelFile(options.out, { ...config, summary: { status: 'training', parts: existing?.summary.parts ?? [] } });

  const jobs: PartJob[] = config.parts.map((part) => ({ modelDir: options.out, config, part, train: data.train, validation: data.validation, resume: existing !== null }));
  let results: PartResult[];
  try {
    if (jobs.length > 1 && config.training.workers > 0) {
      results = await trainInWorkers(jobs, config.training.workers, options);
    } else {
      results = [];
      for (const job of jobs) {
        results.push(await trainPart(job, options.onProgress, (record) => options.onEpoch?.(job.part.name, record)));
      }
    }
  } catch (error) {
    // A fresh run that fails before its first checkpoint leaves nothing to resume: leave no model folder either.
    if (!existing && !(await hasCheckpoint(options.out, config))) {
      if (outExisted) for (const name of await fs.readdir(options.out)) await fs.rm(join(options.out, name), { recursive: true, force: true });
      else await fs.rm(options.out, { recursive: true, force: true });
    }
    throw error;
  }
  await writeModelFile(options.out, {
    ...config,
    summary: { status: 'trained', parts: results.map(({ history: _history, ...rest }) => rest) },
  });
  // Score models: the decoder's thresholds, fitted on the validation songs.
  options.onProgress?.({ phase: 'calibrating the decoder on the validation songs', done: 0, total: 1 });
  const calibration = await calibrateModel(options.out, calibrationSongs(data.validation, dataset, options.calibrateOn));
  config.normalisation = withCalibration(config.normalisation, calibration);
  return { modelDir: options.out, config, parts: results };
}
