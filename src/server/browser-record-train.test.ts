/**
 * End-to-end in the browser (the page in Debian's chromium against a real server over the
 * tiny dataset), beside browser.test.ts so that the two run side by side: a take recorded
 * from a (fake) microphone with a count-in becomes a remix; training with overall progress,
 * Stop and Resume, the new model offered in the Remix tab without a reload, and the Compare
 * tab's evaluation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { BROWSER_SKIP as skip, browserSession } from '../testing/browser-session.js';
import { encodeWav } from '../io/wav.js';
import { resample } from '../dsp/resample.js';
import { TEST_RATE, beatGrid, pianoChords, voicing } from '../testing/music.js';
import { CHORD_QUALITIES } from '../analysis/chords.js';
import type { RemixRecord } from './api-types.js';

/** The fake microphone plays 12 s of piano at 100 BPM (C, Am, F, G7, a bar each), in a loop. */
async function pianoAt100(root: string): Promise<string> {
  const chords = [voicing(0, CHORD_QUALITIES.maj.intervals), voicing(9, CHORD_QUALITIES.min.intervals), voicing(5, CHORD_QUALITIES.maj.intervals), voicing(7, CHORD_QUALITIES['7'].intervals)];
  const piano = await resample(pianoChords(beatGrid(12, 100), chords, 4, 12, { accentDownbeats: true }), TEST_RATE, 48000);
  const path = join(root, 'microphone.wav');
  await fs.writeFile(path, encodeWav([piano], 48000, 'int16'));
  return path;
}

const session = browserSession({ microphone: pianoAt100 });
const { openPage, shot, pageErrors } = session;

test('record in the page: a count-in, the input level, 8 s from the microphone become the solo of a remix', { skip, timeout: 120_000 }, async () => {
  const page = await openPage();
  await page.fill('#count-in-bpm', '100');
  await page.click('#record-start');
  await page.waitForSelector('#record-stop:not([hidden])');
  await page.waitForFunction("Number(document.querySelector('#record-time').dataset.seconds) >= 1", null, { timeout: 20_000 });
  const level = Number(await page.getAttribute('#record-meter', 'data-level'));
  assert.ok(level > -40, `the input level shows the piano (${level} dBFS)`);
  await shot(page, 'record');
  await page.waitForFunction("Number(document.querySelector('#record-time').dataset.seconds) >= 8", null, { timeout: 30_000 });
  await page.click('#record-stop');
  await page.waitForFunction("document.querySelector('#record-time').dataset.take !== undefined");
  const take = (await page.getAttribute('#record-time', 'data-take'))!;
  assert.match(take, /^take-\d{8}-\d{6}\.wav$/);
  assert.equal(await page.isVisible('#record-playback'), true, 'the take can be heard back');
  assert.equal(await page.getAttribute('#record-meter', 'data-level'), '-Infinity', 'the meter falls to nothing when the microphone stops');
  await page.selectOption('#remix-form select[name=model]', 'tiny');
  await page.click('#generate');
  await page.waitForSelector('#mixer[data-loaded]', { timeout: 100_000 });
  const id = (await page.getAttribute('#mixer', 'data-remix'))!;
  const record = (await (await fetch(`${session.server.url}/api/remixes/${id}`)).json()) as RemixRecord;
  assert.equal(record.fileName, take, 'the remix is of the take');
  assert.ok(record.result!.seconds >= 7.9 && record.result!.seconds < 9.5, `8 s recorded (${record.result!.seconds} s)`);
  const bpm = record.result!.analysis!.tempo.bpm;
  assert.ok(Math.abs(bpm - 100) / 100 < 0.04, `the piano's 100 BPM is heard in the take (${bpm})`);
  await shot(page, 'record-remix');
  await page.close();
});

test('train: overall progress, Start disabled while running, Stop then Resume, the new model offered in Remix without a reload; Compare evaluates', { skip, timeout: 240_000 }, async () => {
  const page = await openPage();
  await page.click('[data-tab=train]');
  await page.selectOption('#train-form select[name=dataset]', 'tiny');
  await page.selectOption('#train-form select[name=preset]', 'spectral');
  await page.selectOption('#train-form select[name=architecture]', 'one2four-split');
  await page.selectOption('#train-form select[name=representation]', 'waveform');
  await page.fill('#train-form input[name=epochs]', '2');
  // Sizes and settings: the library's numeric options, offered with their flags; small ones keep the test short.
  await page.click('#train-settings summary');
  const offered = await page.locator('#train-settings input').evaluateAll((inputs) => inputs.map((i) => i.getAttribute('name')));
  for (const key of ['stepsPerEpoch', 'batchSize', 'lstmUnits', 'windowSeconds', 'learningRate', 'seed']) assert.ok(offered.includes(key), `${key} offered (${offered.join(', ')})`);
  const fields = { stepsPerEpoch: '3', windowSeconds: '0.5', lstmUnits: '4', featureUnits: '8', name: 'browser-model' };
  for (const [name, value] of Object.entries(fields)) await page.fill(`#train-form input[name=${name}]`, value);
  await page.click('#start-training');
  await page.waitForSelector('#train-status[data-state=running]');
  assert.equal(await page.isDisabled('#start-training'), true, 'Start is disabled while a job runs');
  await page.waitForFunction("Number(document.querySelector('#train-status').dataset.total) > 0 && [...document.querySelectorAll('.loss-chart')].some((c) => Number(c.dataset.points) >= 1)", null, { timeout: 120_000 });
  assert.match((await page.textContent('#train-status-text'))!, /%/, 'overall progress in percent');
  await shot(page, 'train-running');
  await page.click('#stop-training');
  await page.waitForSelector('#train-status[data-state=stopped]');
  assert.equal(await page.isVisible('#resume-training'), true, 'Resume offered after Stop');
  assert.equal(await page.isDisabled('#start-training'), false);
  await shot(page, 'train-stopped');
  await page.click('#resume-training');
  await page.waitForSelector('#train-status[data-state=done]', { timeout: 200_000 });
  const state = (await (await fetch(`${session.server.url}/api/train`)).json()) as { job: { info: { options: Record<string, unknown> } }; histories: Record<string, { epoch: number }[]> };
  assert.equal(state.job.info.options['stepsPerEpoch'], 3, 'the settings fields reach the job');
  assert.equal(state.job.info.options['windowSeconds'], 0.5);
  assert.equal(state.job.info.options['lstmUnits'], 4);
  const histories = state.histories;
  for (const part of ['drums', 'bass', 'other']) assert.deepEqual(histories[part]!.map((h) => h.epoch), [1, 2], `${part}: every epoch once across Stop and Resume`);
  const parts = await page.locator('.loss-chart').evaluateAll((charts) => charts.map((c) => `${c.getAttribute('data-part')}:${c.getAttribute('data-points')}`));
  assert.deepEqual(parts.sort(), ['bass:2', 'drums:2', 'other:2', 'piano:2'], 'a loss curve with every epoch for each sub-model');
  await page.waitForFunction("[...document.querySelectorAll('#remix-form select[name=model] option')].some((o) => o.value === 'browser-model')");
  await shot(page, 'train');

  await page.click('[data-tab=compare]');
  const section = page.locator('.model-eval[data-model=tiny]');
  await section.locator('button[type=submit]').click();
  await page.waitForSelector('.model-eval[data-model=tiny] table.eval', { timeout: 120_000 });
  const systems = await page.locator('.model-eval[data-model=tiny] table.eval tbody th').allTextContents();
  for (const system of ['tiny', 'template-band', 'echo', 'another-song', 'retrieval', 'silence']) assert.ok(systems.includes(system), `${system} row in the comparison (rows: ${systems.join(', ')})`);
  const captions = await page.locator('.model-eval[data-model=tiny] figcaption').allTextContents();
  assert.deepEqual(captions.slice(0, 2), ['Fit to the solo (whole band)', 'Note onsets per stem'], 'the Compare tab leads with fit and note onsets');
  assert.ok((await page.locator('.model-eval[data-model=tiny] ul.explain li').count()) >= 4, 'every column is explained');
  await shot(page, 'compare');
  await page.close();
  assert.deepEqual(pageErrors, [], 'no page errors in any test');
});
