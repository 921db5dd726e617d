/**
 * Dropout followed by batch normalisation (training mode), fused into one op with
 * its gradient written for it, as the feature layers use them:
 *
 *   d = x ⊙ m                   m_i ∈ {0, 1/(1-rate)}, drawn from a seeded Random
 *   μ, σ² = mean and (biased) variance of d over the N rows, per feature
 *   x̂ = (d − μ) / √(σ² + ε),    y = γ ⊙ x̂ + β
 *
 * and backward, with dx̂ = dy ⊙ γ:
 *
 *   dγ = Σ dy ⊙ x̂,   dβ = Σ dy
 *   dd = (dx̂ − mean(dx̂) − x̂ ⊙ mean(dx̂ ⊙ x̂)) / √(σ² + ε),   dx = dd ⊙ m
 *
 * The stock pair (tf.layers.dropout, tf.layers.batchNormalization) keeps about a
 * dozen [N, F] intermediates on the gradient tape and broadcasts with Tile; at the
 * paper's 8 × 22050 rows that was ~200 MB and ~0.25 s of every training step.
 * Here the op keeps the mask (bytes) and x̂ in typed arrays and nothing else.
 */
import { tf } from '../tf.js';
import type { Random } from '../../random.js';

export interface DropoutBatchNormResult {
  /** [N, F] */
  y: tf.Tensor2D;
  /** Per-feature batch mean and biased variance of the dropped-out input, for the moving averages. [F] */
  mean: Float32Array;
  variance: Float32Array;
}

/**
 * x [N, F], gamma [F], beta [F] → y [N, F] (training mode); gradients flow to x, gamma and beta.
 * `random` draws the dropout mask (rate 0: no dropout, and `random` is not used).
 */
export function dropoutBatchNorm(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, rate: number, epsilon: number, random: Random | null): DropoutBatchNormResult {
  const [N, F] = x.shape;
  const mean = new Float32Array(F);
  const variance = new Float32Array(F);
  const op = tf.customGrad((...args: (tf.Tensor | ((tensors: tf.Tensor[]) => void))[]) => {
    const [X, G, Bt] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D];
    const xs = X.dataSync() as Float32Array;
    const g = G.dataSync() as Float32Array;
    const b = Bt.dataSync() as Float32Array;
    const scale = rate > 0 ? 1 / (1 - rate) : 1;
    let keep: Uint8Array | null = null;
    if (rate > 0) {
      keep = new Uint8Array(N * F);
      for (let i = 0; i < keep.length; i++) keep[i] = random!.next() >= rate ? 1 : 0;
    }
    // Dropped-out input, then per-feature moments (sums in float64).
    const d = new Float32Array(N * F);
    const sum = new Float64Array(F);
    for (let n = 0, i = 0; n < N; n++) {
      for (let f = 0; f < F; f++, i++) {
        const v = keep ? (keep[i] ? xs[i]! * scale : 0) : xs[i]!;
        d[i] = v;
        sum[f]! += v;
      }
    }
    for (let f = 0; f < F; f++) mean[f] = sum[f]! / N;
    const squares = new Float64Array(F);
    for (let n = 0, i = 0; n < N; n++) {
      for (let f = 0; f < F; f++, i++) {
        const c = d[i]! - mean[f]!;
        squares[f]! += c * c;
      }
    }
    const invStd = new Float32Array(F);
    for (let f = 0; f < F; f++) {
      variance[f] = squares[f]! / N;
      invStd[f] = 1 / Math.sqrt(variance[f]! + epsilon);
    }
    // x̂ overwrites d (d is not needed again); y = γ x̂ + β.
    const xhat = d;
    const y = new Float32Array(N * F);
    for (let n = 0, i = 0; n < N; n++) {
      for (let f = 0; f < F; f++, i++) {
        const h = (xhat[i]! - mean[f]!) * invStd[f]!;
        xhat[i] = h;
        y[i] = g[f]! * h + b[f]!;
      }
    }

    const gradFunc = (dyTensor: tf.Tensor): tf.Tensor[] => {
      const dy = dyTensor.dataSync() as Float32Array;
      const dGamma = new Float64Array(F);
      const dBeta = new Float64Array(F);
      for (let n = 0, i = 0; n < N; n++) {
        for (let f = 0; f < F; f++, i++) {
          dGamma[f]! += dy[i]! * xhat[i]!;
          dBeta[f]! += dy[i]!;
        }
      }
      // mean(dx̂) = γ·dβ/N and mean(dx̂ ⊙ x̂) = γ·dγ/N, so one more pass gives dx.
      const dx = new Float32Array(N * F);
      const meanDxhat = new Float32Array(F);
      const meanDxhatXhat = new Float32Array(F);
      for (let f = 0; f < F; f++) {
        meanDxhat[f] = (g[f]! * dBeta[f]!) / N;
        meanDxhatXhat[f] = (g[f]! * dGamma[f]!) / N;
      }
      for (let n = 0, i = 0; n < N; n++) {
        for (let f = 0; f < F; f++, i++) {
          const dd = (dy[i]! * g[f]! - meanDxhat[f]! - xhat[i]! * meanDxhatXhat[f]!) * invStd[f]!;
          dx[i] = keep ? (keep[i] ? dd * scale : 0) : dd;
        }
      }
      return [tf.tensor2d(dx, [N, F]), tf.tensor1d(Float32Array.from(dGamma)), tf.tensor1d(Float32Array.from(dBeta))];
    };
    return { value: tf.tensor2d(y, [N, F]), gradFunc };
  });
  return { y: op(x, gamma, beta) as tf.Tensor2D, mean, variance };
}
