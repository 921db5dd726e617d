import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, initTf } from '../tf.js';
import { BATCH_NORM, FusedDropoutBatchNorm, setDropoutRandom } from './layers.js';
import { dropoutBatchNorm } from './dropout-batchnorm.js';
import { Random } from '../../random.js';

const TOLERANCE = 1e-4;
const maxAbsDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);

/** tf.layers.batchNormalization in training mode, as a model with the given gamma and beta. */
function stockBatchNorm(features: number, gamma: tf.Tensor1D, beta: tf.Tensor1D) {
  const input = tf.input({ shape: [features] });
  const layer = tf.layers.batchNormalization({ momentum: BATCH_NORM.momentum, epsilon: BATCH_NORM.epsilon });
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
  model.setWeights([gamma, beta, tf.zeros([features]), tf.ones([features])]);
  return model;
}

test('fused dropout + batch norm equals tf.layers.batchNormalization (rate 0): outputs, gradients, moving statistics', async () => {
  await initTf();
  const [N, F] = [300, 7];
  const x = tf.add(tf.mul(tf.randomNormal([N, F], 0, 1, 'float32', 1), 3), 2) as tf.Tensor2D;
  const gamma = tf.randomNormal([F], 1, 0.3, 'float32', 2) as tf.Tensor1D;
  const beta = tf.randomNormal([F], 0, 0.3, 'float32', 3) as tf.Tensor1D;
  const target = tf.randomNormal([N, F], 0, 1, 'float32', 4);
  const loss = (y: tf.Tensor) => tf.losses.meanSquaredError(target, y) as tf.Scalar;

  const vars = [x, gamma, beta].map((t) => tf.variable(t));
  const before = tf.memory().numTensors;
  const fused = tf.variableGrads(() => loss(dropoutBatchNorm(vars[0] as tf.Variable<tf.Rank.R2>, vars[1] as tf.Variable<tf.Rank.R1>, vars[2] as tf.Variable<tf.Rank.R1>, 0, BATCH_NORM.epsilon, null).y), vars);
  assert.equal(tf.memory().numTensors - before, 4, 'only the loss and three gradients remain');

  const stock = stockBatchNorm(F, gamma, beta);
  const stockX = tf.variable(x);
  const stockGrads = tf.variableGrads(() => loss(stock.apply(stockX, { training: true }) as tf.Tensor), [stockX, ...stock.trainableWeights.map((w) => w.read() as tf.Variable)]);
  const stockList = [stockX, ...stock.trainableWeights.map((w) => w.read())].map((v) => stockGrads.grads[(v as tf.Variable).name]!);
  ['input', 'gamma', 'beta'].forEach((name, i) => {
    const diff = maxAbsDiff(fused.grads[vars[i]!.name]!, stockList[i]!);
    assert.ok(diff < TOLERANCE, `gradient of ${name} differs by ${diff}`);
  });
  assert.ok(maxAbsDiff(dropoutBatchNorm(x, gamma, beta, 0, BATCH_NORM.epsilon, null).y, stock.apply(x, { training: true }) as tf.Tensor) < TOLERANCE, 'outputs');

  // As a layer: the same moving statistics as the stock layer after a training call, and the same inference.
  const input = tf.input({ shape: [F] });
  const layer = new FusedDropoutBatchNorm({ rate: 0 });
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
  const fresh = stockBatchNorm(F, gamma, beta);
  model.setWeights(fresh.getWeights());
  model.apply(x, { training: true });
  fresh.apply(x, { training: true });
  model.getWeights().forEach((w, i) => assert.ok(maxAbsDiff(w, fresh.getWeights()[i]!) < 1e-5, `weight ${i} after a training call`));
  assert.ok(maxAbsDiff(model.predict(x) as tf.Tensor, fresh.predict(x) as tf.Tensor) < 1e-5, 'inference uses the moving statistics');
});

test('fused dropout drops the given fraction, scales the rest, and is reproducible from its seed', async () => {
  await initTf();
  const ones = tf.ones([2000, 8]) as tf.Tensor2D;
  const gamma = tf.ones([8]) as tf.Tensor1D;
  const beta = tf.zeros([8]) as tf.Tensor1D;
  const run = (seed: number) => {
    // With a constant input, the dropped-out values are 0 or 1/(1-rate) before normalisation;
    // after it, the two values map to two levels whose proportions show the kept fraction.
    const { y, mean } = dropoutBatchNorm(ones, gamma, beta, 0.25, BATCH_NORM.epsilon, new Random(seed, 'dropout'));
    const values = y.dataSync();
    y.dispose();
    return { values, mean };
  };
  const a = run(7);
  const b = run(7);
  const c = run(8);
  assert.deepEqual(a.values, b.values, 'the same seed gives the same mask');
  assert.notDeepEqual(a.values, c.values, 'another seed gives another mask');
  const kept = a.values.filter((v) => v > 0).length / a.values.length;
  assert.ok(Math.abs(kept - 0.75) < 0.02, `about 75% kept (got ${kept})`);
  for (const m of a.mean) assert.ok(Math.abs(m - 1) < 0.03, `kept values are scaled by 1/(1-rate): the mean stays ~1 (got ${m})`);
});

test('a fused dropout layer draws its masks from the generator its trainer gives it, and refuses to train without one', async () => {
  await initTf();
  const input = tf.input({ shape: [8] });
  const layer = new FusedDropoutBatchNorm({ rate: 0.5 });
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
  const x = tf.ones([64, 8]);
  assert.throws(() => model.apply(x, { training: true }), /needs a random generator/);
  const masks = (seed: number) => {
    setDropoutRandom(model, new Random(seed, 'dropout'));
    return tf.tidy(() => (model.apply(x, { training: true }) as tf.Tensor).dataSync());
  };
  assert.deepEqual(masks(3), masks(3));
  assert.notDeepEqual(masks(3), masks(4));
  model.dispose();
  x.dispose();
});
