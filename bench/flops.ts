/** Floating-point operations of the project's networks, counted from their shapes. */
import type { NetworkSpec } from '../src/model/network/architectures.js';

/** 2 × multiply-adds of one forward pass of one network, per window. */
export function forwardFlops(spec: NetworkSpec): number {
  const T = spec.timesteps, D = spec.inputDim, F = spec.featureUnits, u = spec.lstmUnits, S = spec.stems.length, out = spec.outputDim;
  const features = 2 * T * D * F;
  const lstm = (heads: number) => heads * 2 /* directions */ * 2 * T * 4 * u * (F + u);
  const projection = (heads: number, stems: number) => heads * 2 * T * 2 * u * stems * out;
  if (spec.architecture === 'one2four-combined') return features + lstm(S) + projection(S, 1);
  return features + lstm(1) + projection(1, S);
}

/** A training step costs about three forward passes (forward, and two products per layer backward). */
export const trainingFlops = (spec: NetworkSpec, batch: number, parts: number) => 3 * forwardFlops(spec) * batch * parts;
