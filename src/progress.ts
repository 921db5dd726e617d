/**
 * Long work reports progress through a callback, never the console, so that the
 * CLI (a bar), the server (job status) and the tests (assertions) each show it their own way.
 * Types only: the web client imports them too.
 */
export interface Progress {
  /** What is being done, e.g. "songs", "bass epoch 3/20". */
  phase: string;
  /** Units done so far within the phase (whole units). */
  done: number;
  /** Units in the phase. */
  total: number;
  /** Short figures to show beside the bar, e.g. { loss: 0.012 }. */
  values?: Record<string, number | string>;
  /** Training only: where each part (sub-model) stands, as data, never parsed back from `phase`. */
  training?: TrainingProgress;
}

/** Where one training part stands: epoch `epoch` of `epochs`, step `step` of `steps` within it. */
export interface PartProgress {
  part: string;
  epoch: number;
  epochs: number;
  step: number;
  steps: number;
  /** Mean training loss of the epoch so far; null before its first step. */
  loss: number | null;
}

export interface TrainingProgress {
  parts: PartProgress[];
}

/** Counts above this are not worth reading (samples, frames): progress is said in percent only. */
const COUNTS_READABLE_BELOW = 1000;

/**
 * Progress in words for a person: "generating stems: 3 of 10 (30 %)", or for counts nobody
 * reads (samples while mastering) "mastering: 46 %". The CLI, the server's pages and the web
 * app say it this way.
 */
export function progressWords(p: Pick<Progress, 'phase' | 'done' | 'total'>): string {
  const percent = Math.round((100 * p.done) / Math.max(1, p.total));
  return p.total >= COUNTS_READABLE_BELOW ? `${p.phase}: ${percent} %` : `${p.phase}: ${p.done} of ${p.total} (${percent} %)`;
}

export type ProgressCallback = (progress: Progress) => void;

export const noProgress: ProgressCallback = () => {};

/** Overall training progress in steps over every part's epochs (whole numbers). */
export function trainingTotals(parts: readonly PartProgress[]): { done: number; total: number } {
  let done = 0;
  let total = 0;
  for (const p of parts) {
    total += p.epochs * p.steps;
    done += Math.min(p.epochs * p.steps, (p.epoch - 1) * p.steps + p.step);
  }
  return { done, total };
}
