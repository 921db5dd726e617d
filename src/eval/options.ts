/** `remixer eval`'s options, written once for the CLI, the server and evaluate(). */
import type { OptionTable } from '../options.js';
import type { ProgressCallback } from '../progress.js';
import { SPLITS, type Split } from '../dataset/split.js';

export interface EvalOptions {
  model: string;
  data: string;
  split?: Split;
  /** Folder for report.md and report.json. */
  out?: string;
  /** Only these songs (ids), for quick looks. */
  songs?: string[];
  baselines?: boolean;
  onProgress?: ProgressCallback;
}

export type EvalOptionKey = 'model' | 'data' | 'split' | 'out' | 'baselines';

export const EVAL_OPTIONS: OptionTable<EvalOptionKey> = [
  { key: 'model', flag: '--model', type: 'string', placeholder: 'modeldir', required: true, help: 'a trained model directory' },
  { key: 'data', flag: '--data', type: 'string', placeholder: 'dir', required: true, help: 'dataset directory' },
  { key: 'split', flag: '--split', type: 'choice', choices: SPLITS, default: 'test', placeholder: 'split', help: 'split to evaluate' },
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', help: 'write report.md and report.json here' },
  { key: 'baselines', flag: '--baselines', type: 'boolean', default: true, help: 'evaluate the baselines beside the model' },
];
