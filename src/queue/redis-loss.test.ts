/**
 * The queue is honest about Redis: killed while a worker makes a remix, the server says so
 * within seconds (in its log and to the page), the worker finishes and keeps the outcome in
 * the shared folder, and when Redis is back the remix is recovered from it — done, not
 * "running" for ever nor failed (it is settled from that outcome as soon as it is there, Redis
 * or not). A server that starts again finds it likewise.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeWav } from '../io/wav.js';
import { pianoChords, beatGrid } from '../testing/music.js';
import { serverFixture, type ServerFixture } from '../testing/server-fixture.js';
import { tempDir } from '../testing/fixtures.js';
import { until } from '../testing/until.js';
import { OUTCOMES_DIR, writeOutcome } from './outcomes.js';
import { rootsHere } from './roots.js';
import type { PublicJob, RemixRecord } from '../server/api-types.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
const requireRedis = process.env['REMIXER_REQUIRE_REDIS'] === '1';
const skip = !hasRedis && !requireRedis ? 'redis-server is not installed (apt-get install redis-server); .ci/run installs it' : false;
const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

const children: ChildProcess[] = [];
let fixture: ServerFixture;

/** A redis-server of this test's own on `port` (it is killed and started again): null when it does not answer within 10 s. */
async function startRedis(port: number): Promise<ChildProcess | null> {
  const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(server);
  let exited = false;
  server.on('exit', () => (exited = true));
  for (let waited = 0; waited < 10_000 && !exited; waited += 100) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (open) return server;
    await new Promise((r) => setTimeout(r, 100));
  }
  server.kill('SIGKILL');
  return null;
}

before(async () => {
  if (skip) return;
  fixture = await serverFixture({ score: true, waveform: false });
});

after(() => {
  for (const child of children) child.kill('SIGKILL');
});

test('Redis killed while a worker makes a remix: said within seconds, the remix recovered from its files when Redis is back', { skip, timeout: 240_000 }, async () => {
  let port = 0;
  let redis: ChildProcess | null = null;
  for (let attempt = 0; attempt < 5 && !redis; attempt++) {
    port = 20000 + Math.floor(Math.random() * 20000);
    redis = await startRedis(port);
  }
  assert.ok(redis, 'redis-server started');
  const url = `redis://127.0.0.1:${port}`;
  const work = join(await tempDir(), 'work');
  await fs.mkdir(work);
  const worker = spawn(process.execPath, ['--import', 'tsx', MAIN, 'worker', '--queue', url, '--work', work, '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(worker);
  // What the worker said, for the message of a failure.
  const workerSaid: string[] = [];
  worker.stdout!.on('data', (chunk: Buffer) => workerSaid.push(chunk.toString()));
  worker.stderr!.on('data', (chunk: Buffer) => workerSaid.push(chunk.toString()));
  const said = () => `worker said:\n${workerSaid.join('').slice(-2000)}`;
  const logs: string[] = [];
  const server = await fixture.start({ workDir: work, queue: url, log: (line) => logs.push(line) });
  try {
    const form = new FormData();
    // Long enough for the worker to be in the middle of it when Redis goes.
    form.append('file', new Blob([encodeWav([pianoChords(beatGrid(40, 120), [[0, 4, 7], [5, 9, 12]], 4, 40)], 16000, 'int16')]), 'take.wav');
    form.append('model', 'tiny-score');
    const response = await fetch(`${server.url}/api/remix`, { method: 'POST', body: form });
    assert.equal(response.status, 202);
    const job = (await response.json()) as PublicJob;
    const getJob = async () => (await (await fetch(`${server.url}/api/jobs/${job.id}`)).json()) as PublicJob;
    await until(async () => ((await getJob()).status === 'running' ? true : null), 120_000);
    redis!.kill('SIGKILL');
    const lost = performance.now();
    const linesBefore = logs.length;
    const since = () => logs.slice(linesBefore);
    await until(async () => (since().some((l) => /the queue at .* is unreachable; jobs wait until it is back/.test(l)) ? true : null), 20_000);
    assert.ok((performance.now() - lost) / 1000 < 10, `noticed within seconds (${((performance.now() - lost) / 1000).toFixed(1)} s)`);
    const seen = await getJob();
    assert.equal(seen.notice, 'the queue is unreachable; jobs wait', 'the page is told');
    // The worker finishes and keeps its outcome in the shared folder while Redis is away; the
    // server settles the job from it at its next probe (and removes it), Redis still gone, so
    // the job is done before Redis is back: that is the only way it could have heard.
    const done = await until(async () => {
      const state = await getJob();
      return state.status === 'done' || state.status === 'failed' ? state : null;
    }, 180_000).catch((error: unknown) => assert.fail(`${String(error)}; ${said()}`));
    assert.equal(done.status, 'done', `${done.error ?? ''}; ${said()}`);
    assert.ok(since().every((l) => !/the queue at \S+ is back:/.test(l)), `settled while Redis was away (${since().join(' | ')})`);
    redis = await startRedis(port);
    assert.ok(redis, 'redis-server started again');
    await until(async () => (since().some((l) => /the queue at \S+ is back:/.test(l)) ? true : null), 15_000);
    const record = (await (await fetch(`${server.url}/api/remixes/${String(job.info['remix'])}`)).json()) as RemixRecord;
    assert.equal(record.status, 'done');
    assert.ok((await fs.stat(join(work, 'remixes', record.id, 'remix.wav'))).size > 0);
    assert.deepEqual(await fs.readdir(join(work, OUTCOMES_DIR)), [], 'the kept outcome is removed once the remix is recovered');
  } finally {
    await server.close();
    worker.kill('SIGKILL');
  }
});

test('a server that starts again recovers a remix a queue worker finished while it was down', async () => {
  const work = join(await tempDir(), 'work');
  const server = await fixture?.start({ workDir: work }) ?? null;
  if (!server) return;
  await server.close();
  // What the server left: a remix still running on a queue job, whose worker has since finished.
  const id = 'r-recovered';
  const record: RemixRecord = { id, createdAt: new Date().toISOString(), fileName: 'take.wav', model: 'tiny-score', modelLabel: 'tiny', sourceStem: 'piano', playsNotes: true, status: 'running', error: null, jobId: 'job-1', settings: { seconds: null, generateSource: false, temperature: 0, temperatures: {}, seeds: {}, programs: {} }, tracks: ['solo', 'drums'], result: null };
  await fs.mkdir(join(work, 'remixes', id), { recursive: true });
  await fs.writeFile(join(work, 'remixes', id, 'remix.json'), JSON.stringify(record));
  await writeOutcome(rootsHere(work), 'job-1', { ok: true, result: { sampleRate: 44100, channels: 2, seconds: 3, loudnessLufs: -14, analysis: null, notes: {}, programs: {}, midi: null, mp3: null } });
  const again = await fixture.start({ workDir: work });
  try {
    const read = (await (await fetch(`${again.url}/api/remixes/${id}`)).json()) as RemixRecord;
    assert.equal(read.status, 'done');
    assert.equal(read.result?.seconds, 3);
  } finally {
    await again.close();
  }
});
