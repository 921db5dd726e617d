/**
 * A trained model ready for inference: every part loaded from its saved stock
 * LayersModel files and rebuilt as a compute network (fused LSTM) with the same
 * weights, with the representation that turns audio into its input and its output
 * back into audio. Nothing here imports the trainer.
 */
import { join } from 'node:path';
import type { Stem } from '../../config.js';
import { fileError, oneLine } from '../../errors.js';
import { exists } from '../../io/atomic.js';
import { tf, initTf } from '../tf.js';
import type { LstmImplementation, ModelConfig } from '../config.js';
import { buildNetwork, type NetworkSpec } from '../network/architectures.js';
import { partNetworkSpec } from '../parts.js';
import { createRepresentation, type Representation } from '../representation/index.js';
import { readLayersModel } from './model-files.js';
import { readModelFile, type ModelFile } from './model-dir.js';
import { MODEL_JSON, REMIXER_JSON } from './names.js';

interface LoadedPart {
  spec: NetworkSpec;
  network: tf.LayersModel;
}

export class RemixModel {
  readonly representation: Representation;

  private constructor(
    readonly dir: string,
    readonly config: ModelFile,
    private readonly parts: LoadedPart[],
  ) {
    this.representation = createRepresentation(config.representation);
  }

  /** Loads MODELDIR; `lstm` chooses the LSTM implementation of the rebuilt networks. */
  static async load(dir: string, lstm: LstmImplementation = 'fused'): Promise<RemixModel> {
    await initTf();
    const config = await readModelFile(dir);
    const parts: LoadedPart[] = [];
    try {
      for (const part of config.parts) {
        const partDir = join(dir, part.dir);
        if (!(await exists(join(partDir, MODEL_JSON)))) {
          throw fileError(partDir, `no trained weights yet (${MODEL_JSON} is written after the first epoch)`);
        }
        const saved = await readLayersModel(partDir);
        const spec: NetworkSpec = { ...partNetworkSpec(config, part), lstm };
        const network = buildNetwork(spec);
        try {
          network.setWeights(saved.getWeights());
        } catch (error) {
          throw fileError(join(partDir, MODEL_JSON), `weights do not match ${REMIXER_JSON} (${oneLine(error)})`);
        } finally {
          saved.dispose();
        }
        parts.push({ spec, network });
      }
    } catch (error) {
      for (const p of parts) p.network.dispose();
      throw error;
    }
    return new RemixModel(dir, config, parts);
  }

  get timesteps(): number {
    return this.config.timesteps;
  }

  /**
   * Predicts every stem for `count` windows.
   * inputs [count × T × inputDim] (normalised) → per stem [count × T × outputDim] (normalised)
   */
  predict(inputs: Float32Array, count: number): Record<Stem, Float32Array> {
    const T = this.timesteps;
    const { inputDim } = this.representation;
    const out = {} as Record<Stem, Float32Array>;
    for (const part of this.parts) {
      const S = part.spec.stems.length;
      const perStem = tf.tidy(() => {
        const y = part.network.predict(tf.tensor3d(inputs, [count, T, inputDim])) as tf.Tensor;
        return tf.split(y, S, 2).map((t) => t.dataSync() as Float32Array);
      });
      part.spec.stems.forEach((stem, s) => (out[stem] = perStem[s]!));
    }
    return out;
  }

  dispose(): void {
    for (const part of this.parts) part.network.dispose();
  }
}

export type { ModelConfig };
