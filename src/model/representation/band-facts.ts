/**
 * What a representation knows of the band, asked the same way of every type, so that no
 * module outside the representation branches on `type === 'score'`: whether the band plays
 * notes (MIDI, instruments, new takes, practice, calibration), the styles it can be asked for,
 * where each part stands in the stereo image and which instruments it plays. Each type answers
 * in its own entry; a new representation adds one.
 */
import { STEMS, type Stem } from '../../config.js';
import type { DecodeCalibration, Normalisation, RepresentationSpec, RepresentationType, ScoreNormalisation, ScoreSpec, SpecOf } from './spec.js';

export interface BandFacts {
  /** The band plays notes: a MIDI file, instruments to choose, a stem drawn again with a new seed, practice versions. */
  playsNotes: boolean;
  /** The styles it can be asked for (empty: none). */
  styles: readonly string[];
  /** Whether its decoding can be calibrated on validation songs after training. */
  calibrates: boolean;
  /** Whether its training tracks are worth keeping in the grid cache (the score grid). */
  cachesTracks: boolean;
  /** Whether it can be trained with styles. */
  takesStyles: boolean;
  /** Whether its frames are steps of the solo's beat grid (not stretches of seconds). */
  onBeatGrid: boolean;
}

const FACTS: { [T in RepresentationType]: (spec: SpecOf<T>) => BandFacts } = {
  waveform: () => ({ playsNotes: false, styles: [], calibrates: false, cachesTracks: false, takesStyles: false, onBeatGrid: false }),
  spectral: () => ({ playsNotes: false, styles: [], calibrates: false, cachesTracks: false, takesStyles: false, onBeatGrid: false }),
  score: (spec) => ({ playsNotes: true, styles: spec.styles ?? [], calibrates: true, cachesTracks: true, takesStyles: true, onBeatGrid: true }),
};

export function bandFacts(spec: RepresentationSpec): BandFacts {
  return (FACTS[spec.type] as (spec: RepresentationSpec) => BandFacts)(spec);
}

/** The spec with the styles it will be trained with (representations without styles are as they were). */
export function withStyles(spec: RepresentationSpec, styles: readonly string[]): RepresentationSpec {
  return spec.type === 'score' && styles.length ? { ...spec, styles: [...styles] } : spec;
}

/** A band that plays notes, with what it learned (styles, mix, calibration, instruments): the score representation's own; null for the others. */
export interface ScoreBand {
  spec: ScoreSpec;
  normalisation: ScoreNormalisation;
}

export function scoreBandOf(model: { representation: RepresentationSpec; normalisation: Normalisation }): ScoreBand | null {
  return model.representation.type === 'score' && model.normalisation.type === 'score' ? { spec: model.representation, normalisation: model.normalisation } : null;
}

/** The normalisation with the decoder's thresholds fitted after training (bands that do not play notes have none). */
export function withCalibration(n: Normalisation, calibration: DecodeCalibration | null): Normalisation {
  return calibration && n.type === 'score' ? { ...n, calibration } : n;
}

/** Constant-power pan of each part, −1 … 1 (the training songs' stage where the model learned one; centred otherwise). */
export function bandPans(n: Normalisation): Record<Stem, number> {
  const pans = n.type === 'score' ? n.mix?.pans : undefined;
  return Object.fromEntries(STEMS.map((stem, i) => [stem, pans?.[i] ?? 0])) as Record<Stem, number>;
}

/** The General MIDI programs (0-based) the model's band plays: its training songs' instruments, where it learned them. */
export function bandInstruments(n: Normalisation): Partial<Record<Stem, number>> {
  return n.type === 'score' ? { ...(n.stemPrograms ?? {}) } : {};
}
