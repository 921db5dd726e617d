import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { trainModel } from '../model/training/train.js';
import { evaluate } from './evaluate.js';
import { verdictClaims, formatVerdict } from './verdict.js';
import { METRIC_INFO, type FitMetric, type StemMetric } from './report.js';
import { synthesizeDataset } from '../dataset/synth/generate.js';
import { tempDir } from '../testing/fixtures.js';
import { tinyDataset, TINY_MODEL } from '../testing/tiny-dataset.js';

test('eval compares models with every baseline, in parallel workers, and writes Markdown, JSON and pictures', async () => {
  const data = await tinyDataset();
  const root = await tempDir();
  const [a, b] = [join(root, 'spectral'), join(root, 'waveform')];
  await trainModel({ preset: 'spectral', data, out: a, representation: 'spectral', epochs: 2, stepsPerEpoch: 3, ...TINY_MODEL });
  await trainModel({ preset: 'spectral', data, out: b, representation: 'waveform', epochs: 1, stepsPerEpoch: 2, ...TINY_MODEL });
  const out = join(root, 'eval');
  const report = await evaluate({ models: [a, b], data, split: 'train', out, workers: 2, pictures: 1 });
  assert.deepEqual(report.systems.map((s) => s.name), ['spectral', 'waveform', 'template-band', 'template-truth', 'echo', 'another-song', 'retrieval', 'mean-spectrum', 'silence', 'true-stems']);
  assert.deepEqual(report.stems, ['drums', 'bass', 'other'], 'the passed-through solo is not scored');
  assert.equal(report.songs.length, 4);
  assert.match(report.baselinesFrom.why, /first model's training data/);
  const s = report.summary;
  for (const stem of report.stems) {
    const truth = s['true-stems']!.stems[stem]!;
    assert.ok(truth.spectralDistance!.median < 0.01 && truth.onsetF1!.median > 0.99, `the true stems are perfect on ${stem}`);
    assert.equal(s['silence']!.stems[stem]!.siSdr!.median, -100);
    assert.ok(s['echo']!.stems[stem]!.spectralDistance!.median > truth.spectralDistance!.median + 1, `echo is further in sound than the true ${stem}`);
  }
  assert.ok(Math.abs(s['true-stems']!.fit.harmonicFit!.median - 1) < 1e-6, 'the own band fits 1 on its own scale');
  assert.ok(Math.abs(s['another-song']!.fit.harmonicFit!.median) < 1, "another song's band fits like the others");
  // Comparisons: model vs model and vs the bounding baselines, with intervals around the mean.
  const c = report.comparisons.find((x) => x.a === 'spectral' && x.b === 'waveform' && x.metric === 'onsetF1' && x.stem === 'bass')!;
  assert.ok(c && c.low <= c.mean && c.mean <= c.high && c.songs === 4);
  const markdown = await fs.readFile(join(out, 'report.md'), 'utf8');
  for (const info of Object.values(METRIC_INFO)) assert.ok(markdown.includes(info.explanation), `the report explains ${info.label}`);
  assert.match(markdown, /spectral vs waveform: bass note onsets F1 [+-]\d\.\d{3} \[[+-]\d\.\d{3}, [+-]\d\.\d{3}\] \(4 songs\)/);
  const svg = await fs.readFile(join(out, report.pictures[0]!.file), 'utf8');
  assert.match(svg, /^<svg/);
  assert.equal((svg.match(/<image /g) ?? []).length, 3 * 5, 'three stems × (true, two models, template band, template given the truth)');
  assert.equal(JSON.parse(await fs.readFile(join(out, 'report.json'), 'utf8')).songs.length, 4);
  // Musicianship: measured on the notes of the bands that play notes, beside the true parts (the synthetic songs' scores).
  assert.ok(s['template-truth']!.musicianship && report.truth, 'the template bands and the true parts are measured');
  assert.equal(s['spectral']!.musicianship, undefined, 'a model of audio plays no notes to measure');
  assert.equal(s['template-truth']!.musicianship!['drums.timekeepersTogether']!.median, 0, 'the template keeps time on one hi-hat');
  assert.ok(report.truth!['bass.notesPerBar']!.median > 0);
  assert.match(markdown, /## Musicianship[\s\S]*\| \*the true parts\* \|/);

  // The verdict is the table's own numbers: every claim agrees with the medians it quotes.
  for (const claim of verdictClaims(report)) {
    const median = (system: string) => (claim.stem === null ? s[system]!.fit[claim.metric as FitMetric] : s[system]!.stems[claim.stem]![claim.metric as StemMetric])!.median;
    assert.equal(claim.modelValue, median(claim.model));
    assert.equal(claim.baselineValue, median(claim.baseline));
    assert.equal(claim.better, METRIC_INFO[claim.metric].higherIsBetter ? claim.modelValue > claim.baselineValue : claim.modelValue < claim.baselineValue);
  }
  assert.ok(formatVerdict(report).length >= 2);
});

test('a dataset at another sample rate than the model, or models of different solos, are clear errors', async () => {
  const root = await tempDir();
  const model = join(root, 'model');
  await trainModel({ preset: 'spectral', data: await tinyDataset(), out: model, representation: 'waveform', epochs: 1, stepsPerEpoch: 1, ...TINY_MODEL });
  const other = join(root, 'data22k');
  await synthesizeDataset({ out: other, songs: 3, seconds: 1, seed: 1 });
  await assert.rejects(evaluate({ models: [model], data: other }), /trained at 8000 Hz but the dataset .* is 22050 Hz/);
  const bass = join(root, 'bass');
  await trainModel({ preset: 'spectral', data: await tinyDataset(), out: bass, source: 'bass', representation: 'waveform', epochs: 1, stepsPerEpoch: 1, ...TINY_MODEL });
  await assert.rejects(evaluate({ models: [model, bass], data: await tinyDataset() }), /listens to the bass, but .* listens to the piano/);
});

test('a song a system cannot play is left out by name, with the reason; the figures are over the songs every system played', async () => {
  const root = await tempDir();
  const data = join(root, 'data');
  await fs.cp(await tinyDataset(), data, { recursive: true });
  // One train song's solo is silent: a score model has no beat to play to.
  const silentWav = (await fs.readFile(join(data, 'songs', 'song-000', 'piano.wav'))).fill(0, 44);
  await fs.writeFile(join(data, 'songs', 'song-000', 'piano.wav'), silentWav);
  const model = join(root, 'score');
  await trainModel({ data, out: model, preset: 'score', epochs: 1, stepsPerEpoch: 2, ...TINY_MODEL, windowSeconds: 1 });
  const out = join(root, 'eval');
  const report = await evaluate({ models: [model], data, split: 'train', out, workers: 1, pictures: 0, baselines: false });
  assert.deepEqual(report.leftOut?.map((l) => [l.song, l.system]), [['song-000', 'score']]);
  assert.match(report.leftOut![0]!.reason, /silent/);
  assert.equal(report.summary['score']!.fit.harmonicFit!.n, report.songs.length - 1, 'medians over the songs every system played');
  const markdown = await fs.readFile(join(out, 'report.md'), 'utf8');
  assert.match(markdown, /## Left out\n\nSongs a system could not play, and why:\n\n- song-000, score: .*silent/);
});
