/** The server's JSON API, with the server's own response types (src/server/api-types.ts). */
import type { PracticeSettings } from '../practice/options';
import type { DatasetListing, EvalReport, ModelListing, PublicJob, RemixCorrections, RemixRecord, TrainingState } from '../server/api-types';

export type { DatasetListing, EpochRecord, EvalReport, ModelListing, PublicJob as Job, Progress, RemixRecord, Spread, TrainingState } from '../server/api-types';

export class ApiError extends Error {}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new ApiError(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

const json = (body: unknown): RequestInit => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const remix = (id: string) => `api/remixes/${encodeURIComponent(id)}`;

export const api = {
  models: () => request<ModelListing[]>('api/models'),
  datasets: () => request<DatasetListing[]>('api/datasets'),
  job: (id: string) => request<PublicJob>(`api/jobs/${encodeURIComponent(id)}`),
  remix: (form: FormData) => request<PublicJob>('api/remix', { method: 'POST', body: form }),
  remixes: () => request<RemixRecord[]>('api/remixes'),
  remixRecord: (id: string) => request<RemixRecord>(remix(id)),
  renameRemix: (id: string, name: string) => request<RemixRecord>(remix(id), { ...json({ name }), method: 'PATCH' }),
  deleteRemix: (id: string) => request<{ deleted: string }>(remix(id), { method: 'DELETE' }),
  regenerate: (id: string, stem: string, body: { program?: number; temperature?: number; seed?: number }) => request<PublicJob>(`${remix(id)}/stems/${stem}/regenerate`, json(body)),
  replay: (id: string, corrections: RemixCorrections) => request<PublicJob>(`${remix(id)}/replay`, json(corrections)),
  practice: (id: string, settings: Partial<PracticeSettings>) => request<PublicJob>(`${remix(id)}/practice`, json(settings)),
  practiceUrl: (id: string, file: 'practice.wav' | 'practice.mid') => `${remix(id)}/practice/${file}`,
  selectTake: (id: string, n: number) => request<RemixRecord>(`${remix(id)}/takes/${n}/select`, { method: 'POST' }),
  undo: (id: string) => request<RemixRecord>(`${remix(id)}/undo`, { method: 'POST' }),
  redo: (id: string) => request<RemixRecord>(`${remix(id)}/redo`, { method: 'POST' }),
  renameTake: (id: string, n: number, name: string) => request<RemixRecord>(`${remix(id)}/takes/${n}`, { ...json({ name }), method: 'PATCH' }),
  takeUrl: (id: string, n: number) => `${remix(id)}/takes/${n}/remix.wav`,
  trackUrl: (id: string, track: string) => `${remix(id)}/audio/${track}`,
  midiUrl: (id: string) => `${remix(id)}/midi`,
  zipUrl: (id: string) => `${remix(id)}/zip`,
  train: (body: Record<string, unknown>) => request<PublicJob>('api/train', json(body)),
  stopTraining: () => request<{ stopped: boolean }>('api/train/stop', { method: 'POST' }),
  resumeTraining: () => request<PublicJob>('api/train/resume', { method: 'POST' }),
  training: () => request<TrainingState>('api/train'),
  evaluation: (model: string) => request<EvalReport>(`api/models/${encodeURIComponent(model)}/eval`),
  evaluate: (model: string, dataset: string) => request<PublicJob>(`api/models/${encodeURIComponent(model)}/eval`, json({ dataset })),
  evalFileUrl: (model: string, file: string) => `api/models/${encodeURIComponent(model)}/eval/${file.split('/').map(encodeURIComponent).join('/')}`,
};

/** A waiting job in words: its place in the queue. */
export function waitingText(job: PublicJob): string {
  if (job.notice) return `${job.notice}…`;
  const place = job.queuePosition;
  if (!place) return 'waiting for a worker…';
  return place === 1 ? 'waiting: next in the queue…' : `waiting: ${place} in the queue (${place - 1} ahead)…`;
}

/** Polls a job until it ends, reporting each state. */
export async function followJob(id: string, onUpdate: (job: PublicJob) => void, intervalMs = 400): Promise<PublicJob> {
  for (;;) {
    const job = await api.job(id);
    onUpdate(job);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
