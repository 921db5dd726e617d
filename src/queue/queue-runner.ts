/**
 * Sends jobs to the BullMQ queue and follows them: the server's runner with --queue,
 * and the corpus builder's. Every job goes to Redis at once (the job store bounds how
 * many wait); a worker's start, progress and end come back as queue events. A job whose
 * worker dies is taken again by another (BullMQ's stalled-job check) up to JOB_ATTEMPTS
 * times; its outputs are written atomically, so a second try replaces nothing half-made.
 */
import { Queue, QueueEvents, Job } from 'bullmq';
import { Redis } from 'ioredis';
import { deserializeError } from '../errors.js';
import type { TaskRequest } from '../tasks/tasks.js';
import type { TaskHandlers, TaskRunner } from '../tasks/runner.js';
import { CANCEL_CHANNEL, JOB_ATTEMPTS, QUEUE_NAME, queueConnection, checkReachable, type QueuedJob, type QueuedOutcome, type QueuedReport } from './connection.js';
import { rootsHere, type Roots } from './roots.js';

interface Pending {
  handlers: TaskHandlers;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

export class QueueRunner implements TaskRunner {
  readonly slots = Infinity;
  readonly reportsStart = true;
  private readonly pending = new Map<string, Pending>();

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly publisher: Redis,
    private readonly roots: Roots,
  ) {
    events.on('active', ({ jobId }) => this.pending.get(jobId)?.handlers.onStart?.());
    events.on('progress', ({ jobId, data }) => {
      const report = data as unknown as QueuedReport;
      const handlers = this.pending.get(jobId)?.handlers;
      if (report.type === 'progress') handlers?.onProgress?.(report.progress);
      else if (report.type === 'epoch') handlers?.onEpoch?.(report.part, report.record);
    });
    events.on('completed', ({ jobId, returnvalue }) => {
      const waiting = this.pending.get(jobId);
      if (!waiting) return;
      this.pending.delete(jobId);
      const outcome = (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as QueuedOutcome;
      if (outcome.ok) waiting.resolve(outcome.result);
      else waiting.reject(deserializeError(outcome.error));
    });
    events.on('failed', ({ jobId, failedReason }) => void this.failed(jobId, failedReason));
  }

  /** Connects to the queue at `url`; `work` is this side's shared folder. One line when Redis cannot be reached. */
  static async connect(url: string, work: string): Promise<QueueRunner> {
    const connection = queueConnection(url);
    await checkReachable(url);
    const queue = new Queue(QUEUE_NAME, { connection });
    const events = new QueueEvents(QUEUE_NAME, { connection });
    const publisher = new Redis(url, { maxRetriesPerRequest: null });
    queue.on('error', () => undefined);
    events.on('error', () => undefined);
    publisher.on('error', () => undefined);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new QueueRunner(queue, events, publisher, rootsHere(work));
  }

  /** A failed attempt ends the job only when no try is left (a retried job runs again elsewhere). */
  private async failed(jobId: string, reason: string): Promise<void> {
    const waiting = this.pending.get(jobId);
    if (!waiting) return;
    const state = await Job.fromId(this.queue, jobId).then((job) => job?.getState(), () => 'failed');
    if (state !== 'failed' && state !== undefined) return;
    this.pending.delete(jobId);
    waiting.reject(new Error(`queued job ${jobId} failed: ${reason}`));
  }

  run(id: string, request: TaskRequest, handlers: TaskHandlers = {}): Promise<unknown> {
    return new Promise<unknown>((resolve, reject) => {
      this.pending.set(id, { handlers, resolve, reject });
      const data: QueuedJob = { request, roots: this.roots };
      this.queue
        .add(request.kind, data, { jobId: id, attempts: JOB_ATTEMPTS, removeOnComplete: { age: 24 * 3600 }, removeOnFail: { age: 7 * 24 * 3600 } })
        .catch((error: Error) => {
          this.pending.delete(id);
          reject(error);
        });
    });
  }

  async cancel(id: string): Promise<boolean> {
    const waiting = this.pending.get(id);
    if (!waiting) return false;
    const job = await Job.fromId(this.queue, id);
    if (job && (await job.getState()) !== 'active') {
      // Not taken yet: it leaves the queue and never runs.
      await job.remove().catch(() => undefined);
      this.pending.delete(id);
      waiting.reject(new Error('stopped before it started'));
      return true;
    }
    await this.publisher.publish(CANCEL_CHANNEL, id);
    return true;
  }

  async close(): Promise<void> {
    for (const [id, waiting] of this.pending) waiting.reject(new Error(`queued job ${id}: no longer followed (closed)`));
    this.pending.clear();
    await Promise.allSettled([this.events.close(), this.queue.close()]);
    this.publisher.disconnect();
  }
}
