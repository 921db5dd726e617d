import { test, before, after } from 'node:test';
import { request } from 'node:http';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { encodeWav } from '../io/wav.js';
import { encodeFlac, sine, tempDir } from '../testing/fixtures.js';
import { flacStreamInfo } from '../io/probe.js';
import { PRESETS } from '../model/config.js';
import { serverFixture, type ServerFixture } from '../testing/server-fixture.js';
import { until } from '../testing/until.js';
import type { ModelListing, TrainingState } from './api-types.js';

let fixture: ServerFixture;
before(async () => {
  fixture = await serverFixture();
});

const solo = () => encodeWav([sine(262, 2, 16000, 0.4)], 16000, 'int16');

/**
 * A FLAC whose STREAMINFO says one hour of stereo silence at 44.1 kHz (the frames of
 * half a second follow): the server must refuse it from its header alone. Decoding it
 * would end in "truncated FLAC" instead, so the message tells the two apart.
 */
async function hourLongFlac(): Promise<Uint8Array> {
  const silence = new Float32Array(22050);
  const bytes = await encodeFlac([silence, silence], 44100);
  const total = 3600 * 44100;
  bytes[8 + 13] = (bytes[8 + 13]! & 0xf0) | Math.floor(total / 2 ** 32);
  new DataView(bytes.buffer, bytes.byteOffset).setUint32(8 + 14, total % 2 ** 32);
  assert.equal(flacStreamInfo(bytes)!.totalSamples, total);
  return bytes;
}

/** A WAV in A-law (format tag 6): a real encoding Remixer does not decode. */
function aLawWav(): Uint8Array {
  const data = 800;
  const bytes = new Uint8Array(44 + data);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, text: string) => [...text].forEach((c, i) => (bytes[at + i] = c.charCodeAt(0)));
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, 6, true);
  view.setUint16(22, 1, true);
  view.setUint32(24, 8000, true);
  view.setUint32(28, 8000, true);
  view.setUint16(32, 1, true);
  view.setUint16(34, 8, true);
  ascii(36, 'data');
  view.setUint32(40, data, true);
  return bytes;
}

function upload(url: string, bytes: Uint8Array | string, fields: Record<string, string> = { model: 'tiny' }, name = 'solo.wav') {
  const form = new FormData();
  form.append('file', new Blob([bytes]), name);
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return fetch(`${url}/api/remix`, { method: 'POST', body: form });
}

/** A GET whose path goes out exactly as written (fetch would resolve '..' and '%2e%2e' first). */
function rawGet(url: string, path: string): Promise<Response> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = request({ host: target.hostname, port: target.port, path, method: 'GET' }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve(new Response(Buffer.concat(chunks), { status: res.statusCode ?? 0 })));
    });
    req.on('error', reject);
    req.end();
  });
}

const running: { close(): Promise<void> }[] = [];
after(async () => {
  for (const server of running) await server.close().catch(() => {});
});

test('hostile requests get a 4xx with a message, leave no files, and the server keeps serving', async () => {
  const server = await fixture.start({ maxUploadBytes: 256 * 1024 });
  running.push(server);
  const url = server.url;
  const tried: [string, Promise<Response>, number][] = [
    ['non-audio upload', upload(url, 'this is a text file, not audio', { model: 'tiny' }, 'notes.wav'), 415],
    ['an encoding Remixer does not decode (A-law WAV): the status comes from the error kind', upload(url, aLawWav(), { model: 'tiny' }, 'alaw.wav'), 415],
    ['empty upload', upload(url, new Uint8Array(0)), 400],
    ['truncated WAV upload', upload(url, solo().subarray(0, 5000)), 400],
    ['oversized upload', upload(url, new Uint8Array(400 * 1024)), 413],
    ['upload without a file', fetch(`${url}/api/remix`, { method: 'POST', body: new FormData() }), 400],
    ['unknown model', upload(url, solo(), { model: 'no-such-model' }), 404],
    ['path traversal in the model', upload(url, solo(), { model: '../tiny' }), 400],
    ['absurd duration', upload(url, solo(), { model: 'tiny', seconds: '1e9' }), 400],
    ['absurd temperature', upload(url, solo(), { model: 'tiny', temperature: '1e300' }), 400],
    ['a style the shipped model does not know', upload(url, solo(), { model: 'band', style: 'polka-dots' }), 400],
    ['a style asked of a model without styles', upload(url, solo(), { model: 'tiny', style: 'swing' }), 400],
    ['an instrument that is no solo family', upload(url, solo(), { model: 'tiny', instrument: 'kazoo' }), 400],
    ['traversal in a model route', fetch(`${url}/api/models/..%2F..%2Fetc/eval`), 400],
    ['dotted model id', fetch(`${url}/api/models/.../eval`), 400],
    ['unknown job', fetch(`${url}/api/jobs/nope-123`), 404],
    ['traversal in a remix route', fetch(`${url}/api/remixes/..%2Fwork/audio/remix.wav`), 400],
    ['unknown remix', fetch(`${url}/api/remixes/nope-123/zip`), 404],
    ['deleting an unknown remix', fetch(`${url}/api/remixes/nope-123`, { method: 'DELETE' }), 404],
    ['stopping training when none runs', fetch(`${url}/api/train/stop`, { method: 'POST' }), 409],
    ['model file outside the whitelist', fetch(`${url}/api/models/tiny/files/all/remixer.json`), 404],
    ['training: traversal in the name', fetch(`${url}/api/train`, { method: 'POST', body: JSON.stringify({ dataset: 'tiny', name: '../../evil' }), headers: { 'content-type': 'application/json' } }), 400],
    ['training: traversal in the dataset', fetch(`${url}/api/train`, { method: 'POST', body: JSON.stringify({ dataset: '../data', name: 'x' }), headers: { 'content-type': 'application/json' } }), 400],
    ['training: unknown dataset', fetch(`${url}/api/train`, { method: 'POST', body: JSON.stringify({ dataset: 'nope', name: 'x' }), headers: { 'content-type': 'application/json' } }), 404],
    ['training: bad architecture', fetch(`${url}/api/train`, { method: 'POST', body: JSON.stringify({ dataset: 'tiny', name: 'x', architecture: 'gpt' }), headers: { 'content-type': 'application/json' } }), 400],
    ['training: unknown preset', fetch(`${url}/api/train`, { method: 'POST', body: JSON.stringify({ dataset: 'tiny', name: 'x', preset: '__proto__' }), headers: { 'content-type': 'application/json' } }), 400],
    ['training: not JSON', fetch(`${url}/api/train`, { method: 'POST', body: '{{{', headers: { 'content-type': 'application/json' } }), 400],
    ['training: sizes that cannot fit in memory are refused with the estimate', fetch(`${url}/api/train`, { method: 'POST', body: JSON.stringify({ dataset: 'tiny', name: 'huge', lstmUnits: 4096, featureUnits: 16384, batchSize: 4096, windowSeconds: 30 }), headers: { 'content-type': 'application/json' } }), 400],
    ['training: a seed past the CLI\'s bound', fetch(`${url}/api/train`, { method: 'POST', body: JSON.stringify({ dataset: 'tiny', name: 'x', seed: 1e300 }), headers: { 'content-type': 'application/json' } }), 400],
    ['training: existing model name', fetch(`${url}/api/train`, { method: 'POST', body: JSON.stringify({ dataset: 'tiny', name: 'tiny' }), headers: { 'content-type': 'application/json' } }), 409],
    ['unknown API route', fetch(`${url}/api/nothing-here`), 404],
  ];
  const messages: Record<string, string> = {};
  for (const [what, response, status] of tried) {
    const r = await response;
    const body = (await r.json().catch(() => ({}))) as { error?: string };
    assert.equal(r.status, status, `${what}: expected ${status}, got ${r.status} ${JSON.stringify(body)}`);
    assert.ok(typeof body.error === 'string' && body.error.length > 0, `${what}: a message`);
    messages[what] = body.error!;
    assert.equal((await fetch(`${url}/api/health`)).status, 200, `still serving after: ${what}`);
  }
  assert.match(messages['training: sizes that cannot fit in memory are refused with the estimate']!, /need about \d+ MB per training step, more than the \d+ MB training can use/);
  assert.match(messages["training: a seed past the CLI's bound"]!, /^seed must be an integer >= 0 and <= 2147483647/);
  assert.match(messages['absurd temperature']!, /^temperature must be a number >= 0 and <= 5/);
  assert.match(messages['a style the shipped model does not know']!, /^--style polka-dots: the model band knows no such style; it knows .+ \(or auto\)$/);
  assert.match(messages['a style asked of a model without styles']!, /^--style swing: the model tiny was trained without styles/);
  // The band model Remixer ships is offered first, with its styles, though the models folder holds only tiny.
  const models = (await (await fetch(`${url}/api/models`)).json()) as { id: string; shipped: boolean; styles: string[]; trained: boolean }[];
  assert.deepEqual(models.map((m) => [m.id, m.shipped]), [['band', true], ['tiny', false]]);
  assert.ok(models[0]!.trained && models[0]!.styles.includes('jazz-swing'), `its styles: ${models[0]!.styles.join(', ')}`);
  // Dot segments are resolved by the URL parser before routing: they land outside /api and never reach a file.
  for (const path of ['/api/remixes/abc/audio/..%2F..%2Fremixer.json', '/api/../../etc/passwd', '/api/%2e%2e/%2e%2e/etc/passwd', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd']) {
    const r = await rawGet(url, path);
    const text = await r.text();
    assert.ok(r.status >= 400, `${path}: refused (got ${r.status})`);
    assert.ok(!text.includes('root:'), `${path}: no file from outside the web root`);
  }
  const remixes = await fs.readdir(join(fixture.workDir, 'remixes')).catch(() => []);
  assert.deepEqual(remixes, [], 'no remix folders or partial uploads left behind');
  assert.deepEqual((await fs.readdir(fixture.modelsDir)).sort(), ['tiny'], 'no model folder created by a refused training request');
  await server.close();
});

test('a burst of hour-long FLAC uploads is refused from their headers at once: nothing is decoded, memory stays flat', async () => {
  const server = await fixture.start();
  running.push(server);
  const flac = await hourLongFlac();
  const rss = process.memoryUsage().rss;
  const started = performance.now();
  const answers = await Promise.all(Array.from({ length: 10 }, async () => {
    const sent = performance.now();
    const r = await upload(server.url, flac, { model: 'tiny' }, 'hour of silence.flac');
    return { status: r.status, error: ((await r.json()) as { error: string }).error, ms: performance.now() - sent };
  }));
  for (const a of answers) {
    assert.equal(a.status, 400);
    assert.match(a.error, /^hour_of_silence\.flac: 60\.0 min is longer than the 10\.0 min limit$/);
    assert.ok(a.ms < 1000, `answered in ${a.ms.toFixed(0)} ms`);
  }
  const grown = (process.memoryUsage().rss - rss) / 2 ** 20;
  assert.ok(grown < 100, `memory grew by ${grown.toFixed(0)} MB (decoding one would take 1.2 GB)`);
  assert.ok(performance.now() - started < 3000);
  assert.deepEqual(await fs.readdir(join(fixture.workDir, 'remixes')).catch(() => []), [], 'nothing kept');
  await server.close();
});

test('a burst of remix requests: one worker, one place in the queue; the rest get 503 with Retry-After, every accepted one finishes in a warm thread', async () => {
  const workDir = join(fixture.root, 'work-burst');
  const server = await fixture.start({ workers: 1, maxQueue: 1, workDir });
  running.push(server);
  const rss = process.memoryUsage().rss;
  let peak = rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const answers = await Promise.all(Array.from({ length: 6 }, async () => {
    const r = await upload(server.url, solo());
    return { status: r.status, retryAfter: r.headers.get('retry-after'), body: (await r.json()) as { id?: string; error?: string; queuePosition?: number | null } };
  }));
  const accepted = answers.filter((a) => a.status === 202);
  const refused = answers.filter((a) => a.status === 503);
  assert.equal(accepted.length + refused.length, answers.length, JSON.stringify(answers.map((a) => a.status)));
  // One runs and one waits: two accepted (uploads arrive together, so all are counted before any ends).
  assert.equal(accepted.length, 2, JSON.stringify(answers.map((a) => a.status)));
  assert.deepEqual(accepted.map((a) => a.body.queuePosition).sort(), [1, null]);
  for (const r of refused) {
    assert.ok(Number(r.retryAfter) >= 1, `Retry-After ${r.retryAfter}`);
    assert.match(r.body.error!, /^the server is busy: 1 job is waiting \(the limit is 1\); try again in \d+ s$/);
  }
  const ended = await Promise.all(accepted.map((a) => until(async () => {
    const job = (await (await fetch(`${server.url}/api/jobs/${a.body.id}`)).json()) as { status: string; error: string | null };
    return job.status === 'queued' || job.status === 'running' ? null : job;
  })));
  for (const job of ended) assert.equal(job.status, 'done', job.error ?? '');
  clearInterval(sampler);
  // The server and its one warm thread (TensorFlow.js and the model loaded) stay within a bound.
  const grown = (peak - rss) / 2 ** 20;
  assert.ok(grown < 500, `server memory grew by ${grown.toFixed(0)} MB under the burst (bound 500 MB)`);
  // Refused uploads left nothing behind; accepted ones are in the history.
  assert.equal((await fs.readdir(join(workDir, 'remixes'))).length, 2);
  // The queue has room again.
  const again = await upload(server.url, solo());
  assert.equal(again.status, 202);
  await server.close();
});

test('a second training job is refused while one runs; a restarted server resumes the first', async () => {
  let server = await fixture.start();
  running.push(server);
  const start = (name: string) =>
    fetch(`${server.url}/api/train`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataset: 'tiny', name, preset: 'spectral', architecture: 'one2one', representation: 'waveform', epochs: 4, lstmUnits: 4, featureUnits: 8 }) });
  const first = await start('web-model');
  assert.equal(first.status, 202);
  const second = await start('another');
  assert.equal(second.status, 409);
  assert.match(((await second.json()) as { error: string }).error, /already running/);
  // Wait for the first checkpoint, then stop the server mid-training.
  const modelDir = join(fixture.modelsDir, 'web-model');
  await until(async () => ((await fs.readFile(join(modelDir, 'checkpoint.json'), 'utf8').catch(() => null)) ? true : null));
  await server.close();
  server = await fixture.start();
  running.push(server);
  const state = await until(async () => {
    const r = (await (await fetch(`${server.url}/api/train`)).json()) as { job: { status: string; info: { resumed: boolean } } | null; histories: Record<string, { epoch: number }[]> };
    return r.job && r.job.status !== 'running' ? r : null;
  });
  assert.equal(state.job!.status, 'done');
  assert.equal(state.job!.info.resumed, true, 'the job was resumed after the restart');
  assert.deepEqual(state.histories['all']!.map((h) => h.epoch), [1, 2, 3, 4], 'no epoch lost or repeated across the restart');
  await server.close();
});

test('models are listed by folder name with where they stand; a training stopped before a restart can still be resumed', async () => {
  const modelsDir = await tempDir('remixer-models-');
  const workDir = await tempDir('remixer-work-');
  let server = await fixture.start({ modelsDir, workDir });
  running.push(server);
  const response = await fetch(`${server.url}/api/train`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataset: 'tiny', name: 'walk-stop', preset: 'spectral', architecture: 'one2one', representation: 'waveform', epochs: 50, lstmUnits: 4, featureUnits: 8 }) });
  assert.equal(response.status, 202, await response.clone().text());
  const listed = async () => ((await (await fetch(`${server.url}/api/models`)).json()) as ModelListing[]).find((m) => m.id === 'walk-stop');
  await until(async () => ((await listed())?.epochs ?? 0) >= 1 ? true : null);
  const training = (await listed())!;
  assert.equal(training.stage, 'training');
  assert.match(training.label, /^walk-stop: Piano → band, .* \(training now, \d+ epochs? so far\)$/);
  assert.equal((await fetch(`${server.url}/api/train/stop`, { method: 'POST' })).status, 200);
  await until(async () => ((await (await fetch(`${server.url}/api/train`)).json()) as TrainingState).job?.status === 'stopped' ? true : null);
  await server.close();
  server = await fixture.start({ modelsDir, workDir });
  running.push(server);
  const stopped = (await listed())!;
  assert.equal(stopped.stage, 'stopped', 'after a restart the model is stopped, not training');
  assert.match(stopped.label, /^walk-stop: .* \(stopped after \d+ epochs?: Resume in the Train tab\)$/);
  const state = (await (await fetch(`${server.url}/api/train`)).json()) as TrainingState;
  assert.equal(state.job?.status, 'stopped', 'the page still offers Resume');
  assert.equal(state.job?.info['model'], 'walk-stop');
  assert.ok((state.histories['all']?.length ?? 0) >= 1, 'with the epochs trained');
  assert.equal((await fetch(`${server.url}/api/train/resume`, { method: 'POST' })).status, 202);
  assert.equal((await listed())!.stage, 'training');
  await fetch(`${server.url}/api/train/stop`, { method: 'POST' });
  await server.close();
  const shipped = (await (await fetch(`${(server = await fixture.start({ modelsDir, workDir })).url}/api/models`)).json()) as ModelListing[];
  running.push(server);
  assert.match(shipped[0]!.label, /^band: .* \(ships with Remixer\)$/);
  await server.close();
});

test('training from the web app takes the preset\'s epochs when none are given, as the CLI does', async () => {
  const modelsDir = await tempDir('remixer-models-');
  const server = await fixture.start({ modelsDir, workDir: await tempDir('remixer-work-') });
  running.push(server);
  const response = await fetch(`${server.url}/api/train`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataset: 'tiny', name: 'by-preset', preset: 'paper', epochs: '' }) });
  assert.equal(response.status, 202, await response.clone().text());
  const config = await until(async () => JSON.parse((await fs.readFile(join(modelsDir, 'by-preset', 'remixer.json'), 'utf8').catch(() => 'null')) as string));
  assert.equal(config.training.epochs, PRESETS.paper.training.epochs);
  assert.equal(config.architecture, PRESETS.paper.architecture);
  await server.close();
});
