import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { trainListener } from './training/train.js';
import { LearnedListener } from './listener.js';
import { readListenerFile, LISTENER_CARD } from './saved.js';
import { RemixerError } from '../errors.js';
import { tempDir } from '../testing/fixtures.js';
import { tinyDataset } from '../testing/tiny-dataset.js';
import { analyse } from '../listen/analyse.js';
import { openDataset } from '../dataset/loader.js';
import { tf, initTf } from '../model/tf.js';

const TINY = { beatEpochs: 1, chordEpochs: 1, stepsPerEpoch: 2, batchSize: 2, beatUnits: 4, beatLayers: 1, chordUnits: 4, chordLayers: 1, beatCropSeconds: 2, chordCropBeats: 4, validationBatches: 1, workers: 1 } as const;

test('train-listener writes a listener any analysis can use; the same seed gives the same weights; its card says what it learned from', async () => {
  const data = await tinyDataset();
  const root = await tempDir();
  const [a, b] = [join(root, 'a'), join(root, 'b')];
  const file = await trainListener({ data: [data], out: a, seed: 3, ...TINY });
  await trainListener({ data: [data], out: b, seed: 3, ...TINY });
  for (const part of ['beats', 'chords']) {
    assert.ok((await fs.readFile(join(a, part, 'weights.bin'))).equals(await fs.readFile(join(b, part, 'weights.bin'))), `${part}: bit for bit`);
  }
  assert.deepEqual(await readListenerFile(a), file);
  assert.equal(file.training.songs.train, 4);
  assert.match(await fs.readFile(join(a, LISTENER_CARD), 'utf8'), /## Trained on[\s\S]*4 train, 1 validation/);
  // The listener it wrote hears a song: as a library object and through analyse().
  const dataset = await openDataset(data);
  const song = await dataset.loadSong(dataset.songs('test')[0]!, ['piano']);
  const listener = await LearnedListener.load(a);
  const { frames, activations } = listener.beatActivations(new Float32Array(22050 * 2).map((_, i) => Math.sin(i / 10) * (i % 11025 < 500 ? 0.5 : 0)));
  assert.equal(activations.length, frames * 3);
  for (let f = 0; f < frames; f++) assert.ok(Math.abs(activations[f * 3]! + activations[f * 3 + 1]! + activations[f * 3 + 2]! - 1) < 1e-4, 'probabilities per frame');
  listener.dispose();
  const heard = await analyse(song.stems.piano, dataset.sampleRate, { listener: a });
  assert.equal(heard.listener, a);
  assert.equal(heard.grid.steps > 0, true);
  await assert.rejects(trainListener({ data: [data], out: a, ...TINY }), (e: Error) => e instanceof RemixerError && /already exists and is not empty/.test(e.message));
  await assert.rejects(analyse(song.stems.piano, dataset.sampleRate, { listener: join(root, 'none') }), (e: Error) => e instanceof RemixerError && /listener\.json: no listener model here/.test(e.message));
});

test('the listener runs its networks without TensorFlow.js, with the arithmetic of the tf.layers model it saved', async () => {
  const { buildListenerNetwork } = await import('./networks.js');
  const { readNetworkWeights, runNetwork } = await import('./inference.js');
  const { writeLayersModel } = await import('../model/saved/model-files.js');
  await initTf();
  const spec = { inputDim: 7, units: 5, layers: 2, outputs: 4, seed: 9 };
  const stock = buildListenerNetwork(spec, 'stock');
  const dir = join(await tempDir(), 'net');
  await writeLayersModel(dir, stock, 'weights.bin');
  const T = 23;
  const x = Float32Array.from({ length: T * 7 }, (_, i) => Math.sin(i * 1.7));
  const expected = tf.tidy(() => (stock.predict(tf.tensor3d(x, [1, T, 7])) as tf.Tensor).dataSync() as Float32Array);
  const fused = buildListenerNetwork(spec, 'fused');
  fused.setWeights(stock.getWeights());
  const fromFused = tf.tidy(() => (fused.predict(tf.tensor3d(x, [1, T, 7])) as tf.Tensor).dataSync() as Float32Array);
  const got = runNetwork(await readNetworkWeights(dir), x, T);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(got[i]! - expected[i]!) < 1e-5, `value ${i}: ${got[i]} vs tf.layers ${expected[i]}`);
    assert.ok(Math.abs(fromFused[i]! - expected[i]!) < 1e-5, 'and the fused layers the training used');
  }
  stock.dispose();
  fused.dispose();
});
