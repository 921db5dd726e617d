/**
 * `remixer train`: trains a model on a dataset, resumably.
 *
 *   MODELDIR/remixer.json              architecture, representation, rates, window,
 *                                      normalisation, source stem, dataset hash, results
 *   MODELDIR/[<stem>/]model.json + weights-*.bin   best weights (per part)
 *   MODELDIR/[<stem>/]checkpoints/, checkpoint.json latest resumable state
 *   MODELDIR/[<stem>/]history.json, loss.svg        loss history and curves
 */
import { promises as fs } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { DEFAULT_SOURCE_STEM, STEMS, type Stem } from '../config.js';
import { RemixerError } from '../errors.js';
import { startWorker } from '../worker-thread.js';
import { openDataset } from '../dataset/loader.js';
import type { ProgressCallback } from '../progress.js';
import { PRESETS, partsOf, presetSizes, windowTimesteps, type Architecture, type LstmImplementation, type ModelConfig, type PresetName, type Representation } from './config.js';
import { readModelFile, writeModelFile, REMIXER_JSON, type ModelFile } from './model-dir.js';
import { CHECKPOINT_POINTER } from './model-files.js';
import { trainPart, type EpochRecord, type PartJob, type PartResult } from './part-trainer.js';
import { prepareTrainingData } from './training-data.js';

export interface TrainOptions {
  data: string;
  out: string;
  preset?: PresetName;
  architecture?: Architecture;
  representation?: Representation;
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
  /** Replace an existing model directory. */
  force?: boolean;
  onProgress?: ProgressCallback;
  onEpoch?: (part: string, record: EpochRecord) => void;
}

export interface TrainResult {
  modelDir: string;
  config: ModelConfig;
  parts: PartResult[];
}

function positive(name: string, value: number | undefined, integer = true): void {
  if (value === undefined) return;
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new RemixerError(`${name} must be a positive ${integer ? 'integer' : 'number'} (got ${value})`);
  }
}

function validate(options: TrainOptions): void {
  positive('--epochs', options.epochs);
  positive('--batch-size', options.batchSize);
  positive('--learning-rate', options.learningRate, false);
  positive('--units', options.lstmUnits);
  positive('--feature-units', options.featureUnits);
  positive('--window', options.windowSeconds, false);
  positive('--patience', options.patience);
  if (options.stepsPerEpoch !== null) positive('--steps-per-epoch', options.stepsPerEpoch);
  if (options.dropout !== undefined && !(options.dropout >= 0 && options.dropout < 1)) throw new RemixerError(`--dropout must be in [0, 1) (got ${options.dropout})`);
}

/** The configuration a fresh run would use (normalisation filled in later). */
function newConfig(options: TrainOptions, dataset: Awaited<ReturnType<typeof openDataset>>): ModelConfig {
  const presetName = options.preset ?? 'default';
  const preset = PRESETS[presetName];
  if (!preset) throw new RemixerError(`unknown preset "${presetName}" (expected ${Object.keys(PRESETS).join(', ')})`);
  const representation = options.representation ?? preset.representation;
  const architecture = options.architecture ?? preset.architecture;
  const windowSeconds = options.windowSeconds ?? preset.windowSeconds;
  const spectral = representation === 'spectral' ? { ...preset.spectral } : null;
  const timesteps = windowTimesteps(representation, dataset.sampleRate, windowSeconds, preset.spectral.hop);
  const sizes = presetSizes(preset, representation);
  if (timesteps < 2) throw new RemixerError(`--window ${windowSeconds} s is too short: it gives ${timesteps} timestep(s)`);
  return {
    format: 'remixer-model',
    version: 1,
    preset: presetName,
    architecture,
    representation,
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
    spectral,
    normalisation: { kind: 'waveform', inputScale: 1, outputScale: [] },
    training: {
      epochs: options.epochs ?? preset.training.epochs,
      batchSize: options.batchSize ?? sizes.batchSize,
      learningRate: options.learningRate ?? preset.training.learningRate,
      patience: options.patience ?? preset.training.patience,
      stepsPerEpoch: options.stepsPerEpoch === undefined ? preset.training.stepsPerEpoch : options.stepsPerEpoch,
      seed: options.seed ?? 0,
      lstm: options.lstm ?? 'fused',
      workers: options.workers ?? Math.min(4, availableParallelism()),
    },
    dataset: {
      name: basename(resolve(dataset.dir)),
      hash: dataset.hash,
      trainSongs: dataset.songs('train').length,
      validationSongs: dataset.songs('validation').length,
    },
    parts: partsOf(architecture),
  };
}

/** Checks that a resumed run asks for the same model on the same data. */
function checkResumable(existing: ModelFile, fresh: ModelConfig, options: TrainOptions, out: string): void {
  const mismatch = (what: string, was: unknown, now: unknown) =>
    new RemixerError(`${out}: cannot resume: the model was trained with ${what} ${String(was)}, not ${String(now)} (use --force to start over)`);
  if (options.architecture && existing.architecture !== fresh.architecture) throw mismatch('--arch', existing.architecture, fresh.architecture);
  if (options.representation && existing.representation !== fresh.representation) throw mismatch('--repr', existing.representation, fresh.representation);
  if (options.source && existing.sourceStem !== fresh.sourceStem) throw mismatch('--source', existing.sourceStem, fresh.sourceStem);
  if (existing.dataset.hash !== fresh.dataset.hash) throw mismatch('a dataset with manifest hash', existing.dataset.hash.slice(0, 12), fresh.dataset.hash.slice(0, 12));
}

async function prepareOutput(options: TrainOptions): Promise<ModelFile | null> {
  const entries = await fs.readdir(options.out).catch(() => null);
  if (entries === null || entries.length === 0) return null;
  const existing = await readModelFile(options.out).catch(() => null);
  if (options.force) {
    if (!existing) throw new RemixerError(`${options.out}: exists but is not a Remixer model directory; refusing to replace it`);
    await fs.rm(options.out, { recursive: true, force: true });
    return null;
  }
  if (!existing) throw new RemixerError(`${options.out}: exists and is not a Remixer model directory`);
  if (!options.resume) throw new RemixerError(`${options.out}: a model is already there (use --resume to continue it or --force to start over)`);
  return existing;
}

async function hasCheckpoint(out: string, config: ModelConfig): Promise<boolean> {
  for (const part of config.parts) if (await fs.stat(join(out, part.dir, CHECKPOINT_POINTER)).then(() => true, () => false)) return true;
  return false;
}

/** Trains split sub-models in worker threads, `limit` at a time. */
async function trainInWorkers(jobs: PartJob[], limit: number, options: TrainOptions): Promise<PartResult[]> {
  const results: PartResult[] = new Array(jobs.length);
  const progress = new Map<string, { done: number; total: number; loss?: number }>();
  const stepsPer = (job: PartJob) => job.config.training.epochs;
  const report = () => {
    let done = 0;
    let total = 0;
    const values: Record<string, number> = {};
    for (const job of jobs) {
      const p = progress.get(job.part.name);
      total += stepsPer(job);
      done += p ? p.done : 0;
      if (p?.loss !== undefined) values[job.part.name] = p.loss;
    }
    options.onProgress?.({ phase: `training ${jobs.length} sub-models in parallel (epochs)`, done, total, values });
  };
  let next = 0;
  const runOne = async (): Promise<void> => {
    while (next < jobs.length) {
      const index = next++;
      const job = jobs[index]!;
      results[index] = await new Promise<PartResult>((resolvePart, reject) => {
        const worker = startWorker(import.meta.url, './train-worker', job);
        let settled = false;
        worker.on('message', (message: { type: string; progress?: { phase: string; done: number; total: number; values?: Record<string, number> }; record?: EpochRecord; result?: PartResult; message?: string; isUserError?: boolean }) => {
          if (message.type === 'progress' && message.progress) {
            const epoch = Number(/epoch (\d+)/.exec(message.progress.phase)?.[1] ?? 1);
            const fraction = message.progress.total ? message.progress.done / message.progress.total : 0;
            const loss = message.progress.values?.['loss'];
            progress.set(job.part.name, { done: epoch - 1 + fraction, total: stepsPer(job), ...(typeof loss === 'number' ? { loss } : {}) });
            report();
          } else if (message.type === 'epoch' && message.record) {
            options.onEpoch?.(job.part.name, message.record);
          } else if (message.type === 'done' && message.result) {
            settled = true;
            progress.set(job.part.name, { done: stepsPer(job), total: stepsPer(job) });
            report();
            resolvePart(message.result);
          } else if (message.type === 'error') {
            settled = true;
            reject(message.isUserError ? new RemixerError(message.message ?? 'worker failed') : new Error(`${job.part.name} sub-model: ${message.message}`));
          }
        });
        worker.on('error', (error) => {
          settled = true;
          reject(error);
        });
        worker.on('exit', (code) => {
          if (!settled) reject(new Error(`${job.part.name} sub-model worker exited with code ${code}`));
        });
      });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, jobs.length)) }, runOne));
  return results;
}

export async function trainModel(options: TrainOptions): Promise<TrainResult> {
  validate(options);
  const dataset = await openDataset(options.data);
  if (dataset.songs('train').length === 0) throw new RemixerError(`${options.data}: the dataset has no songs in its train split`);
  if (dataset.songs('validation').length === 0) throw new RemixerError(`${options.data}: the dataset has no songs in its validation split`);
  const fresh = newConfig(options, dataset);
  const existing = await prepareOutput(options);
  if (existing) checkResumable(existing, fresh, options, options.out);
  const config: ModelConfig = existing
    ? { ...existing, training: { ...existing.training, epochs: options.epochs ?? existing.training.epochs, workers: options.workers ?? existing.training.workers } }
    : fresh;
  delete (config as Partial<ModelFile>).summary;

  const data = await prepareTrainingData(dataset, config, PRESETS[config.preset as PresetName]?.normalise ?? true, existing?.normalisation ?? null, options.onProgress);
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
  return { modelDir: options.out, config, parts: results };
}

export { REMIXER_JSON };
