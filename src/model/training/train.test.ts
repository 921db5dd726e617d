import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { tf, initTf } from '../tf.js';
import { trainModel } from './train.js';
import { RemixModel } from '../saved/remix-model.js';
import { readModelFile } from '../saved/model-dir.js';
import { readLayersModel } from '../saved/model-files.js';
import { ARCHITECTURES } from '../config.js';
import { REPRESENTATION_TYPES as REPRESENTATIONS } from '../representation/index.js';
import { STEMS } from '../../config.js';
import { RemixerError } from '../../errors.js';
import { openDataset } from '../../dataset/loader.js';
import { snapshot } from '../../testing/snapshot.js';
import { tempDir } from '../../testing/fixtures.js';
import { tinyDataset, TINY_MODEL } from '../../testing/tiny-dataset.js';

for (const architecture of ARCHITECTURES) {
  for (const representation of REPRESENTATIONS) {
    // Waveform models train one2four-split in worker threads (TINY_MODEL's two); the others one after another, in process.
    test(`${architecture} ${representation} trains, saves and reloads to identical predictions`, async () => {
      await initTf();
      const data = await tinyDataset();
      const out = join(await tempDir(), 'model');
      const result = await trainModel({ preset: 'spectral', data, out, architecture, representation, epochs: 2, stepsPerEpoch: 2, ...TINY_MODEL, ...(representation === 'waveform' ? { windowSeconds: 0.1 } : { workers: 0 }) });
      assert.equal(result.parts.length, architecture === 'one2four-split' ? 4 : 1);
      const file = await readModelFile(out);
      assert.equal(file.architecture, architecture);
      assert.equal(file.representation.type, representation);
      assert.equal(file.sampleRate, 8000);
      assert.equal(file.sourceStem, 'piano');
      assert.equal(file.dataset.hash, (await openDataset(data)).hash);
      assert.equal(file.summary.status, 'trained');
      assert.equal(file.normalisation.type, representation);
      for (const part of file.parts) {
        const files = await fs.readdir(join(out, part.dir));
        for (const name of ['model.json', 'history.json', 'loss.svg', 'checkpoint.json']) assert.ok(files.includes(name), `${part.dir}/${name}`);
      }

      const a = await RemixModel.load(out);
      const b = await RemixModel.load(out);
      const T = a.timesteps;
      const { inputDim, outputDim } = a.representation;
      const x = Float32Array.from({ length: 3 * T * inputDim }, (_, i) => Math.sin(i * 0.37));
      const before = tf.memory().numTensors;
      const ya = a.predict(x, 3);
      assert.equal(tf.memory().numTensors, before, 'predict leaks no tensors');
      assert.deepEqual(Object.keys(ya).sort(), [...STEMS].sort(), 'one output per stem');
      for (const stem of STEMS) assert.equal(ya[stem].length, 3 * T * outputDim);
      assert.deepEqual(b.predict(x, 3), ya, 'a reloaded model predicts identically');

      // The saved files alone, loaded as a browser would (plain tfjs layers), give the same stems.
      const part = file.parts[0]!;
      const plain = await readLayersModel(join(out, part.dir));
      assert.ok(plain.layers.every((l) => !l.getClassName().startsWith('Remixer')));
      const plainY = tf.tidy(() => (plain.predict(tf.tensor3d(x, [3, T, inputDim])) as tf.Tensor).dataSync());
      const S = part.stems.length;
      for (let i = 0; i < 3 * T; i += 7) {
        const diff = Math.abs(plainY[i * S * outputDim]! - ya[part.stems[0]!][i * outputDim]!);
        assert.ok(diff < 1e-4, `plain tfjs and Remixer differ by ${diff}`);
      }
      plain.dispose();
      a.dispose();
      b.dispose();
    });
  }
}

test('a few epochs lower the validation loss on a small synthetic set', async () => {
  const data = await tinyDataset();
  const out = join(await tempDir(), 'model');
  const { parts } = await trainModel({ preset: 'spectral', data, out, representation: 'spectral', architecture: 'one2one', epochs: 6, stepsPerEpoch: 6, learningRate: 3e-3, ...TINY_MODEL, lstmUnits: 16 });
  const history = parts[0]!.history;
  assert.equal(history.length, 6);
  const first = history[0]!.valLoss;
  const best = Math.min(...history.map((h) => h.valLoss));
  assert.ok(best < first * 0.9, `validation loss went from ${first} to at best ${best}`);
  assert.ok(history[5]!.loss < history[0]!.loss, 'training loss falls too');
});

test('an existing model is not overwritten without --force, and resume refuses another architecture', async () => {
  const data = await tinyDataset();
  const out = join(await tempDir(), 'model');
  await trainModel({ preset: 'spectral', data, out, representation: 'spectral', epochs: 1, stepsPerEpoch: 1, ...TINY_MODEL });
  await assert.rejects(trainModel({ preset: 'spectral', data, out, representation: 'spectral', epochs: 1, ...TINY_MODEL }), /already there \(use --resume/);
  await assert.rejects(trainModel({ preset: 'spectral', data, out, architecture: 'one2four-combined', resume: true, epochs: 2, ...TINY_MODEL }), /cannot resume.*--arch one2one, not one2four-combined/);
  await assert.rejects(trainModel({ preset: 'spectral', data: join(out, 'nope'), out: join(out, 'x'), epochs: 1 }), (e: Error) => e instanceof RemixerError && /dataset directory not found/.test(e.message));
  const elsewhere = await tempDir();
  await fs.writeFile(join(elsewhere, 'precious.txt'), 'keep me');
  await assert.rejects(trainModel({ preset: 'spectral', data, out: elsewhere, force: true, epochs: 1, ...TINY_MODEL }), /is not a model Remixer made .*--force will not replace it/);
  assert.deepEqual(await fs.readdir(elsewhere), ['precious.txt']);
});

test('resume without --source continues a model whose solo is not the piano', async () => {
  const data = await tinyDataset();
  const out = join(await tempDir(), 'model');
  await trainModel({ preset: 'spectral', data, out, source: 'bass', representation: 'spectral', epochs: 1, stepsPerEpoch: 1, ...TINY_MODEL });
  const { config, parts } = await trainModel({ preset: 'spectral', data, out, resume: true, epochs: 2, ...TINY_MODEL });
  assert.equal(config.sourceStem, 'bass');
  assert.deepEqual(parts[0]!.history.map((h) => h.epoch), [1, 2]);
  await assert.rejects(trainModel({ preset: 'spectral', data, out, resume: true, source: 'drums', epochs: 3 }), /cannot resume.*--source bass, not drums/);
});

test('a model written before representation specs (remixer.json version 1) still loads and predicts', async () => {
  const data = await tinyDataset();
  const out = join(await tempDir(), 'model');
  await trainModel({ preset: 'spectral', data, out, representation: 'spectral', epochs: 1, stepsPerEpoch: 1, ...TINY_MODEL });
  const current = await readModelFile(out);
  const { representation, normalisation, ...rest } = current;
  const { type: _type, ...spectral } = representation as Extract<typeof representation, { type: 'spectral' }>;
  const { type: kind, ...stats } = normalisation;
  await fs.writeFile(join(out, 'remixer.json'), JSON.stringify({ ...rest, version: 1, representation: 'spectral', spectral, normalisation: { kind, ...stats } }));
  const upgraded = await readModelFile(out);
  assert.deepEqual(upgraded.representation, current.representation);
  assert.deepEqual(upgraded.normalisation, current.normalisation);
  const model = await RemixModel.load(out);
  assert.equal(model.representation.spec.type, 'spectral');
  model.dispose();
});

test('clips shorter than the window, sizes that cannot fit, and --out over the data are the user\'s mistakes, each with its fix', async () => {
  const data = join(await tempDir(), 'tiny');
  await fs.cp(await tinyDataset(), data, { recursive: true });
  const before = await snapshot(data);
  const root = await tempDir();
  // The score preset's window is 4 bars (64 grid steps); the tiny songs last 3 s.
  await assert.rejects(trainModel({ data, out: join(root, 'short'), preset: 'score', epochs: 1 }), (e: Error) => e instanceof RemixerError && /: no train song is as long as one training window: the window is 64 grid steps \(--window 8: 16 beats, 8 s at 120 BPM.*the longest train song gives \d+: make a dataset with longer clips \(dataset --seconds\) or train with a shorter --window$/.test(e.message));
  await assert.rejects(trainModel({ data, out: join(root, 'huge'), preset: 'spectral', lstmUnits: 4096, featureUnits: 16384, batchSize: 4096, windowSeconds: 30 }), (e: Error) => e instanceof RemixerError && /^these sizes need about \d+ MB per training step, more than the 3072 MB training can use \(--units 4096, --feature-units 16384, --batch-size 4096, --window 30 s = \d+ timesteps\): make them smaller$/.test(e.message));
  await assert.rejects(trainModel({ data, out: join(data, '..'), force: true, epochs: 1 }), (e: Error) => e instanceof RemixerError && /^--out .* holds the dataset .*: an output never replaces an input/.test(e.message));
  assert.deepEqual(await fs.readdir(root), [], 'nothing written');
  assert.deepEqual(await snapshot(data), before, 'nothing written into the dataset either (no grid cache for a refused run)');
  await openDataset(data);
});
