/**
 * End-to-end training in the browser (the page in Debian's chromium against a real server
 * over the tiny dataset): overall progress, Stop and Resume, the new model offered in the
 * Remix tab without a reload, and the Compare tab's evaluation. A file of its own so that
 * it runs beside the other browser tests.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BROWSER_SKIP as skip, browserSession } from '../testing/browser-session.js';

const session = browserSession();
const { openPage, shot, pageErrors } = session;

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
  await page.fill('#train-form input[name=stepsPerEpoch]', '3');
  await page.fill('#train-form input[name=windowSeconds]', '0.5');
  await page.fill('#train-form input[name=name]', 'browser-model');
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
