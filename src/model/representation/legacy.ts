/**
 * remixer.json version 1 described the representation as a name beside an
 * optional settings object (`representation: 'spectral', spectral: {...}`) and
 * its normalisation with `kind`; this turns that into today's spec and normalisation.
 */
import type { Normalisation, RepresentationSpec, SpectralSpec } from './spec.js';

export interface LegacyRepresentation {
  representation: 'waveform' | 'spectral';
  spectral: Omit<SpectralSpec, 'type'> | null;
  normalisation: Omit<Normalisation, 'type'> & { kind: Normalisation['type'] };
}

export function upgradeLegacyRepresentation(legacy: LegacyRepresentation): { representation: RepresentationSpec; normalisation: Normalisation } {
  const representation: RepresentationSpec = legacy.representation === 'spectral' && legacy.spectral ? { type: 'spectral', ...legacy.spectral } : { type: 'waveform' };
  const { kind, ...stats } = legacy.normalisation;
  return { representation, normalisation: { type: kind, ...stats } as Normalisation };
}
