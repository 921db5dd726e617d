/**
 * How much memory a training step of a network needs, estimated from its sizes before
 * anything is allocated — so that sizes that cannot train are refused with the figure
 * instead of failing minutes later with "memory access out of bounds".
 *
 * Counted in 4-byte floats:
 * - weights (architectures.ts): features Dense Din→F and batch normalisation (4F), each
 *   BiLSTM 2·4u(F+u+1), each stem projection 2u→S·D; held six times over in training
 *   (weights, gradients, Adam's two moments, the saveable twin, a checkpoint's copy);
 * - activations kept for backpropagation, per window timestep: the input and its
 *   gradient (2Din), the feature layers' outputs, mask and gradients (4F), each LSTM
 *   direction's gates, cell and hidden states for BPTT with their gradients
 *   (2·(4u·2 + 3u)), the concatenated sequence and its gradient (4u), and the outputs,
 *   targets and their gradient (3·S·D); times the batch size and the timesteps.
 * The sum is multiplied by MEMORY_SLACK, measured against real training runs (growth of
 * the peak resident memory over 2 steps, data loading included, 2-core machine):
 * score 96/128/32 (units/features/batch) 62 MB counted vs 139 MB measured; score
 * 512/1024/64 850 vs 877; spectral 128/256/16 169 vs 370; spectral 256/512/64 800 vs
 * 1175 (counted with slack 2) — so the slack is 3: an estimate errs on the large side.
 */
import type { Architecture } from '../config.js';

export interface NetworkSize {
  architecture: Architecture;
  timesteps: number;
  inputDim: number;
  outputDim: number;
  /** Stems the network outputs (1 for a split sub-model). */
  stems: number;
  featureUnits: number;
  lstmUnits: number;
  batchSize: number;
}

/** Measured peak over the counted floats (rounded up): allocator slack, temporaries of the kernels. */
export const MEMORY_SLACK = 3;

/** TensorFlow.js's WebAssembly heap cannot grow past 4 GiB; a step must fit well inside it. */
export const TRAINING_MEMORY_LIMIT = 3 * 2 ** 30;

export function networkParameters(size: NetworkSize): number {
  const { inputDim: din, featureUnits: f, lstmUnits: u, outputDim: d, stems: s } = size;
  const features = din * f + f + 4 * f;
  const bilstm = 2 * 4 * u * (f + u + 1);
  const projection = (stemsPerHead: number) => 2 * u * stemsPerHead * d + stemsPerHead * d;
  return size.architecture === 'one2four-combined' ? features + s * (bilstm + projection(1)) : features + bilstm + projection(s);
}

/** Estimated bytes of one training step. */
export function trainingStepBytes(size: NetworkSize): number {
  const { inputDim: din, featureUnits: f, lstmUnits: u, outputDim: d, stems: s } = size;
  const heads = size.architecture === 'one2four-combined' ? s : 1;
  const perTimestep = 2 * din + 4 * f + heads * (2 * (8 * u + 3 * u) + 4 * u) + 3 * s * d;
  const activations = size.batchSize * size.timesteps * perTimestep;
  return 4 * MEMORY_SLACK * (6 * networkParameters(size) + activations);
}
