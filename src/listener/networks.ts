/**
 * The listener's two networks, each read top to bottom like the paper's diagram: a
 * stack of the project's bidirectional LSTMs and a softmax over classes, per timestep.
 *
 *   beats:  [B, frames, beatFeatureDims]  → BiLSTM(u) × L → Dense(3) → [B, frames, 3]   (none, beat, downbeat)
 *   chords: [B, beats, CHORD_BANDS + 1]   → BiLSTM(u) × L → Dense(85) → [B, beats, 85]  (N, 7 qualities × 12 roots)
 *
 * The compute network uses the fused LSTM; its stock twin (tf.layers Bidirectional
 * LSTM, the same weights in the same order) is what is saved, so the files load in any
 * TensorFlow.js. Inputs are standardised with the training set's mean and deviation,
 * saved beside the weights (saved.ts).
 */
import { tf, quietly } from '../model/tf.js';
import { FusedBidirectionalLSTM, stockBidirectionalLSTM } from '../model/network/layers.js';

export interface ListenerNetworkSpec {
  inputDim: number;
  /** LSTM units per direction. */
  units: number;
  layers: number;
  outputs: number;
  seed: number;
}

export function buildListenerNetwork(spec: ListenerNetworkSpec, lstm: 'fused' | 'stock' = 'fused'): tf.LayersModel {
  return quietly(() => {
    const input = tf.input({ shape: [null, spec.inputDim], name: 'features' });
    let x: tf.SymbolicTensor = input;
    for (let l = 0; l < spec.layers; l++) {
      const args = { units: spec.units, seed: spec.seed + 100 * l, name: `bilstm_${l}` };
      x = (lstm === 'fused' ? new FusedBidirectionalLSTM(args) : stockBidirectionalLSTM(args)).apply(x) as tf.SymbolicTensor;
    }
    const classes = tf.layers.dense({ units: spec.outputs, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed + 999 }), name: 'classes' });
    return tf.model({ inputs: input, outputs: classes.apply(x) as tf.SymbolicTensor, name: 'listener' });
  });
}

/** Class probabilities of one sequence: [T × inputDim] (standardised) → [T × outputs]. */
export function predictSequence(network: tf.LayersModel, input: Float32Array, steps: number, inputDim: number): Float32Array {
  return tf.tidy(() => (network.predict(tf.tensor3d(input, [1, steps, inputDim])) as tf.Tensor).dataSync() as Float32Array);
}
