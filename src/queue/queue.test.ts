/**
 * Past one machine: a real redis-server on loopback, two `remixer worker` processes,
 * a server and a corpus build that send their jobs to the queue. One worker is killed
 * with SIGKILL in the middle of a job; the other takes it again, and what comes out is
 * byte for byte what the same jobs make embedded.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeWav } from '../io/wav.js';
import { tempDir } from '../testing/fixtures.js';
import { pianoChords, beatGrid, voicing } from '../testing/music.js';
import { serverFixture, type ServerFixture } from '../testing/server-fixture.js';
import { generateMmaDataset, mmaVersion } from '../dataset/mma/generate.js';
import { remix } from '../remix/remix.js';
import { QueueRunner } from './queue-runner.js';
import { relocate } from './roots.js';
import { RemixerError } from '../errors.js';
import { until } from '../testing/until.js';

const hasRedis = spawnSync('redis-server', ['--version']).status === 0 || Boolean(process.env['REMIXER_TEST_REDIS']);
const requireRedis = process.env['REMIXER_REQUIRE_REDIS'] === '1';
const hasMma = mmaVersion() !== null;
const skip = !hasRedis && !requireRedis ? 'redis-server is not installed (apt-get install redis-server); .ci/run installs it' : !hasMma && process.env['REMIXER_REQUIRE_MMA'] !== '1' ? 'mma is not installed' : false;
const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));

let redis: ChildProcess | null = null;
let url = '';
const children: ChildProcess[] = [];
let fixture: ServerFixture;

before(async () => {
  if (skip) return;
  // .ci/run starts one on loopback; otherwise the test starts its own.
  url = process.env['REMIXER_TEST_REDIS'] ?? '';
  for (let attempt = 0; attempt < 5 && !url; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const ready = await new Promise<boolean>((resolve) => {
      let out = '';
      server.stdout!.on('data', (d) => {
        out += d;
        if (/Ready to accept connections/.test(out)) resolve(true);
      });
      server.on('exit', () => resolve(false));
    });
    if (ready) [redis, url] = [server, `redis://127.0.0.1:${port}`];
  }
  assert.ok(url, 'redis-server started');
  fixture = await serverFixture({ score: true, waveform: false });
});

after(async () => {
  for (const child of children) child.kill('SIGKILL');
  redis?.kill('SIGKILL');
});

/** A `remixer worker` from source; `lines` collects what it prints. */
function startWorker(work: string): { child: ChildProcess; lines: string[]; took: Promise<string> } {
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'worker', '--queue', url, '--work', work, '--concurrency', '1', '--lock-seconds', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const lines: string[] = [];
  let tookJob: (line: string) => void;
  const took = new Promise<string>((resolve) => (tookJob = resolve));
  let buffer = '';
  const read = (d: Buffer) => {
    buffer += d.toString();
    const parts = buffer.split('\n');
    buffer = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      if (/ took job /.test(line)) tookJob(line);
    }
  };
  child.stdout!.on('data', read);
  child.stderr!.on('data', read);
  return { child, lines, took };
}

async function folderHash(dir: string): Promise<string> {
  const digest = createHash('sha256');
  const walk = async (at: string, name: string): Promise<void> => {
    const entries = (await fs.readdir(at, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      if (e.isDirectory()) await walk(join(at, e.name), `${name}/${e.name}`);
      else digest.update(`${name}/${e.name}`).update(await fs.readFile(join(at, e.name)));
    }
  };
  await walk(dir, '');
  return digest.digest('hex');
}

test('paths under the sender\'s work folder and package move to the worker\'s; others stay', () => {
  const from = { work: '/srv/a/work', package: '/opt/remixer' };
  const to = { work: '/mnt/work', package: '/home/w/remixer' };
  assert.deepEqual(relocate({ solo: '/srv/a/work/up/solo.wav', fonts: ['/opt/remixer/node_modules/x.sf3', '/usr/share/y.sf2'], other: '/srv/a/workshop/z', n: 3, flag: true }, from, to), {
    solo: '/mnt/work/up/solo.wav',
    fonts: ['/home/w/remixer/node_modules/x.sf3', '/usr/share/y.sf2'],
    other: '/srv/a/workshop/z',
    n: 3,
    flag: true,
  });
});

test('a queue that cannot be reached, or that is not a redis:// URL, is one line', async () => {
  await assert.rejects(QueueRunner.connect('http://127.0.0.1:1', '.'), (e: Error) => e instanceof RemixerError && /^--queue http:\/\/127\.0\.0\.1:1: expected a redis:\/\/ URL/.test(e.message));
  await assert.rejects(QueueRunner.connect('redis://127.0.0.1:1', '.'), (e: Error) => e instanceof RemixerError && /^--queue redis:\/\/127\.0\.0\.1:1: cannot reach Redis/.test(e.message));
  if (hasMma) {
    // A corpus sent to a queue that is not there writes nothing.
    const root = await tempDir();
    await assert.rejects(generateMmaDataset({ out: join(root, 'corpus'), songs: 1, queue: 'redis://127.0.0.1:1' }), /cannot reach Redis/);
    assert.deepEqual(await fs.readdir(root), []);
  }
});

test('two workers on a real Redis: a corpus builds and a server\'s remix completes while one worker is killed with SIGKILL mid-job; both are byte for byte the embedded results', { skip }, async () => {
  const work = await tempDir('remixer-queue-');
  const a = startWorker(work);
  const b = startWorker(work);
  const server = await fixture.start({ workDir: work, queue: url });
  try {
    const corpus = { songs: 2, seconds: 4, seed: 5, sampleRate: 16000, split: { train: 1, validation: 0, test: 1 } };
    const queued = generateMmaDataset({ ...corpus, out: join(work, 'corpus'), queue: url, work });
    const solo = encodeWav([pianoChords(beatGrid(6, 100), [voicing(60, [0, 4, 7]), voicing(65, [0, 4, 9])], 4, 6)], 16000, 'int16');
    const form = new FormData();
    form.append('file', new Blob([solo]), 'piano.wav');
    form.append('model', 'tiny-score');
    const posted = (await (await fetch(`${server.url}/api/remix`, { method: 'POST', body: form })).json()) as { id: string; status: string };
    assert.equal(posted.status, 'queued', 'the server does not run it: a worker takes it');
    // Worker a is killed in the middle of the first job it takes.
    await a.took;
    a.child.kill('SIGKILL');
    await queued;
    const job = await until(async () => {
      const j = (await (await fetch(`${server.url}/api/jobs/${posted.id}`)).json()) as { status: string; error: string | null; info: { remix: string } };
      return j.status === 'queued' || j.status === 'running' ? null : j;
    }, 150_000);
    assert.equal(job.status, 'done', job.error ?? '');
    assert.ok(b.lines.some((l) => /took job .*try 2/.test(l)), `worker b took the killed job again:\n${b.lines.join('\n')}`);

    // The same jobs, embedded.
    const embedded = await tempDir('remixer-embedded-');
    await generateMmaDataset({ ...corpus, out: join(embedded, 'corpus'), workers: 1 });
    assert.equal(await folderHash(join(work, 'corpus')), await folderHash(join(embedded, 'corpus')), 'the corpus is the embedded corpus');
    const remixDir = join(work, 'remixes', job.info.remix);
    const upload = join(remixDir, 'upload', (await fs.readdir(join(remixDir, 'upload')))[0]!);
    await remix({ solo: upload, model: join(fixture.modelsDir, 'tiny-score'), out: join(embedded, 'remix.wav'), temperature: 0 });
    assert.ok((await fs.readFile(join(remixDir, 'remix.wav'))).equals(await fs.readFile(join(embedded, 'remix.wav'))), 'the remix is the embedded remix');
    assert.deepEqual((await fs.readdir(work)).filter((n) => n.startsWith('.remixer-tmp')), [], 'no temporary folder left in the work folder');
  } finally {
    await server.close();
    b.child.kill('SIGTERM');
  }
});
