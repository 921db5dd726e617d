import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { generateMmaDataset, mmaVersion } from './generate.js';
import { composeChart, MMA_STYLES } from './chart.js';
import { openDataset } from '../loader.js';
import { Random } from '../../random.js';
import { RemixerError } from '../../errors.js';
import { tempDir } from '../../testing/fixtures.js';

const hasMma = mmaVersion() !== null;
const requireMma = process.env['REMIXER_REQUIRE_MMA'] === '1';

test('a chart names its style, tempo, key and chords, and its truth covers the clip bar by bar', () => {
  const chart = composeChart(new Random(1, 'chart'), 20, 7);
  assert.ok(MMA_STYLES[chart.beatsPerBar].includes(chart.style));
  assert.match(chart.text, new RegExp(`^Groove ${chart.style}$`, 'm'));
  assert.match(chart.text, /^RndSeed 7$/m);
  const bar = (chart.beatsPerBar * 60) / chart.tempo;
  assert.equal(chart.truth.chords[0]!.start, 0);
  assert.ok(chart.truth.chords.at(-1)!.end <= 20 + 1e-9 && chart.truth.chords.at(-1)!.end > 20 - bar);
  for (const c of chart.truth.chords) {
    const bars = (c.end - c.start) / bar;
    assert.ok(Math.abs(bars - Math.round(bars)) < 1e-6 || c.end === 20, `chords last whole bars (${bars})`);
  }
});

// That the same seed gives the same corpus byte for byte is checked in src/queue/queue.test.ts
// (a corpus built by queue workers against one built here).
test('dataset mma: charts rendered by mma, imported with their keys and chords', { skip: !hasMma && !requireMma ? 'mma is not installed (apt-get install mma); .ci/run installs it' : false }, async () => {
  const root = await tempDir();
  const make = (out: string) => generateMmaDataset({ out: join(root, out), songs: 3, seconds: 6, seed: 5, sampleRate: 16000, split: { train: 1, validation: 1, test: 1 } });
  const manifest = await make('a');
  assert.ok(manifest.songs.length + (manifest.skipped?.length ?? 0) === 3);
  assert.ok(manifest.songs.length >= 1);
  const dataset = await openDataset(join(root, 'a'));
  for (const entry of dataset.songs()) {
    const score = (await dataset.loadScore(entry))!;
    assert.ok(score.key && score.chords && score.chords.length > 0, 'the chart is the truth');
    assert.ok(score.stems.piano.length > 0 && score.stems.drums.length > 0);
  }
  const song = join(root, 'a', 'songs', manifest.songs[0]!.id);
  assert.ok((await fs.readdir(song)).some((f) => f.endsWith('.wav')), 'the solo is rendered');
});

test('dataset mma without mma installed is one clear line', async () => {
  await assert.rejects(generateMmaDataset({ out: join(await tempDir(), 'x'), songs: 1, mma: 'remixer-no-such-mma' }), (e: Error) => e instanceof RemixerError && /remixer-no-such-mma: Musical MIDI Accompaniment is not installed \(Debian: apt-get install mma\)/.test(e.message));
});
