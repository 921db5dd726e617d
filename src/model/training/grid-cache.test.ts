import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { openDataset } from '../../dataset/loader.js';
import { tinyDataset } from '../../testing/tiny-dataset.js';
import { tempDir } from '../../testing/fixtures.js';
import { createRepresentation, DEFAULT_REPRESENTATION_SPECS, type Representation } from '../representation/index.js';
import type { ModelConfig } from '../config.js';
import { prepareTrainingData } from './training-data.js';
import { gridCacheDir } from './grid-cache.js';

test('the grids of a training run are kept beside the dataset: read back the same, computed again when a song changes or a file is damaged', async () => {
  const dir = join(await tempDir(), 'data');
  await fs.cp(await tinyDataset(), dir, { recursive: true });
  const dataset = await openDataset(dir);
  const score = createRepresentation(DEFAULT_REPRESENTATION_SPECS.score);
  let computed = 0;
  const counting: Representation = { ...score, songTracks: (song, source) => (computed++, score.songTracks(song, source)) };
  const config = { sourceStem: 'piano' } as ModelConfig;
  const prepare = () => prepareTrainingData(dataset, config, counting, true, null);

  const first = await prepare();
  const songs = dataset.songs('train').length + dataset.songs('validation').length;
  assert.equal(computed, songs);
  const cache = gridCacheDir(dataset, score, 'piano');
  assert.equal((await fs.readdir(cache)).filter((f) => f.endsWith('.bin')).length, songs);

  computed = 0;
  const second = await prepare();
  assert.equal(computed, 0, 'nothing analysed again');
  assert.deepEqual(second.normalisation, first.normalisation);
  for (const [i, song] of first.train.entries()) {
    assert.deepEqual(second.train[i]!.input, song.input);
    assert.deepEqual(second.train[i]!.targets, song.targets);
  }

  // A song whose files changed is analysed again; so is a damaged cache file.
  const [changed, damaged] = dataset.songs('train');
  const solo = join(dir, changed!.dir, 'piano.wav');
  await fs.utimes(solo, new Date(), new Date(Date.now() + 5000));
  await fs.writeFile(join(cache, `${damaged!.id}.bin`), new Uint8Array(10));
  computed = 0;
  const third = await prepare();
  assert.equal(computed, 2);
  assert.deepEqual(third.normalisation, first.normalisation);
  // Another source stem is another cache.
  assert.notEqual(gridCacheDir(dataset, score, 'bass'), cache);
});
