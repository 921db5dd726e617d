/**
 * A queued job's outcome, also kept as a file in the shared work folder: the worker writes it
 * before it tells Redis, so a job that finished while Redis was away (or while the server was
 * down) is recovered from its files when Redis returns or the server starts again, not marked
 * failed or left running for ever. Paths in it are relocated to the reader's roots.
 *
 *   WORK/.remixer-queue/outcomes/<job id>.json = { outcome, roots }
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../io/atomic.js';
import type { QueuedOutcome } from './connection.js';
import { relocate, type Roots } from './roots.js';

export const OUTCOMES_DIR = join('.remixer-queue', 'outcomes');

const outcomePath = (work: string, jobId: string) => join(work, OUTCOMES_DIR, `${jobId.replace(/[^\w.-]/g, '_')}.json`);

export async function writeOutcome(roots: Roots, jobId: string, outcome: QueuedOutcome): Promise<void> {
  await fs.mkdir(join(roots.work, OUTCOMES_DIR), { recursive: true });
  await writeJsonAtomic(outcomePath(roots.work, jobId), { outcome, roots });
}

/** The outcome a worker left for `jobId`, its paths moved under `here`; null when there is none (or it cannot be read). */
export async function readOutcome(here: Roots, jobId: string): Promise<QueuedOutcome | null> {
  const text = await fs.readFile(outcomePath(here.work, jobId), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const { outcome, roots } = JSON.parse(text) as { outcome: QueuedOutcome; roots: Roots };
    return relocate(outcome, roots, here);
  } catch {
    return null;
  }
}

export async function removeOutcome(work: string, jobId: string): Promise<void> {
  await fs.rm(outcomePath(work, jobId), { force: true });
}
