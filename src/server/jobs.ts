/**
 * Background jobs of the web app. Remix and evaluation jobs wait in one bounded queue
 * and run as many at a time as the task runner has slots (the thread pool's size, or
 * every job at once when a Redis queue takes them); past `maxQueue` waiting jobs a new
 * one is refused with 503 and a Retry-After. Training has its own single slot (a
 * second training request is refused while one runs).
 */
import { randomBytes } from 'node:crypto';
import { oneLine, type ErrorKind, errorKind } from '../errors.js';
import type { EpochRecord } from '../model/records.js';
import type { TaskRequest } from '../tasks/tasks.js';
import type { TaskRunner } from '../tasks/runner.js';
import { HttpError } from './http-error.js';
import type { JobStatus, PublicJob } from './api-types.js';

export type { JobStatus } from './api-types.js';

export interface Job extends Omit<PublicJob, 'queuePosition'> {
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

/** What a job is assumed to take before any has finished (seconds), for Retry-After. */
const FIRST_GUESS_SECONDS = 20;

export class JobStore {
  private readonly jobs = new Map<string, Job>();
  /** Jobs waiting for a slot, oldest first. */
  private readonly waiting: { job: Job; request: TaskRequest; hooks: JobHooks }[] = [];
  private running = 0;
  private training: Job | null = null;
  private readonly stopping = new Set<string>();
  private readonly recentSeconds: number[] = [];
  private closing = false;

  /** `maxQueue`: how many jobs may wait (not counting those running) before new ones are refused. */
  constructor(
    private readonly runner: TaskRunner,
    readonly maxQueue: number,
  ) {}

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  /** The training job that is running, if any. */
  get activeTraining(): Job | null {
    return this.training && (this.training.status === 'running' || this.training.status === 'queued') ? this.training : null;
  }

  get lastTraining(): Job | null {
    return this.training;
  }

  /** Jobs not yet started: those waiting here and those a shared queue has not given to a worker. */
  private queuedJobs(): Job[] {
    return [...this.jobs.values()].filter((job) => job.status === 'queued' && job.kind !== 'train');
  }

  /** What a person waiting on an unfinished job should know of the runner now (a queue that cannot be reached). */
  notice(): string | null {
    return this.runner.notice?.() ?? null;
  }

  /** Its place in the queue (1: next), or null when it is not waiting. */
  queuePosition(id: string): number | null {
    const at = this.queuedJobs().findIndex((job) => job.id === id);
    return at < 0 ? null : at + 1;
  }

  /** Refuses a new job with 503 when the queue is full; Retry-After is when one place should be free. */
  checkRoom(): void {
    const queued = this.queuedJobs().length;
    if (queued < this.maxQueue) return;
    const typical = this.recentSeconds.length ? this.recentSeconds.reduce((a, b) => a + b, 0) / this.recentSeconds.length : FIRST_GUESS_SECONDS;
    const slots = Number.isFinite(this.runner.slots) ? this.runner.slots : 1;
    const retryAfter = Math.max(1, Math.ceil(typical / slots));
    throw new HttpError(503, `the server is busy: ${queued === 1 ? '1 job is' : `${queued} jobs are`} waiting (the limit is ${this.maxQueue}); try again in ${retryAfter} s`, { 'retry-after': String(retryAfter) });
  }

  /** Queues a remix or evaluation (503 when the queue is full). */
  enqueue(request: TaskRequest, info: Record<string, unknown>, hooks: JobHooks = {}, id = newJobId()): Job {
    this.checkRoom();
    const job = this.create(id, request.kind, info);
    this.waiting.push({ job, request, hooks });
    this.drain();
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

  private create(id: string, kind: TaskRequest['kind'], info: Record<string, unknown>): Job {
    if (kind === 'corpus-song') throw new Error('corpus songs are not server jobs');
    const job: Job = { id, kind, status: 'queued', progress: null, result: null, error: null, errorKind: null, createdAt: new Date().toISOString(), info };
    this.jobs.set(id, job);
    return job;
  }

  private drain(): void {
    while (this.waiting.length && this.running < this.runner.slots && !this.closing) {
      const next = this.waiting.shift()!;
      this.running++;
      void this.run(next.job, next.request, next.hooks).finally(() => {
        this.running--;
        this.drain();
      });
    }
  }

  private async run(job: Job, request: TaskRequest, hooks: JobHooks): Promise<void> {
    // A shared queue says when a worker takes the job; a pool starts it now.
    if (!this.runner.reportsStart) job.status = 'running';
    const started = performance.now();
    let status: JobStatus = 'done';
    try {
      job.result = await this.runner.run(job.id, request, {
        onStart: () => (job.status = 'running'),
        onProgress: (progress) => (job.progress = progress),
        ...(hooks.onEpoch ? { onEpoch: hooks.onEpoch } : {}),
      });
      if (job.kind !== 'train') {
        this.recentSeconds.push((performance.now() - started) / 1000);
        if (this.recentSeconds.length > 20) this.recentSeconds.shift();
      }
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
    }
  }

  /** Stops the running training job (its last checkpoint stays); false when none runs. */
  async stopTraining(): Promise<boolean> {
    const job = this.activeTraining;
    if (!job) return false;
    this.stopping.add(job.id);
    if (await this.runner.cancel(job.id)) return true;
    this.stopping.delete(job.id);
    return false;
  }

  /** Drops waiting jobs and stops every running one (server shutdown). */
  async close(): Promise<void> {
    this.closing = true;
    this.waiting.length = 0;
    await this.runner.close();
  }
}
