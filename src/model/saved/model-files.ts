/**
 * Model files on disk, always written atomically:
 *
 *   model.json + weights-<tag>.bin   best weights, TensorFlow.js LayersModel format
 *                                    (stock layers only; loads in a browser with tf.loadLayersModel)
 *   checkpoints/epoch-NNNN/          the latest resumable state: model.json, weights.bin,
 *                                    optimizer.bin (Adam moments), state.json
 *   checkpoint.json                  which checkpoint is current (the atomic switch)
 *
 * model.json names its weights file, and is renamed into place after that file is
 * complete, so a reader (or a kill -9) never sees a model.json without its weights.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { tf } from '../tf.js';
import { writeFileAtomic, writeJsonAtomic } from '../../io/atomic.js';
import { acquireTempPath } from '../../io/scratch.js';
import { writeError } from '../../io/write-error.js';
import { fileError, oneLine } from '../../errors.js';
import { CHECKPOINTS_DIR, CHECKPOINT_POINTER, MODEL_JSON, WEIGHTS_FILE } from './names.js';
import { CHECKSUMS_FIELD, checkWeights, sha256 } from '../../io/checksum.js';

/** The model's topology and weights as tfjs artifacts (no file system involved). */
export async function modelArtifacts(model: tf.LayersModel): Promise<tf.io.ModelArtifacts> {
  let captured: tf.io.ModelArtifacts | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured) throw new Error('model.save produced no artifacts');
  return captured;
}

function weightBytes(artifacts: tf.io.ModelArtifacts): Uint8Array {
  const data = artifacts.weightData;
  if (!data) return new Uint8Array(0);
  const buffers = Array.isArray(data) ? data : [data];
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    out.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  return out;
}

/** Writes model.json + `weightsFile` into `dir` (weights first, then model.json atomically). */
export async function writeLayersModel(dir: string, model: tf.LayersModel, weightsFile: string): Promise<void> {
  const artifacts = await modelArtifacts(model);
  await fs.mkdir(dir, { recursive: true });
  const bytes = weightBytes(artifacts);
  await writeFileAtomic(join(dir, weightsFile), bytes);
  const modelJson = {
    format: 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: 'remixer',
    modelTopology: artifacts.modelTopology,
    weightsManifest: [{ paths: [weightsFile], weights: artifacts.weightSpecs }],
    [CHECKSUMS_FIELD]: { [weightsFile]: sha256(bytes) },
  };
  await writeFileAtomic(join(dir, MODEL_JSON), JSON.stringify(modelJson));
}

/** Reads a LayersModel written by writeLayersModel (or any single-shard tfjs model.json). */
export async function readLayersModel(dir: string): Promise<tf.LayersModel> {
  const path = join(dir, MODEL_JSON);
  let json: { modelTopology: object; weightsManifest: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[]; [CHECKSUMS_FIELD]?: Record<string, string> };
  try {
    json = JSON.parse(await fs.readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fileError(path, code === 'ENOENT' ? 'model file not found' : `corrupt model.json (${oneLine(error)})`);
  }
  const specs: tf.io.WeightsManifestEntry[] = [];
  const buffers: Uint8Array[] = [];
  for (const group of json.weightsManifest ?? []) {
    specs.push(...group.weights);
    for (const file of group.paths) {
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await fs.readFile(join(dir, file)));
      } catch {
        throw fileError(join(dir, file), 'weights file missing or unreadable');
      }
      checkWeights(join(dir, file), file, bytes, json[CHECKSUMS_FIELD]);
      buffers.push(bytes);
    }
  }
  const total = buffers.reduce((n, b) => n + b.length, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    weightData.set(b, offset);
    offset += b.length;
  }
  try {
    return await tf.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: specs, weightData: weightData.buffer }));
  } catch (error) {
    throw fileError(path, `cannot load model (${oneLine(error)})`);
  }
}

/** Removes weights-*.bin files that model.json no longer names. */
export async function pruneWeightFiles(dir: string): Promise<void> {
  const json = JSON.parse(await fs.readFile(join(dir, MODEL_JSON), 'utf8')) as { weightsManifest: { paths: string[] }[] };
  const keep = new Set(json.weightsManifest.flatMap((g) => g.paths));
  for (const name of await fs.readdir(dir)) {
    if (WEIGHTS_FILE.test(name) && !keep.has(name)) await fs.rm(join(dir, name), { force: true });
  }
}

/**
 * tfjs Adam keeps its bias corrections beta^t as running float32 products, but
 * its setWeights recomputes them with pow(), which rounds differently; we save
 * and restore them so a resumed run continues bit for bit.
 */
interface AdamAccumulators {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}
const ACCUMULATORS = ['accBeta1', 'accBeta2'] as const;

/** Adam's state as bytes plus the specs to decode them. */
export async function optimizerState(optimizer: tf.Optimizer): Promise<{ data: Uint8Array; specs: tf.io.WeightsManifestEntry[] }> {
  const weights = await optimizer.getWeights();
  const adam = optimizer as unknown as AdamAccumulators;
  for (const name of ACCUMULATORS) {
    const variable = adam[name];
    if (variable) weights.push({ name: `remixer/${name}`, tensor: variable });
  }
  const encoded = await tf.io.encodeWeights(weights);
  const data = encoded.data;
  return { data: new Uint8Array(Array.isArray(data) ? data[0]! : data), specs: encoded.specs };
}

export async function restoreOptimizer(optimizer: tf.Optimizer, data: Uint8Array, specs: tf.io.WeightsManifestEntry[]): Promise<void> {
  const map = tf.io.decodeWeights(data.slice().buffer, specs);
  const isAccumulator = (name: string) => name.startsWith('remixer/');
  await optimizer.setWeights(specs.filter((s) => !isAccumulator(s.name)).map((spec) => ({ name: spec.name, tensor: map[spec.name]! })));
  const adam = optimizer as unknown as AdamAccumulators;
  for (const name of ACCUMULATORS) {
    const saved = map[`remixer/${name}`];
    if (saved && adam[name]) adam[name]!.assign(saved);
    saved?.dispose();
  }
}

export interface Checkpoint<State> {
  dir: string;
  state: State;
}

/**
 * Writes a checkpoint for `epoch` and makes it current: the new folder is built
 * under a temporary name, renamed, then checkpoint.json is switched atomically.
 * Older checkpoints are removed afterwards.
 */
export async function writeCheckpoint<State>(partDir: string, epoch: number, model: tf.LayersModel, optimizer: tf.Optimizer, state: State): Promise<void> {
  const name = `epoch-${String(epoch).padStart(4, '0')}`;
  const root = join(partDir, CHECKPOINTS_DIR);
  await fs.mkdir(root, { recursive: true });
  const final = join(root, name);
  const scratch = await acquireTempPath(final);
  const temp = scratch.path;
  try {
    await fs.mkdir(temp);
    await writeLayersModel(temp, model, 'weights.bin');
    const { data, specs } = await optimizerState(optimizer);
    await fs.writeFile(join(temp, 'optimizer.bin'), data);
    await fs.writeFile(join(temp, 'state.json'), JSON.stringify({ optimizerSpecs: specs, state }, null, 1));
    await fs.rm(final, { recursive: true, force: true });
    await fs.rename(temp, final);
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw await writeError(final, error);
  } finally {
    await scratch.release();
  }
  await writeJsonAtomic(join(partDir, CHECKPOINT_POINTER), { current: `${CHECKPOINTS_DIR}/${name}`, epoch });
  for (const old of await fs.readdir(root)) if (old !== name) await fs.rm(join(root, old), { recursive: true, force: true });
}

/** The current checkpoint of a part, or null if it has none yet. */
export async function readCheckpoint<State>(
  partDir: string,
  optimizer: tf.Optimizer,
): Promise<{ model: tf.LayersModel; state: State } | null> {
  let pointer: { current: string };
  try {
    pointer = JSON.parse(await fs.readFile(join(partDir, CHECKPOINT_POINTER), 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileError(join(partDir, CHECKPOINT_POINTER), `corrupt checkpoint pointer (${oneLine(error)})`);
  }
  const dir = join(partDir, pointer.current);
  const model = await readLayersModel(dir);
  const saved = JSON.parse(await fs.readFile(join(dir, 'state.json'), 'utf8')) as { optimizerSpecs: tf.io.WeightsManifestEntry[]; state: State };
  await restoreOptimizer(optimizer, new Uint8Array(await fs.readFile(join(dir, 'optimizer.bin'))), saved.optimizerSpecs);
  return { model, state: saved.state };
}
