import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { tf } from '../model/tf.js';
import { trainModel } from '../model/training/train.js';
import { RemixModel } from '../model/saved/remix-model.js';
import { concat } from '../dsp/concat.js';
import { STEMS, type Stem } from '../config.js';
import { generateStems, type GenerateOptions } from './generate.js';
import { measureJumps } from './join-measure.js';
import { rms } from '../dsp/levels.js';
import { tempDir } from '../testing/fixtures.js';
import { tinyDataset, TINY_MODEL } from '../testing/tiny-dataset.js';

const RATE = 8000;
const steadySolo = (seconds: number) =>
  Float32Array.from({ length: seconds * RATE }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / RATE) * (0.7 + 0.3 * Math.sin(i / 3000)));

async function generate(model: RemixModel, solo: Float32Array, options: GenerateOptions = {}): Promise<Record<Stem, Float32Array>> {
  const parts = Object.fromEntries(STEMS.map((s) => [s, [] as Float32Array[]])) as Record<Stem, Float32Array[]>;
  await generateStems(model, solo, (block) => {
    for (const s of STEMS) parts[s].push(block[s]);
  }, options);
  return Object.fromEntries(STEMS.map((s) => [s, concat(parts[s])])) as Record<Stem, Float32Array>;
}

/** Sample positions of the middle of each window overlap (or each cut, with no overlap). */
function joinPositions(model: RemixModel, overlap: number, length: number): number[] {
  const T = model.timesteps;
  const hop = Math.round(T * (1 - overlap));
  const samplesPerFrame = Math.round(length / Math.max(1, model.representation.frameCount(length) - 1));
  const joins: number[] = [];
  for (let k = 1; ; k++) {
    const p = Math.round((k * hop + (T - hop) / 2) * samplesPerFrame);
    if (p >= length) return joins;
    joins.push(p);
  }
}

const loudest = (stems: Record<Stem, Float32Array>) => STEMS.filter((s) => s !== 'piano').reduce((a, b) => (rms(stems[a]) >= rms(stems[b]) ? a : b));

for (const representation of ['waveform', 'spectral'] as const) {
  test(`${representation}: level, spectrum and sample steps at window joins match those inside windows`, async () => {
    const out = join(await tempDir(), 'model');
    await trainModel({ preset: 'spectral', data: await tinyDataset(), out, representation, epochs: 2, stepsPerEpoch: 4, learningRate: 3e-3, ...TINY_MODEL, lstmUnits: 32 });
    const model = await RemixModel.load(out);
    const solo = steadySolo(4);
    const joined = await generate(model, solo);
    const stem = loudest(joined);
    assert.ok(rms(joined[stem]) > 1e-5, `${stem} is not silent`);
    const smooth = measureJumps(joined[stem], RATE, joinPositions(model, 0.5, solo.length));
    assert.ok(smooth.atJoins.level <= smooth.inside.level * 1.5 + 0.5, `level jump at joins ${smooth.atJoins.level} dB vs ${smooth.inside.level} dB inside`);
    assert.ok(smooth.atJoins.spectrum <= smooth.inside.spectrum * 1.3, `spectrum jump at joins ${smooth.atJoins.spectrum} vs ${smooth.inside.spectrum}`);
    assert.ok(smooth.atJoins.step <= smooth.inside.step * 1.5, `sample step at joins ${smooth.atJoins.step} vs ${smooth.inside.step}`);
    if (representation === 'waveform') {
      // Control: the same windows joined by hard cuts click at every join, and the measure sees it.
      const cut = await generate(model, solo, { overlap: 0 });
      const hard = measureJumps(cut[stem], RATE, joinPositions(model, 0, solo.length));
      assert.ok(hard.atJoins.step > hard.inside.step * 3, `hard cuts step ${hard.atJoins.step} vs ${hard.inside.step}`);
    }
    model.dispose();
  });
}

test('a long solo streams in blocks with a constant number of tensors (bounded memory)', async () => {
  const out = join(await tempDir(), 'model');
  await trainModel({ preset: 'spectral', data: await tinyDataset(), out, representation: 'waveform', epochs: 1, stepsPerEpoch: 1, ...TINY_MODEL });
  const model = await RemixModel.load(out);
  const solo = steadySolo(75); // a minute and a quarter: enough blocks to see the count stay flat
  const tensors: number[] = [];
  let blocks = 0, total = 0, largest = 0;
  await generateStems(model, solo, (block) => {
    blocks++;
    total += block.drums.length;
    largest = Math.max(largest, block.drums.length);
    tensors.push(tf.memory().numTensors);
  });
  assert.equal(total, solo.length, 'exactly the solo length');
  assert.ok(blocks > 12, `streamed in ${blocks} blocks`);
  assert.ok(largest < 10 * RATE, `no block longer than 10 s (largest ${largest / RATE} s)`);
  assert.equal(Math.max(...tensors), Math.min(...tensors), 'tensor count stays constant while streaming');
  model.dispose();
});

test('the solo passes through as its own stem unless asked to generate it', async () => {
  const out = join(await tempDir(), 'model');
  await trainModel({ preset: 'spectral', data: await tinyDataset(), out, representation: 'waveform', epochs: 1, stepsPerEpoch: 1, ...TINY_MODEL });
  const model = await RemixModel.load(out);
  const solo = steadySolo(1);
  const stems = await generate(model, solo);
  assert.deepEqual(stems.piano, solo);
  const generated = await generate(model, solo, { generateSource: true });
  assert.notDeepEqual(generated.piano, solo);
  model.dispose();
});
