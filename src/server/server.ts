/** `remixer serve`: the web app on a real HTTP server (@hono/node-server), 127.0.0.1 by default. */
import { existsSync, promises as fs } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createApp, remixStore, resumeInterruptedTraining, type AppOptions } from './app.js';
import { JobStore } from './jobs.js';
import { availableParallelism } from 'node:os';
import { ThreadPool } from '../tasks/thread-pool.js';
import type { TaskRunner } from '../tasks/runner.js';
import { SERVE_DEFAULTS } from './options.js';

export interface ServeOptions extends Partial<AppOptions> {
  port?: number;
  host?: string;
  /** Jobs run at once in the embedded thread pool (0 or absent: one per core). */
  workers?: number;
  /** Jobs that may wait before requests are refused with 503. */
  maxQueue?: number;
  /** A Redis URL: jobs go to a BullMQ queue that `remixer worker` processes take. */
  queue?: string;
}

export interface RunningServer {
  url: string;
  jobs: JobStore;
  close(): Promise<void>;
}

/** The built page: <package root>/dist/web, found from this module's location. */
export function defaultWebRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (existsSync(join(dir, 'package.json'))) {
      const web = join(dir, 'dist', 'web');
      return existsSync(join(web, 'index.html')) ? web : null;
    }
    dir = dirname(dir);
  }
  return null;
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const appOptions: AppOptions = {
    modelsDir: resolve(options.modelsDir ?? SERVE_DEFAULTS.modelsDir),
    dataDir: resolve(options.dataDir ?? SERVE_DEFAULTS.dataDir),
    workDir: resolve(options.workDir ?? SERVE_DEFAULTS.workDir),
    webRoot: options.webRoot === undefined ? defaultWebRoot() : options.webRoot,
    ...(options.maxUploadBytes !== undefined ? { maxUploadBytes: options.maxUploadBytes } : {}),
  };
  for (const dir of [appOptions.modelsDir, appOptions.dataDir, appOptions.workDir]) await fs.mkdir(dir, { recursive: true });
  const runner: TaskRunner = options.queue
    ? await (await import('../queue/queue-runner.js')).QueueRunner.connect(options.queue, appOptions.workDir)
    : new ThreadPool(options.workers || availableParallelism());
  const jobs = new JobStore(runner, options.maxQueue ?? SERVE_DEFAULTS.maxQueue);
  const app = createApp(appOptions, jobs);
  const host = options.host ?? SERVE_DEFAULTS.host;
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? SERVE_DEFAULTS.port, hostname: host }, () => resolveServer(s));
    s.on('error', reject);
  });
  await remixStore(appOptions).recover();
  await resumeInterruptedTraining(appOptions, jobs);
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`,
    jobs,
    async close() {
      await jobs.close();
      const closed = new Promise<void>((r) => server.close(() => r()));
      // Keep-alive connections would hold close() open; a local app has nothing to drain.
      (server as import('node:http').Server).closeAllConnections();
      await closed;
    },
  };
}
