/**
 * The paper's three architectures, each read top to bottom like its figure.
 * Shapes: input [B, T, Din] → output [B, T, S, D], where T is timesteps (samples
 * or STFT frames), Din the input features (1 sample, or nFft/2+1 bins), S the
 * stems the network produces and D the values per stem per timestep.
 *
 * The same function builds the compute network (fused LSTM, fused dropout and
 * batch normalisation) and its stock twin (tf.layers Bidirectional(LSTM), Dropout,
 * BatchNormalization) with identical weights order; the stock twin is what gets saved.
 */
import { tf, quietly } from '../tf.js';
import type { Stem } from '../../config.js';
import type { Architecture, LstmImplementation, NetworkSettings } from '../config.js';
import { BATCH_NORM, FusedBidirectionalLSTM, FusedDropoutBatchNorm, stockBidirectionalLSTM } from './layers.js';

export interface NetworkSpec extends NetworkSettings {
  architecture: Architecture;
  timesteps: number;
  inputDim: number;
  outputDim: number;
  /** The stems this network outputs (four, or one for a split sub-model). */
  stems: readonly Stem[];
  seed: number;
  lstm: LstmImplementation;
  /** 'stock': tf.layers Dropout and BatchNormalization (the saveable twin); default: the fused pair. */
  featureLayers?: 'fused' | 'stock';
}

type Apply = (x: tf.SymbolicTensor) => tf.SymbolicTensor;
const chain = (layer: tf.layers.Layer): Apply => (x) => layer.apply(x) as tf.SymbolicTensor;

/** Feature extraction: Dense → Dropout → BatchNormalization, per timestep. [B,T,Din] → [B,T,F] */
function featureLayers(spec: NetworkSpec, prefix: string): Apply {
  const dense = chain(tf.layers.dense({ units: spec.featureUnits, activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({ seed: spec.seed }), name: `${prefix}_dense` }));
  if (spec.featureLayers === 'stock') {
    const dropout = chain(tf.layers.dropout({ rate: spec.dropout, name: `${prefix}_dropout` }));
    const norm = chain(tf.layers.batchNormalization({ momentum: BATCH_NORM.momentum, epsilon: BATCH_NORM.epsilon, name: `${prefix}_norm` }));
    return (x) => norm(dropout(dense(x)));
  }
  const dropoutAndNorm = chain(new FusedDropoutBatchNorm({ rate: spec.dropout, name: `${prefix}_norm` }));
  return (x) => dropoutAndNorm(dense(x));
}

/** Bidirectional LSTM returning sequences. [B,T,F] → [B,T,2u] */
function bidirectionalLstm(spec: NetworkSpec, name: string, seed: number): Apply {
  const args = { units: spec.lstmUnits, seed, name };
  return chain(spec.lstm === 'fused' ? new FusedBidirectionalLSTM(args) : stockBidirectionalLSTM(args));
}

/** Dense to `stems` × D values per timestep, reshaped to stems. [B,T,2u] → [B,T,S,D] */
function stemProjection(spec: NetworkSpec, stems: number, name: string, seed: number): Apply {
  const dense = chain(tf.layers.dense({ units: stems * spec.outputDim, kernelInitializer: tf.initializers.glorotUniform({ seed }), name: `${name}_dense` }));
  const reshape = chain(tf.layers.reshape({ targetShape: [spec.timesteps, stems, spec.outputDim], name: `${name}_reshape` }));
  return (x) => reshape(dense(x));
}

/**
 * One2One (paper figure 1): features → one BiLSTM → Dense/Reshape to all stems jointly.
 * Also each sub-model of One2Four split (figure 3), with one stem.
 */
function one2one(spec: NetworkSpec, input: tf.SymbolicTensor): tf.SymbolicTensor {
  const features = featureLayers(spec, 'features')(input);
  const sequence = bidirectionalLstm(spec, 'bilstm', spec.seed + 100)(features);
  return stemProjection(spec, spec.stems.length, 'stems', spec.seed + 200)(sequence);
}

/** One2Four combined (figure 2): shared features → one BiLSTM + Dense head per stem, trained jointly. */
function one2fourCombined(spec: NetworkSpec, input: tf.SymbolicTensor): tf.SymbolicTensor {
  const features = featureLayers(spec, 'features')(input);
  const heads = spec.stems.map((stem, k) => {
    const sequence = bidirectionalLstm(spec, `bilstm_${stem}`, spec.seed + 100 + 10 * k)(features);
    return stemProjection(spec, 1, stem, spec.seed + 200 + 10 * k)(sequence);
  });
  return heads.length === 1 ? heads[0]! : (tf.layers.concatenate({ axis: 2, name: 'stems' }).apply(heads) as tf.SymbolicTensor);
}

/** Builds the network of `spec` (for one2four-split: one sub-model, `spec.stems` = its stem). */
export function buildNetwork(spec: NetworkSpec): tf.LayersModel {
  return quietly(() => {
    const input = tf.input({ shape: [spec.timesteps, spec.inputDim], name: 'source' });
    const output = spec.architecture === 'one2four-combined' ? one2fourCombined(spec, input) : one2one(spec, input);
    return tf.model({ inputs: input, outputs: output, name: spec.architecture.replace(/-/g, '_') });
  });
}

/** The saveable twin of a compute network, with its current weights. Caller disposes. */
export function stockTwin(spec: NetworkSpec): tf.LayersModel {
  return buildNetwork({ ...spec, lstm: 'stock', featureLayers: 'stock' });
}
