/**
 * The one message protocol between Remixer's worker threads and their parents
 * (training sub-models, the server's remix / train / eval tasks). Progress travels
 * as data, errors as their kind and line (errors.ts), results as the task's own type.
 */
import type { MessagePort, Worker } from 'node:worker_threads';
import type { Progress } from '../progress.js';
import { deserializeError, serializeError, type SerializedError } from '../errors.js';
import type { EpochRecord } from '../model/records.js';

export type WorkerMessage<Result> =
  | { type: 'progress'; progress: Progress }
  | { type: 'epoch'; part: string; record: EpochRecord }
  | { type: 'done'; result: Result }
  | { type: 'error'; error: SerializedError };

/** The worker side: typed senders over the parent port. */
export function workerReporter<Result>(port: MessagePort) {
  const post = (message: WorkerMessage<Result>) => port.postMessage(message);
  return {
    progress: (progress: Progress) => post({ type: 'progress', progress }),
    epoch: (part: string, record: EpochRecord) => post({ type: 'epoch', part, record }),
    /** Settles the task: its result, or its error as kind and line. */
    settle: (work: Promise<Result>) =>
      work.then(
        (result) => post({ type: 'done', result }),
        (error: unknown) => post({ type: 'error', error: serializeError(error) }),
      ),
  };
}

export interface WorkerHandlers {
  onProgress?: (progress: Progress) => void;
  onEpoch?: (part: string, record: EpochRecord) => void;
}

/**
 * The parent side: resolves with the worker's result, or rejects with its error
 * rebuilt with the same kind (`context` prefixes internal errors). A worker that
 * dies without a word rejects too.
 */
export function awaitWorker<Result>(worker: Worker, handlers: WorkerHandlers, context?: string): Promise<Result> {
  return new Promise<Result>((resolve, reject) => {
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
    };
    worker.on('message', (message: WorkerMessage<Result>) => {
      switch (message.type) {
        case 'progress':
          handlers.onProgress?.(message.progress);
          break;
        case 'epoch':
          handlers.onEpoch?.(message.part, message.record);
          break;
        case 'done':
          settle(() => resolve(message.result));
          break;
        case 'error':
          settle(() => reject(deserializeError(message.error, context)));
          break;
      }
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`${context ? `${context} ` : ''}worker exited with code ${code}`))));
  });
}
