/** What runs the server's jobs: the embedded thread pool, or a BullMQ queue on Redis that workers on any machine take jobs from. */
import type { WorkerHandlers } from '../workers/protocol.js';
import type { TaskRequest } from './tasks.js';

export interface TaskHandlers extends WorkerHandlers {
  /** A worker has taken the job (it may have waited in a shared queue). */
  onStart?: () => void;
}

export interface TaskRunner {
  /** How many jobs it runs at once; more wait in the job store. Infinity: every job goes to a shared queue at once. */
  readonly slots: number;
  /** Whether it calls onStart (a shared queue); otherwise a job runs as soon as it is given. */
  readonly reportsStart: boolean;
  /** Runs `request` as job `id`: its result, or its error (a user's mistake keeps its kind and line). */
  run(id: string, request: TaskRequest, handlers?: TaskHandlers): Promise<unknown>;
  /** What a person waiting on a job should know of the runner now (a queue that cannot be reached), or null. */
  notice?(): string | null;
  /** Stops job `id` (a training run keeps its checkpoint); false when it does not run here. */
  cancel(id: string): Promise<boolean>;
  close(): Promise<void>;
}
