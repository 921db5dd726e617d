import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, initTf } from '../tf.js';
import { fusedLstm } from './fused-lstm.js';
import { FusedBidirectionalLSTM, stockBidirectionalLSTM, lstmInitializers } from './layers.js';

const TOLERANCE = 1e-4;

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

/** Stock tf.layers.lstm in one direction with the given weights (output put back in natural time order). */
function stockDirection(T: number, D: number, weights: tf.Tensor[], goBackwards: boolean): (x: tf.Tensor) => tf.Tensor {
  const units = weights[1]!.shape[0]!;
  const input = tf.input({ shape: [T, D] });
  const layer = tf.layers.lstm({ units, returnSequences: true, recurrentActivation: 'sigmoid', goBackwards, ...lstmInitializers(1) });
  const model = tf.model({ inputs: input, outputs: layer.apply(input) as tf.SymbolicTensor });
  model.setWeights(weights);
  const apply = (x: tf.Tensor) => {
    const y = model.apply(x) as tf.Tensor;
    return goBackwards ? tf.reverse(y, 1) : y;
  };
  return Object.assign(apply, { variables: model.trainableWeights.map((w) => w.read() as tf.Variable) });
}

for (const units of [1, 8, 128]) {
  for (const goBackwards of [false, true]) {
    test(`fused LSTM equals tf.layers.lstm: outputs and all gradients, units ${units}, ${goBackwards ? 'backward' : 'forward'}`, async () => {
      await initTf();
      const [B, T, D] = units === 128 ? [2, 12, 20] : [3, 40, 5];
      const x = tf.randomNormal([B, T, D], 0, 1, 'float32', 11) as tf.Tensor3D;
      const kernel = tf.randomNormal([D, 4 * units], 0, 0.3, 'float32', 12) as tf.Tensor2D;
      const recurrent = tf.randomNormal([units, 4 * units], 0, 0.3, 'float32', 13) as tf.Tensor2D;
      const bias = tf.randomNormal([4 * units], 0, 0.3, 'float32', 14) as tf.Tensor1D;
      const target = tf.randomNormal([B, T, units], 0, 1, 'float32', 15);
      const loss = (y: tf.Tensor) => tf.losses.meanSquaredError(target, y) as tf.Scalar;

      const fusedVars = [x, kernel, recurrent, bias].map((t) => tf.variable(t));
      const [xv, kv, rv, bv] = fusedVars as [tf.Variable<tf.Rank.R3>, tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R2>, tf.Variable<tf.Rank.R1>];
      const before = tf.memory().numTensors;
      const fused = tf.variableGrads(() => loss(fusedLstm(xv, kv, rv, bv, goBackwards)), fusedVars);
      assert.equal(tf.memory().numTensors - before, 5, 'only the loss and four gradients remain (no leaked tensors)');

      const stock = stockDirection(T, D, [kernel, recurrent, bias], goBackwards) as ((x: tf.Tensor) => tf.Tensor) & { variables: tf.Variable[] };
      const stockX = tf.variable(x);
      const stockGrads = tf.variableGrads(() => loss(stock(stockX)), [stockX, ...stock.variables]);

      assert.ok(maxAbsDiff(fusedLstm(x, kernel, recurrent, bias, goBackwards), stock(x)) < TOLERANCE, 'outputs');
      const fusedList = fusedVars.map((v) => fused.grads[v.name]!);
      const stockList = [stockX, ...stock.variables].map((v) => stockGrads.grads[v.name]!);
      ['input', 'kernel', 'recurrent kernel', 'bias'].forEach((name, i) => {
        const diff = maxAbsDiff(fusedList[i]!, stockList[i]!);
        assert.ok(diff < TOLERANCE, `gradient of ${name} differs by ${diff}`);
        assert.ok(tf.tidy(() => tf.max(tf.abs(stockList[i]!)).dataSync()[0]!) > 1e-6, `gradient of ${name} is not trivially zero`);
      });
    });
  }
}

test('the fused bidirectional layer has the stock layer weights layout and gives its outputs', async () => {
  await initTf();
  const input = tf.input({ shape: [30, 6] });
  const fused = tf.model({ inputs: input, outputs: new FusedBidirectionalLSTM({ units: 8, seed: 3 }).apply(input) as tf.SymbolicTensor });
  const input2 = tf.input({ shape: [30, 6] });
  const stock = tf.model({ inputs: input2, outputs: stockBidirectionalLSTM({ units: 8, seed: 3 }).apply(input2) as tf.SymbolicTensor });
  assert.deepEqual(fused.weights.map((w) => w.shape), stock.weights.map((w) => w.shape));
  stock.setWeights(fused.getWeights());
  const x = tf.randomNormal([2, 30, 6], 0, 1, 'float32', 5);
  assert.ok(maxAbsDiff(fused.predict(x) as tf.Tensor, stock.predict(x) as tf.Tensor) < 1e-5);
  const forgetBias = fused.getWeights()[2]!.dataSync();
  assert.deepEqual(Array.from(forgetBias.slice(8, 16)), new Array(8).fill(1), "Keras' unit forget bias");
});
