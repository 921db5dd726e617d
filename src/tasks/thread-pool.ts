/**
 * Worker threads that stay up between tasks, so a second remix finds TensorFlow.js,
 * the SoundFont, the listener and its model already loaded. The pool keeps at most
 * `size` idle threads; a thread runs one task at a time. Training runs in a thread of
 * its own that ends with it (its memory goes with it). Cancelling a task ends its
 * thread. How many tasks run at once is the caller's choice (the job store's slots).
 */
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers/start.js';
import { awaitWorker } from '../workers/protocol.js';
import type { TaskRequest } from './tasks.js';
import type { TaskHandlers, TaskRunner } from './runner.js';

export class ThreadPool implements TaskRunner {
  readonly reportsStart = false;
  private readonly idle: Worker[] = [];
  private readonly busy = new Map<string, Worker>();
  private closed = false;

  constructor(readonly size: number) {}

  get slots(): number {
    return this.size;
  }

  /** Runs `request` on an idle thread (or a new one); `id` names it for cancel(). */
  async run(id: string, request: TaskRequest, handlers: TaskHandlers = {}): Promise<unknown> {
    if (this.closed) throw new Error('the thread pool is closed');
    const keep = request.kind !== 'train';
    const worker = (keep && this.idle.pop()) || startWorker(import.meta.url, './task-thread', null);
    this.busy.set(id, worker);
    // A thread that died (or was cancelled) is not given another task.
    let exited = false;
    try {
      const settled = awaitWorker<unknown>(worker, handlers, request.kind);
      worker.once('exit', () => (exited = true));
      worker.postMessage(request);
      return await settled;
    } finally {
      worker.removeAllListeners('message').removeAllListeners('error').removeAllListeners('exit');
      this.busy.delete(id);
      if (keep && !exited && !this.closed && this.idle.length < this.size) this.rest(worker);
      else void worker.terminate();
    }
  }

  /** Puts a thread among the idle ones; one that fails or exits while idle leaves the pool. */
  private rest(worker: Worker): void {
    const leave = () => {
      const at = this.idle.indexOf(worker);
      if (at >= 0) this.idle.splice(at, 1);
    };
    worker.on('error', leave).on('exit', leave);
    this.idle.push(worker);
  }

  /** Ends the thread running task `id`; its run() rejects. False when no such task runs. */
  async cancel(id: string): Promise<boolean> {
    const worker = this.busy.get(id);
    if (!worker) return false;
    await worker.terminate();
    return true;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.idle, ...this.busy.values()].map((w) => w.terminate()));
    this.idle.length = 0;
  }
}
