/**
 * Training of one model part (the whole model, or one split sub-model):
 * random windows from the train split, Adam on the representation's loss, validation
 * every epoch, best weights kept apart from the latest, early stopping, and a
 * resumable checkpoint after every epoch. Runs in the main thread or a worker.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { tf, initTf } from '../tf.js';
import { RemixerError } from '../../errors.js';
import { Random, type RandomState } from '../../random.js';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic.js';
import type { PartProgress, ProgressCallback } from '../../progress.js';
import type { ModelConfig, ModelPart } from '../config.js';
import type { EpochRecord, PartResult } from '../records.js';
import { buildNetwork, stockTwin, type NetworkSpec } from '../network/architectures.js';
import { setDropoutRandom } from '../network/layers.js';
import { partNetworkSpec } from '../parts.js';
import { createRepresentation, type Representation } from '../representation/index.js';
import { pruneWeightFiles, readCheckpoint, writeCheckpoint, writeLayersModel } from '../saved/model-files.js';
import { HISTORY_JSON, LOSS_SVG, weightsFileName } from '../saved/names.js';
import { WindowSampler, type SongTracks } from './training-data.js';
import { lossCurveSvg } from './loss-plot.js';

export interface PartState {
  epoch: number;
  random: RandomState;
  history: EpochRecord[];
  bestEpoch: number;
  bestValLoss: number | null;
  epochsWithoutImprovement: number;
  stoppedEarly: boolean;
}

export interface PartJob {
  modelDir: string;
  config: ModelConfig;
  part: ModelPart;
  train: SongTracks[];
  validation: SongTracks[];
  resume: boolean;
}

function freshState(config: ModelConfig, part: ModelPart): PartState {
  return {
    epoch: 0,
    random: new Random(config.training.seed, `train/${part.name}`).state(),
    history: [],
    bestEpoch: 0,
    bestValLoss: null,
    epochsWithoutImprovement: 0,
    stoppedEarly: false,
  };
}

/** The wasm backend's ways of saying it ran out of its (at most 4 GB) memory. */
function isOutOfMemory(error: unknown): boolean {
  return error instanceof Error && /memory access out of bounds|out of memory|Cannot enlarge memory|Array buffer allocation failed|Invalid typed array length/i.test(error.message);
}

/** The representation's loss over all validation windows. */
function validationLoss(network: tf.LayersModel, sampler: WindowSampler, spec: NetworkSpec, representation: Representation, batchSize: number): number {
  let sum = 0;
  let count = 0;
  for (const batch of sampler.tiles(batchSize)) {
    const value = tf.tidy(() => {
      const x = tf.tensor3d(batch.x, [batch.count, spec.timesteps, spec.inputDim]);
      const y = tf.tensor4d(batch.y, [batch.count, spec.timesteps, spec.stems.length, spec.outputDim]);
      const prediction = network.apply(x, { training: false }) as tf.Tensor;
      return representation.loss(y, prediction, spec.stems).dataSync()[0]!;
    });
    sum += value * batch.count;
    count += batch.count;
  }
  return count ? sum / count : Number.NaN;
}

async function writeHistory(partDir: string, title: string, history: EpochRecord[]): Promise<void> {
  await writeJsonAtomic(join(partDir, HISTORY_JSON), history);
  await writeFileAtomic(join(partDir, LOSS_SVG), lossCurveSvg(history, title));
}

/** Removes temporary files a killed run may have left (they were never renamed into place). */
async function removeStaleTemporaries(partDir: string): Promise<void> {
  for (const dir of [partDir, join(partDir, 'checkpoints')]) {
    const names = await fs.readdir(dir).catch(() => [] as string[]);
    for (const name of names) if (/^\..*\.tmp-\d+-[0-9a-f]+$/.test(name)) await fs.rm(join(dir, name), { recursive: true, force: true });
  }
}

export async function trainPart(job: PartJob, onProgress?: ProgressCallback, onEpoch?: (record: EpochRecord) => void): Promise<PartResult> {
  await initTf();
  const { config, part } = job;
  const partDir = join(job.modelDir, part.dir);
  await fs.mkdir(partDir, { recursive: true });
  await removeStaleTemporaries(partDir);
  const spec = partNetworkSpec(config, part);
  const representation = createRepresentation(config.representation);
  const network = buildNetwork(spec);
  const twin = stockTwin(spec);
  const optimizer = tf.train.adam(config.training.learningRate);
  let state = freshState(config, part);
  const title = `${config.architecture} ${config.representation.type}${part.name === 'all' ? '' : ` (${part.name})`}: ${config.sourceStem} → stems`;
  if (job.resume) {
    const checkpoint = await readCheckpoint<PartState>(partDir, optimizer);
    if (checkpoint) {
      network.setWeights(checkpoint.model.getWeights());
      checkpoint.model.dispose();
      state = checkpoint.state;
      // The checkpoint is written before history.json: a run stopped between the two left the
      // history an epoch short. The checkpoint's own history is the truth; write it again.
      await writeHistory(partDir, title, state.history);
    }
  }
  const random = Random.fromState(state.random);
  setDropoutRandom(network, random);
  const sampler = new WindowSampler(job.train, spec.timesteps, spec.inputDim, spec.outputDim, part.stems);
  const validation = new WindowSampler(job.validation, spec.timesteps, spec.inputDim, spec.outputDim, part.stems);
  const { batchSize, epochs, patience } = config.training;
  const steps = config.training.stepsPerEpoch ?? Math.max(1, Math.ceil(sampler.windowCount / batchSize));
  const report = (epoch: number, step: number, loss: number | null) => {
    const where: PartProgress = { part: part.name, epoch, epochs, step, steps, loss };
    onProgress?.({
      phase: `${part.name === 'all' ? '' : `${part.name} `}epoch ${epoch}/${epochs}`,
      done: step,
      total: steps,
      ...(loss !== null ? { values: { loss } } : {}),
      training: { parts: [where] },
    });
  };

  let failure: unknown = null;
  try {
    for (let epoch = state.epoch + 1; epoch <= epochs && !state.stoppedEarly; epoch++) {
      const started = performance.now();
      let lossSum = 0;
      report(epoch, 0, null);
      for (let step = 0; step < steps; step++) {
        const batch = sampler.sample(random, batchSize);
        representation.augment?.(batch.x, batch.y, batch.count, spec.timesteps, spec.stems, random);
        const loss = tf.tidy(() => {
          const x = tf.tensor3d(batch.x, [batch.count, spec.timesteps, spec.inputDim]);
          const y = tf.tensor4d(batch.y, [batch.count, spec.timesteps, spec.stems.length, spec.outputDim]);
          const cost = optimizer.minimize(() => representation.loss(y, network.apply(x, { training: true }) as tf.Tensor, spec.stems), true);
          return cost!.dataSync()[0]!;
        });
        if (!Number.isFinite(loss)) throw new Error(`training diverged: loss is ${loss} at epoch ${epoch}, step ${step + 1}`);
        lossSum += loss;
        report(epoch, step + 1, lossSum / (step + 1));
      }
      const valLoss = validationLoss(network, validation, spec, representation, batchSize);
      const improved = state.bestValLoss === null || valLoss < state.bestValLoss;
      if (improved) {
        twin.setWeights(network.getWeights());
        await writeLayersModel(partDir, twin, weightsFileName(epoch));
        await pruneWeightFiles(partDir);
        state.bestEpoch = epoch;
        state.bestValLoss = valLoss;
        state.epochsWithoutImprovement = 0;
      } else {
        state.epochsWithoutImprovement++;
        if (state.epochsWithoutImprovement >= patience) state.stoppedEarly = true;
      }
      const record: EpochRecord = { epoch, loss: lossSum / steps, valLoss, seconds: (performance.now() - started) / 1000, improved };
      state.history.push(record);
      state.epoch = epoch;
      state.random = random.state();
      twin.setWeights(network.getWeights());
      await writeCheckpoint(partDir, epoch, twin, optimizer, state);
      await writeHistory(partDir, title, state.history);
      onEpoch?.(record);
    }
  } catch (error) {
    failure = isOutOfMemory(error)
      ? new RemixerError(
          `out of memory in a training step (batch ${batchSize} × ${spec.timesteps} timesteps, ${spec.featureUnits} feature units, LSTM units ${spec.lstmUnits}): lower --batch-size, --units or --window`,
          { cause: error, kind: 'out-of-memory' },
        )
      : error;
  }
  try {
    network.dispose();
    twin.dispose();
    optimizer.dispose();
  } catch (error) {
    // After a wasm out-of-memory the heap is unusable and disposal fails too: report the first error.
    failure ??= error;
  }
  if (failure !== null) throw failure;
  const seconds = state.history.map((h) => h.seconds);
  return {
    part: part.name,
    epochs: state.epoch,
    bestEpoch: state.bestEpoch,
    bestValLoss: state.bestValLoss,
    stoppedEarly: state.stoppedEarly,
    secondsPerEpoch: seconds.length ? seconds.reduce((a, b) => a + b, 0) / seconds.length : 0,
    history: state.history,
  };
}
