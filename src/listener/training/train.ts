/**
 * `remixer train-listener`: the listener's two networks trained on a corpus with
 * scores (by default a `dataset mma` corpus over MMA's whole library, mixed solo
 * instruments, three SoundFonts, augmented, style families held out), seeded, so the
 * same seed and corpus give the same weights. The beat network learns per-frame
 * none/beat/downbeat from 8-second crops; the chord network per-beat chords from
 * 32-beat crops, transposed to all twelve keys. Each keeps its weights of lowest
 * validation loss. At the end the whole listener is measured on the validation songs
 * (tempo, beats, downbeats, chords) and the model, its card and that report are
 * written to OUT as one folder.
 */
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { RemixerError } from '../../errors.js';
import { tf, initTf } from '../../model/tf.js';
import { Random } from '../../random.js';
import { buildDirectoryAtomic, writeFileAtomic, writeJsonAtomic } from '../../io/atomic.js';
import { checkOutFolder } from '../../io/out-folder.js';
import { writeLayersModel } from '../../model/saved/model-files.js';
import { startWorker } from '../../workers/start.js';
import { awaitWorker } from '../../workers/protocol.js';
import { openDataset } from '../../dataset/loader.js';
import type { ProgressCallback } from '../../progress.js';
import { QUALITIES } from '../../analysis/chords.js';
import { buildListenerNetwork, type ListenerNetworkSpec } from '../networks.js';
import { BEATS_DIR, CHORDS_DIR, LISTENER_CARD, LISTENER_FOLDER, LISTENER_FORMAT, LISTENER_JSON, type ListenerFile, type Normalisation } from '../saved.js';
import { CHORD_BANDS, LISTENER_VOCABULARY } from '../spec.js';
import { FEATURE_SCALE, type SongExamples } from './examples.js';
import { LISTENER_TRAIN_DEFAULTS, TRAIN_LISTENER_OPTIONS, type TrainListenerOptions } from './options.js';
import { checkOptions } from '../../options.js';
import { measureListener, formatListenerCard } from './report.js';

export type { TrainListenerOptions } from './options.js';

const BEAT_CLASSES = 3;
const CHORD_DIMS = CHORD_BANDS + 1;

/** Mean and deviation of each input dimension over every training step of every song. */
function normalisationOf(rows: { data: ArrayLike<number>; count: number }[], dims: number, scale = 1): Normalisation {
  const sum = new Float64Array(dims);
  const squares = new Float64Array(dims);
  let n = 0;
  for (const { data, count } of rows) {
    for (let r = 0; r < count; r++) {
      for (let d = 0; d < dims; d++) {
        const v = data[r * dims + d]! / scale;
        sum[d]! += v;
        squares[d]! += v * v;
      }
    }
    n += count;
  }
  const mean = Array.from(sum, (s) => s / Math.max(1, n));
  const std = Array.from(squares, (s, d) => Math.sqrt(Math.max(1e-8, s / Math.max(1, n) - mean[d]! ** 2)) || 1);
  return { mean, std };
}

interface Batch {
  x: Float32Array;
  y: Float32Array;
  /** Per timestep weight (0 = left out). */
  w: Float32Array;
  count: number;
  steps: number;
}

/** A crop of beat frames: standardised features, soft targets. */
function beatBatch(songs: readonly SongExamples[], pick: () => { song: SongExamples; start: number }, count: number, steps: number, norm: Normalisation): Batch {
  const dims = songs[0]!.dims;
  const x = new Float32Array(count * steps * dims);
  const y = new Float32Array(count * steps * BEAT_CLASSES);
  const w = new Float32Array(count * steps);
  for (let c = 0; c < count; c++) {
    const { song, start } = pick();
    const n = Math.min(steps, song.frames - start);
    for (let t = 0; t < n; t++) {
      const from = (start + t) * dims;
      const to = (c * steps + t) * dims;
      for (let d = 0; d < dims; d++) x[to + d] = (song.features[from + d]! / FEATURE_SCALE - norm.mean[d]!) / norm.std[d]!;
      y.set(song.targets.subarray((start + t) * 3, (start + t + 1) * 3), (c * steps + t) * 3);
      w[c * steps + t] = 1;
    }
  }
  return { x, y, w, count, steps };
}

/** The class of a chord moved by `shift` semitones (N stays N). */
const transposeClass = (cls: number, shift: number) => (cls <= 0 ? cls : 1 + Math.floor((cls - 1) / 12) * 12 + ((((cls - 1) % 12) + shift) % 12 + 12) % 12);

/** A crop of beats: the semitone spectrum moved by `shift` bands (and the labels with it), standardised. */
function chordBatch(pick: () => { song: SongExamples; start: number; shift: number }, count: number, steps: number, norm: Normalisation): Batch {
  const V = LISTENER_VOCABULARY.length;
  const x = new Float32Array(count * steps * CHORD_DIMS);
  const y = new Float32Array(count * steps * V);
  const w = new Float32Array(count * steps);
  for (let c = 0; c < count; c++) {
    const { song, start, shift } = pick();
    const n = Math.min(steps, song.beats - start);
    for (let t = 0; t < n; t++) {
      const from = (start + t) * CHORD_DIMS;
      const to = (c * steps + t) * CHORD_DIMS;
      for (let d = 0; d < CHORD_BANDS; d++) {
        const source = d - shift;
        const v = source >= 0 && source < CHORD_BANDS ? song.chordInput[from + source]! : 0;
        x[to + d] = (v - norm.mean[d]!) / norm.std[d]!;
      }
      x[to + CHORD_BANDS] = (song.chordInput[from + CHORD_BANDS]! - norm.mean[CHORD_BANDS]!) / norm.std[CHORD_BANDS]!;
      const label = song.chordLabels[start + t]!;
      if (label < 0) continue;
      y[(c * steps + t) * V + transposeClass(label, shift)] = 1;
      w[c * steps + t] = 1;
    }
  }
  return { x, y, w, count, steps };
}

/** Mean cross-entropy over the weighted timesteps. */
function loss(network: tf.LayersModel, batch: Batch, dims: number, classes: number, training: boolean): tf.Scalar {
  return tf.tidy(() => {
    const p = network.apply(tf.tensor3d(batch.x, [batch.count, batch.steps, dims]), { training }) as tf.Tensor;
    const y = tf.tensor3d(batch.y, [batch.count, batch.steps, classes]);
    const w = tf.tensor2d(batch.w, [batch.count, batch.steps]);
    const perStep = tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1))), -1));
    return tf.div(tf.sum(tf.mul(perStep, w)), tf.maximum(tf.sum(w), 1)) as tf.Scalar;
  });
}

interface NetworkRun {
  network: tf.LayersModel;
  epochs: number;
  bestEpoch: number;
  history: { epoch: number; loss: number; validation: number }[];
}

/** Trains with Adam, `steps` batches an epoch; keeps the weights of the best validation loss; stops after `patience` epochs without one. */
async function trainNetwork(what: string, spec: ListenerNetworkSpec, classes: number, next: () => Batch, validation: Batch[], options: { epochs: number; steps: number; learningRate: number; patience: number; onProgress?: ProgressCallback }): Promise<NetworkRun> {
  const network = buildListenerNetwork(spec, 'fused');
  const optimizer = tf.train.adam(options.learningRate);
  const history: NetworkRun['history'] = [];
  let best = Infinity;
  let bestWeights: tf.Tensor[] | null = null;
  let bestEpoch = 0;
  const total = options.epochs * options.steps;
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    let sum = 0;
    for (let step = 0; step < options.steps; step++) {
      const batch = next();
      const value = optimizer.minimize(() => loss(network, batch, spec.inputDim, classes, true), true) as tf.Scalar;
      sum += value.dataSync()[0]!;
      value.dispose();
      options.onProgress?.({ phase: `${what} network (steps)`, done: (epoch - 1) * options.steps + step + 1, total, values: { loss: sum / (step + 1) } });
    }
    let validationLoss = 0;
    for (const batch of validation) {
      const value = loss(network, batch, spec.inputDim, classes, false);
      validationLoss += value.dataSync()[0]! / validation.length;
      value.dispose();
    }
    history.push({ epoch, loss: sum / options.steps, validation: validationLoss });
    if (validationLoss < best) {
      best = validationLoss;
      bestEpoch = epoch;
      bestWeights?.forEach((t) => t.dispose());
      bestWeights = network.getWeights().map((t) => t.clone());
    } else if (epoch - bestEpoch >= options.patience) break;
  }
  if (bestWeights) {
    network.setWeights(bestWeights);
    bestWeights.forEach((t) => t.dispose());
  }
  optimizer.dispose();
  return { network, epochs: history.length, bestEpoch, history };
}

/**
 * A training song: each dataset is drawn as often as the others, then a song of it —
 * a smaller corpus (synthetic songs with off-beat stabs) is not drowned by a larger one.
 */
function pickSong(songs: readonly SongExamples[], r: Random): SongExamples {
  const sources = [...new Set(songs.map((s) => s.source))];
  const source = r.pick(sources);
  return r.pick(songs.filter((s) => s.source === source));
}

/** A song of one of the datasets. */
interface SongRef {
  data: string;
  id: string;
}

/** Every song's examples, computed in worker threads. */
async function loadExamples(songs: SongRef[], workers: number, onProgress?: ProgressCallback): Promise<SongExamples[]> {
  const count = Math.max(1, Math.min(workers, songs.length));
  const shares = Array.from({ length: count }, (_, w) => songs.filter((_, i) => i % count === w));
  const done = new Map<number, number>();
  const results = await Promise.all(shares.map((share, w) => awaitWorker<SongExamples[]>(startWorker(import.meta.url, './example-worker', { songs: share }), { onProgress: (p) => { done.set(w, p.done); onProgress?.({ phase: 'listening to the corpus', done: [...done.values()].reduce((a, b) => a + b, 0), total: songs.length }); } }, 'listening examples')));
  return results.flat();
}

export async function trainListener(options: TrainListenerOptions): Promise<ListenerFile> {
  const started = performance.now();
  checkOptions(TRAIN_LISTENER_OPTIONS, options);
  const settings = { ...LISTENER_TRAIN_DEFAULTS, ...Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) } as Required<Omit<TrainListenerOptions, 'onProgress' | 'data' | 'out'>> & TrainListenerOptions;
  await checkOutFolder(options.out, { force: options.force === true, kind: LISTENER_FOLDER, inputs: options.data.map((dir) => ({ path: dir, what: 'the dataset', whole: true })) });
  await initTf();
  const datasets = await Promise.all(options.data.map((dir) => openDataset(dir)));
  const refs = (split: 'train' | 'validation' | 'test') => datasets.flatMap((d, i) => d.songs(split).map((s) => ({ data: options.data[i]!, id: s.id })));
  const trainRefs = refs('train');
  const validationRefs = refs('validation');
  if (trainRefs.length === 0 || validationRefs.length === 0) throw new RemixerError(`${options.data.join(', ')}: the listener needs songs in the train and validation splits (they have ${trainRefs.length} and ${validationRefs.length})`);
  const workers = settings.workers ?? Math.min(4, availableParallelism());
  const train = await loadExamples(trainRefs, workers, options.onProgress);
  const validation = await loadExamples(validationRefs, workers, options.onProgress);
  const usable = (songs: SongExamples[], frames: number) => songs.filter((s) => s.frames >= frames);
  const beatSteps = Math.round(settings.beatCropSeconds * 100);
  const trainBeats = usable(train, beatSteps);
  if (trainBeats.length === 0) throw new RemixerError(`${options.data}: no training song is ${settings.beatCropSeconds} s long`);

  // Beats.
  const dims = train[0]!.dims;
  const beatNorm = normalisationOf(train.map((s) => ({ data: s.features, count: s.frames })), dims, FEATURE_SCALE);
  const random = new Random(settings.seed, 'listener');
  const beatSpec: ListenerNetworkSpec = { inputDim: dims, units: settings.beatUnits, layers: settings.beatLayers, outputs: BEAT_CLASSES, seed: settings.seed };
  const pickBeat = (songs: SongExamples[], r: Random) => () => {
    const song = pickSong(songs, r);
    return { song, start: r.int(0, song.frames - beatSteps) };
  };
  const validationRandom = new Random(settings.seed, 'listener-validation');
  const beatValidation = Array.from({ length: settings.validationBatches }, () => beatBatch(validation, pickBeat(usable(validation, beatSteps), validationRandom), settings.batchSize, beatSteps, beatNorm));
  const beats = await trainNetwork('beat', beatSpec, BEAT_CLASSES, () => beatBatch(trainBeats, pickBeat(trainBeats, random), settings.batchSize, beatSteps, beatNorm), beatValidation, { epochs: settings.beatEpochs, steps: settings.stepsPerEpoch, learningRate: settings.learningRate, patience: settings.patience, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });

  // Chords.
  const chordNorm = normalisationOf(train.map((s) => ({ data: s.chordInput, count: s.beats })), CHORD_DIMS);
  chordNorm.mean = chordNorm.mean.map((m, d) => (d < CHORD_BANDS ? chordNorm.mean.slice(0, CHORD_BANDS).reduce((a, b) => a + b, 0) / CHORD_BANDS : m));
  chordNorm.std = chordNorm.std.map((s, d) => (d < CHORD_BANDS ? chordNorm.std.slice(0, CHORD_BANDS).reduce((a, b) => a + b, 0) / CHORD_BANDS : s));
  const chordSpec: ListenerNetworkSpec = { inputDim: CHORD_DIMS, units: settings.chordUnits, layers: settings.chordLayers, outputs: LISTENER_VOCABULARY.length, seed: settings.seed + 7 };
  const chordSteps = settings.chordCropBeats;
  const pickChord = (songs: SongExamples[], r: Random, transpose: boolean) => () => {
    const song = pickSong(songs, r);
    return { song, start: r.int(0, Math.max(0, song.beats - chordSteps)), shift: transpose ? r.int(-5, 6) : 0 };
  };
  const chordValidation = Array.from({ length: settings.validationBatches }, () => chordBatch(pickChord(validation, validationRandom, false), settings.batchSize, chordSteps, chordNorm));
  const chords = await trainNetwork('chord', chordSpec, LISTENER_VOCABULARY.length, () => chordBatch(pickChord(train, random, true), settings.batchSize, chordSteps, chordNorm), chordValidation, { epochs: settings.chordEpochs, steps: settings.stepsPerEpoch, learningRate: settings.learningRate, patience: settings.patience, ...(options.onProgress ? { onProgress: options.onProgress } : {}) });

  const count = (key: (s: SongExamples) => string) => Object.fromEntries([...new Set(train.map(key))].sort().map((k) => [k, train.filter((s) => key(s) === k).length]));
  const styleSplits = datasets.map((d) => d.manifest.styleSplit).filter((x): x is NonNullable<typeof x> => x !== undefined);
  const file: ListenerFile = {
    format: LISTENER_FORMAT,
    version: 1,
    beats: { spec: beatSpec, normalisation: beatNorm },
    chords: { spec: chordSpec, normalisation: chordNorm },
    training: {
      corpus: datasets.map((d, i) => `${basename(resolve(options.data[i]!))} (${d.manifest.origin.kind === 'import' ? d.manifest.origin.source : d.manifest.origin.kind === 'combined' ? `combined: ${d.manifest.origin.sources.map((s) => s.name).join(', ')}` : `synthetic, seed ${d.manifest.origin.seed}`})`).join('; '),
      seed: settings.seed,
      songs: { train: trainRefs.length, validation: validationRefs.length, test: refs('test').length },
      heldOutFamilies: [...new Set(styleSplits.flatMap((s) => s.testFamilies))],
      validationStyles: [...new Set(styleSplits.flatMap((s) => s.styles.validation))],
      instruments: count((s) => s.instrument),
      soundFonts: [],
      epochs: { beats: beats.epochs, chords: chords.epochs },
      seconds: 0,
    },
    validation: {},
  };
  const written = await buildDirectoryAtomic(options.out, async (dir) => {
    await writeStock(join(dir, BEATS_DIR), beats.network, beatSpec);
    await writeStock(join(dir, CHORDS_DIR), chords.network, chordSpec);
    await writeJsonAtomic(join(dir, 'history.json'), { beats: beats.history, chords: chords.history });
    await writeJsonAtomic(join(dir, LISTENER_JSON), file);
    // The whole listener on the validation songs, as a user would run it.
    file.validation = await measureListener(dir, validationRefs, options.onProgress);
    file.training.seconds = Math.round((performance.now() - started) / 1000);
    file.training.soundFonts = await corpusSoundFonts(trainRefs);
    await writeJsonAtomic(join(dir, LISTENER_JSON), file);
    await writeFileAtomic(join(dir, LISTENER_CARD), formatListenerCard(file, QUALITIES));
    return file;
  }, { replace: options.force === true });
  beats.network.dispose();
  chords.network.dispose();
  return written;
}

/** Writes the saveable twin (stock layers) of a trained compute network. */
async function writeStock(dir: string, network: tf.LayersModel, spec: ListenerNetworkSpec): Promise<void> {
  const stock = buildListenerNetwork(spec, 'stock');
  try {
    stock.setWeights(network.getWeights());
    await writeLayersModel(dir, stock, 'weights.bin');
  } finally {
    stock.dispose();
  }
}

/** The SoundFonts the training songs were rendered with (from their song.json; synthetic songs have none). */
async function corpusSoundFonts(songs: SongRef[]): Promise<string[]> {
  const fonts = new Set<string>();
  for (const { data, id } of songs.filter((_, i) => i % 4 === 0)) {
    const text = await fs.readFile(join(data, 'songs', id, 'song.json'), 'utf8').catch(() => null);
    const font = text ? (JSON.parse(text) as { origin?: { soundFont?: string } }).origin?.soundFont : undefined;
    if (font) fonts.add(font);
  }
  return [...fonts].sort();
}
