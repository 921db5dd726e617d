/**
 * A trained model ready for inference: every part loaded from its saved stock
 * LayersModel files and rebuilt as a compute network (fused LSTM) with the same
 * weights. `predict` maps normalised source windows to all four stems.
 */
import { join } from 'node:path';
import { STEMS } from '../config.js';
import { fileError } from '../errors.js';
import { tf, initTf } from './tf.js';
import type { ModelConfig, LstmImplementation } from './config.js';
import { buildNetwork, type NetworkSpec } from './architectures.js';
import { readLayersModel, MODEL_JSON } from './model-files.js';
import { readModelFile, type ModelFile } from './model-dir.js';
import { partSpec } from './part-trainer.js';
import { exists } from '../io/atomic.js';

interface LoadedPart {
  spec: NetworkSpec;
  network: tf.LayersModel;
  stemIndices: number[];
}

export class RemixModel {
  private constructor(
    readonly dir: string,
    readonly config: ModelFile,
    private readonly parts: LoadedPart[],
  ) {}

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
        const spec: NetworkSpec = { ...partSpec(config, part), lstm };
        const network = buildNetwork(spec);
        try {
          network.setWeights(saved.getWeights());
        } catch (error) {
          throw fileError(join(partDir, MODEL_JSON), `weights do not match remixer.json (${(error as Error).message.split('\n')[0]})`);
        } finally {
          saved.dispose();
        }
        parts.push({ spec, network, stemIndices: part.stems.map((s) => STEMS.indexOf(s)) });
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

  get inputDim(): number {
    return this.parts[0]!.spec.inputDim;
  }

  get outputDim(): number {
    return this.parts[0]!.spec.outputDim;
  }

  /**
   * Predicts all stems for `count` windows.
   * inputs [count × T × inputDim] (normalised) → [count × T × 4 × outputDim] (normalised, STEMS order)
   */
  predict(inputs: Float32Array, count: number): Float32Array {
    const T = this.timesteps;
    const D = this.outputDim;
    const out = new Float32Array(count * T * STEMS.length * D);
    for (const part of this.parts) {
      const values = tf.tidy(() => {
        const x = tf.tensor3d(inputs, [count, T, this.inputDim]);
        return (part.network.predict(x) as tf.Tensor).dataSync() as Float32Array;
      });
      const S = part.stemIndices.length;
      for (let row = 0; row < count * T; row++) {
        for (let s = 0; s < S; s++) {
          const from = (row * S + s) * D;
          const to = (row * STEMS.length + part.stemIndices[s]!) * D;
          for (let d = 0; d < D; d++) out[to + d] = values[from + d]!;
        }
      }
    }
    return out;
  }

  dispose(): void {
    for (const part of this.parts) part.network.dispose();
  }
}

export type { ModelConfig };
