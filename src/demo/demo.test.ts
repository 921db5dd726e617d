import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { demoPaths, formatDemoResult, runDemo, type DemoOptions } from './demo.js';
import { exists } from '../io/atomic.js';
import { tempDir } from '../testing/fixtures.js';
import { TINY_MODEL } from '../testing/tiny-dataset.js';

/** The demo end to end, shrunk: 6 songs of 3 s at 8 kHz and a tiny score model (the default preset's representation). */
const tiny = (out: string, log: string[]): DemoOptions => ({
  out,
  epochs: 2,
  dataset: { songs: 6, seconds: 3, sampleRate: 8000, split: { train: 4, validation: 1, test: 1 } },
  training: { ...TINY_MODEL, windowSeconds: 1, stepsPerEpoch: 2 },
  log: (line) => log.push(line),
});

test('the demo runs end to end into a layout the web app serves, and a second run reuses it', async () => {
  const out = join(await tempDir(), 'demo');
  const log: string[] = [];
  const result = await runDemo(tiny(out, log));
  const paths = demoPaths(out);
  for (const file of [join(paths.data, 'dataset.json'), join(paths.model, 'remixer.json'), join(paths.model, 'model.json'), join(paths.remix, 'remix.wav'), join(paths.remix, 'stems', 'drums.wav'), join(paths.shippedRemix, 'remix.wav'), join(paths.eval, 'report.md'), join(paths.eval, 'report.json')]) {
    assert.ok(await exists(file), `${file} written`);
  }
  assert.deepEqual(result.report.systems.map((s) => s.name), ['default', 'template-band', 'template-truth', 'echo', 'another-song', 'retrieval', 'mean-spectrum', 'silence', 'true-stems']);
  const printed = formatDemoResult(result);
  assert.match(printed, /\| retrieval \|/, 'the eval table is printed');
  assert.match(printed, /Verdict, from the medians above/);
  assert.ok(printed.includes(`serve --models ${paths.models} --data ${paths.datasets}`), 'says how to open it in the web app');

  const history = JSON.parse(await fs.readFile(join(paths.model, 'history.json'), 'utf8')) as { epoch: number }[];
  const again: string[] = [];
  await runDemo(tiny(out, again));
  assert.ok(again.some((line) => line.startsWith('dataset: reusing')), 'the dataset is reused');
  assert.ok(again.some((line) => line.startsWith('model: continuing')), 'the model is continued, not retrained');
  const after = JSON.parse(await fs.readFile(join(paths.model, 'history.json'), 'utf8')) as { epoch: number }[];
  assert.deepEqual(after.map((h) => h.epoch), history.map((h) => h.epoch), 'no epoch trained twice');
});
