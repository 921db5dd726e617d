/**
 * Sends jobs to the BullMQ queue and follows them: the server's runner with --queue,
 * and the corpus builder's. Every job goes to Redis at once (the job store bounds how
 * many wait); a worker's start, progress and end come back as queue events. A job whose
 * worker dies is taken again by another (BullMQ's stalled-job check) up to JOB_ATTEMPTS
 * times; its outputs are written atomically, so a second try replaces nothing half-made.
 *
 * It is honest about Redis: a probe pings it every HEALTH_INTERVAL_MS; when it stops
 * answering (MISSES_TO_LOSE probes in a row), `onQueueState` says so (the server logs it and tells the page, the corpus
 * builder prints it) and jobs wait. A job whose worker kept its outcome in the shared folder
 * (outcomes.ts) is settled from it at the next probe, Redis or not; when Redis answers again,
 * every job still followed is settled from its state there — so a job that finished
 * meanwhile is not lost.
 */
import { Queue, QueueEvents, Job } from 'bullmq';
import { Redis } from 'ioredis';
import { deserializeError } from '../errors.js';
import type { TaskRequest } from '../tasks/tasks.js';
import type { TaskHandlers, TaskRunner } from '../tasks/runner.js';
import { CANCEL_CHANNEL, JOB_ATTEMPTS, QUEUE_NAME, queueConnection, checkReachable, type QueuedJob, type QueuedOutcome, type QueuedReport } from './connection.js';
import { rootsHere, type Roots } from './roots.js';
import { readOutcome, removeOutcome } from './outcomes.js';

interface Pending {
  handlers: TaskHandlers;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** How often Redis is asked whether it is there, and how long an answer may take. */
export const HEALTH_INTERVAL_MS = 1000;
const HEALTH_TIMEOUT_MS = 1500;
/** Probes missed in a row before Redis is said to be unreachable. */
const MISSES_TO_LOSE = 2;
/** How long closing waits for BullMQ to close cleanly. */
const CLOSE_GRACE_MS = 2000;

/** What the page says of a job while Redis cannot be reached. */
export const QUEUE_UNREACHABLE = 'the queue is unreachable; jobs wait';

export interface QueueState {
  reachable: boolean;
  /** What to tell a person, in one line. */
  line: string;
}

export interface QueueRunnerOptions {
  /** Called when Redis stops or starts answering again. */
  onQueueState?: (state: QueueState) => void;
}

export class QueueRunner implements TaskRunner {
  readonly slots = Infinity;
  readonly reportsStart = true;
  private readonly pending = new Map<string, Pending>();
  private reachable = true;
  /** Probes missed in a row. */
  private missed = 0;
  private readonly health: ReturnType<typeof setInterval>;
  private checking = false;

  private constructor(
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly publisher: Redis,
    private readonly probe: Redis,
    /** The queue's and the events' connections, ours to cut (BullMQ's own close waits for Redis, for ever when it is gone). */
    private readonly clients: readonly Redis[],
    private readonly roots: Roots,
    private readonly url: string,
    private readonly options: QueueRunnerOptions,
  ) {
    this.health = setInterval(() => void this.checkHealth(), HEALTH_INTERVAL_MS);
    this.health.unref();
    events.on('active', ({ jobId }) => this.pending.get(jobId)?.handlers.onStart?.());
    events.on('progress', ({ jobId, data }) => {
      const report = data as unknown as QueuedReport;
      const handlers = this.pending.get(jobId)?.handlers;
      if (report.type === 'progress') handlers?.onProgress?.(report.progress);
      else if (report.type === 'epoch') handlers?.onEpoch?.(report.part, report.record);
    });
    events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, (typeof returnvalue === 'string' ? JSON.parse(returnvalue) : returnvalue) as QueuedOutcome));
    events.on('failed', ({ jobId, failedReason }) => void this.failed(jobId, failedReason));
  }

  /** Connects to the queue at `url`; `work` is this side's shared folder. One line when Redis cannot be reached. */
  static async connect(url: string, work: string, options: QueueRunnerOptions = {}): Promise<QueueRunner> {
    queueConnection(url);
    await checkReachable(url);
    const [queueClient, eventsClient] = [new Redis(url, { maxRetriesPerRequest: null }), new Redis(url, { maxRetriesPerRequest: null })];
    const queue = new Queue(QUEUE_NAME, { connection: queueClient });
    const events = new QueueEvents(QUEUE_NAME, { connection: eventsClient });
    const publisher = new Redis(url, { maxRetriesPerRequest: null });
    // The probe never queues a command while Redis is away: a ping fails at once, and says so.
    const probe = new Redis(url, { maxRetriesPerRequest: 0, enableOfflineQueue: false, connectTimeout: HEALTH_TIMEOUT_MS, retryStrategy: () => HEALTH_INTERVAL_MS });
    for (const client of [queue, events, publisher, probe, queueClient, eventsClient] as { on(event: 'error', f: () => void): unknown }[]) client.on('error', () => undefined);
    await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
    return new QueueRunner(queue, events, publisher, probe, [queueClient, eventsClient], rootsHere(work), url, options);
  }

  /** Whether Redis answered the last probe. */
  get queueReachable(): boolean {
    return this.reachable;
  }

  notice(): string | null {
    return this.reachable ? null : QUEUE_UNREACHABLE;
  }

  private async checkHealth(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      const answered = await Promise.race([this.probe.ping().then(() => true, () => false), new Promise<boolean>((r) => setTimeout(() => r(false), HEALTH_TIMEOUT_MS).unref())]);
      // A job whose worker kept its outcome is finished, whatever Redis says or does not say.
      if (this.pending.size) await this.settleFromOutcomes();
      // One late answer is a busy machine, not a lost Redis: it is lost after MISSES_TO_LOSE in a row.
      this.missed = answered ? 0 : this.missed + 1;
      if (!answered && this.missed < MISSES_TO_LOSE) return;
      if (answered === this.reachable) return;
      this.reachable = answered;
      this.options.onQueueState?.({ reachable: answered, line: answered ? `the queue at ${this.url} is back: ${this.pending.size} job${this.pending.size === 1 ? '' : 's'} followed again` : `the queue at ${this.url} is unreachable; jobs wait until it is back` });
      if (answered) await this.reconcile();
    } finally {
      this.checking = false;
    }
  }

  /** Settles every followed job its worker has kept an outcome for. */
  private async settleFromOutcomes(): Promise<void> {
    for (const id of [...this.pending.keys()]) {
      const outcome = await readOutcome(this.roots, id);
      if (outcome) this.settle(id, outcome);
    }
  }

  /** After Redis came back: each followed job settled from its kept outcome, else from its state in Redis. */
  private async reconcile(): Promise<void> {
    await this.settleFromOutcomes();
    for (const id of [...this.pending.keys()]) {
      const job = await Job.fromId(this.queue, id).catch(() => null);
      const state = await job?.getState().catch(() => null);
      if (job && state === 'completed') this.settle(id, (typeof job.returnvalue === 'string' ? JSON.parse(job.returnvalue) : job.returnvalue) as QueuedOutcome);
      else if (job && state === 'failed') await this.failed(id, job.failedReason);
    }
  }

  private settle(jobId: string, outcome: QueuedOutcome): void {
    const waiting = this.pending.get(jobId);
    if (!waiting) return;
    this.pending.delete(jobId);
    void removeOutcome(this.roots.work, jobId);
    if (outcome.ok) waiting.resolve(outcome.result);
    else waiting.reject(deserializeError(outcome.error));
  }

  /** A failed attempt ends the job only when no try is left (a retried job runs again elsewhere). */
  private async failed(jobId: string, reason: string): Promise<void> {
    const waiting = this.pending.get(jobId);
    if (!waiting) return;
    // A worker that finished but could not tell Redis kept its outcome: that is what happened.
    const kept = await readOutcome(this.roots, jobId);
    if (kept) return this.settle(jobId, kept);
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
    clearInterval(this.health);
    for (const [id, waiting] of this.pending) waiting.reject(new Error(`queued job ${id}: no longer followed (closed)`));
    this.pending.clear();
    // BullMQ's close waits for Redis (for ever when it is gone): a moment to close cleanly, then the connections are cut.
    const closed = Promise.allSettled([this.events.close(), this.queue.close()]);
    if (this.reachable) await Promise.race([closed, new Promise((r) => setTimeout(r, CLOSE_GRACE_MS).unref())]);
    for (const client of [...this.clients, this.publisher, this.probe]) client.disconnect();
  }
}
