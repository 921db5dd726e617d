/** The server's JSON API, typed as the page uses it. */
import type { EvalReport } from '../eval/report';

export type { EvalReport, Spread } from '../eval/report';

export interface ModelSummary {
  id: string;
  architecture: string;
  representation: string;
  sourceStem: string;
  sampleRate: number;
  status: string;
  trained: boolean;
  hasEval: boolean;
}

export interface DatasetSummary {
  id: string;
  songs: number;
  sampleRate: number;
  origin: string;
}

export interface Progress {
  phase: string;
  done: number;
  total: number;
  values?: Record<string, number | string>;
}

export interface Job {
  id: string;
  kind: 'remix' | 'train' | 'eval';
  status: 'queued' | 'running' | 'done' | 'failed' | 'interrupted';
  progress: Progress | null;
  error: string | null;
  result: unknown;
  info: Record<string, unknown>;
}

export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss: number;
}

export class ApiError extends Error {}

async function request<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = (await response.json().catch(() => ({}))) as T & { error?: string };
  if (!response.ok) throw new ApiError(body.error ?? `${response.status} ${response.statusText}`);
  return body;
}

export const api = {
  models: () => request<ModelSummary[]>('api/models'),
  datasets: () => request<DatasetSummary[]>('api/datasets'),
  job: (id: string) => request<Job>(`api/jobs/${encodeURIComponent(id)}`),
  remix: (form: FormData) => request<Job>('api/remix', { method: 'POST', body: form }),
  train: (body: Record<string, unknown>) => request<Job>('api/train', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  training: () => request<{ job: Job | null; histories: Record<string, EpochRecord[]> }>('api/train'),
  evaluation: (model: string) => request<EvalReport>(`api/models/${encodeURIComponent(model)}/eval`),
  evaluate: (model: string, dataset: string) =>
    request<Job>(`api/models/${encodeURIComponent(model)}/eval`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ dataset }) }),
  trackUrl: (job: string, track: string) => `api/jobs/${encodeURIComponent(job)}/audio/${track}`,
};

/** Polls a job until it ends, reporting each state. */
export async function followJob(id: string, onUpdate: (job: Job) => void, intervalMs = 400): Promise<Job> {
  for (;;) {
    const job = await api.job(id);
    onUpdate(job);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
