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
import { RemixerError } from '../errors.js';
import { checkFolderToUse, folderToUse } from '../io/folders.js';

export interface ServeOptions extends Partial<AppOptions> {
  port?: number;
  host?: string;
  /** Jobs run at once in the embedded thread pool (0 or absent: one per core). */
  workers?: number;
  /** Jobs that may wait before requests are refused with 503. */
  maxQueue?: number;
  /** A Redis URL: jobs go to a BullMQ queue that `remixer worker` processes take. */
  queue?: string;
  /** Where the server says what a person running it should know (the queue lost and back; default: stderr). */
  log?: (line: string) => void;
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

/** What a failed listen means to the user who started the server. */
function listenError(error: NodeJS.ErrnoException, host: string, port: number): unknown {
  switch (error.code) {
    case 'EADDRINUSE':
      return new RemixerError(`port ${port} on ${host} is in use (another server?): choose another with --port`, { kind: 'conflict' });
    case 'EACCES':
      return new RemixerError(`port ${port} on ${host}: permission denied (ports below 1024 need privileges): choose another with --port`, { kind: 'conflict' });
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EINVAL':
      return new RemixerError(`--host ${host}: not an address of this machine (e.g. 127.0.0.1, 0.0.0.0 or ::1)`);
    default:
      return error;
  }
}

export async function startServer(options: ServeOptions = {}): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`remixer: ${new Date().toISOString().slice(11, 19)} ${line}\n`));
  const appOptions: AppOptions = {
    modelsDir: resolve(options.modelsDir ?? SERVE_DEFAULTS.modelsDir),
    dataDir: resolve(options.dataDir ?? SERVE_DEFAULTS.dataDir),
    workDir: resolve(options.workDir ?? SERVE_DEFAULTS.workDir),
    webRoot: options.webRoot === undefined ? defaultWebRoot() : options.webRoot,
    ...(options.maxUploadBytes !== undefined ? { maxUploadBytes: options.maxUploadBytes } : {}),
  };
  const folders = [[appOptions.modelsDir, '--models'], [appOptions.dataDir, '--data'], [appOptions.workDir, '--work']] as const;
  // Every folder is checked before any is made: a mistake in one leaves nothing behind.
  for (const [dir, flag] of folders) await checkFolderToUse(dir, flag);
  const made: string[] = [];
  for (const [dir, flag] of folders) {
    const top = await folderToUse(dir, flag);
    if (top) made.push(top);
  }
  const host = options.host ?? SERVE_DEFAULTS.host;
  const port = options.port ?? SERVE_DEFAULTS.port;
  // A server that never started leaves nothing behind: the folders it made go (empty as they are).
  const unmake = async () => {
    for (const dir of made.reverse()) await fs.rm(dir, { recursive: true, force: true }).catch(() => {});
  };
  const runner: TaskRunner = options.queue
    ? await (await import('../queue/queue-runner.js')).QueueRunner.connect(options.queue, appOptions.workDir, { onQueueState: (state) => log(state.line) }).catch(async (error: unknown) => {
        await unmake();
        throw error;
      })
    : new ThreadPool(options.workers || availableParallelism());
  const jobs = new JobStore(runner, options.maxQueue ?? SERVE_DEFAULTS.maxQueue);
  const app = createApp(appOptions, jobs);
  const server = await new Promise<ReturnType<typeof serve>>((resolveServer, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname: host }, () => resolveServer(s));
    s.on('error', reject);
  }).catch(async (error: NodeJS.ErrnoException) => {
    await jobs.close();
    await unmake();
    throw listenError(error, host, port);
  });
  await remixStore(appOptions).recover(appOptions.workDir);
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
