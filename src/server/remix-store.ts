/**
 * The remix history on disk: work/remixes/<id>/ holds the upload (upload/<its name>), the stems, the
 * remix (WAV, MP3), remix.mid, remix.analysis.json and remix.json (the record). Records
 * are written atomically; a remix still running when the server stopped is marked
 * failed at the next start (a new take of one stem: the previous take stays).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../io/atomic.js';
import { HttpError, checkId, inside, isId } from './http-error.js';
import type { RemixRecord } from './api-types.js';
import { oneLine } from '../errors.js';
import type { RemixResult } from '../remix/remix.js';
import { readOutcome, removeOutcome } from '../queue/outcomes.js';
import { rootsHere } from '../queue/roots.js';

/** The record of a remix job as it ends. */
export function finished(record: RemixRecord, status: 'done' | 'failed', result: RemixResult | null, error: string | null): RemixRecord {
  return {
    ...record,
    status,
    error,
    jobId: null,
    result: result
      ? { sampleRate: result.sampleRate, channels: result.channels, seconds: result.seconds, loudnessLufs: result.loudnessLufs, analysis: result.analysis, notes: result.notes, programs: result.programs, style: result.style, styleConfidence: result.styleConfidence, midi: result.midi !== null, mp3: result.mp3 !== null }
      : record.result,
  };
}

export const REMIXES_DIR = 'remixes';
export const RECORD_FILE = 'remix.json';

export class RemixStore {
  /** Remixes with a job under way in this server: claimed before the job starts, so two never run at once. */
  private readonly claimed = new Set<string>();

  constructor(readonly root: string) {}

  dir(id: string): string {
    return inside(this.root, checkId(id, 'remix'));
  }

  async write(record: RemixRecord): Promise<void> {
    await fs.mkdir(this.dir(record.id), { recursive: true });
    await writeJsonAtomic(join(this.dir(record.id), RECORD_FILE), record);
  }

  /** The record; a damaged one is a 409 naming it (delete still removes it). */
  async read(id: string): Promise<RemixRecord> {
    const text = await fs.readFile(join(this.dir(id), RECORD_FILE), 'utf8').catch(() => null);
    if (text === null) throw new HttpError(404, `no remix "${id}"`);
    try {
      const record = JSON.parse(text) as RemixRecord;
      if (!record || typeof record !== 'object' || record.id !== id || typeof record.status !== 'string') throw new Error('not a remix record');
      return record;
    } catch (error) {
      throw new HttpError(409, `remix "${id}": its record ${RECORD_FILE} is damaged (${oneLine(error)}); delete the remix`);
    }
  }

  /** Every remix, newest first; a damaged one as a record saying so. */
  async list(): Promise<RemixRecord[]> {
    const names = await fs.readdir(this.root).catch(() => [] as string[]);
    const records: RemixRecord[] = [];
    for (const name of names) {
      if (!isId(name)) continue;
      const record = await this.read(name).catch(async (error: unknown) => (error instanceof HttpError && error.status === 409 ? this.damaged(name, error.message) : null));
      if (record) records.push(record);
    }
    return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** What the history shows of a remix whose record cannot be read. */
  private async damaged(id: string, error: string): Promise<RemixRecord> {
    const stat = await fs.stat(this.dir(id)).catch(() => null);
    return {
      id,
      createdAt: (stat?.mtime ?? new Date(0)).toISOString(),
      fileName: id,
      model: '',
      modelLabel: 'unknown model',
      sourceStem: 'piano',
      playsNotes: false,
      status: 'damaged',
      error,
      jobId: null,
      settings: { seconds: null, generateSource: false, temperature: 0, temperatures: {}, seeds: {}, programs: {} },
      tracks: [],
      result: null,
    };
  }

  /**
   * Claims `record` for a new job: refused (409) while one is under way for it. Synchronous,
   * so two requests that read the same record cannot both claim it; `release` when the job ends.
   */
  claim(record: RemixRecord): void {
    if ((record.status === 'running' && record.jobId !== null) || this.claimed.has(record.id)) throw new HttpError(409, `remix "${record.id}" is still being made: wait for it to finish`);
    this.claimed.add(record.id);
  }

  release(id: string): void {
    this.claimed.delete(id);
  }

  async remove(id: string): Promise<void> {
    const record = await this.read(id).catch((error: unknown) => {
      if (error instanceof HttpError && error.status === 409) return null; // damaged: removed all the same
      throw error;
    });
    if ((record && record.status === 'running') || this.claimed.has(id)) throw new HttpError(409, `remix "${id}" is still being made`);
    await fs.rm(this.dir(id), { recursive: true, force: true });
  }

  /**
   * At start: remixes left running by a stopped server become failed — unless a queue worker
   * finished the job meanwhile and kept its outcome in the shared folder (queue/outcomes.ts):
   * then the remix is what the worker made.
   */
  async recover(work?: string): Promise<void> {
    for (const record of await this.list()) {
      if (record.status !== 'running') continue;
      const outcome = work && record.jobId ? await readOutcome(rootsHere(work), record.jobId) : null;
      if (outcome) {
        await this.write(outcome.ok ? finished(record, 'done', outcome.result as RemixResult, null) : finished(record, record.result ? 'done' : 'failed', null, outcome.error.message));
        await removeOutcome(work!, record.jobId!);
        continue;
      }
      // A new take that was being drawn leaves the previous take in place.
      if (record.result) await this.write({ ...record, status: 'done', jobId: null, error: 'the server stopped while drawing a new take; the previous take stays' });
      else await this.write({ ...record, status: 'failed', jobId: null, error: 'the server stopped while making it' });
    }
  }
}
