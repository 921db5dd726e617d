import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join, relative } from 'node:path';
import { synthesizeDataset } from './generate.js';
import { openDataset, summarizeDataset } from '../loader.js';
import { STEMS } from '../../config.js';
import { rms } from '../../dsp/levels.js';
import { tempDir } from '../../testing/fixtures.js';
import type { Progress } from '../../progress.js';

async function hashTree(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(d: string): Promise<void> {
    for (const entry of await fs.readdir(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out.set(relative(dir, path), createHash('sha256').update(await fs.readFile(path)).digest('hex'));
    }
  }
  await walk(dir);
  return out;
}

test('the same seed gives byte-identical datasets; another seed does not', async () => {
  const root = await tempDir();
  const options = { songs: 3, seconds: 3, seed: 7 };
  await synthesizeDataset({ ...options, out: join(root, 'a') });
  await synthesizeDataset({ ...options, out: join(root, 'b') });
  await synthesizeDataset({ ...options, seed: 8, out: join(root, 'c') });
  const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((d) => hashTree(join(root, d))));
  assert.equal(a!.size, 1 + 3 * 7, 'dataset.json, and per song mix, four stems, song.json, score.json');
  assert.deepEqual(a, b);
  assert.notEqual(a!.get('songs/song-000/mix.wav'), c!.get('songs/song-000/mix.wav'));
});

test('every song has four audible stems whose 16-bit sum is exactly the mix', async () => {
  const out = join(await tempDir(), 'ds');
  const progress: Progress[] = [];
  await synthesizeDataset({ out, songs: 4, seconds: 4, seed: 1, onProgress: (p) => progress.push(p) });
  assert.deepEqual(progress.map((p) => p.done), [0, 1, 2, 3, 4]);
  const dataset = await openDataset(out);
  assert.equal(dataset.manifest.sampleRate, 22050);
  for (const entry of dataset.songs()) {
    const song = await dataset.loadSong(entry);
    assert.equal(song.mix.length, 4 * 22050);
    for (const stem of STEMS) assert.ok(rms(song.stems[stem]) > 0.01, `${entry.id} ${stem} is audible`);
    for (let i = 0; i < song.mix.length; i++) {
      const sum = STEMS.reduce((s, stem) => s + Math.round(song.stems[stem][i]! * 32768), 0);
      if (Math.round(song.mix[i]! * 32768) !== sum) assert.fail(`${entry.id}: mix differs from the sum of stems at sample ${i}`);
    }
  }
});

test('songs vary in tempo, key and patterns, and the split is by song', async () => {
  const out = join(await tempDir(), 'ds');
  await synthesizeDataset({ out, songs: 10, seconds: 2, seed: 3 });
  const dataset = await openDataset(out);
  const counts = { train: 0, validation: 0, test: 0 };
  for (const s of dataset.songs()) counts[s.split]++;
  assert.deepEqual(counts, { train: 8, validation: 1, test: 1 });
  const metadata = await Promise.all(dataset.songs().map((s) => dataset.loadMetadata(s)));
  const scores = metadata.map((m) => m['score'] as { tempo: number; key: { name: string }; drumPattern: string });
  assert.ok(new Set(scores.map((s) => s.tempo)).size >= 8);
  assert.ok(new Set(scores.map((s) => s.key.name)).size >= 4);
  assert.ok(new Set(scores.map((s) => s.drumPattern)).size >= 3);
  assert.ok(scores.every((s) => s.tempo >= 80 && s.tempo <= 160));
  const summary = await summarizeDataset(dataset);
  assert.equal(summary.songs, 10);
  assert.match(summary.details[0]!, /tempo \d+-\d+ BPM/);
});

test('refuses to overwrite a non-empty directory and leaves it untouched; --force replaces only a dataset', async () => {
  const out = await tempDir();
  await fs.writeFile(join(out, 'keep.txt'), 'mine');
  await assert.rejects(synthesizeDataset({ out, songs: 1, seconds: 1 }), /already exists and is not empty/);
  assert.deepEqual(await fs.readdir(out), ['keep.txt']);
  // --force replaces only a dataset Remixer made, never a folder of someone's files.
  await assert.rejects(synthesizeDataset({ out, songs: 1, seconds: 1, force: true }), /is not a dataset Remixer made/);
  assert.deepEqual(await fs.readdir(out), ['keep.txt']);
  const ds = join(out, 'ds');
  await synthesizeDataset({ out: ds, songs: 1, seconds: 1, seed: 1 });
  await synthesizeDataset({ out: ds, songs: 1, seconds: 1, seed: 2, force: true });
  assert.equal(JSON.parse(await fs.readFile(join(ds, 'dataset.json'), 'utf8')).split.seed, 2);
});

test('each synthetic song carries its score: beats of its tempo, its key, its chords and every note by stem', async () => {
  const out = join(await tempDir(), 'ds');
  await synthesizeDataset({ out, songs: 2, seconds: 6, seed: 3 });
  const dataset = await openDataset(out);
  for (const entry of dataset.songs()) {
    const score = (await dataset.loadScore(entry))!;
    const metadata = (await dataset.loadMetadata(entry)) as { score: { tempo: number; key: { root: number; mode: string }; bass: unknown[] } };
    assert.equal(score.tempo[0]!.bpm, metadata.score.tempo);
    const beat = 60 / metadata.score.tempo;
    assert.ok(Math.abs(score.beats[1]! - score.beats[0]! - beat) < 1e-9);
    assert.deepEqual(score.downbeats, score.beats.filter((_, i) => i % 4 === 0));
    assert.deepEqual(score.key, { tonic: metadata.score.key.root, mode: metadata.score.key.mode });
    assert.ok(score.chords!.length > 0 && score.chords!.every((c) => c.root >= 0 && c.root < 12));
    assert.equal(score.stems.bass.length, metadata.score.bass.length);
    assert.ok(score.stems.drums.every((n) => [36, 38, 42, 46, 47, 49].includes(n.pitch)), 'drums by General MIDI key');
  }
});
