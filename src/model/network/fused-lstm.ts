/**
 * A fused LSTM for TensorFlow.js: the same weights layout and arithmetic as
 * `tf.layers.lstm` (Keras gate order i, f, c, o; sigmoid gates; tanh cell),
 * computed as
 *
 *   1. the input projection of every timestep as one matrix product
 *        Z = X·W + b                          X [B·T, D], W [D, 4u] → Z [B·T, 4u]
 *   2. the recurrence in one loop per direction over typed arrays
 *        z_t = Z_t + h_{t-1}·U,  i,f,o = σ(·), g = tanh(·)
 *        c_t = f⊙c_{t-1} + i⊙g,  h_t = o⊙tanh(c_t)
 *   3. backpropagation through time written for it: the per-step work is one
 *      small product dZ_t·Uᵀ; the weight gradients are three large products
 *        dW = Xᵀ·dZ,  dU = H_prevᵀ·dZ,  dX = dZ·Wᵀ,  db = Σ dZ
 *
 * The stock layer instead runs ~15 small kernels per timestep and keeps every
 * one of them on the gradient tape, which is what makes 22050 timesteps take
 * ~100 s and gigabytes per training step.
 *
 * The recurrent product h_{t-1}·U runs in JavaScript for layers of up to 12 units (where a
 * kernel call per step would cost more than the arithmetic) and as a backend
 * matmul per step for large ones.
 */
import { tf } from '../tf.js';

/** Above this many units the per-step recurrent product goes to the backend's matmul. */
export const JS_RECURRENCE_MAX_UNITS = 12;

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** [B, T, u] slices in processing order: step s reads/writes timestep order[s]. */
function timeOrder(T: number, goBackwards: boolean): Int32Array {
  const order = new Int32Array(T);
  for (let s = 0; s < T; s++) order[s] = goBackwards ? T - 1 - s : s;
  return order;
}

/** out[n, :] = h[n, :]·M for n < B, with M [k, m] row-major (JS loops). */
function smallMatMul(h: Float32Array, M: Float32Array, B: number, k: number, m: number, out: Float32Array): void {
  out.fill(0);
  for (let n = 0; n < B; n++) {
    const hRow = n * k;
    const oRow = n * m;
    for (let a = 0; a < k; a++) {
      const hv = h[hRow + a]!;
      if (hv === 0) continue;
      const mRow = a * m;
      for (let j = 0; j < m; j++) out[oRow + j]! += hv * M[mRow + j]!;
    }
  }
}

/** A per-step product h·M of shape [B, k]·[k, m], in JS (small layers) or on the backend. */
function recurrentProduct(M: tf.Tensor2D, B: number, units: number): (h: Float32Array, out: Float32Array) => void {
  const [k, m] = M.shape;
  if (units <= JS_RECURRENCE_MAX_UNITS) {
    const values = M.dataSync() as Float32Array;
    return (h, out) => smallMatMul(h, values, B, k, m, out);
  }
  return (h, out) => {
    const product = tf.tidy(() => tf.matMul(tf.tensor2d(h, [B, k]), M));
    out.set(product.dataSync() as Float32Array);
    product.dispose();
  };
}

/**
 * One LSTM direction over a whole sequence, with its gradient.
 * x [B, T, D], kernel [D, 4u], recurrentKernel [u, 4u], bias [4u] → h [B, T, u]
 * (h in natural time order also when `goBackwards`, as Keras' Bidirectional returns it).
 */
export function fusedLstm(x: tf.Tensor3D, kernel: tf.Tensor2D, recurrentKernel: tf.Tensor2D, bias: tf.Tensor1D, goBackwards: boolean): tf.Tensor3D {
  const op = tf.customGrad((...args: (tf.Tensor | ((tensors: tf.Tensor[]) => void))[]) => {
    const [X, W, U, b, save] = args as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D, tf.Tensor1D, (tensors: tf.Tensor[]) => void];
    // Tensors the backward pass reads must be saved, or an enclosing tidy disposes them first.
    save([X, W, U]);
    const [B, T, D] = X.shape;
    const G = W.shape[1];
    const u = G / 4;
    const order = timeOrder(T, goBackwards);

    // 1. Input projection for all timesteps at once.
    const Z = tf.tidy(() => tf.add(tf.matMul(tf.reshape(X, [B * T, D]), W), b));
    const z = Z.dataSync() as Float32Array;
    Z.dispose();

    // 2. Recurrence. Saved for the backward pass: activated gates, cells, tanh(cells), outputs.
    const gates = new Float32Array(B * T * G);
    const cells = new Float32Array(B * T * u);
    const tanhCells = new Float32Array(B * T * u);
    const H = new Float32Array(B * T * u);
    const hPrev = new Float32Array(B * u);
    const cPrev = new Float32Array(B * u);
    const recurrent = new Float32Array(B * G);
    const hTimesU = recurrentProduct(U, B, u);
    for (let s = 0; s < T; s++) {
      const t = order[s]!;
      if (s > 0) hTimesU(hPrev, recurrent);
      for (let n = 0; n < B; n++) {
        const zRow = (n * T + t) * G;
        const rRow = n * G;
        const uRow = (n * T + t) * u;
        for (let j = 0; j < u; j++) {
          const rec = s > 0;
          const i = sigmoid(z[zRow + j]! + (rec ? recurrent[rRow + j]! : 0));
          const f = sigmoid(z[zRow + u + j]! + (rec ? recurrent[rRow + u + j]! : 0));
          const g = Math.tanh(z[zRow + 2 * u + j]! + (rec ? recurrent[rRow + 2 * u + j]! : 0));
          const o = sigmoid(z[zRow + 3 * u + j]! + (rec ? recurrent[rRow + 3 * u + j]! : 0));
          const c = f * cPrev[n * u + j]! + i * g;
          const tc = Math.tanh(c);
          const h = o * tc;
          gates[zRow + j] = i;
          gates[zRow + u + j] = f;
          gates[zRow + 2 * u + j] = g;
          gates[zRow + 3 * u + j] = o;
          cells[uRow + j] = c;
          tanhCells[uRow + j] = tc;
          H[uRow + j] = h;
          cPrev[n * u + j] = c;
          hPrev[n * u + j] = h;
        }
      }
    }
    const value = tf.tensor3d(H, [B, T, u]);

    // 3. Backpropagation through time.
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor[] => {
      const [X, W, U] = saved as [tf.Tensor3D, tf.Tensor2D, tf.Tensor2D];
      const dH = dy.dataSync() as Float32Array;
      const dZ = new Float32Array(B * T * G);
      const hPrevAll = new Float32Array(B * T * u);
      const dhNext = new Float32Array(B * u);
      const dcNext = new Float32Array(B * u);
      const UT = tf.transpose(U) as tf.Tensor2D;
      const dzTimesUT = recurrentProduct(UT, B, u);
      const dzStep = new Float32Array(B * G);
      for (let s = T - 1; s >= 0; s--) {
        const t = order[s]!;
        const tPrev = s > 0 ? order[s - 1]! : -1;
        for (let n = 0; n < B; n++) {
          const gRow = (n * T + t) * G;
          const uRow = (n * T + t) * u;
          const prevRow = tPrev >= 0 ? (n * T + tPrev) * u : -1;
          for (let j = 0; j < u; j++) {
            const i = gates[gRow + j]!;
            const f = gates[gRow + u + j]!;
            const g = gates[gRow + 2 * u + j]!;
            const o = gates[gRow + 3 * u + j]!;
            const tc = tanhCells[uRow + j]!;
            const cPrevValue = prevRow >= 0 ? cells[prevRow + j]! : 0;
            const dh = dH[uRow + j]! + dhNext[n * u + j]!;
            const dc = dcNext[n * u + j]! + dh * o * (1 - tc * tc);
            dcNext[n * u + j] = dc * f;
            const dzi = dc * g * i * (1 - i);
            const dzf = dc * cPrevValue * f * (1 - f);
            const dzg = dc * i * (1 - g * g);
            const dzo = dh * tc * o * (1 - o);
            dZ[gRow + j] = dzi;
            dZ[gRow + u + j] = dzf;
            dZ[gRow + 2 * u + j] = dzg;
            dZ[gRow + 3 * u + j] = dzo;
            dzStep[n * G + j] = dzi;
            dzStep[n * G + u + j] = dzf;
            dzStep[n * G + 2 * u + j] = dzg;
            dzStep[n * G + 3 * u + j] = dzo;
            hPrevAll[uRow + j] = prevRow >= 0 ? H[prevRow + j]! : 0;
          }
        }
        if (s > 0) dzTimesUT(dzStep, dhNext);
      }
      UT.dispose();
      return tf.tidy(() => {
        const dZ2 = tf.tensor2d(dZ, [B * T, G]);
        const X2 = tf.reshape(X, [B * T, D]);
        const dX = tf.reshape(tf.matMul(dZ2, tf.transpose(W)), [B, T, D]);
        const dW = tf.matMul(tf.transpose(X2), dZ2);
        const dU = tf.matMul(tf.transpose(tf.tensor2d(hPrevAll, [B * T, u])), dZ2);
        const db = tf.sum(dZ2, 0);
        return [dX, dW, dU, db];
      });
    };
    return { value, gradFunc };
  });
  return op(x, kernel, recurrentKernel, bias) as tf.Tensor3D;
}
