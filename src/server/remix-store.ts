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

export const REMIXES_DIR = 'remixes';
export const RECORD_FILE = 'remix.json';

export class RemixStore {
  constructor(readonly root: string) {}

  dir(id: string): string {
    return inside(this.root, checkId(id, 'remix'));
  }

  async write(record: RemixRecord): Promise<void> {
    await fs.mkdir(this.dir(record.id), { recursive: true });
    await writeJsonAtomic(join(this.dir(record.id), RECORD_FILE), record);
  }

  async read(id: string): Promise<RemixRecord> {
    const text = await fs.readFile(join(this.dir(id), RECORD_FILE), 'utf8').catch(() => null);
    if (!text) throw new HttpError(404, `no remix "${id}"`);
    return JSON.parse(text) as RemixRecord;
  }

  /** Every remix, newest first. */
  async list(): Promise<RemixRecord[]> {
    const names = await fs.readdir(this.root).catch(() => [] as string[]);
    const records: RemixRecord[] = [];
    for (const name of names) {
      if (!isId(name)) continue;
      const record = await this.read(name).catch(() => null);
      if (record) records.push(record);
    }
    return records.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  async remove(id: string): Promise<void> {
    const record = await this.read(id);
    if (record.status === 'running') throw new HttpError(409, `remix "${id}" is still being made`);
    await fs.rm(this.dir(id), { recursive: true, force: true });
  }

  /** At start: remixes left running by a stopped server become failed. */
  async recover(): Promise<void> {
    for (const record of await this.list()) {
      if (record.status !== 'running') continue;
      // A new take that was being drawn leaves the previous take in place.
      if (record.result) await this.write({ ...record, status: 'done', jobId: null, error: 'the server stopped while drawing a new take; the previous take stays' });
      else await this.write({ ...record, status: 'failed', jobId: null, error: 'the server stopped while making it' });
    }
  }
}
