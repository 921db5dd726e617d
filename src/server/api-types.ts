/**
 * The web app's HTTP API as types: the server builds its responses with these and
 * the web client (src/web/api.ts) imports them, so both sides compile against one
 * definition. Types only, from modules without Node imports.
 */
import type { Progress } from '../progress.js';
import type { EpochRecord, ModelSummary as TrainingSummary } from '../model/records.js';
import type { Split } from '../dataset/split.js';
import type { Stem } from '../config.js';
import type { SoloFamily } from '../dataset/import/solo-families.js';
import type { PracticeSettings } from '../practice/options.js';
import type { ScoreNote } from '../score/score.js';
import type { AnalysisSummary } from '../analysis/summary.js';
import type { BeatChange } from '../analysis/correction-options.js';

export type { Progress, PartProgress } from '../progress.js';
export type { EpochRecord } from '../model/records.js';
export type { EvalReport, Spread } from '../eval/report.js';

export type JobKind = 'remix' | 'train' | 'eval' | 'practice';
/**
 * 'interrupted': the server stopped while the job ran (a training job resumes at the next start);
 * 'stopped': a person stopped it (a training job keeps its checkpoint and can be resumed).
 */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'interrupted' | 'stopped';

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
  /** While it waits: its place in the queue (1: next to start); null once it runs. */
  queuePosition: number | null;
  /** What the person waiting should know (the queue cannot be reached), while the job is not done. */
  notice?: string;
}

/** Where a model stands: shipped with Remixer, finished, training now, or stopped before it finished. */
export type ModelStage = 'shipped' | 'finished' | 'training' | 'stopped';

/** One entry of GET /api/models. */
export interface ModelListing {
  id: string;
  /** In a musician's words: "walk-e2: Piano → band, score model (plays notes), trained on default data, 24 songs (finished after 12 epochs)". */
  label: string;
  /** The technical line: architecture, representation, rate, preset. */
  detail: string;
  /** Whether the model plays notes (score models: temperature, instruments, MIDI, regenerating a stem). */
  playsNotes: boolean;
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
  /** The band model Remixer ships (offered first; it needs no training). */
  shipped: boolean;
  /** Where it stands: shipped, finished, training now, or stopped before it finished (Resume continues it). */
  stage: ModelStage;
  /** Epochs trained (the longest part's). */
  epochs: number;
  /** The styles the model can be asked for (score models trained with styles); empty otherwise. */
  styles: string[];
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

/** What a remix was made with: everything needed to make it again, one stem differently. */
export interface RemixSettings {
  seconds: number | null;
  generateSource: boolean;
  temperature: number;
  /** A stem drawn again with its own temperature (score models). */
  temperatures: Partial<Record<Stem, number>>;
  /** The seed of each stem's variation (score models). */
  seeds: Partial<Record<Stem, number>>;
  /** 0-based General MIDI programs chosen per stem (score models). */
  programs: Partial<Record<Stem, number>>;
  /** The style asked for (score models with styles): one the model knows, or auto; absent: auto. */
  style?: string;
  /** What the musician corrected of the analysis ("Play it again"); absent: as heard. */
  corrections?: RemixCorrections;
  /** The instrument the musician said the solo is played on; absent: not said. */
  instrument?: SoloFamily;
}

/** Corrections of what was heard, by the remix options' keys (remix/options.ts CORRECTION_OPTIONS): chords is a chart, one chord per bar. */
export interface RemixCorrections {
  beats?: BeatChange;
  tempo?: number;
  meter?: number;
  firstDownbeat?: number;
  chords?: string;
}

/** What made a take. */
export type TakeKind = 'remix' | 'new take' | 'replay' | 'instrument';

/** One take of a remix (server/takes.ts): its name, what made it, its settings and result. */
export interface TakeRecord {
  n: number;
  name: string;
  kind: TakeKind;
  createdAt: string;
  settings: RemixSettings;
  result: NonNullable<RemixRecord['result']>;
  tracks: string[];
}

/** A remix in the history (work/remixes/<id>/remix.json): it survives reloads and restarts. */
export interface RemixRecord {
  id: string;
  createdAt: string;
  /** The uploaded file's name. */
  fileName: string;
  /** The name the musician gave it; absent: none (the file's name stands for it). */
  name?: string;
  model: string;
  modelLabel: string;
  sourceStem: Stem;
  playsNotes: boolean;
  /** damaged: its record on disk cannot be read (listed so that it can be deleted). */
  status: 'running' | 'done' | 'failed' | 'damaged';
  error: string | null;
  /** The job making it now, when running. */
  jobId: string | null;
  settings: RemixSettings;
  /** The tracks to mix: the solo, then the generated stems. */
  tracks: string[];
  /** Every take it went through, in the order made (takes.ts), and the current one's number; absent in records made before. */
  takes?: TakeRecord[];
  take?: number;
  /** The last practice version made of it (practice.wav and practice.mid in its folder); absent: none. */
  practice?: { settings: PracticeSettings; seconds: number };
  result: {
    sampleRate: number;
    channels: number;
    seconds: number;
    loudnessLufs: number;
    analysis: AnalysisSummary | null;
    notes: Partial<Record<Stem, ScoreNote[]>>;
    /** The 0-based General MIDI program each pitched part plays (score models; absent in records made before). */
    programs?: Partial<Record<Stem, number>>;
    /** The style the band played (absent in records made before, null: none), and how sure `auto` was when it chose it (null: asked for). */
    style?: string | null;
    styleConfidence?: number | null;
    midi: boolean;
    mp3: boolean;
  } | null;
}
