/**
 * The listener's networks at inference, in plain TypeScript over Float32Arrays — a
 * measured hot path with its own kernel: TensorFlow.js takes ~0.8 s to start and the
 * model ~0.5 s to load, more than the whole 1-second budget of listening to 30 s,
 * while these networks (one sequence, ~80k weights) run in ~0.2 s in JavaScript.
 * Training stays in TensorFlow.js (networks.ts, training/); the weights are the saved
 * tf.layers model's, read from its model.json and weights.bin without TensorFlow.js.
 *
 * The arithmetic is tf.layers' LSTM (Keras gate order i, f, c, o; sigmoid gates, tanh
 * cell; return sequences), Bidirectional with concat merge (the backward direction's
 * outputs in natural time order), and a Dense softmax per timestep:
 *
 *   z_t = x_t·W + h_{t−1}·U + b,  i, f, o = σ(z),  g = tanh(z),  c_t = f⊙c_{t−1} + i⊙g,  h_t = o⊙tanh(c_t)
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileError, oneLine } from '../errors.js';
import { CHECKSUMS_FIELD, checkWeights } from '../io/checksum.js';

interface LstmWeights {
  inputDim: number;
  units: number;
  /** [inputDim × 4u] */
  kernel: Float32Array;
  /** [u × 4u] */
  recurrent: Float32Array;
  /** [4u] */
  bias: Float32Array;
}

export interface NetworkWeights {
  layers: { forward: LstmWeights; backward: LstmWeights }[];
  /** [2u × outputs] */
  dense: Float32Array;
  denseBias: Float32Array;
  outputs: number;
}

/** The weights of a saved network (model.json + its weight files), in the order tf.layers saved them. */
export async function readNetworkWeights(dir: string): Promise<NetworkWeights> {
  const path = join(dir, 'model.json');
  let manifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
  let checksums: Record<string, string> | undefined;
  try {
    const json = JSON.parse(await fs.readFile(path, 'utf8')) as { weightsManifest: typeof manifest; [CHECKSUMS_FIELD]?: Record<string, string> };
    manifest = json.weightsManifest;
    checksums = json[CHECKSUMS_FIELD];
  } catch (error) {
    throw fileError(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'model file not found' : `corrupt model.json (${oneLine(error)})`);
  }
  const tensors: { name: string; shape: number[]; data: Float32Array }[] = [];
  for (const group of manifest ?? []) {
    const buffers = await Promise.all(group.paths.map(async (file) => {
      const bytes = await fs.readFile(join(dir, file)).catch(() => { throw fileError(join(dir, file), 'weights file missing or unreadable'); });
      checkWeights(join(dir, file), file, bytes, checksums);
      return bytes;
    }));
    const bytes = Buffer.concat(buffers);
    let offset = 0;
    for (const spec of group.weights) {
      if (spec.dtype !== 'float32') throw fileError(path, `weight ${spec.name} is ${spec.dtype}, not float32`);
      const size = spec.shape.reduce((a, b) => a * b, 1);
      if (offset + 4 * size > bytes.length) throw fileError(path, `the weights file is shorter than its manifest (${spec.name})`);
      tensors.push({ name: spec.name, shape: spec.shape, data: new Float32Array(bytes.buffer.slice(bytes.byteOffset + offset, bytes.byteOffset + offset + 4 * size)) });
      offset += 4 * size;
    }
  }
  if (tensors.length < 8 || (tensors.length - 2) % 6 !== 0) throw fileError(path, `not a listener network (${tensors.length} weights)`);
  const lstm = (at: number): LstmWeights => ({ inputDim: tensors[at]!.shape[0]!, units: tensors[at + 1]!.shape[0]!, kernel: tensors[at]!.data, recurrent: tensors[at + 1]!.data, bias: tensors[at + 2]!.data });
  const layers: NetworkWeights['layers'] = [];
  for (let at = 0; at + 2 < tensors.length; at += 6) layers.push({ forward: lstm(at), backward: lstm(at + 3) });
  const dense = tensors[tensors.length - 2]!;
  return { layers, dense: dense.data, denseBias: tensors[tensors.length - 1]!.data, outputs: dense.shape[1]! };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Z = X·W + b for X [T × D] and W [D × G] given transposed as WT [G × D]: dot products with a local accumulator (V8 keeps it in a register). */
function project(x: Float32Array, T: number, D: number, wt: Float32Array, bias: Float32Array, G: number): Float64Array {
  const z = new Float64Array(T * G);
  for (let t = 0; t < T; t++) {
    const xRow = t * D;
    const zRow = t * G;
    for (let g = 0; g < G; g++) {
      const wRow = g * D;
      let sum = bias[g]!;
      let d = 0;
      for (; d + 3 < D; d += 4) sum += x[xRow + d]! * wt[wRow + d]! + x[xRow + d + 1]! * wt[wRow + d + 1]! + x[xRow + d + 2]! * wt[wRow + d + 2]! + x[xRow + d + 3]! * wt[wRow + d + 3]!;
      for (; d < D; d++) sum += x[xRow + d]! * wt[wRow + d]!;
      z[zRow + g] = sum;
    }
  }
  return z;
}

/** A matrix [rows × cols] transposed. */
function transpose(m: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = m[r * cols + c]!;
  return out;
}

const transposed = new WeakMap<Float32Array, Float32Array>();
const transposeOnce = (m: Float32Array, rows: number, cols: number) => {
  let t = transposed.get(m);
  if (!t) transposed.set(m, (t = transpose(m, rows, cols)));
  return t;
};

/** One LSTM direction over x [T × D] into out [T × 2u] at column `column` (u wide). */
function lstmDirection(w: LstmWeights, x: Float32Array, T: number, out: Float32Array, outWidth: number, column: number, backwards: boolean): void {
  const { inputDim: D, units: u } = w;
  const G = 4 * u;
  // The input projection of every timestep first, then the recurrence (U transposed: a dot product per gate).
  const z = project(x, T, D, transposeOnce(w.kernel, D, G), w.bias, G);
  const ut = transposeOnce(w.recurrent, u, G);
  const h = new Float64Array(u);
  const c = new Float64Array(u);
  const gates = new Float64Array(G);
  for (let s = 0; s < T; s++) {
    const t = backwards ? T - 1 - s : s;
    const zRow = t * G;
    for (let g = 0; g < G; g++) {
      let sum = z[zRow + g]!;
      const uRow = g * u;
      for (let k = 0; k < u; k++) sum += h[k]! * ut[uRow + k]!;
      gates[g] = sum;
    }
    const row = t * outWidth + column;
    for (let k = 0; k < u; k++) {
      const i = sigmoid(gates[k]!);
      const f = sigmoid(gates[u + k]!);
      const g = Math.tanh(gates[2 * u + k]!);
      const o = sigmoid(gates[3 * u + k]!);
      c[k] = f * c[k]! + i * g;
      h[k] = o * Math.tanh(c[k]!);
      out[row + k] = h[k]!;
    }
  }
}

/** Class probabilities per timestep: input [T × inputDim] (standardised) → [T × outputs]. */
export function runNetwork(weights: NetworkWeights, input: Float32Array, T: number): Float32Array {
  let x = input;
  for (const layer of weights.layers) {
    const u = layer.forward.units;
    const out = new Float32Array(T * 2 * u);
    lstmDirection(layer.forward, x, T, out, 2 * u, 0, false);
    lstmDirection(layer.backward, x, T, out, 2 * u, u, true);
    x = out;
  }
  const width = 2 * weights.layers[weights.layers.length - 1]!.forward.units;
  const C = weights.outputs;
  const probabilities = new Float32Array(T * C);
  for (let t = 0; t < T; t++) {
    const logits = new Float64Array(weights.denseBias);
    for (let k = 0; k < width; k++) {
      const v = x[t * width + k]!;
      for (let j = 0; j < C; j++) logits[j]! += v * weights.dense[k * C + j]!;
    }
    let top = -Infinity;
    for (let j = 0; j < C; j++) top = Math.max(top, logits[j]!);
    let sum = 0;
    for (let j = 0; j < C; j++) sum += (logits[j] = Math.exp(logits[j]! - top));
    for (let j = 0; j < C; j++) probabilities[t * C + j] = logits[j]! / sum;
  }
  return probabilities;
}
