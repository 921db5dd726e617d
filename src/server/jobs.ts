/**
 * Background jobs of the web app. Remix and evaluation jobs wait in one queue
 * and run one at a time; training has its own single slot (a second training
 * request is refused while one runs). Each job runs in a worker thread.
 */
import { randomBytes } from 'node:crypto';
import { startWorker } from '../workers/start.js';
import { awaitWorker } from '../workers/protocol.js';
import { oneLine, type ErrorKind, errorKind } from '../errors.js';
import type { EpochRecord } from '../model/records.js';
import type { TaskRequest } from './task-worker.js';
import type { JobStatus, PublicJob } from './api-types.js';

export type { JobStatus } from './api-types.js';

export interface Job extends PublicJob {
  /** The kind of the error a failed job ended with. */
  errorKind: ErrorKind | null;
}

export interface JobHooks {
  onEpoch?: (part: string, record: EpochRecord) => void;
  /** Runs after the job ends (success or failure), e.g. to clean up or persist. */
  onEnd?: (job: Job) => Promise<void> | void;
}

export function newJobId(): string {
  return `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
}

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: { job: Job; request: TaskRequest; hooks: JobHooks }[] = [];
  private queueBusy = false;
  private training: Job | null = null;
  private readonly workers = new Set<import('node:worker_threads').Worker>();
  private readonly workerOf = new Map<string, import('node:worker_threads').Worker>();
  private readonly stopping = new Set<string>();
  private closing = false;

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** The training job that is running, if any. */
  get activeTraining(): Job | null {
    return this.training && this.training.status === 'running' ? this.training : null;
  }

  get lastTraining(): Job | null {
    return this.training;
  }

  /** Queues a remix or evaluation. */
  enqueue(request: TaskRequest, info: Record<string, unknown>, hooks: JobHooks = {}, id = newJobId()): Job {
    const job = this.create(id, request.kind, info);
    this.queue.push({ job, request, hooks });
    void this.drain();
    return job;
  }

  /** Starts a training job; the caller has checked that none is running. */
  startTraining(request: TaskRequest, info: Record<string, unknown>, hooks: JobHooks = {}, id = newJobId()): Job {
    if (this.activeTraining) throw new Error('a training job is already running');
    const job = this.create(id, 'train', info);
    this.training = job;
    void this.run(job, request, hooks);
    return job;
  }

  private create(id: string, kind: Job['kind'], info: Record<string, unknown>): Job {
    const job: Job = { id, kind, status: 'queued', progress: null, result: null, error: null, errorKind: null, createdAt: new Date().toISOString(), info };
    this.jobs.set(id, job);
    return job;
  }

  private async drain(): Promise<void> {
    if (this.queueBusy) return;
    this.queueBusy = true;
    try {
      while (this.queue.length) {
        const next = this.queue.shift()!;
        await this.run(next.job, next.request, next.hooks);
      }
    } finally {
      this.queueBusy = false;
    }
  }

  private async run(job: Job, request: TaskRequest, hooks: JobHooks): Promise<void> {
    job.status = 'running';
    const worker = startWorker(import.meta.url, './task-worker', request);
    this.workers.add(worker);
    this.workerOf.set(job.id, worker);
    let status: JobStatus = 'done';
    try {
      job.result = await awaitWorker<unknown>(worker, { onProgress: (progress) => (job.progress = progress), onEpoch: hooks.onEpoch }, job.kind);
    } catch (error) {
      status = 'failed';
      job.error = oneLine(error);
      job.errorKind = errorKind(error);
    }
    if (this.closing) [status, job.error] = ['interrupted', 'the server stopped'];
    else if (this.stopping.delete(job.id)) [status, job.error] = ['stopped', null];
    // The job is seen to end only once its hook has run (a remix's record is written
    // first), so a client that sees 'done' finds everything the job made.
    try {
      await hooks.onEnd?.({ ...job, status });
    } finally {
      job.status = status;
      this.workers.delete(worker);
      this.workerOf.delete(job.id);
      void worker.terminate();
    }
  }

  /** Stops the running training job (its last checkpoint stays); false when none runs. */
  async stopTraining(): Promise<boolean> {
    const job = this.activeTraining;
    const worker = job ? this.workerOf.get(job.id) : undefined;
    if (!job || !worker) return false;
    this.stopping.add(job.id);
    await worker.terminate();
    return true;
  }

  /** Drops queued jobs and stops every running worker (server shutdown). */
  async close(): Promise<void> {
    this.closing = true;
    this.queue.length = 0;
    await Promise.all([...this.workers].map((w) => w.terminate()));
    this.workers.clear();
  }
}
