/**
 * Custom layers of the compute models. Each has a stock tfjs counterpart with
 * the same weights in the same order, which is what gets saved, so that saved
 * models load in a browser with plain `tf.loadLayersModel`:
 *
 * - FusedBidirectionalLSTM  ↔  Bidirectional(LSTM, mergeMode 'concat')
 * - FusedDropoutBatchNorm   ↔  Dropout → BatchNormalization
 */
import { tf, quietly } from '../tf.js';
import { fusedLstm } from './fused-lstm.js';
import { dropoutBatchNorm } from './dropout-batchnorm.js';
import type { Random } from '../../random.js';

/** Keras' LSTM initialisers, seeded: Glorot-uniform kernel, orthogonal recurrent kernel. */
export function lstmInitializers(seed: number) {
  return {
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    recurrentInitializer: tf.initializers.orthogonal({ seed: seed + 1, gain: 1 }),
  };
}

/** Keras' unit_forget_bias: zeros except ones for the forget gate. [4u] */
function unitForgetBias(units: number): tf.Tensor1D {
  return tf.concat([tf.zeros([units]), tf.ones([units]), tf.zeros([2 * units])]) as tf.Tensor1D;
}

export interface FusedBidirectionalArgs {
  units: number;
  seed: number;
  name?: string;
}

/** Bidirectional LSTM (return sequences, concat merge) over the fused kernel. [B, T, D] → [B, T, 2u] */
export class FusedBidirectionalLSTM extends tf.layers.Layer {
  static className = 'RemixerFusedBidirectionalLSTM';
  readonly units: number;
  readonly seed: number;
  private cells: { kernel: tf.LayerVariable; recurrent: tf.LayerVariable; bias: tf.LayerVariable }[] = [];

  constructor(args: FusedBidirectionalArgs) {
    super({ name: args.name });
    this.units = args.units;
    this.seed = args.seed;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const inputDim = shape[shape.length - 1] as number;
    const u = this.units;
    this.cells = ['forward', 'backward'].map((direction, d) => {
      const init = lstmInitializers(this.seed + 10 * d);
      const kernel = this.addWeight(`${direction}_lstm/kernel`, [inputDim, 4 * u], 'float32', init.kernelInitializer);
      const recurrent = quietly(() => this.addWeight(`${direction}_lstm/recurrent_kernel`, [u, 4 * u], 'float32', init.recurrentInitializer));
      const bias = this.addWeight(`${direction}_lstm/bias`, [4 * u], 'float32', tf.initializers.zeros());
      tf.tidy(() => {
        bias.write(unitForgetBias(u));
      });
      return { kernel, recurrent, bias };
    });
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    return [shape[0]!, shape[1]!, 2 * this.units];
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = (Array.isArray(inputs) ? inputs[0] : inputs) as tf.Tensor3D;
    return tf.tidy(() => {
      const [forward, backward] = this.cells.map((cell, d) =>
        fusedLstm(x, cell.kernel.read() as tf.Tensor2D, cell.recurrent.read() as tf.Tensor2D, cell.bias.read() as tf.Tensor1D, d === 1),
      );
      return tf.concat([forward!, backward!], -1);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), units: this.units, seed: this.seed };
  }
}

/** The stock counterpart: Bidirectional(LSTM) with the same initialisers and activations. */
export function stockBidirectionalLSTM(args: FusedBidirectionalArgs): tf.layers.Layer {
  const lstm = tf.layers.lstm({
    units: args.units,
    returnSequences: true,
    activation: 'tanh',
    recurrentActivation: 'sigmoid',
    unitForgetBias: true,
    ...lstmInitializers(args.seed),
  });
  return quietly(() => tf.layers.bidirectional({ layer: lstm as unknown as tf.layers.RNN, mergeMode: 'concat', name: args.name }));
}

/** Keras' BatchNormalization defaults, which tf.layers.batchNormalization shares. */
export const BATCH_NORM = { momentum: 0.99, epsilon: 1e-3 } as const;

/**
 * Dropout → BatchNormalization over the last axis, as one layer with the fused
 * training op (dropout-batchnorm.ts). Its weights are BatchNormalization's, in its
 * order (gamma, beta trainable; moving mean, moving variance not), so the stock
 * pair tf.layers.dropout + tf.layers.batchNormalization is its saveable twin.
 * Dropout masks are drawn from the trainer's checkpointed Random. [..., F] → [..., F]
 */
export class FusedDropoutBatchNorm extends tf.layers.Layer {
  static className = 'RemixerFusedDropoutBatchNorm';
  readonly rate: number;
  /** Where training-time dropout masks draw their seeds: the trainer's checkpointed Random (setDropoutRandom). */
  random: Random | null = null;
  private gamma!: tf.LayerVariable;
  private beta!: tf.LayerVariable;
  private movingMean!: tf.LayerVariable;
  private movingVariance!: tf.LayerVariable;

  constructor(args: { rate: number; name?: string }) {
    super({ name: args.name });
    this.rate = args.rate;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const features = [shape[shape.length - 1] as number];
    this.gamma = this.addWeight('gamma', features, 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', features, 'float32', tf.initializers.zeros());
    this.movingMean = this.addWeight('moving_mean', features, 'float32', tf.initializers.zeros(), undefined, false);
    this.movingVariance = this.addWeight('moving_variance', features, 'float32', tf.initializers.ones(), undefined, false);
    this.built = true;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    const gamma = this.gamma.read() as tf.Tensor1D;
    const beta = this.beta.read() as tf.Tensor1D;
    if (!kwargs['training']) {
      return tf.tidy(() => tf.batchNorm(x, this.movingMean.read() as tf.Tensor1D, this.movingVariance.read() as tf.Tensor1D, beta, gamma, BATCH_NORM.epsilon));
    }
    const features = x.shape[x.shape.length - 1]!;
    const { y, mean, variance } = tf.tidy(() => {
      const result = dropoutBatchNorm(tf.reshape(x, [-1, features]) as tf.Tensor2D, gamma, beta, this.rate, BATCH_NORM.epsilon, this.rate > 0 ? this.requireRandom() : null);
      return { ...result, y: tf.reshape(result.y, x.shape) };
    });
    tf.tidy(() => {
      const decay = 1 - BATCH_NORM.momentum;
      const update = (variable: tf.LayerVariable, batch: Float32Array) => {
        const old = variable.read();
        variable.write(tf.sub(old, tf.mul(tf.sub(old, tf.tensor1d(batch)), decay)));
      };
      update(this.movingMean, mean);
      update(this.movingVariance, variance);
    });
    return y;
  }

  private requireRandom(): Random {
    if (!this.random) throw new Error(`${this.name}: training with dropout needs a random generator (setDropoutRandom)`);
    return this.random;
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), rate: this.rate };
  }
}

/** Points every fused dropout layer of `network` at `random` (the trainer's checkpointed generator). */
export function setDropoutRandom(network: tf.LayersModel, random: Random): void {
  for (const layer of network.layers) if (layer instanceof FusedDropoutBatchNorm) layer.random = random;
}

tf.serialization.registerClass(FusedBidirectionalLSTM);
tf.serialization.registerClass(FusedDropoutBatchNorm);
