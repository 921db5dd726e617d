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
import { tf, initTf } from '../model/tf.js';
import { readLayersModel } from '../model/saved/model-files.js';
import { buildListenerNetwork, type ListenerNetworkSpec } from './networks.js';

export const LISTENER_FORMAT = 'remixer-listener';
export const LISTENER_JSON = 'listener.json';
export const LISTENER_CARD = 'CARD.md';
export const BEATS_DIR = 'beats';
export const CHORDS_DIR = 'chords';

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
  beats: tf.LayersModel;
  chords: tf.LayersModel;
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

/** The saved weights in a compute network of the same spec (fused LSTMs). */
async function loadNetwork(dir: string, spec: ListenerNetworkSpec): Promise<tf.LayersModel> {
  const saved = await readLayersModel(dir);
  const network = buildListenerNetwork(spec, 'fused');
  try {
    network.setWeights(saved.getWeights());
  } catch (error) {
    network.dispose();
    throw fileError(join(dir, 'model.json'), `weights do not match ${LISTENER_JSON} (${oneLine(error)})`);
  } finally {
    saved.dispose();
  }
  return network;
}

export async function loadListener(dir: string): Promise<LoadedListener> {
  await initTf();
  const file = await readListenerFile(dir);
  const beats = await loadNetwork(join(dir, BEATS_DIR), file.beats.spec);
  try {
    return { dir, file, beats, chords: await loadNetwork(join(dir, CHORDS_DIR), file.chords.spec) };
  } catch (error) {
    beats.dispose();
    throw error;
  }
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
