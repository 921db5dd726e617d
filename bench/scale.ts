/**
 * Bench rows of issue 18 (speed at the limit, and past one machine), measured in the
 * bench's run: the server's throughput with its warm thread pool and its memory under
 * a burst; building a corpus with 1 and 2 threads and with 2 BullMQ workers on a real
 * Redis (when redis-server is installed).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { startServer } from '../src/server/server.js';
import { encodeWav } from '../src/io/wav.js';
import { renderSong } from '../src/dataset/synth/render.js';
import { generateMmaDataset, mmaVersion } from '../src/dataset/mma/generate.js';

export interface ServerFigures {
  remixesPerMinute: number;
  remixSeconds: number;
  workers: number;
  burst: { requests: number; accepted: number; refused: number; peakRssMB: number; baseRssMB: number; allFinished: boolean };
}

const pianoWav = (seconds: number) => {
  const song = renderSong(9, 1, seconds, 22050);
  return encodeWav([Float32Array.from(song.stems.piano, (v) => v / 32768)], 22050, 'int16');
};

async function post(url: string, wav: Uint8Array): Promise<{ status: number; id?: string }> {
  const form = new FormData();
  form.append('file', new Blob([wav]), 'piano.wav');
  form.append('model', 'score');
  const r = await fetch(`${url}/api/remix`, { method: 'POST', body: form });
  const body = (await r.json()) as { id?: string };
  return { status: r.status, ...(body.id ? { id: body.id } : {}) };
}

async function finish(url: string, ids: string[]): Promise<boolean> {
  let ok = true;
  for (const id of ids) {
    for (;;) {
      const job = (await (await fetch(`${url}/api/jobs/${id}`)).json()) as { status: string };
      if (job.status !== 'queued' && job.status !== 'running') {
        ok &&= job.status === 'done';
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return ok;
}

/** 10 remixes of 5 s through a server with 2 warm workers; then a burst of 50 with a queue of 20. */
export async function serverThroughput(modelDir: string): Promise<ServerFigures> {
  const root = await fs.mkdtemp(join(tmpdir(), 'remixer-bench-server-'));
  const models = join(root, 'models');
  await fs.mkdir(models, { recursive: true });
  await fs.cp(modelDir, join(models, 'score'), { recursive: true });
  const server = await startServer({ port: 0, modelsDir: models, dataDir: join(root, 'data'), workDir: join(root, 'work'), webRoot: null, workers: 2, maxQueue: 20 });
  try {
    const wav = pianoWav(5);
    // Warm the two threads first (as a running server is).
    await finish(server.url, (await Promise.all([post(server.url, wav), post(server.url, wav)])).map((r) => r.id!));
    const started = performance.now();
    const sent = await Promise.all(Array.from({ length: 10 }, () => post(server.url, wav)));
    await finish(server.url, sent.map((r) => r.id!));
    const minutes = (performance.now() - started) / 60000;
    const baseRssMB = process.memoryUsage().rss / 2 ** 20;
    let peak = baseRssMB;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss / 2 ** 20)), 50);
    const burst = await Promise.all(Array.from({ length: 50 }, () => post(server.url, wav)));
    const accepted = burst.filter((r) => r.status === 202);
    const allFinished = await finish(server.url, accepted.map((r) => r.id!));
    clearInterval(sampler);
    return { remixesPerMinute: 10 / minutes, remixSeconds: 5, workers: 2, burst: { requests: 50, accepted: accepted.length, refused: burst.filter((r) => r.status === 503).length, peakRssMB: peak, baseRssMB, allFinished } };
  } finally {
    await server.close();
    await fs.rm(root, { recursive: true, force: true });
  }
}

export interface CorpusFigures {
  songs: number;
  seconds: number;
  songsPerMinute: { threads1: number; threads2: number; queue2: number | null };
}

const CLI = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/** A library corpus of `songs` songs: 1 thread, 2 threads, and 2 `remixer worker`s on a real Redis. */
export async function corpusBuilding(songs = 12, seconds = 20): Promise<CorpusFigures | null> {
  if (mmaVersion() === null) return null;
  const root = await fs.mkdtemp(join(tmpdir(), 'remixer-bench-corpus-'));
  const corpus = { songs, seconds, seed: 7 };
  const timed = async (run: () => Promise<unknown>) => {
    const started = performance.now();
    await run();
    return songs / ((performance.now() - started) / 60000);
  };
  const children: ChildProcess[] = [];
  try {
    const threads1 = await timed(() => generateMmaDataset({ ...corpus, out: join(root, 'one'), workers: 1 }));
    const threads2 = await timed(() => generateMmaDataset({ ...corpus, out: join(root, 'two'), workers: 2 }));
    let queue2: number | null = null;
    if (spawnSync('redis-server', ['--version']).status === 0) {
      const port = 20000 + Math.floor(Math.random() * 20000);
      const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      children.push(redis);
      await new Promise((r) => setTimeout(r, 500));
      const url = `redis://127.0.0.1:${port}`;
      const ready: Promise<void>[] = [];
      for (let i = 0; i < 2; i++) {
        const worker = spawn(process.execPath, ['--import', 'tsx', CLI, 'worker', '--queue', url, '--work', root, '--concurrency', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
        children.push(worker);
        ready.push(new Promise((resolve) => worker.stdout!.on('data', (d: Buffer) => /takes jobs/.test(d.toString()) && resolve())));
      }
      await Promise.all(ready);
      queue2 = await timed(() => generateMmaDataset({ ...corpus, out: join(root, 'queue'), queue: url, work: root }));
    }
    return { songs, seconds, songsPerMinute: { threads1, threads2, queue2 } };
  } finally {
    for (const child of children) child.kill('SIGKILL');
    await fs.rm(root, { recursive: true, force: true });
  }
}

/** Preparing a score training run on `dataDir` (a copy): analysing every song, then reading the grid cache. */
export async function preparingTraining(dataDir: string): Promise<{ songs: number; withoutCache: number; withCache: number }> {
  const { openDataset } = await import('../src/dataset/loader.js');
  const { createRepresentation, DEFAULT_REPRESENTATION_SPECS } = await import('../src/model/representation/index.js');
  const { prepareTrainingData } = await import('../src/model/training/training-data.js');
  const root = await fs.mkdtemp(join(tmpdir(), 'remixer-bench-grids-'));
  try {
    await fs.cp(dataDir, join(root, 'data'), { recursive: true });
    await fs.rm(join(root, 'data', '.grids'), { recursive: true, force: true });
    const dataset = await openDataset(join(root, 'data'));
    const representation = createRepresentation(DEFAULT_REPRESENTATION_SPECS.score);
    const config = { sourceStem: 'piano' } as Parameters<typeof prepareTrainingData>[1];
    const timed = async () => {
      const started = performance.now();
      await prepareTrainingData(dataset, config, representation, true, null);
      return (performance.now() - started) / 1000;
    };
    const withoutCache = await timed();
    const withCache = await timed();
    return { songs: dataset.songs('train').length + dataset.songs('validation').length, withoutCache, withCache };
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}
