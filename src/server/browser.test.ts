/**
 * End-to-end: the built page in Debian's chromium (driven by playwright-core, never a
 * downloaded browser) against a real server. Upload a WAV the test makes, generate,
 * move a slider, mute a stem, download, and check the download against the server's
 * tracks; train from the page and watch the loss curves; evaluate from Compare.
 *
 * Without a chromium on the machine the test is skipped with a note, unless
 * REMIXER_REQUIRE_BROWSER=1 (set by .ci/run, which installs chromium) makes it fail.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { encodeWav } from '../io/wav.js';
import { decodeAudioFile } from '../io/decode.js';
import { sine } from '../testing/fixtures.js';
import { buildWebPage, serverFixture, type ServerFixture } from '../testing/server-fixture.js';
import type { RunningServer } from './server.js';

const CHROMIUM_CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-headless-shell', '/usr/lib/chromium/chromium', '/usr/bin/chromium-browser'];
const executablePath = CHROMIUM_CANDIDATES.find((p): p is string => !!p && existsSync(p));
const required = process.env['REMIXER_REQUIRE_BROWSER'] === '1';
const skip = executablePath || required ? false : 'no chromium found (apt-get install chromium, or set CHROMIUM_PATH)';

/** Where screenshots go for people to look at: <repo>/test-output/web/. */
const OUTPUT_DIR = fileURLToPath(new URL('../../test-output/web/', import.meta.url));

let fixture: ServerFixture;
let server: RunningServer;
let browser: Browser;

before(async () => {
  if (skip) return;
  assert.ok(executablePath, 'REMIXER_REQUIRE_BROWSER=1 but no chromium was found');
  fixture = await serverFixture();
  server = await fixture.start({ webRoot: await buildWebPage() });
  browser = await chromium.launch({
    executablePath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  await fs.mkdir(OUTPUT_DIR, { recursive: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPage(): Promise<Page> {
  const page = await browser.newPage({ acceptDownloads: true, viewport: { width: 1200, height: 1000 } });
  page.on('pageerror', (error) => process.stderr.write(`page error: ${error.message}\n`));
  await page.goto(`${server.url}/`);
  await page.waitForSelector('body[data-ready="true"]');
  return page;
}

/** Least-squares coefficients c minimising |y - Σ c_k x_k|. */
function leastSquares(y: Float32Array, xs: Float32Array[]): number[] {
  const k = xs.length;
  const a = Array.from({ length: k }, () => new Float64Array(k + 1));
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      let s = 0;
      for (let n = 0; n < y.length; n++) s += xs[i]![n]! * xs[j]![n]!;
      a[i]![j] = s;
    }
    let s = 0;
    for (let n = 0; n < y.length; n++) s += xs[i]![n]! * y[n]!;
    a[i]![k] = s;
  }
  // Gaussian elimination with partial pivoting.
  for (let col = 0; col < k; col++) {
    let pivot = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[pivot]![col]!)) pivot = r;
    [a[col], a[pivot]] = [a[pivot]!, a[col]!];
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = a[r]![col]! / a[col]![col]!;
      for (let c = col; c <= k; c++) a[r]![c]! -= f * a[col]![c]!;
    }
  }
  return a.map((row, i) => row[k]! / row[i]!);
}

test('remix in the browser: upload, generate, move a slider, mute a stem, download', { skip, timeout: 180_000 }, async () => {
  const page = await openPage();
  const soloPath = join(fixture.root, 'browser-solo.wav');
  // A 2 s two-note solo at 16 kHz (the model runs at 8 kHz: the server resamples).
  const solo = new Float32Array(32000);
  solo.set(sine(262, 1, 16000, 0.4), 0);
  solo.set(sine(330, 1, 16000, 0.4), 16000);
  await fs.writeFile(soloPath, encodeWav([solo], 16000, 'int16'));

  await page.setInputFiles('#remix-form input[name=file]', soloPath);
  await page.selectOption('#remix-form select[name=model]', 'tiny');
  await page.fill('#remix-form input[name=seconds]', '3');
  await page.click('#generate');
  await page.waitForSelector('body[data-remix-job]', { timeout: 120_000 });
  const job = (await page.getAttribute('body', 'data-remix-job'))!;
  const attributes = (selector: string, name: string) => page.locator(selector).evaluateAll((nodes, n) => nodes.map((node) => node.getAttribute(n) ?? ''), name);
  const tracks = await attributes('#tracks .track', 'data-track');
  assert.deepEqual(tracks, ['solo', 'drums', 'bass', 'other'], 'the solo and the three generated stems (piano is the solo)');
  await page.waitForFunction("[...document.querySelectorAll('#tracks .track')].every((row) => row.dataset.waveform === 'ready')");

  await page.fill('[aria-label="bass gain"]', '0.5');
  assert.equal(await page.textContent('.track[data-track=bass] output'), '0.50');
  await page.click('.track[data-track=drums] [data-role=mute]');
  assert.equal(await page.getAttribute('.track[data-track=drums] [data-role=mute]', 'aria-pressed'), 'true');
  await page.screenshot({ path: join(OUTPUT_DIR, 'mixer.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  const downloaded = join(fixture.root, 'browser-download.wav');
  await download.saveAs(downloaded);
  const mix = await decodeAudioFile(downloaded);
  assert.equal(mix.sampleRate, 16000, "the solo's own rate (the model runs at 8 kHz)");
  assert.ok(Math.abs(mix.channels[0]!.length / mix.sampleRate - 3) < 0.01, `3 s long (got ${mix.channels[0]!.length / mix.sampleRate} s)`);

  // The download is a weighted sum of the server's tracks: solo 1, drums 0 (muted), bass 0.5, other 1.
  const source = await Promise.all(
    tracks.map(async (name) => {
      const bytes = new Uint8Array(await (await fetch(`${server.url}/api/jobs/${job}/audio/${name}.wav`)).arrayBuffer());
      const path = join(fixture.root, `track-${name}.wav`);
      await fs.writeFile(path, bytes);
      return (await decodeAudioFile(path)).channels[0]!;
    }),
  );
  const c = leastSquares(mix.channels[0]!, source);
  const byName = Object.fromEntries(tracks.map((t, i) => [t, c[i]! / c[0]!]));
  assert.ok(Math.abs(byName['drums']!) < 0.02, `the muted drums are absent (relative weight ${byName['drums']})`);
  assert.ok(Math.abs(byName['bass']! - 0.5) < 0.02, `bass at the slider's 0.5 (got ${byName['bass']})`);
  assert.ok(Math.abs(byName['other']! - 1) < 0.02, `other at 1 (got ${byName['other']})`);
  const drumsEnergy = source[1]!.reduce((s, v) => s + v * v, 0);
  assert.ok(drumsEnergy > 1e-3, 'the drums stem has sound to be absent');
  await page.close();
});

test('train from the browser: live loss curves, one per sub-model; compare shows an evaluation', { skip, timeout: 240_000 }, async () => {
  const page = await openPage();
  await page.click('[data-tab=train]');
  await page.selectOption('#train-form select[name=dataset]', 'tiny');
  await page.selectOption('#train-form select[name=architecture]', 'one2four-split');
  await page.selectOption('#train-form select[name=representation]', 'waveform');
  await page.fill('#train-form input[name=epochs]', '2');
  await page.fill('#train-form input[name=name]', 'browser-model');
  await page.click('#start-training');
  await page.waitForSelector('#train-status[data-state=done]', { timeout: 200_000 });
  const parts = await page.locator('.loss-chart').evaluateAll((charts) => charts.map((c) => `${c.getAttribute('data-part')}:${c.getAttribute('data-points')}`));
  assert.deepEqual(parts.sort(), ['bass:2', 'drums:2', 'other:2', 'piano:2'], 'a loss curve with both epochs for each sub-model');
  await page.screenshot({ path: join(OUTPUT_DIR, 'train.png'), fullPage: true });

  await page.click('[data-tab=compare]');
  const section = page.locator('.model-eval[data-model=tiny]');
  await section.locator('button[type=submit]').click();
  await page.waitForSelector('.model-eval[data-model=tiny] table.eval', { timeout: 120_000 });
  const systems = await page.locator('.model-eval[data-model=tiny] table.eval tbody th').allTextContents();
  for (const system of ['tiny', 'template-band', 'echo', 'another-song', 'retrieval', 'silence']) assert.ok(systems.includes(system), `${system} row in the comparison (rows: ${systems.join(', ')})`);
  const captions = await page.locator('.model-eval[data-model=tiny] figcaption').allTextContents();
  assert.deepEqual(captions.slice(0, 2), ['Fit to the solo (whole band)', 'Note onsets per stem'], 'the Compare tab leads with fit and note onsets');
  assert.ok((await page.locator('.model-eval[data-model=tiny] ul.explain li').count()) >= 4, 'every column is explained');
  await page.screenshot({ path: join(OUTPUT_DIR, 'compare.png'), fullPage: true });
  await page.close();
});
