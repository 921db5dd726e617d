import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { synthesizeDataset } from '../dataset/synth/generate.js';
import { evaluateAnalysis } from './analysis-eval.js';
import { tempDir } from '../testing/fixtures.js';

test('eval-analysis scores every song against its score and writes the report; a dataset without scores is a clear error', async () => {
  const root = await tempDir();
  const data = join(root, 'data');
  await synthesizeDataset({ out: data, songs: 3, seconds: 12, seed: 11 });
  const out = join(root, 'report');
  const report = await evaluateAnalysis({ data, split: 'all', out, listeners: ['dsp'] });
  assert.equal(report.songs.length, 3);
  const summary = report.summary['dsp']!;
  assert.ok(Math.abs(Object.values(summary.tempo).reduce((a, b) => a + b, 0) - 1) < 1e-9, 'tempo relations cover every song');
  for (const song of report.songs) {
    assert.ok(song.beatF !== null && song.downbeatF !== null && song.key !== null && song.chordMajmin !== null, song.id);
    assert.ok(song.chordRoot! >= 0 && song.chordRoot! <= 1);
  }
  assert.ok(summary.chordRoot!.median > 0.5, 'the piano solos give their chords');
  const md = await fs.readFile(join(out, 'report.md'), 'utf8');
  assert.match(md, /\| dsp \| 3 \| \d+ % \(×2/);
  assert.equal(JSON.parse(await fs.readFile(join(out, 'report.json'), 'utf8')).songs.length, 3);
  // An imported dataset has no scores to compare with.
  const manifest = JSON.parse(await fs.readFile(join(data, 'dataset.json'), 'utf8'));
  await fs.writeFile(join(data, 'dataset.json'), JSON.stringify({ ...manifest, origin: { kind: 'import', layout: 'folder', source: 'x' } }));
  for (const song of manifest.songs) await fs.rm(join(data, song.dir, 'score.json'));
  await assert.rejects(evaluateAnalysis({ data, split: 'all', listeners: ['dsp'] }), /has no score to compare with/);
});
