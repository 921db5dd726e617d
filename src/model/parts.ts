/** The network spec of one part of a model, as both training and inference build it. */
import type { ModelConfig, ModelPart } from './config.js';
import type { NetworkSpec } from './network/architectures.js';
import { createRepresentation } from './representation/index.js';

export function partNetworkSpec(config: ModelConfig, part: ModelPart): NetworkSpec {
  const representation = createRepresentation(config.representation);
  return {
    ...config.network,
    architecture: config.architecture,
    timesteps: config.timesteps,
    inputDim: representation.inputDim,
    outputDim: representation.outputDim,
    stems: part.stems,
    seed: config.training.seed + 1000 * config.stems.indexOf(part.stems[0]!),
    lstm: config.training.lstm,
  };
}
