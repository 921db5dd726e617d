/**
 * Background jobs of the web app. Remix and evaluation jobs wait in one queue
 * and run one at a time; training has its own single slot (a second training
 * request is refused while one runs). Each job runs in a worker thread.
 */
import { randomBytes } from 'node:crypto';
import type { Progress } from '../progress.js';
import { startWorker } from '../worker-thread.js';
import type { TaskRequest } from './task-worker.js';

/** 'interrupted': the server stopped while the job ran (a training job resumes at the next start). */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';

export interface Job {
  id: string;
  kind: TaskRequest['kind'];
  status: JobStatus;
  progress: Progress | null;
  result: unknown;
  error: string | null;
  createdAt: string;
  /** Anything the route wants to show with the job (model name, file names, ...). */
  info: Record<string, unknown>;
}

export interface JobHooks {
  onEpoch?: (part: string, record: unknown) => void;
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
    const job: Job = { id, kind, status: 'queued', progress: null, result: null, error: null, createdAt: new Date().toISOString(), info };
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

  private run(job: Job, request: TaskRequest, hooks: JobHooks): Promise<void> {
    job.status = 'running';
    return new Promise<void>((resolve) => {
      const worker = startWorker(import.meta.url, './task-worker', request);
      this.workers.add(worker);
      let ended = false;
      const end = async (status: JobStatus, result: unknown, error: string | null) => {
        if (ended) return;
        ended = true;
        if (this.closing) [status, error] = ['interrupted', 'the server stopped'];
        job.status = status;
        job.result = result;
        job.error = error;
        try {
          await hooks.onEnd?.(job);
        } finally {
          this.workers.delete(worker);
          void worker.terminate();
          resolve();
        }
      };
      worker.on('message', (message: { type: string; progress?: Progress; part?: string; record?: unknown; result?: unknown; message?: string }) => {
        if (message.type === 'progress') job.progress = message.progress ?? null;
        else if (message.type === 'epoch') hooks.onEpoch?.(message.part ?? '', message.record);
        else if (message.type === 'done') void end('done', message.result, null);
        else if (message.type === 'error') void end('failed', null, message.message ?? 'failed');
      });
      worker.on('error', (error) => void end('failed', null, error.message));
      worker.on('exit', (code) => void end('failed', null, `worker exited with code ${code}`));
    });
  }

  /** Drops queued jobs and stops every running worker (server shutdown). */
  async close(): Promise<void> {
    this.closing = true;
    this.queue.length = 0;
    await Promise.all([...this.workers].map((w) => w.terminate()));
    this.workers.clear();
  }
}
