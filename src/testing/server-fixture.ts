/** A server over a tiny dataset and two tiny trained models (waveform, score), for the web tests. */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { trainModel } from '../model/training/train.js';
import { startServer, type RunningServer } from '../server/server.js';
import { tempDir } from './fixtures.js';
import { tinyDataset, TINY_MODEL } from './tiny-dataset.js';
import { cachedFixture } from './fixture-cache.js';
import { REMIXER_JSON } from '../model/saved/names.js';

export interface ServerFixture {
  root: string;
  modelsDir: string;
  dataDir: string;
  workDir: string;
  start(options?: { webRoot?: string | null; maxUploadBytes?: number; workDir?: string; modelsDir?: string; port?: number; workers?: number; maxQueue?: number; queue?: string; log?: (line: string) => void }): Promise<RunningServer>;
}

/** models/tiny (a trained waveform model, unless `waveform: false`), with `score: true` models/tiny-score too, and data/tiny (the tiny dataset). */
export async function serverFixture(options: { score?: boolean; waveform?: boolean } = {}): Promise<ServerFixture> {
  const root = await tempDir('remixer-server-');
  const modelsDir = join(root, 'models');
  const dataDir = join(root, 'data');
  const workDir = join(root, 'work');
  await fs.mkdir(dataDir, { recursive: true });
  await fs.cp(await tinyDataset(), join(dataDir, 'tiny'), { recursive: true });
  // The tiny models are made once per run of the tests (fixture-cache.ts) and copied in.
  const data = join(dataDir, 'tiny');
  const copyModel = async (name: string, train: (out: string) => Promise<unknown>) => {
    const cached = await cachedFixture(`server-fixture model ${name}`, (dir) => train(join(dir, name)).then(() => undefined));
    await fs.cp(join(cached, name), join(modelsDir, name), { recursive: true });
    // Its training data is this fixture's copy (evaluations build baselines from it).
    const file = join(modelsDir, name, REMIXER_JSON);
    const config = JSON.parse(await fs.readFile(file, 'utf8')) as { dataset: { dir?: string } };
    config.dataset.dir = data;
    await fs.writeFile(file, JSON.stringify(config, null, 2) + '\n');
  };
  if (options.waveform !== false) await copyModel('tiny', (out) => trainModel({ preset: 'spectral', data, out, representation: 'waveform', epochs: 2, stepsPerEpoch: 3, learningRate: 3e-3, ...TINY_MODEL, lstmUnits: 8 }));
  if (options.score) await copyModel('tiny-score', (out) => trainModel({ data, out, preset: 'score', epochs: 2, stepsPerEpoch: 3, ...TINY_MODEL, windowSeconds: 1 }));
  return {
    root,
    modelsDir,
    dataDir,
    workDir,
    start: (options = {}) =>
      startServer({
        port: options.port ?? 0,
        modelsDir: options.modelsDir ?? modelsDir,
        dataDir,
        workDir: options.workDir ?? workDir,
        webRoot: options.webRoot ?? null,
        ...(options.maxUploadBytes ? { maxUploadBytes: options.maxUploadBytes } : {}),
        ...(options.workers ? { workers: options.workers } : {}),
        ...(options.maxQueue !== undefined ? { maxQueue: options.maxQueue } : {}),
        ...(options.queue ? { queue: options.queue } : {}),
        ...(options.log ? { log: options.log } : {}),
      }),
  };
}

/** Builds the page from the current sources into a temporary folder (so tests never see a stale dist/). */
export async function buildWebPage(): Promise<string> {
  const outDir = await tempDir('remixer-web-');
  const root = fileURLToPath(new URL('../web', import.meta.url));
  await build({ root, base: './', logLevel: 'error', configFile: false, build: { outDir, emptyOutDir: true, chunkSizeWarningLimit: 4096 } });
  return outDir;
}
