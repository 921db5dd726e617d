/**
 * Long work reports progress through a callback, never the console, so that the
 * CLI (a bar), the server (job status) and the tests (assertions) each show it their own way.
 */
export interface Progress {
  /** What is being done, e.g. "songs", "epoch 3/20". */
  phase: string;
  /** Units done so far within the phase. */
  done: number;
  /** Units in the phase. */
  total: number;
  /** Short figures to show beside the bar, e.g. { loss: 0.012 }. */
  values?: Record<string, number | string>;
}

export type ProgressCallback = (progress: Progress) => void;

export const noProgress: ProgressCallback = () => {};
