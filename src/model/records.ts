/** What training records, shared by the trainer, remixer.json, the worker protocol and the web client. Types only. */

export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss: number;
  seconds: number;
  improved: boolean;
}

/** How one part (the whole model, or one split sub-model) finished. */
export interface PartResult {
  part: string;
  epochs: number;
  bestEpoch: number;
  bestValLoss: number | null;
  stoppedEarly: boolean;
  secondsPerEpoch: number;
  history: EpochRecord[];
}

export interface ModelSummary {
  status: 'training' | 'trained';
  parts: Omit<PartResult, 'history'>[];
}
