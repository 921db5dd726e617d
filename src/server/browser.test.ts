/**
 * End-to-end: the built page in Debian's chromium (driven by playwright-core, never a
 * downloaded browser) against a real server with a tiny waveform model and a tiny
 * score model. What a musician does, checked on the audio graph's state (data
 * attributes the mixer mirrors) and on the files that come down, never on pixels:
 * remix, A/B, loop, seek, gains and pans, the loudness-matched download; the analysis
 * of a known song, a new take of one stem, MIDI and ZIP; the history across a reload
 * and a server restart (training with Stop and Resume: browser-train.test.ts).
 * Screenshots of every view go to test-output/web/ on every run.
 *
 * Without a chromium on the machine the test is skipped with a note, unless
 * REMIXER_REQUIRE_BROWSER=1 (set by .ci/run, which installs chromium) makes it fail.
 */
import { MASTER_RATE } from '../remix/options.js';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { unzipSync } from 'fflate';
import { until } from '../testing/until.js';
import midiPackage from '@tonejs/midi';
import { encodeWav } from '../io/wav.js';
import { decodeAudioBytes, decodeAudioFile } from '../io/decode.js';
import { LoudnessMeter } from '../dsp/loudness.js';
import { sine } from '../testing/fixtures.js';
import { TEST_RATE, beatGrid, pianoChords, voicing } from '../testing/music.js';
import { CHORD_QUALITIES } from '../analysis/chords.js';
import { BROWSER_SKIP as skip, browserSession } from '../testing/browser-session.js';
import type { RemixRecord } from './api-types.js';

const { Midi } = midiPackage;
const session = browserSession({ score: true });
const { openPage, shot, pageErrors } = session;
/** The remixes the tests make, by test: the later tests open them again. */
const made: { waveform?: string; score?: string } = {};

const data = (page: Page, selector: string, name: string) => page.getAttribute(selector, `data-${name}`).then((v) => v ?? '');
const number = async (page: Page, selector: string, name: string) => Number(await data(page, selector, name));

/** Fetches a URL the page links to (relative to the page). */
async function fetchLinked(page: Page, selector: string): Promise<Response> {
  const href = (await page.getAttribute(selector, 'href'))!;
  const response = await fetch(new URL(href, `${session.server.url}/`));
  assert.equal(response.status, 200, `${selector} → ${href}`);
  return response;
}
const attachmentName = (response: Response) => /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1];

/** A track of a remix as the server has it: [left, right?]. */
async function serverTrack(id: string, track: string): Promise<Float32Array[]> {
  const bytes = new Uint8Array(await (await fetch(`${session.server.url}/api/remixes/${id}/audio/${track}.wav`)).arrayBuffer());
  return (await decodeAudioBytes(bytes, `${track}.wav`)).channels;
}

function lufs(channels: Float32Array[], sampleRate: number): number {
  const meter = new LoudnessMeter(sampleRate);
  meter.push(channels);
  return meter.integrated();
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

/** Uploads a file in the Remix tab and waits for the mixer to hold the remix; returns its id. */
async function makeRemix(page: Page, file: string, model: string, fields: Record<string, string> = {}): Promise<string> {
  await page.click('[data-tab=remix]');
  await page.setInputFiles('#remix-form input[name=file]', file);
  await page.selectOption('#remix-form select[name=model]', model);
  for (const [name, value] of Object.entries(fields)) await page.fill(`#remix-form input[name=${name}]`, value);
  await page.click('#generate');
  await page.waitForSelector('#mixer[data-loaded], #remix-error:not([hidden]), #mix-error:not([hidden])', { timeout: 120_000 }).catch(async (error: Error) => {
    const remixes = await (await fetch(`${session.server.url}/api/remixes`)).text();
    throw new Error(`${error.message}\nstatus: ${await page.textContent('#remix-status-text')}\nremixes: ${remixes.slice(0, 2000)}`);
  });
  for (const error of ['#remix-error', '#mix-error']) if (await page.isVisible(error)) assert.fail(`the remix failed: ${await page.textContent(error)}`);
  await page.waitForFunction("[...document.querySelectorAll('#tracks .track')].every((row) => row.dataset.waveform === 'ready')");
  return data(page, '#mixer', 'remix');
}

/** Opens the remix the score test made, in the Mix view. */
async function openScoreRemix(): Promise<{ id: string; page: Page }> {
  assert.ok(made.score, 'the score test made a remix');
  const id = made.score;
  const page = await openPage(`/#remix=${id}`);
  await page.waitForSelector(`#mixer[data-remix="${id}"]`);
  return { id, page };
}

/** Presses the mouse at fraction `from` of an element's width and releases it at `to`. */
async function drag(page: Page, selector: string, from: number, to: number): Promise<void> {
  const box = (await page.locator(selector).boundingBox())!;
  const y = box.y + box.height * 0.6;
  await page.mouse.move(box.x + box.width * from, y);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) await page.mouse.move(box.x + box.width * (from + ((to - from) * i) / 10), y);
  await page.mouse.up();
}

test('first load and a bad upload: no stale progress, a clear error that goes as the form is fixed; musician-readable model names', { skip, timeout: 60_000 }, async () => {
  const page = await openPage();
  assert.equal(await page.isVisible('#remix-status'), false, 'no empty progress bar on first load');
  const options = await page.locator('#remix-form select[name=model] option').allTextContents();
  assert.ok(options.some((o) => /^tiny: Piano → band, waveform model .*, \d+ songs \(finished after \d+ epochs?\)$/.test(o)), `model names in words, under their folder names, with where they stand (${options.join(' | ')})`);
  assert.ok(options.some((o) => /^tiny-score: Piano → band, score model/.test(o)), 'the score model in words');
  assert.match(options[0]!, /\(ships with Remixer\)$/, 'the band model Remixer ships is offered first');
  assert.equal(await page.inputValue('#remix-form select[name=model]'), 'band', 'and chosen');
  assert.equal(await page.isVisible('#style-field'), true, 'its styles are offered');
  const styles = await page.locator('#remix-form select[name=style] option').evaluateAll((o) => o.map((x) => (x as unknown as { value: string }).value));
  assert.equal(styles[0], 'auto', 'auto first');
  assert.ok(styles.includes('jazz-swing'), `styles: ${styles.join(', ')}`);
  await page.selectOption('#remix-form select[name=model]', 'tiny');
  assert.equal(await page.isVisible('#style-field'), false, 'no style for a model trained without styles');
  assert.match((await page.textContent('#model-detail'))!, /listens to a piano solo/, 'a hint about the instrument the model expects');
  assert.equal(await page.isVisible('#temperature-field'), false, 'no variation control for a model that does not play notes');
  await page.selectOption('#remix-form select[name=model]', 'tiny-score');
  assert.equal(await page.isVisible('#temperature-field'), true, 'a variation control for a score model');
  await shot(page, 'remix-form');

  const textFile = join(session.fixture.root, 'notes.wav');
  await fs.writeFile(textFile, 'this is a text file, not audio');
  await page.setInputFiles('#remix-form input[name=file]', textFile);
  await page.click('#generate');
  await page.waitForSelector('#remix-error:not([hidden])');
  assert.match((await page.textContent('#remix-error'))!, /notes\.wav/, 'the message names the file');
  assert.equal(await page.isVisible('#remix-status'), false, 'no "uploading…" and empty bar left beside the error');
  await shot(page, 'remix-error');
  const good = join(session.fixture.root, 'good.wav');
  await fs.writeFile(good, encodeWav([sine(262, 1, 8000, 0.4)], 8000, 'int16'));
  await page.setInputFiles('#remix-form input[name=file]', good);
  assert.equal(await page.isVisible('#remix-error'), false, 'the old error goes as the form is fixed');
  await page.close();
});

test('mix: the solo at its own rate and channels; play/pause, A/B, loop, seek, meters; gains and pans in a loudness-matched download named after the solo', { skip, timeout: 180_000 }, async () => {
  const page = await openPage();
  // A 3 s stereo solo at 16 kHz (the model runs at 8 kHz): two notes, the channels differ.
  const left = new Float32Array(48000);
  left.set(sine(262, 1.5, 16000, 0.4), 0);
  left.set(sine(330, 1.5, 16000, 0.4), 24000);
  const right = left.map((v, i) => 0.6 * v + 0.1 * Math.sin((2 * Math.PI * 440 * i) / 16000));
  const soloPath = join(session.fixture.root, 'browser-solo.wav');
  await fs.writeFile(soloPath, encodeWav([left, right], 16000, 'int16'));
  const id = await makeRemix(page, soloPath, 'tiny');
  made.waveform = id;
  const tracks = await page.locator('#tracks .track').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-track')));
  assert.deepEqual(tracks, ['solo', 'drums', 'bass', 'other'], 'the solo and the three generated stems (piano is the solo)');
  assert.match((await page.textContent('.track[data-track=solo] strong'))!, /Your solo \(browser-solo\.wav\)/, 'the recording is called what it is (no instrument said)');
  assert.equal(await page.locator('#mixer button', { hasText: /^Solo$/ }).count(), 0, 'no "Solo" button beside a track called Solo');
  const remixWav = await decodeAudioBytes(new Uint8Array(await (await fetchLinked(page, '#server-remix')).arrayBuffer()), 'remix.wav');
  assert.equal(remixWav.sampleRate, MASTER_RATE, 'the remix mastered at 44.1 kHz (the 16 kHz solo is lower)');
  assert.equal(remixWav.channels.length, 2, 'the remix in stereo');
  assert.equal(attachmentName(await fetchLinked(page, '#server-remix')), 'browser-solo-remix-tiny.wav', 'the mastered remix is named after the solo and the model');
  assert.equal(await page.textContent('[data-role=time]'), '0:00 / 0:03', 'the length beside the position');

  // Play / Pause, the position moves, meters show level; space pauses.
  assert.equal(await page.textContent('[data-role=play]'), 'Play');
  await page.click('[data-role=play]');
  assert.equal(await page.textContent('[data-role=play]'), 'Pause', 'Play says Pause while playing');
  await page.waitForFunction("Number(document.querySelector('#mixer').dataset.position) > 0.3", null, { timeout: 10_000 });
  await page.waitForFunction("Number(document.querySelector('.track[data-track=solo]').dataset.level) > -40", null, { timeout: 10_000 });
  await page.locator('#mix-title').click();
  await page.keyboard.press('Space');
  assert.equal(await data(page, '#mixer', 'playing'), 'false', 'space pauses');
  assert.equal(await page.textContent('[data-role=play]'), 'Play');
  const meters = await page.locator('#tracks .track').evaluateAll((rows) => rows.map((r) => `${r.getAttribute('data-level')}:${r.querySelector('[data-role=meter]')!.getAttribute('style')?.replace(/\s/g, '')}`));
  assert.ok(meters.every((m) => m === '-Infinity:width:0%;'), `the meters fall to nothing at Pause (${meters.join(', ')})`);
  const pausedAt = await number(page, '#mixer', 'position');
  await page.keyboard.press('Space');
  assert.equal(await data(page, '#mixer', 'playing'), 'true', 'space plays again');
  await page.keyboard.press('Space');
  assert.ok((await number(page, '#mixer', 'position')) >= pausedAt, 'from where it paused');

  // A/B: the solo alone, then the remix again.
  await page.click('[data-role=listen][data-listen=solo]');
  assert.equal(await data(page, '#mixer', 'listen'), 'solo');
  for (const t of ['drums', 'bass', 'other']) assert.equal(await number(page, `.track[data-track=${t}]`, 'effective-gain'), 0, `A: ${t} silent`);
  assert.equal(await number(page, '.track[data-track=solo]', 'effective-gain'), 1, 'A: the solo plays');
  await shot(page, 'mix-a-solo');
  await page.click('[data-role=listen][data-listen=remix]');
  for (const t of tracks) assert.equal(await number(page, `.track[data-track=${t}]`, 'effective-gain'), 1, `B: ${t} plays`);

  // Loop a region dragged on the top waveform; playing stays inside it.
  await drag(page, '.track[data-track=solo] .waveform', 0.3, 0.7);
  const [loopStart, loopEnd] = [await number(page, '#mixer', 'loop-start'), await number(page, '#mixer', 'loop-end')];
  assert.ok(Math.abs(loopStart - 0.9) < 0.2 && Math.abs(loopEnd - 2.1) < 0.2, `the loop is the dragged region (${loopStart}–${loopEnd} s)`);
  await page.click('[data-role=play]');
  assert.equal(await data(page, '#mixer', 'looping'), 'true', 'the sources loop');
  await page.waitForTimeout(2000);
  const inLoop = await number(page, '#mixer', 'position');
  assert.ok(inLoop >= loopStart - 0.05 && inLoop <= loopEnd + 0.05, `after 2 s the position ${inLoop} is inside the loop`);
  await shot(page, 'mix-loop');
  await page.click('[data-role=play]');
  await page.click('[data-role=clear-loop]');
  assert.equal(await data(page, '#mixer', 'loop-start'), '', 'the loop is cleared');

  // Click a waveform to seek.
  const bass = (await page.locator('.track[data-track=bass] .waveform').boundingBox())!;
  await page.mouse.click(bass.x + bass.width * 0.5, bass.y + bass.height * 0.5);
  const seeked = await number(page, '#mixer', 'position');
  assert.ok(Math.abs(seeked - 1.5) < 0.15, `a click at the middle seeks to 1.5 s (got ${seeked})`);
  assert.equal(await page.textContent('[data-role=time]'), '0:01 / 0:03');

  // Gains, a pan, a mute; the download is their weighted sum at the remix's loudness.
  await page.fill('[aria-label="bass gain"]', '0.5');
  assert.equal(await page.textContent('.track[data-track=bass] output'), '0.50');
  await page.fill('[aria-label="other pan"]', '0.5');
  await page.click('.track[data-track=drums] [data-role=mute]');
  assert.equal(await page.getAttribute('.track[data-track=drums] [data-role=mute]', 'aria-pressed'), 'true');
  await shot(page, 'mix');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(download.suggestedFilename(), 'browser-solo-remix-tiny-mix.wav', 'named after the solo and the model');
  const downloaded = join(session.fixture.root, 'browser-download.wav');
  await download.saveAs(downloaded);
  const mix = await decodeAudioFile(downloaded);
  assert.equal(mix.sampleRate, MASTER_RATE, "the remix's rate");
  assert.equal(mix.channels.length, 2, 'stereo');
  assert.ok(Math.abs(mix.channels[0]!.length / mix.sampleRate - 3) < 0.01, `3 s long (got ${mix.channels[0]!.length / mix.sampleRate} s)`);
  const [mixLufs, remixLufs] = [lufs(mix.channels, MASTER_RATE), lufs(remixWav.channels, MASTER_RATE)];
  assert.ok(Math.abs(mixLufs - remixLufs) < 1, `the download is as loud as the mastered remix (${mixLufs.toFixed(1)} vs ${remixLufs.toFixed(1)} LUFS)`);
  assert.match((await page.textContent('#mixdown-note'))!, /LUFS/, 'the loudness change is stated beside the button');

  const [soloL, soloR] = await serverTrack(id, 'solo');
  const stems = await Promise.all(['drums', 'bass', 'other'].map(async (t) => (await serverTrack(id, t))[0]!));
  const panAngle = (1.5 * Math.PI) / 4;
  for (const [side, channel, solo, otherWeight] of [['left', 0, soloL!, Math.cos(panAngle) * Math.SQRT2], ['right', 1, soloR!, Math.sin(panAngle) * Math.SQRT2]] as const) {
    const c = leastSquares(mix.channels[channel]!, [solo, ...stems]);
    const relative = c.map((v) => v / c[0]!);
    assert.ok(Math.abs(relative[1]!) < 0.02, `${side}: the muted drums are absent (${relative[1]})`);
    assert.ok(Math.abs(relative[2]! - 0.5) < 0.02, `${side}: bass at the slider's 0.5 (${relative[2]})`);
    assert.ok(Math.abs(relative[3]! - otherWeight) < 0.03, `${side}: other panned right, weight ${otherWeight.toFixed(3)} (got ${relative[3]})`);
  }
  assert.ok(stems[0]!.reduce((s, v) => s + v * v, 0) > 1e-3, 'the drums stem has sound to be absent');
  await page.close();
});

test('score model: the analysis of a known song above the waveforms, piano rolls, a new take of one stem, MIDI and ZIP', { skip, timeout: 180_000 }, async () => {
  const page = await openPage();
  // 12 s of piano at 100 BPM in 4/4: C, Am, F, G7, one chord a bar.
  const chords = [voicing(0, CHORD_QUALITIES.maj.intervals), voicing(9, CHORD_QUALITIES.min.intervals), voicing(5, CHORD_QUALITIES.maj.intervals), voicing(7, CHORD_QUALITIES['7'].intervals)];
  const piano = pianoChords(beatGrid(12, 100), chords, 4, 12, { accentDownbeats: true });
  const songPath = join(session.fixture.root, 'my song.wav');
  await fs.writeFile(songPath, encodeWav([piano], TEST_RATE, 'int16'));
  const id = await makeRemix(page, songPath, 'tiny-score', { temperature: '1' });
  made.score = id;
  const bpm = parseFloat((await page.textContent('#analysis [data-role=tempo]'))!);
  assert.ok(Math.abs(bpm - 100) < 3, `the tempo heard is shown (${bpm} BPM)`);
  const bars = await page.locator('#analysis .chord-chart .bar').allTextContents();
  assert.ok(bars.length >= 4, `a box per bar (${bars.length})`);
  const heard = bars.join(' ');
  for (const chord of ['C', 'Am', 'F', 'G']) assert.ok(heard.split(/\s+/).some((name) => name === chord || name.startsWith(`${chord}7`)), `${chord} in the chord chart (${heard})`);
  assert.ok((await page.locator('.track[data-track=bass] .bar-line').count()) >= 4, 'bar lines drawn on the waveforms');
  await page.click('#piano-rolls-box summary');
  const notes = await page.locator('.piano-roll').evaluateAll((figures) => figures.map((f) => Number(f.getAttribute('data-notes'))));
  assert.ok(notes.length > 0 && notes.some((n) => n > 0), `a piano roll per generated part (${notes.join(', ')})`);
  await shot(page, 'mix-score');

  // A seed past the CLI's bound is refused (1e300 + 1 is 1e300: every later take would repeat).
  const absurd = await fetch(`${session.server.url}/api/remixes/${id}/stems/bass/regenerate`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ seed: 1e300 }) });
  assert.equal(absurd.status, 400);
  assert.match(((await absurd.json()) as { error: string }).error, /^seed must be an integer >= 0 and <= 2147483647/);

  // Another instrument for the bass: the same notes, only its sound (and its MIDI program) change.
  const before = await Promise.all(['drums', 'bass', 'other'].map((t) => serverTrack(id, t)));
  const bassNotes = async () => {
    const midi = new Midi(new Uint8Array(await (await fetch(`${session.server.url}/api/remixes/${id}/midi`)).arrayBuffer()));
    return { program: midi.tracks[1]!.instrument.number, notes: midi.tracks[1]!.notes.map((n) => [n.ticks, n.durationTicks, n.midi, n.velocity]) };
  };
  const notesBefore = await bassNotes();
  await page.fill('[aria-label="other gain"]', '0.7');
  const bassMenu = '.track[data-track=bass] [data-role=instrument]';
  assert.equal(await page.inputValue(bassMenu), String(notesBefore.program), 'the menu shows the instrument playing');
  const another = notesBefore.program === 35 ? '36' : '35';
  let loaded = await data(page, '#mixer', 'loaded');
  await page.selectOption(bassMenu, another);
  await page.waitForFunction(`document.querySelector('#mixer').dataset.loaded !== ${JSON.stringify(loaded)}`, null, { timeout: 120_000 });
  await page.waitForFunction("[...document.querySelectorAll('#tracks .track')].every((row) => row.dataset.waveform === 'ready')");
  const resounded = await Promise.all(['drums', 'bass', 'other'].map((t) => serverTrack(id, t)));
  const notesAfter = await bassNotes();
  assert.deepEqual(notesAfter.notes, notesBefore.notes, 'the same bass notes');
  assert.equal(notesAfter.program, Number(another), 'on the new instrument');
  assert.ok(notesBefore.notes.length > 0, 'the bass plays notes');
  assert.notDeepEqual(resounded[1], before[1], 'the bass sounds different');
  assert.deepEqual([resounded[0], resounded[2]], [before[0], before[2]], 'drums and other untouched');
  assert.equal(await page.inputValue(bassMenu), another, 'the menu shows the new instrument');

  // A new take of the bass: new notes on the chosen instrument; the others and the gains stay.
  loaded = await data(page, '#mixer', 'loaded');
  await page.click('.track[data-track=bass] [data-role=regenerate]');
  await page.waitForFunction(`document.querySelector('#mixer').dataset.loaded !== ${JSON.stringify(loaded)}`, null, { timeout: 120_000 });
  await page.waitForFunction("[...document.querySelectorAll('#tracks .track')].every((row) => row.dataset.waveform === 'ready')");
  const after = await Promise.all(['drums', 'bass', 'other'].map((t) => serverTrack(id, t)));
  assert.deepEqual(after[0], before[0], 'the drums are untouched');
  assert.deepEqual(after[2], before[2], 'the other part is untouched');
  assert.notDeepEqual(after[1], resounded[1], 'the bass is a new take');
  assert.equal(await page.inputValue('[aria-label="other gain"]'), '0.7', 'the other gains stay as they were');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#download')]);
  assert.equal(download.suggestedFilename(), 'my_song-remix-tiny-score-mix.wav');
  const path = join(session.fixture.root, 'score-download.wav');
  await download.saveAs(path);
  const mix = (await decodeAudioFile(path)).channels[0]!;
  const [solo] = await serverTrack(id, 'solo');
  const c = leastSquares(mix, [solo!, ...after.map((t) => t[0]!)]);
  const relative = c.map((v) => v / c[0]!);
  assert.ok(Math.abs(relative[2]! - 1) < 0.03, `the new bass take is in the download at 1 (${relative[2]})`);
  assert.ok(Math.abs(relative[3]! - 0.7) < 0.03, `other at 0.7 (${relative[3]})`);

  // MIDI: the band's notes with the chosen bass instrument.
  assert.equal(await page.isVisible('#server-midi'), true, 'a MIDI download for a score model');
  const midiResponse = await fetchLinked(page, '#server-midi');
  assert.equal(attachmentName(midiResponse), 'my_song-remix-tiny-score.mid');
  const midi = new Midi(new Uint8Array(await midiResponse.arrayBuffer()));
  assert.deepEqual(midi.tracks.map((t) => t.name), ['drums', 'bass', 'other']);
  assert.equal(midi.tracks[1]!.instrument.number, Number(another), 'the bass plays the chosen instrument');

  // ZIP: the remix, its MIDI, the analysis and every stem, named after the song.
  const zipResponse = await fetchLinked(page, '#server-zip');
  assert.equal(attachmentName(zipResponse), 'my_song-remix-tiny-score.zip');
  const entries = unzipSync(new Uint8Array(await zipResponse.arrayBuffer()));
  const base = 'my_song-remix-tiny-score';
  assert.deepEqual(
    Object.keys(entries).sort(),
    [`${base}.mid`, `${base}.mp3`, `${base}.wav`, 'analysis.json', `stems/${base}-bass.wav`, `stems/${base}-drums.wav`, `stems/${base}-other.wav`, `stems/${base}-solo.wav`].sort(),
  );
  const zipped = await decodeAudioBytes(entries[`stems/${base}-bass.wav`]!, 'bass.wav');
  assert.equal(zipped.encoding, 'PCM 24-bit', 'stems in the ZIP are 24-bit PCM, as a DAW expects');
  const difference = zipped.channels[0]!.reduce((m, v, i) => Math.max(m, Math.abs(v - after[1]![0]![i]!)), 0);
  assert.ok(zipped.channels[0]!.length === after[1]![0]!.length && difference < 2 ** -22, `the ZIP holds the new bass take (largest difference ${difference})`);
  assert.ok(Math.abs(JSON.parse(new TextDecoder().decode(entries['analysis.json'])).tempo.bpm - 100) < 3, 'the analysis in the ZIP');
  await page.close();
});

test('edit what was heard: double, halve or type the tempo, click a bar to change its chord, "Play it again": the bars follow the tempo, the band plays the chords', { skip, timeout: 120_000 }, async () => {
  const { id, page } = await openScoreRemix();
  await page.click('#edit-analysis summary');
  const chart = '#edit-form textarea[name=chords]';
  assert.match(await page.inputValue(chart), /^Am \| F \| G7? \| C/, 'the chart as heard, one chord per bar from the first downbeat (the C before it is a pickup)');
  // ½×, 2× and "½ beat later" change the heard beats where they are, one at a time; a typed tempo takes their place.
  const beats = '#edit-form input[name=beats]';
  await page.click('#edit-form [data-role=double]');
  assert.equal(await page.inputValue(beats), 'double', '2× doubles the heard beats (not a rounded tempo)');
  assert.equal(await page.getAttribute('#edit-form [data-role=double]', 'aria-pressed'), 'true');
  await page.click('#edit-form [data-role=half]');
  assert.equal(await page.inputValue(beats), 'half');
  assert.equal(await page.getAttribute('#edit-form [data-role=double]', 'aria-pressed'), 'false');
  await page.click('#edit-form [data-role=half]');
  assert.equal(await page.inputValue(beats), '', 'pressed again, let go');
  await page.click('#edit-form [data-role=offbeat]');
  await page.fill('#edit-form input[name=tempo]', '120');
  assert.equal(await page.inputValue(beats), '', 'a typed tempo takes the place of a beat change');
  // Bar 2's chord, changed in the chart above the waveforms.
  const bar2 = '#analysis .chord-chart .bar[data-bar="2"]';
  await page.click(bar2);
  await page.fill(`${bar2} input`, 'Dm');
  await page.press(`${bar2} input`, 'Enter');
  assert.match(await page.inputValue(chart), /^Am \| Dm \| G7? \| C/, 'the clicked bar is written into the chart');
  const seeds = ((await (await fetch(`${session.server.url}/api/remixes/${id}`)).json()) as RemixRecord).settings.seeds;
  await shot(page, 'mix-edit');
  await page.click('#play-again');
  await page.waitForFunction("document.querySelector('#edit-status').textContent.startsWith('played again')", null, { timeout: 100_000 });
  const record = (await (await fetch(`${session.server.url}/api/remixes/${id}`)).json()) as RemixRecord;
  assert.equal(record.settings.corrections?.tempo, 120);
  assert.match(record.settings.corrections?.chords ?? '', /^Am \| Dm \| G7?/);
  assert.deepEqual(record.settings.seeds, seeds, 'every part keeps its seed');
  const analysis = record.result!.analysis!;
  const steps = analysis.beats.slice(1).map((t, i) => t - analysis.beats[i]!);
  assert.ok(steps.every((d) => Math.abs(d - 0.5) < 0.002), 'a steady 120 BPM');
  assert.equal(await page.locator('.track[data-track=bass] .bar-line').count(), analysis.downbeats.length, 'the bar lines are the new bars');
  assert.equal(await page.textContent(`${bar2}`), 'Dm');
  // The band plays the chords it was given: every pitched note starts on a tone of its bar's chord.
  const tonesAt = (t: number) => {
    const chord = analysis.chords.find((c) => t >= c.start - 1e-6 && t < c.end - 1e-6);
    return chord && chord.root >= 0 ? CHORD_QUALITIES[chord.quality as keyof typeof CHORD_QUALITIES].intervals.map((i) => (chord.root + i) % 12) : null;
  };
  let checked = 0;
  for (const stem of ['bass', 'other'] as const) {
    for (const note of record.result!.notes[stem] ?? []) {
      const tones = tonesAt(note.start);
      if (!tones) continue;
      assert.ok(tones.includes(note.pitch % 12), `${stem} ${note.pitch} at ${note.start.toFixed(2)} s is a tone of the chord (${tones})`);
      checked++;
    }
  }
  assert.ok(checked > 0, 'the band played notes to check');
  const zip = unzipSync(new Uint8Array(await (await fetch(`${session.server.url}/api/remixes/${id}/zip`)).arrayBuffer()));
  assert.equal(Math.round(JSON.parse(new TextDecoder().decode(zip['analysis.json'])).tempo.bpm), 120, 'the edited analysis is in the ZIP');
  await shot(page, 'mix-edited');
  // A wrong chord is one line from the server, shown beside the button.
  await page.fill(chart, 'C Xb9');
  await page.click('#play-again');
  await page.waitForFunction("document.querySelector('#edit-status').classList.contains('error')");
  assert.match((await page.textContent('#edit-status'))!, /chords: unknown chord "Xb9"/);
  await page.close();
});

test('tap the beat: taps on the T key while the solo plays set the tempo and the first downbeat, and the band plays again on them; readings that came close are one click away', { skip, timeout: 120_000 }, async () => {
  const { id, page } = await openScoreRemix();
  assert.equal(await page.isVisible('#heard-choices'), true, 'the choices and the tap button are there before playing');
  const record = (await (await fetch(`${session.server.url}/api/remixes/${id}`)).json()) as RemixRecord;
  const offered = record.result!.analysis!.alternatives ?? [];
  assert.equal(await page.locator('#heard-choices [data-role=alternative]').count(), offered.length, 'each reading that came close is a button');
  // Five taps half a second apart while the remix plays: 120 BPM, the first tap a downbeat.
  await page.click('[data-role=play]');
  await page.waitForFunction("Number(document.querySelector('#mixer').dataset.position) > 0.3");
  const started = Number(await page.getAttribute('#mixer', 'data-position'));
  for (let i = 0; i < 5; i++) {
    await page.keyboard.press('t');
    if (i < 4) await page.waitForTimeout(500);
  }
  // The page's tempo is the taps' own (a loaded machine presses a little late: half a second apart, give or take).
  const status = (await page.textContent('#tap-status')) ?? '';
  assert.match(status, /^5 taps: \d+\.\d BPM from \d+\.\d\d s$/);
  const shown = parseFloat(status.slice('5 taps: '.length));
  assert.ok(shown > 95 && shown < 125, `taps half a second apart are about 120 BPM (${shown})`);
  await page.waitForFunction("document.querySelector('#edit-status').textContent.startsWith('played again')", null, { timeout: 100_000 });
  const tapped = (await (await fetch(`${session.server.url}/api/remixes/${id}`)).json()) as RemixRecord;
  const corrections = tapped.settings.corrections!;
  assert.ok(Math.abs(corrections.tempo! - shown) < 0.1, `the tapped tempo is played (${corrections.tempo} BPM, ${shown} shown)`);
  assert.ok(corrections.firstDownbeat! >= started - 0.2 && corrections.firstDownbeat! < started + 1, `the first tap is the first downbeat (${corrections.firstDownbeat} s, playing from ${started} s)`);
  const analysis = tapped.result!.analysis!;
  const steps = analysis.beats.slice(1).map((t, i) => t - analysis.beats[i]!);
  assert.ok(steps.every((d) => Math.abs(d - 60 / corrections.tempo!) < 0.002), 'the band plays on the tapped grid');
  assert.ok(analysis.downbeats.some((t) => Math.abs(t - corrections.firstDownbeat!) < 0.01), 'the tapped downbeat starts a bar');
  await page.close();
});

test('history: remixes survive a reload and a server restart; deleting one removes its files', { skip, timeout: 120_000 }, async () => {
  assert.ok(made.waveform && made.score, 'the earlier tests made two remixes');
  let page = await openPage(`/#remix=${made.score}`);
  await page.waitForSelector(`#mixer[data-remix="${made.score}"]`);
  assert.equal(await page.isVisible('#tab-mix'), true, 'a reload opens the remix in the address again');
  await page.close();

  await session.restartServer();
  page = await openPage();
  await page.click('[data-tab=history]');
  await page.waitForSelector('ul.history li');
  const listed = await page.locator('ul.history li').evaluateAll((items) => items.map((i) => i.getAttribute('data-remix')));
  assert.deepEqual(listed, [made.score, made.waveform], 'both remixes, newest first, after a restart');
  await shot(page, 'history');
  await page.click(`ul.history li[data-remix="${made.waveform}"] [data-role=open]`);
  await page.waitForSelector(`#mixer[data-remix="${made.waveform}"]`);
  await page.click('[data-tab=history]');
  // Deleting the open remix closes it: the mixer empties and the address forgets it.
  await page.click(`ul.history li[data-remix="${made.waveform}"] [data-role=delete]`);
  await page.waitForSelector(`ul.history li[data-remix="${made.waveform}"]`, { state: 'detached' });
  assert.equal(await page.isHidden('#mixer'), true, 'the deleted remix is no longer in the mixer');
  assert.equal(await page.evaluate('location.hash'), '', 'nor in the address');
  assert.equal(existsSync(join(session.fixture.workDir, 'remixes', made.waveform)), false, "the deleted remix's files are gone");
  assert.equal(existsSync(join(session.fixture.workDir, 'remixes', made.score)), true, 'the other stays');
  assert.equal((await fetch(`${session.server.url}/api/remixes/${made.waveform}`)).status, 404);
  await page.close();
  // Its old address opens the page without an error (the last test counts page errors).
  page = await openPage(`/#remix=${made.waveform}`);
  assert.equal(await page.evaluate('location.hash'), '');
  await page.close();
});

test('the style the shipped band played is shown: in the Mix view, in the history and in the download names', { skip, timeout: 120_000 }, async () => {
  const page = await openPage();
  const songPath = join(session.fixture.root, 'style take.wav');
  await fs.writeFile(songPath, encodeWav([pianoChords(beatGrid(8, 110), [voicing(0, CHORD_QUALITIES.maj.intervals), voicing(7, CHORD_QUALITIES.maj.intervals)], 4, 8)], TEST_RATE, 'int16'));
  await page.click('[data-tab=remix]');
  await page.selectOption('#remix-form select[name=instrument]', 'guitar');
  const id = await makeRemix(page, songPath, 'band');
  assert.match((await page.textContent('.track[data-track=solo] strong'))!, /^Your guitar \(style_take\.wav\)/, 'the solo called by the instrument the musician said');
  const record = (await (await fetch(`${session.server.url}/api/remixes/${id}`)).json()) as RemixRecord;
  const style = record.result!.style!;
  assert.ok(style, 'the record keeps the style played');
  assert.equal(await page.textContent('#mix-style'), `Style: ${style} (chosen from the solo, ${Math.round(record.result!.styleConfidence! * 100)} % sure)`);
  const zip = await fetch(`${session.server.url}/api/remixes/${id}/zip`);
  assert.equal(attachmentName(zip), `style_take-remix-band-${style}.zip`, 'the ZIP is named with the style');
  const entries = unzipSync(new Uint8Array(await zip.arrayBuffer()));
  assert.ok(entries[`style_take-remix-band-${style}.mid`], 'so are the files in it');
  assert.equal(JSON.parse(new TextDecoder().decode(entries['analysis.json'])).style.name, style, 'and analysis.json says it');
  await page.click('[data-tab=history]');
  await page.waitForSelector(`ul.history li[data-remix="${id}"] [data-role=style]`);
  assert.match((await page.textContent(`ul.history li[data-remix="${id}"] [data-role=style]`)) ?? '', new RegExp(`^${style} \\(chosen from the solo, \\d+ % sure\\)$`));

  // Practice: +2 semitones at 80 % with a click, a bar of intro and an ending; played, downloaded, in the ZIP.
  await page.click(`ul.history li[data-remix="${id}"] [data-role=open]`);
  await page.waitForSelector(`#mixer[data-remix="${id}"]`);
  await page.click('#practice-box summary');
  await page.fill('#practice-form input[name=transpose]', '2');
  await page.fill('#practice-form input[name=speed]', '80');
  await page.check('#practice-form input[name=click]');
  await page.fill('#practice-form input[name=intro]', '1');
  await page.check('#practice-form input[name=ending]');
  await page.click('#make-practice');
  await page.waitForSelector('#practice-result:not([hidden])', { timeout: 60_000 });
  assert.match((await page.textContent('#practice-status')) ?? '', /^The last practice version: \+2 semitones, 80 % speed, click, 1-bar intro, ending, \d+\.\d s$/);
  const practiced = (await (await fetch(`${session.server.url}/api/remixes/${id}`)).json()) as RemixRecord;
  assert.deepEqual(practiced.practice!.settings, { transpose: 2, speed: 80, click: true, intro: 1, ending: true });
  assert.ok(practiced.practice!.seconds > record.result!.seconds / 0.8, `longer than the remix at 80 % (${practiced.practice!.seconds} s)`);
  const practiceMidi = await fetchLinked(page, '#practice-midi');
  assert.equal(attachmentName(practiceMidi), `style_take-remix-band-${style}-practice.mid`);
  const band = new Midi(new Uint8Array(await (await fetch(`${session.server.url}/api/remixes/${id}/midi`)).arrayBuffer()));
  const slow = new Midi(new Uint8Array(await practiceMidi.arrayBuffer()));
  assert.ok(Math.abs(slow.header.tempos[0]!.bpm / band.header.tempos[0]!.bpm - 0.8) < 0.02, `the tempo at 80 % (${slow.header.tempos[0]!.bpm.toFixed(1)} against ${band.header.tempos[0]!.bpm.toFixed(1)} BPM)`);
  const bass = (midi: InstanceType<typeof Midi>) => midi.tracks.find((t) => t.name === 'bass')?.notes.map((n) => n.midi) ?? [];
  const bandBass = bass(band);
  // Every bass note of the band, two semitones up, is in the practice version (notes struck together may swap places).
  const count = (keys: number[]) => keys.reduce((m, k) => m.set(k, (m.get(k) ?? 0) + 1), new Map<number, number>());
  const slowCount = count(bass(slow));
  for (const [key, n] of count(bandBass)) assert.ok((slowCount.get(key + 2) ?? 0) >= n, `the bass's ${key} ${n} times as ${key + 2} (${bandBass.join(' ')} → ${bass(slow).join(' ')})`);
  assert.ok((slow.tracks.find((t) => t.name === 'click')?.notes.length ?? 0) > 4, 'the click in the MIDI');
  const played = Number(await page.evaluate(`(async () => {
    const audio = document.querySelector('#practice-audio');
    audio.load();
    await new Promise((resolve) => audio.addEventListener('loadedmetadata', resolve, { once: true }));
    return audio.duration;
  })()`));
  assert.ok(Math.abs(played - practiced.practice!.seconds) < 0.1, `the player holds it (${played} s)`);
  const zipped = unzipSync(new Uint8Array(await (await fetch(`${session.server.url}/api/remixes/${id}/zip`)).arrayBuffer()));
  assert.ok(zipped[`style_take-remix-band-${style}-practice.wav`] && zipped[`style_take-remix-band-${style}-practice.mid`], 'the ZIP holds the practice version');
  await page.close();
});

test('the page from the keyboard and on a phone: arrow keys between tabs, [ and ] loop on bar lines, nothing wider than 390 px', { skip, timeout: 120_000 }, async () => {
  const { id, page } = await openScoreRemix();
  await page.waitForFunction("[...document.querySelectorAll('#tracks .track')].every((row) => row.dataset.waveform === 'ready')");
  // Tabs: the arrow keys move the selection and the focus, wrapping at the ends.
  await page.focus('[role=tab][data-tab=mix]');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.getAttribute('[role=tab][data-tab=history]', 'aria-selected'), 'true');
  assert.equal(await page.evaluate('document.activeElement.dataset.tab'), 'history', 'the focus follows');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate('document.activeElement.dataset.tab'), 'remix');
  await page.keyboard.press('ArrowLeft');
  assert.equal(await page.evaluate('document.activeElement.dataset.tab'), 'compare', 'from the first to the last');
  await page.keyboard.press('Home');
  await page.keyboard.press('ArrowRight');
  assert.equal(await page.isVisible('#tab-mix'), true, 'back in the Mix tab');
  // [ and ] at the playhead: the loop starts and ends on the nearest bar lines, said in times and bars.
  const record = (await (await fetch(`${session.server.url}/api/remixes/${id}`)).json()) as RemixRecord;
  const downbeats = record.result!.analysis!.downbeats;
  assert.ok(downbeats.length >= 3, 'bars were heard');
  const duration = record.result!.seconds;
  const lines = [0, ...downbeats.filter((t) => t > 0 && t < duration), duration];
  const box = (await page.locator('.track[data-track=bass] .waveform').boundingBox())!;
  const seekTo = async (fraction: number) => {
    await page.mouse.click(box.x + box.width * fraction, box.y + box.height * 0.5);
    return number(page, '#mixer', 'position');
  };
  const nearest = (t: number) => lines.reduce((b, l) => (Math.abs(l - t) < Math.abs(b - t) ? l : b), lines[0]!);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const at1 = await seekTo(0.3);
  await page.keyboard.press('[');
  assert.ok(Math.abs((await number(page, '#mixer', 'loop-start')) - nearest(at1)) < 0.002, `[ at ${at1.toFixed(2)} s starts the loop on the bar line ${nearest(at1)}`);
  const at2 = await seekTo(0.8);
  await page.keyboard.press(']');
  assert.ok(Math.abs((await number(page, '#mixer', 'loop-end')) - nearest(at2)) < 0.002, `] at ${at2.toFixed(2)} s ends it on the bar line ${nearest(at2)}`);
  assert.match((await page.textContent('[data-role=loop-text]')) ?? '', /^loop 0:\d\d\.\d\d–0:\d\d\.\d\d, bars? \d+(–\d+)?$/, 'the loop in times and bars');
  await page.click('[data-role=clear-loop]');
  // A phone: no tab is wider than the screen, and every input stays inside its card.
  await page.setViewportSize({ width: 390, height: 844 });
  for (const tab of ['remix', 'mix', 'history', 'train', 'compare']) {
    await page.click(`[role=tab][data-tab=${tab}]`);
    await page.waitForTimeout(200);
    const width = await page.evaluate('document.documentElement.scrollWidth');
    assert.ok(Number(width) <= 390, `the ${tab} tab is ${width} px wide at 390 px`);
  }
  await page.click('[role=tab][data-tab=remix]');
  const outside = await page.evaluate(`[...document.querySelectorAll('#remix-form input, #remix-form select')].filter((e) => { const r = e.getBoundingClientRect(), f = e.closest('form').getBoundingClientRect(); return r.width > 0 && (r.right > f.right + 0.5 || r.left < f.left - 0.5); }).map((e) => e.name)`);
  assert.deepEqual(outside, [], 'every input inside the form');
  await page.close();
});

test('takes: every new take and replay is kept; undo and redo from the keyboard and buttons, go to a take, rename it, A/B two takes; a name for the remix', { skip, timeout: 120_000 }, async () => {
  assert.ok(made.score, 'the score test made a remix');
  const id = made.score;
  const read = async () => (await (await fetch(`${session.server.url}/api/remixes/${id}`)).json()) as RemixRecord;
  const bytes = async (path: string) => Buffer.from(await (await fetch(`${session.server.url}/api/remixes/${id}/${path}`)).arrayBuffer());
  const before = await read();
  const takes = before.takes ?? [];
  // The remix, the new bass instrument, the replays of the edit and tap tests.
  assert.ok(takes.length >= 3, `takes kept (${takes.map((t) => `${t.n} ${t.kind}`).join(', ')})`);
  assert.deepEqual(takes.map((t) => t.kind).slice(0, 2), ['remix', 'instrument']);
  assert.equal(before.take, takes[takes.length - 1]!.n, 'the last one made is current');
  const page = await openPage(`/#remix=${id}`);
  await page.waitForSelector(`#mixer[data-remix="${id}"]`);
  await page.click('#takes-box summary');
  assert.equal(await page.locator('#takes li').count(), takes.length, 'a row per take');
  // Ctrl+Z: the take before, its files in place and its settings in the record; the mixer plays it.
  let loaded = await data(page, '#mixer', 'loaded');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Control+z');
  await page.waitForFunction(`document.querySelector('#mixer').dataset.loaded !== ${JSON.stringify(loaded)}`, null, { timeout: 60_000 });
  const undone = await read();
  const previous = takes[takes.length - 2]!;
  assert.equal(undone.take, previous.n);
  assert.deepEqual(undone.settings, previous.settings);
  assert.ok((await bytes('audio/remix.wav')).equals(await bytes(`takes/${previous.n}/remix.wav`)), "the remix's files are the take's");
  assert.equal(await page.getAttribute(`#takes li[data-take="${previous.n}"]`, 'data-current'), 'true');
  // Redo with the button: the last take again.
  loaded = await data(page, '#mixer', 'loaded');
  await page.click('#redo-take');
  await page.waitForFunction(`document.querySelector('#mixer').dataset.loaded !== ${JSON.stringify(loaded)}`, null, { timeout: 60_000 });
  assert.equal((await read()).take, takes[takes.length - 1]!.n);
  assert.equal(await page.isDisabled('#redo-take'), true, 'nothing after the last take');
  // Go to the first take from its row, rename it.
  await page.click(`#takes li[data-take="1"] [data-role=select]`);
  await page.waitForFunction(`document.querySelector('#takes li[data-take="1"]').dataset.current === 'true'`, null, { timeout: 60_000 });
  assert.equal((await read()).take, 1);
  await page.fill('#takes li[data-take="1"] [data-role=name]', 'first idea');
  await page.click('#takes li[data-take="1"] [data-role=rename]');
  await page.waitForFunction(`document.querySelector('#ab-status') && true`);
  await until(async () => ((await read()).takes![0]!.name === 'first idea' ? true : null), 10_000);
  // A/B: take 1 against the last, switching where it plays.
  const last = takes[takes.length - 1]!.n;
  await page.check('#takes li[data-take="1"] [data-role=a]');
  await page.check(`#takes li[data-take="${last}"] [data-role=b]`);
  assert.match((await page.textContent('#ab-status')) ?? '', /^A: first idea, B: /);
  await page.waitForFunction(`document.querySelector('#take-a').dataset.take === '1' && document.querySelector('#take-b').dataset.take === '${last}'`, null, { timeout: 20_000 });
  await page.click('#ab-takes');
  assert.equal(await page.getAttribute('#ab-takes', 'data-playing'), 'a');
  await page.waitForFunction("document.querySelector('#take-a').currentTime > 0.5", null, { timeout: 20_000 });
  await page.click('#ab-takes');
  await page.waitForFunction("!document.querySelector('#take-b').paused", null, { timeout: 20_000 });
  assert.equal(await page.getAttribute('#ab-takes', 'data-playing'), 'b');
  const [a, b] = (await page.evaluate("['#take-a', '#take-b'].map((s) => document.querySelector(s)).map((x) => ({ paused: x.paused, time: x.currentTime }))")) as { paused: boolean; time: number }[];
  assert.equal(a!.paused, true, 'A paused');
  assert.ok(b!.time >= 0.3, `B goes on from where A was (${b!.time.toFixed(2)} s)`);
  assert.equal(await page.getAttribute('#take-b', 'data-take'), String(last));
  // Bad requests: a take that is not there, an empty name, undo past the first.
  assert.equal((await fetch(`${session.server.url}/api/remixes/${id}/takes/99/select`, { method: 'POST' })).status, 404);
  assert.equal((await fetch(`${session.server.url}/api/remixes/${id}/takes/1`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '' }) })).status, 400);
  assert.equal((await fetch(`${session.server.url}/api/remixes/${id}/undo`, { method: 'POST' })).status, 409, 'nothing before the first take');
  // The remix itself gets a name in the history, and the Mix view shows it.
  await page.click('[data-tab=history]');
  await page.fill(`ul.history li[data-remix="${id}"] [data-role=name-input]`, 'Evening practice');
  await page.click(`ul.history li[data-remix="${id}"] [data-role=rename]`);
  await page.waitForSelector(`ul.history li[data-remix="${id}"] [data-role=name]`);
  assert.equal(await page.textContent(`ul.history li[data-remix="${id}"] [data-role=name]`), 'Evening practice');
  assert.equal((await read()).name, 'Evening practice');
  await page.click(`ul.history li[data-remix="${id}"] [data-role=open]`);
  await page.waitForFunction("document.querySelector('#mix-title').textContent.startsWith('Evening practice: ')");
  assert.equal((await fetch(`${session.server.url}/api/remixes/${id}`, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: '   ' }) })).status, 400);
  await page.close();
});

test('no page errors in any test', { skip }, () => {
  assert.deepEqual(pageErrors, []);
});
