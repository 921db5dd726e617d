/**
 * Remixer's BullMQ queue on Redis: its name, what a job carries, how a worker tells a
 * result from an error, and the one way to connect (a redis:// URL, checked).
 */
import { RemixerError } from '../errors.js';
import type { SerializedError } from '../errors.js';
import type { Progress } from '../progress.js';
import type { EpochRecord } from '../model/records.js';
import type { TaskRequest } from '../tasks/tasks.js';
import type { Roots } from './roots.js';

export const QUEUE_NAME = 'remixer-jobs';
/** The Redis channel a server asks a worker on to stop a job (stopping training). */
export const CANCEL_CHANNEL = 'remixer:cancel';
/** How many times a job is tried when its worker dies (a user's mistake is never retried). */
export const JOB_ATTEMPTS = 3;

/** A queued job: the request, with the roots its paths are under. */
export interface QueuedJob {
  request: TaskRequest;
  roots: Roots;
}

/** A finished job's return value: a result, or the error a user should read (no retry). */
export type QueuedOutcome = { ok: true; result: unknown } | { ok: false; error: SerializedError };

/** What a worker reports while a job runs (BullMQ job progress). */
export type QueuedReport = { type: 'progress'; progress: Progress } | { type: 'epoch'; part: string; record: EpochRecord };

/** BullMQ's connection options for `url`; a URL that is not redis://host:port is one line naming the flag. */
export function queueConnection(url: string, flag = '--queue'): { url: string; maxRetriesPerRequest: null; connectTimeout: number } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RemixerError(`${flag} ${url}: not a URL (expected redis://host:port)`);
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') throw new RemixerError(`${flag} ${url}: expected a redis:// URL (redis://host:port)`);
  return { url, maxRetriesPerRequest: null, connectTimeout: 5000 };
}

/**
 * Checks that Redis answers at `url` before any queue connects (a queue's own
 * connections retry for ever): one line naming the flag when it does not.
 */
export async function checkReachable(url: string, flag = '--queue', seconds = 5): Promise<void> {
  const { Redis } = await import('ioredis');
  const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: seconds * 1000 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
  } catch {
    throw new RemixerError(`${flag} ${url}: cannot reach Redis (is redis-server running there?)`, { kind: 'not-found' });
  } finally {
    probe.disconnect();
  }
}
