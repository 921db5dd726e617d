/**
 * `remixer worker`: takes jobs from the BullMQ queue and runs them in a pool of warm
 * threads (the model and SoundFont stay loaded between jobs). Any number run on any
 * machines that see the shared work folder. A job's result or a user's mistake goes back
 * as its return value; a worker that dies mid-job leaves its lock to expire, and another
 * worker takes the job again. A stop asked on the cancel channel ends the job's thread.
 */
import { Worker, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { join } from 'node:path';
import { serializeError } from '../errors.js';
import { exists } from '../io/atomic.js';
import { REMIXER_JSON } from '../model/saved/names.js';
import { ThreadPool } from '../tasks/thread-pool.js';
import { CANCEL_CHANNEL, QUEUE_NAME, queueConnection, checkReachable, type QueuedJob, type QueuedOutcome, type QueuedReport } from './connection.js';
import { relocate, rootsHere } from './roots.js';
import { writeOutcome } from './outcomes.js';

export interface QueueWorkerOptions {
  queue: string;
  /** This machine's path of the shared work folder. */
  work: string;
  /** Jobs run at once (threads). */
  concurrency: number;
  /** How long a job's lock lasts without renewal: a dead worker's job is taken again after about this long. */
  lockSeconds: number;
  /** A line per job taken and ended. */
  log?: (line: string) => void;
}

export interface RunningQueueWorker {
  /** Stops taking jobs, lets the running ones end, and disconnects. */
  close(): Promise<void>;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<RunningQueueWorker> {
  const connection = queueConnection(options.queue);
  await checkReachable(options.queue);
  const roots = rootsHere(options.work);
  const pool = new ThreadPool(options.concurrency);
  const cancelled = new Set<string>();
  const log = options.log ?? (() => undefined);

  const processJob = async (job: Job<QueuedJob>): Promise<QueuedOutcome> => {
    const id = job.id!;
    let request = relocate(job.data.request, job.data.roots, roots);
    // A training run taken again after its worker died continues from its last checkpoint.
    if (request.kind === 'train' && job.attemptsStarted > 1 && (await exists(join(request.options.out, REMIXER_JSON)))) request = { ...request, options: { ...request.options, resume: true } };
    const started = performance.now();
    log(`took job ${id} (${request.kind}${job.attemptsStarted > 1 ? `, try ${job.attemptsStarted}` : ''})`);
    const report = (message: QueuedReport) => void job.updateProgress(message as unknown as object).catch(() => undefined);
    let outcome: QueuedOutcome;
    try {
      const result = await pool.run(id, request, { onProgress: (progress) => report({ type: 'progress', progress }), onEpoch: (part, record) => report({ type: 'epoch', part, record }) });
      log(`finished job ${id} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      outcome = { ok: true, result };
    } catch (error) {
      const stopped = cancelled.delete(id);
      log(`job ${id} ${stopped ? 'stopped' : `failed: ${serializeError(error).message}`}`);
      outcome = { ok: false, error: stopped ? { kind: 'conflict', message: 'stopped' } : serializeError(error) };
    }
    // Kept in the shared folder before Redis hears of it: a finished job survives Redis going away.
    await writeOutcome(roots, id, outcome).catch((error: unknown) => log(`job ${id}: its outcome could not be kept in ${options.work} (${serializeError(error).message})`));
    return outcome;
  };

  const worker = new Worker<QueuedJob, QueuedOutcome>(QUEUE_NAME, processJob, {
    connection,
    concurrency: options.concurrency,
    lockDuration: options.lockSeconds * 1000,
    stalledInterval: Math.max(1000, (options.lockSeconds * 1000) / 2),
    maxStalledCount: 2,
  });
  worker.on('error', (error) => log(`queue error: ${error.message}`));
  const subscriber = new Redis(options.queue, { maxRetriesPerRequest: null, lazyConnect: true });
  subscriber.on('error', () => undefined);
  subscriber.on('message', (_channel: string, id: string) => {
    cancelled.add(id);
    void pool.cancel(id).then((found) => found || cancelled.delete(id));
  });
  await Promise.all([worker.waitUntilReady(), subscriber.connect().then(() => subscriber.subscribe(CANCEL_CHANNEL))]);
  return {
    async close() {
      await worker.close();
      await pool.close();
      subscriber.disconnect();
    },
  };
}
