/**
 * One benchmark measurement in its own process, so that its peak memory is its
 * own: builds `parts` networks and times training steps on fixed random batches.
 * With `layerOnly`, the network is just the Bidirectional LSTM over [T, featureUnits]
 * inputs, to time the layer itself. Prints one JSON line: { stepSeconds, memoryMB }.
 */
import { tf, initTf } from '../src/model/tf.js';
import { buildNetwork, type NetworkSpec } from '../src/model/network/architectures.js';
import { FusedBidirectionalLSTM, setDropoutRandom, stockBidirectionalLSTM } from '../src/model/network/layers.js';
import { Random } from '../src/random.js';
import { peakRssBytes } from './peak-rss.js';

export interface StepRequest {
  spec: NetworkSpec;
  batch: number;
  warmup: number;
  steps: number;
  /** Sub-models trained one after another per step (4 for one2four-split). */
  parts: number;
  layerOnly?: boolean;
}

/** Input [T, featureUnits] → Bidirectional LSTM → [T, 2·units]. */
function lstmOnly(spec: NetworkSpec): tf.LayersModel {
  const input = tf.input({ shape: [spec.timesteps, spec.featureUnits] });
  const args = { units: spec.lstmUnits, seed: spec.seed };
  const layer = spec.lstm === 'fused' ? new FusedBidirectionalLSTM(args) : stockBidirectionalLSTM(args);
  return tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
}

const request = JSON.parse(process.argv[2]!) as StepRequest;
await initTf();
const { spec, batch } = request;
const networks = Array.from({ length: request.parts }, (_, i) => (request.layerOnly ? lstmOnly(spec) : buildNetwork({ ...spec, seed: spec.seed + i })));
networks.forEach((network, i) => setDropoutRandom(network, new Random(spec.seed + i, 'dropout')));
const optimizers = networks.map(() => tf.train.adam(1e-3));
const x = request.layerOnly ? tf.randomNormal([batch, spec.timesteps, spec.featureUnits], 0, 1, 'float32', 1) : tf.randomNormal([batch, spec.timesteps, spec.inputDim], 0, 1, 'float32', 1);
const y = request.layerOnly
  ? tf.randomNormal([batch, spec.timesteps, 2 * spec.lstmUnits], 0, 1, 'float32', 2)
  : tf.randomNormal([batch, spec.timesteps, spec.stems.length, spec.outputDim], 0, 1, 'float32', 2);
const step = () =>
  networks.forEach((network, i) =>
    tf.tidy(() => {
      optimizers[i]!.minimize(() => tf.losses.meanSquaredError(y, network.apply(x, { training: true }) as tf.Tensor) as tf.Scalar);
    }),
  );
// Peak memory of training = the process's peak RSS above its RSS before the first step
// (the wasm heap never shrinks, so a baseline taken after a warm-up step would hide it).
const rssBefore = process.memoryUsage().rss;
for (let i = 0; i < request.warmup; i++) step();
const started = performance.now();
for (let i = 0; i < request.steps; i++) step();
const stepSeconds = (performance.now() - started) / 1000 / request.steps;
const memoryMB = Math.max(0, peakRssBytes() - rssBefore) / 2 ** 20;
process.stdout.write(JSON.stringify({ stepSeconds, memoryMB }) + '\n');
