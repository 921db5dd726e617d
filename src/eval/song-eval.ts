/**
 * One song against every system: the true stems' features are computed once; each
 * system's stems are scored stem by stem (metrics.ts) and, as an accompaniment (every
 * stem but the passed-through solo), for harmonic and rhythmic similarity (fit.ts).
 * The shuffled-pair scale needs the whole split, so fits are finished by the caller.
 */
import { STEMS, type Stem } from '../config.js';
import { beatTimes } from '../analysis/analyse.js';
import { features, type SignalFeatures } from './features.js';
import { chromaSimilarity, onsetFMeasure, siSdr, spectralDistance } from './metrics.js';
import { harmonicSimilarity, rhythmicSimilarity } from './fit.js';
import type { EvalSong, Generated, Stems, StemSystem } from './baselines.js';
import type { StemScores } from './report.js';
import { musicianship, type Musicianship } from './musicianship.js';

/** What the split's fit scale needs of every song, computed once (small: 1-s chroma frames and beats). */
export interface SongReference {
  id: string;
  /** The solo's pooled chroma, and the true accompaniment's. */
  solo: SignalFeatures;
  band: SignalFeatures;
  bandBeats: number[];
  /** The song's beats: the score's, or tracked on the true mix. */
  songBeats: number[];
}

/** The accompaniment of a set of stems: every stem but `omit`, summed. */
export function accompaniment(stems: Stems, omit: Stem | null, length: number): Float32Array {
  const out = new Float32Array(length);
  for (const stem of STEMS) {
    if (stem === omit) continue;
    const s = stems[stem];
    for (let i = 0; i < Math.min(length, s.length); i++) out[i]! += s[i]!;
  }
  return out;
}

export interface SystemSongResult {
  stems: Partial<Record<Stem, StemScores>>;
  harmonicSim: number | null;
  rhythmicSim: number | null;
  /** The musicianship of the parts it played as notes, on the song's own bars (when the song has a score). */
  musicianship?: Musicianship;
}

export async function scoreSystemOnSong(system: StemSystem, song: EvalSong, truth: Record<Stem, SignalFeatures>, reference: Pick<SongReference, 'solo' | 'songBeats'>, scored: readonly Stem[], missing: readonly Stem[], sampleRate: number, sourceStem: Stem, sound = true): Promise<{ result: SystemSongResult; generated: Generated }> {
  const output = await system.generate(song);
  const generated = output.stems;
  const stems: Partial<Record<Stem, StemScores>> = {};
  for (const stem of scored) {
    if (missing.includes(stem)) continue;
    const estimate = features(generated[stem], sampleRate);
    const ref = truth[stem];
    stems[stem] = {
      onsetF1: onsetFMeasure(ref.onsets(), estimate.onsets()),
      chroma: stem === 'drums' ? null : chromaSimilarity(estimate, ref),
      spectralDistance: sound ? spectralDistance(estimate, ref) : null,
      siSdr: sound ? siSdr(estimate, ref) : null,
    };
  }
  const band = accompaniment(generated, sourceStem, song.source.length);
  const bandFeatures = features(band, sampleRate);
  return {
    result: {
      stems,
      harmonicSim: harmonicSimilarity(reference.solo, bandFeatures),
      rhythmicSim: rhythmicSimilarity(await beatTimes(band, sampleRate), reference.songBeats),
      ...(output.notes && song.score ? { musicianship: musicianship(output.notes, song.score, song.source.length / sampleRate, sourceStem) } : {}),
    },
    generated: output,
  };
}

/** The reference data of a song: its solo, its true band, their beats. */
export async function songReference(id: string, solo: Float32Array, stems: Stems, sourceStem: Stem, sampleRate: number, scoreBeats: number[] | null): Promise<SongReference> {
  const bandSignal = accompaniment(stems, sourceStem, solo.length);
  const mix = accompaniment(stems, null, solo.length);
  return {
    id,
    solo: features(solo, sampleRate),
    band: features(bandSignal, sampleRate),
    bandBeats: await beatTimes(bandSignal, sampleRate),
    songBeats: scoreBeats ?? (await beatTimes(mix, sampleRate)),
  };
}
