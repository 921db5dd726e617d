/**
 * A listener model on disk, and the one Remixer ships:
 *
 *   DIR/listener.json        format, the two networks' specs, input normalisation,
 *                            what it was trained on (corpus, split by style family,
 *                            seed, epochs) and its measured report
 *   DIR/beats/model.json     the beat network (stock tf.layers twin) and its weights
 *   DIR/chords/model.json    the chord network, likewise
 *   DIR/CARD.md              the model card, in words
 *
 * The shipped model lives in the package's models/listener/ (weights in the
 * repository); `remixer train-listener` writes the same layout.
 */
import { promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { fileError, oneLine } from '../errors.js';
import type { FolderKind } from '../io/out-folder.js';
import type { ListenerNetworkSpec } from './networks.js';
import { readNetworkWeights, type NetworkWeights } from './inference.js';

export const LISTENER_FORMAT = 'remixer-listener';
export const LISTENER_JSON = 'listener.json';
export const LISTENER_CARD = 'CARD.md';
export const BEATS_DIR = 'beats';
export const CHORDS_DIR = 'chords';
/** A listener folder, as the rule for folders written whole (io/out-folder.ts) recognises it. */
export const LISTENER_FOLDER: FolderKind = { what: 'listener', manifest: LISTENER_JSON, format: LISTENER_FORMAT };

/** The listener Remixer ships (models/listener beside dist/ and src/). */
export const SHIPPED_LISTENER_DIR = fileURLToPath(new URL('../../models/listener', import.meta.url));

export interface Normalisation {
  mean: number[];
  std: number[];
}

export interface NetworkFile {
  spec: ListenerNetworkSpec;
  normalisation: Normalisation;
}

export interface ListenerFile {
  format: typeof LISTENER_FORMAT;
  version: 1;
  beats: NetworkFile;
  chords: NetworkFile;
  /** What it learned from. */
  training: {
    corpus: string;
    seed: number;
    songs: Record<'train' | 'validation' | 'test', number>;
    /** Style families the training never heard (the test split's). */
    heldOutFamilies: string[];
    validationStyles: string[];
    instruments: Record<string, number>;
    soundFonts: string[];
    epochs: { beats: number; chords: number };
    seconds: number;
  };
  /** Measured on the corpus's validation split when training ended. */
  validation: Record<string, number | null>;
}

export interface LoadedListener {
  dir: string;
  file: ListenerFile;
  beats: NetworkWeights;
  chords: NetworkWeights;
}

export async function readListenerFile(dir: string): Promise<ListenerFile> {
  const path = join(dir, LISTENER_JSON);
  let file: ListenerFile;
  try {
    file = JSON.parse(await fs.readFile(path, 'utf8')) as ListenerFile;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw fileError(path, code === 'ENOENT' ? 'no listener model here' : `corrupt listener file (${oneLine(error)})`, error, code === 'ENOENT' ? 'not-found' : 'user');
  }
  if (file?.format !== LISTENER_FORMAT || !file.beats?.spec || !file.chords?.spec) throw fileError(path, `not a ${LISTENER_FORMAT} file`);
  return file;
}

/** A network's weights, checked against the spec listener.json gives it. */
async function loadNetwork(dir: string, spec: ListenerNetworkSpec): Promise<NetworkWeights> {
  const weights = await readNetworkWeights(dir);
  const first = weights.layers[0]?.forward;
  if (weights.layers.length !== spec.layers || first?.units !== spec.units || first.inputDim !== spec.inputDim || weights.outputs !== spec.outputs) {
    throw fileError(join(dir, 'model.json'), `weights do not match ${LISTENER_JSON} (${spec.layers} × BiLSTM(${spec.units}) from ${spec.inputDim} to ${spec.outputs})`);
  }
  return weights;
}

/** A listener's model: read without TensorFlow.js (inference.ts runs it). */
export async function loadListener(dir: string): Promise<LoadedListener> {
  const file = await readListenerFile(dir);
  return { dir, file, beats: await loadNetwork(join(dir, BEATS_DIR), file.beats.spec), chords: await loadNetwork(join(dir, CHORDS_DIR), file.chords.spec) };
}

/** Standardises [n × dims] in place with a saved normalisation. */
export function standardise(data: Float32Array, dims: number, normalisation: Normalisation): Float32Array {
  const { mean, std } = normalisation;
  for (let i = 0; i < data.length; i++) {
    const d = i % dims;
    data[i] = (data[i]! - mean[d]!) / std[d]!;
  }
  return data;
}
