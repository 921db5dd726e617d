/**
 * The file names of a model directory, written once (library, server and tests use these):
 *
 *   MODELDIR/remixer.json                       the config and what training achieved
 *   MODELDIR/[STEM/]model.json, weights-eNNNN.bin   best-validation weights (per part)
 *   MODELDIR/[STEM/]checkpoint.json, checkpoints/   the latest resumable state
 *   MODELDIR/[STEM/]history.json, loss.svg       loss history and curves
 *   MODELDIR/eval/report.json, report.md         the model's evaluation, when made
 */
import type { FolderKind } from '../../io/out-folder.js';

export const REMIXER_JSON = 'remixer.json';
export const MODEL_FORMAT = 'remixer-model' as const;
/** A model folder, as the rule for folders written whole (io/out-folder.ts) recognises it. */
export const MODEL_FOLDER: FolderKind = { what: 'model', manifest: REMIXER_JSON, format: MODEL_FORMAT };
export const MODEL_JSON = 'model.json';
export const CHECKPOINT_POINTER = 'checkpoint.json';
export const CHECKPOINTS_DIR = 'checkpoints';
export const HISTORY_JSON = 'history.json';
export const LOSS_SVG = 'loss.svg';
export const EVAL_DIR = 'eval';
export const REPORT_JSON = 'report.json';
export const REPORT_MD = 'report.md';
/** Best-weights files: weights-e0012.bin for the weights of epoch 12. */
export const WEIGHTS_FILE = /^weights-e\d{4}\.bin$/;
export const weightsFileName = (epoch: number) => `weights-e${String(epoch).padStart(4, '0')}.bin`;
