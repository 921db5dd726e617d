/** `remixer eval`'s options, written once for the CLI, the server and evaluate(). */
import type { OptionTable } from '../options.js';
import type { ProgressCallback } from '../progress.js';
import { SPLITS, type Split } from '../dataset/split.js';

export interface EvalOptions {
  /** One or more model directories, compared in one report. */
  models: string[];
  data: string;
  split?: Split;
  /** Folder for report.md, report.json and pictures/. */
  out?: string;
  /** Only these songs (ids), for quick looks. */
  songs?: string[];
  baselines?: boolean;
  /** The dataset whose train split gives retrieval, mean-spectrum and baseline levels (default: the first model's training data). */
  baselinesFrom?: string;
  /** The split of that dataset that gives them (default train; an evaluation-only set gives its stems' mean levels from its own split). */
  baselinesSplit?: Split;
  /** Only these baselines (names: template-band, template-truth, echo, another-song, retrieval, mean-spectrum, silence, true-stems); default all. */
  baselineNames?: readonly string[];
  /** The first model also plays on the score's true beats and bars (the listening measured apart; songs with scores). */
  trueBeats?: boolean;
  /** Who listens for the model and the template band (learned, dsp, or a listener folder; default: the default listener). */
  listener?: string;
  /** Compare the sound too: spectral distance and SI-SDR (default true; false skips their STFTs, for quick gates). */
  sound?: boolean;
  /** Songs evaluated in parallel worker threads (default: the cores, at most 4; 0 or 1: in this thread). */
  workers?: number;
  /** Songs drawn as pictures (default 2). */
  pictures?: number;
  /** The style score models with styles play each song in: chosen from its solo ('auto', as remix does), none, or the song's own (its score's family, 'truth'). */
  style?: EvalStyle;
  onProgress?: ProgressCallback;
}

export const EVAL_STYLES = ['auto', 'none', 'truth'] as const;
/** The name of a model's row played on the true beats: the model's name and this. */
export const TRUE_BEATS_SUFFIX = ' (true beats)';
export type EvalStyle = (typeof EVAL_STYLES)[number];

export type EvalOptionKey = 'models' | 'data' | 'split' | 'out' | 'baselines' | 'baselinesFrom' | 'workers' | 'pictures' | 'style';

export const EVAL_OPTIONS: OptionTable<EvalOptionKey> = [
  { key: 'models', flag: '--model', type: 'list', minItems: 1, placeholder: 'modeldir', required: true, help: 'a trained model directory; give several to compare them in one report' },
  { key: 'data', flag: '--data', type: 'string', placeholder: 'dir', required: true, help: 'dataset directory' },
  { key: 'split', flag: '--split', type: 'choice', choices: SPLITS, default: 'test', placeholder: 'split', help: 'split to evaluate' },
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', help: 'write report.md, report.json and pictures/ here' },
  { key: 'baselines', flag: '--baselines', type: 'boolean', default: true, help: 'evaluate the baselines beside the models' },
  { key: 'baselinesFrom', flag: '--baselines-from', type: 'string', placeholder: 'dir', defaultText: "the first model's training dataset", help: 'dataset whose train split gives retrieval, mean-spectrum and the baseline levels' },
  { key: 'workers', flag: '--workers', type: 'integer', min: 0, max: 64, placeholder: 'n', defaultText: 'the cores, at most 4', help: 'songs evaluated in parallel worker threads' },
  { key: 'style', flag: '--style', type: 'choice', choices: EVAL_STYLES, default: 'auto', placeholder: 'which', help: "score models with styles: the style each song is played in: chosen from its solo (as remix does), none, or the song's own (its score's family; the listening's part measured apart)" },
  { key: 'pictures', flag: '--pictures', type: 'integer', min: 0, max: 100, default: 2, placeholder: 'n', help: 'songs drawn as side-by-side spectrograms (piano rolls for score models)' },
];
