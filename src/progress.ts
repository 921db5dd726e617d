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
