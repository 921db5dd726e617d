import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { trainModel } from '../model/training/train.js';
import { evaluate } from './evaluate.js';
import { synthesizeDataset } from '../dataset/synth/generate.js';
import { tempDir } from '../testing/fixtures.js';
import { tinyDataset, TINY_MODEL } from '../testing/tiny-dataset.js';

test('eval compares the model with every baseline and writes Markdown and JSON', async () => {
  const data = await tinyDataset();
  const root = await tempDir();
  const model = join(root, 'model');
  await trainModel({ data, out: model, representation: 'spectral', epochs: 2, stepsPerEpoch: 3, ...TINY_MODEL });
  const report = await evaluate({ model, data, out: join(root, 'eval') });
  assert.deepEqual(report.systems, ['model', 'retrieval', 'mean-spectrum', 'silence', 'true-stems']);
  assert.deepEqual(report.stems, ['drums', 'bass', 'other'], 'the passed-through source stem is not scored');
  const s = report.summary;
  for (const stem of report.stems) {
    assert.ok(s['true-stems']![stem]!.spectralDistance!.median < 0.01, 'sanity row: the true stems are (up to float rounding) perfect');
    assert.ok(s['true-stems']![stem]!.siSdr!.median > 90);
    assert.equal(s['silence']![stem]!.siSdr!.median, -100);
    for (const system of ['model', 'retrieval', 'mean-spectrum']) {
      assert.ok(s[system]![stem]!.spectralDistance!.median < s['silence']![stem]!.spectralDistance!.median, `${system} is closer than silence on ${stem}`);
    }
  }
  const markdown = await fs.readFile(join(root, 'eval', 'report.md'), 'utf8');
  assert.match(markdown, /## drums \(musical agreement: onset F1/);
  assert.match(markdown, /\| retrieval \|/);
  const json = JSON.parse(await fs.readFile(join(root, 'eval', 'report.json'), 'utf8'));
  assert.equal(json.songs.length, 1);
});

test('a dataset at another sample rate than the model is a clear error', async () => {
  const root = await tempDir();
  const model = join(root, 'model');
  await trainModel({ data: await tinyDataset(), out: model, representation: 'waveform', epochs: 1, stepsPerEpoch: 1, ...TINY_MODEL });
  const other = join(root, 'data22k');
  await synthesizeDataset({ out: other, songs: 3, seconds: 1, seed: 1 });
  await assert.rejects(evaluate({ model, data: other }), /trained at 8000 Hz but the dataset .* is 22050 Hz/);
});
