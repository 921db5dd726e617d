import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { synthesizeDataset } from './synth/generate.js';
import { combineDatasets, parseWeights } from './combine.js';
import { openDataset } from './loader.js';
import { WindowSampler } from '../model/training/training-data.js';
import { Random } from '../random.js';
import { STEMS } from '../config.js';
import { tempDir } from '../testing/fixtures.js';
import { snapshot } from '../testing/snapshot.js';

test('dataset combine links songs of several datasets, keeps their splits, weights a source\'s train songs; the sources are left as they were', async () => {
  const root = await tempDir();
  const people = join(root, 'people'), rules = join(root, 'rules');
  await synthesizeDataset({ out: people, songs: 4, seconds: 2, seed: 1 });
  await synthesizeDataset({ out: rules, songs: 6, seconds: 2, seed: 2 });
  const before = await snapshot(root);
  const out = join(root, 'both');
  const manifest = await combineDatasets({ out, data: [people, rules], weights: parseWeights('people=3') });
  assert.deepEqual(await snapshot(root).then((s) => Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith('both')))), before);
  assert.equal(manifest.songs.length, 10);
  const dataset = await openDataset(out);
  const [a, b] = [await openDataset(people), await openDataset(rules)];
  for (const entry of a.songs()) {
    const mine = dataset.song(`people-${entry.id}`);
    assert.equal(mine.split, entry.split);
    assert.equal(mine.weight, entry.split === 'train' ? 3 : undefined);
    assert.deepEqual((await dataset.loadSong(mine, ['bass'])).stems.bass, (await a.loadSong(entry, ['bass'])).stems.bass, 'the same audio, through the link');
    assert.deepEqual(await dataset.loadScore(mine), await a.loadScore(entry));
  }
  assert.ok(b.songs().every((e) => dataset.song(`rules-${e.id}`).weight === undefined));
  assert.match(JSON.stringify(manifest.origin), /"kind":"combined"/);
  await assert.rejects(combineDatasets({ out: join(root, 'x'), data: [people] }), /two or more --data/);
  await assert.rejects(combineDatasets({ out: join(root, 'x'), data: [people, rules], weights: { nobody: 2 } }), /--weight nobody: no source of that name \(sources: people, rules\)/);
  assert.throws(() => parseWeights('people=0'), /whole number from 1 to 100/);
});

test('the trainer draws a song of weight 3 three times as often as one of weight 1', () => {
  const track = (id: string, weight?: number) => ({ id, frames: 10, input: new Float32Array(10), targets: Object.fromEntries(STEMS.map((s) => [s, new Float32Array(10)])) as Record<(typeof STEMS)[number], Float32Array>, ...(weight ? { weight } : {}) });
  const tracks = [track('a', 3), track('b')];
  tracks[0]!.input.fill(1);
  const sampler = new WindowSampler(tracks, 5, 1, 1, ['drums']);
  const batch = sampler.sample(new Random(7), 4000);
  let fromA = 0;
  for (let i = 0; i < 4000; i++) if (batch.x[i * 5] === 1) fromA++;
  assert.ok(Math.abs(fromA / 4000 - 0.75) < 0.03, `${fromA} of 4000 windows from the weighted song`);
});
