/**
 * After a score model is trained: its decoding thresholds fitted on the validation
 * split (representation/score-calibration.ts) and saved in its remixer.json, so that a
 * remix plays as many notes as the validation songs' true parts.
 */
import { bandFacts, scoreBandOf } from '../representation/band-facts.js';
import { STEMS, type Stem } from '../../config.js';
import { concat } from '../../dsp/concat.js';
import { RemixModel } from '../saved/remix-model.js';
import { readModelFile, writeModelFile } from '../saved/model-dir.js';
import { fitCalibration } from '../representation/score-calibration.js';
import type { DecodeCalibration } from '../representation/spec.js';
import type { SongTracks } from './training-data.js';

/** Windows of a batch: the network sees at most this many at once. */
const BATCH = 16;

/** Fits and saves the model's decoding thresholds on `validation` (normalised tracks); null for models that do not play notes. */
export async function calibrateModel(modelDir: string, validation: readonly SongTracks[]): Promise<DecodeCalibration | null> {
  const file = await readModelFile(modelDir);
  const band = scoreBandOf(file);
  if (!band || !bandFacts(file.representation).calibrates || validation.length === 0) return null;
  const model = await RemixModel.load(modelDir);
  try {
    const T = model.timesteps;
    const { inputDim, outputDim } = model.representation;
    const stems = STEMS.filter((s) => s !== file.sourceStem);
    const logits = new Map<Stem, Float32Array[]>(stems.map((s) => [s, []]));
    const targets = new Map<Stem, Float32Array[]>(stems.map((s) => [s, []]));
    for (const track of validation) {
      const windows = Math.floor(track.frames / T);
      for (let first = 0; first < windows; first += BATCH) {
        const count = Math.min(BATCH, windows - first);
        const predicted = model.predict(track.input.subarray(first * T * inputDim, (first + count) * T * inputDim), count);
        for (const stem of stems) {
          logits.get(stem)!.push(predicted[stem]);
          targets.get(stem)!.push(track.targets[stem].slice(first * T * outputDim, (first + count) * T * outputDim));
        }
      }
    }
    const joined = (m: Map<Stem, Float32Array[]>) => Object.fromEntries([...m.entries()].map(([s, parts]) => [s, concat(parts)])) as Partial<Record<Stem, Float32Array>>;
    const l = joined(logits);
    const steps = l[stems[0]!]!.length / outputDim;
    const calibration = fitCalibration(l, joined(targets), steps, band.spec.bass === 'register');
    await writeModelFile(modelDir, { ...file, normalisation: { ...band.normalisation, calibration } });
    return calibration;
  } finally {
    model.dispose();
  }
}
