/**
 * The one factory of representations: a spec in, its Representation object out.
 * Adding a representation means adding its spec to spec.ts and one line here.
 */
import type { Representation } from './representation.js';
import type { RepresentationSpec, RepresentationType, SpecOf } from './spec.js';
import { waveformRepresentation } from './waveform.js';
import { spectralRepresentation } from './spectral.js';
import { scoreRepresentation } from './score.js';

const FACTORIES: { [T in RepresentationType]: (spec: SpecOf<T>) => Representation } = {
  waveform: waveformRepresentation,
  spectral: spectralRepresentation,
  score: scoreRepresentation,
};

export function createRepresentation(spec: RepresentationSpec): Representation {
  const factory = FACTORIES[spec.type] as ((spec: RepresentationSpec) => Representation) | undefined;
  if (!factory) throw new Error(`unknown representation "${String((spec as { type?: unknown }).type)}"`);
  return factory(spec);
}

export type { Representation, RawTracks, SongAudio, SoloInput, FrameSynthesizer, SynthesisOptions } from './representation.js';
export * from './spec.js';
