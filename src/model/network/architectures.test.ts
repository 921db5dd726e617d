import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tf, initTf } from '../tf.js';
import { buildNetwork, stockTwin, type NetworkSpec } from './architectures.js';
import { ARCHITECTURES } from '../config.js';
import { STEMS } from '../../config.js';

const base = (architecture: NetworkSpec['architecture'], inputDim: number): NetworkSpec => ({
  architecture,
  timesteps: 20,
  inputDim,
  outputDim: inputDim,
  stems: architecture === 'one2four-split' ? ['bass'] : [...STEMS],
  featureUnits: 12,
  lstmUnits: 4,
  dropout: 0.2,
  seed: 1,
  lstm: 'fused',
});

for (const architecture of ARCHITECTURES) {
  for (const [repr, inputDim] of [['waveform', 1], ['spectral', 65]] as const) {
    test(`${architecture} ${repr}: [B,T,Din] → [B,T,S,D], and its saved stock twin predicts the same`, async () => {
      await initTf();
      const spec = base(architecture, inputDim);
      const network = buildNetwork(spec);
      const twin = stockTwin(spec);
      twin.setWeights(network.getWeights());
      const x = tf.randomNormal([3, 20, inputDim], 0, 1, 'float32', 2);
      const before = tf.memory().numTensors;
      const y = network.predict(x) as tf.Tensor;
      assert.deepEqual(y.shape, [3, 20, spec.stems.length, inputDim]);
      const twinY = twin.predict(x) as tf.Tensor;
      const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(y, twinY))).dataSync()[0]!);
      assert.ok(diff < 1e-5, `fused and stock twin differ by ${diff}`);
      y.dispose();
      twinY.dispose();
      assert.equal(tf.memory().numTensors, before, 'predict leaks no tensors');
      const layerNames = network.layers.map((l) => l.getClassName());
      if (architecture === 'one2four-combined') assert.equal(layerNames.filter((n) => n.includes('Bidirectional')).length, 4, 'one BiLSTM head per stem');
      else assert.equal(layerNames.filter((n) => n.includes('Bidirectional')).length, 1);
      assert.ok(!twin.layers.some((l) => l.getClassName().startsWith('Remixer')), 'the twin has stock layers only');
      network.dispose();
      twin.dispose();
    });
  }
}
