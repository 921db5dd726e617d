/**
 * The web app's HTTP API as types: the server builds its responses with these and
 * the web client (src/web/api.ts) imports them, so both sides compile against one
 * definition. Types only, from modules without Node imports.
 */
import type { Progress } from '../progress.js';
import type { EpochRecord, ModelSummary as TrainingSummary } from '../model/records.js';
import type { Split } from '../dataset/split.js';

export type { Progress, PartProgress } from '../progress.js';
export type { EpochRecord } from '../model/records.js';
export type { EvalReport, Spread } from '../eval/report.js';

export type JobKind = 'remix' | 'train' | 'eval';
/** 'interrupted': the server stopped while the job ran (a training job resumes at the next start). */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'interrupted';

/** A job as GET /api/jobs/:id returns it. */
export interface PublicJob {
  id: string;
  kind: JobKind;
  status: JobStatus;
  progress: Progress | null;
  error: string | null;
  result: unknown;
  /** What the route shows with the job (model name, file names, tracks, …). */
  info: Record<string, unknown>;
  createdAt: string;
}

/** One entry of GET /api/models. */
export interface ModelListing {
  id: string;
  architecture: string;
  /** The representation's type name. */
  representation: string;
  sourceStem: string;
  sampleRate: number;
  preset: string;
  status: TrainingSummary['status'];
  parts: TrainingSummary['parts'];
  hasEval: boolean;
  trained: boolean;
}

/** One entry of GET /api/datasets. */
export interface DatasetListing {
  id: string;
  songs: number;
  bySplit: Record<Split, number>;
  sampleRate: number;
  clipSeconds: number;
  origin: string;
}

/** GET /api/train: the last training job and every part's loss history. */
export interface TrainingState {
  job: PublicJob | null;
  histories: Record<string, EpochRecord[]>;
}

/** Every error response. */
export interface ApiErrorBody {
  error: string;
}
