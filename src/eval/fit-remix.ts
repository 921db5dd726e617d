/**
 * `remixer fit SOLO --stems DIR --reference DATASET`: how well any remix's band (a
 * user's own included) fits its solo, on the scale of a reference dataset. With no
 * true band for this solo, the unit of the scale is the reference songs' typical gap
 * between their own band and other songs' bands:
 *
 *   fit = (sim(remix band) − mean sim(reference bands with this solo)) / mean over
 *         reference songs of (sim(own band) − mean sim(other songs' bands))
 *
 * for harmonic similarity (chroma correlation with the solo) and rhythmic similarity
 * (the band's beats against the song's, here the beats tracked on the solo: with no true
 * band, the solo is the song — tracking on solo plus band would let any band set the beat).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { STEMS, type Stem } from '../config.js';
import { RemixerError, fileError } from '../errors.js';
import { checkOptions, type OptionTable } from '../options.js';
import { loadAudio } from '../io/load.js';
import { AUDIO_EXTENSIONS } from '../io/decode.js';
import { openDataset } from '../dataset/loader.js';
import { beatTimes } from '../analysis/analyse.js';
import { features } from './features.js';
import { harmonicSimilarity, rhythmicSimilarity, MIN_FIT_GAP } from './fit.js';
import { accompaniment, songReference, type SongReference } from './song-eval.js';
import type { ProgressCallback } from '../progress.js';

export interface FitRemixOptions {
  solo: string;
  stems: string;
  reference: string;
  source?: Stem;
  /** Reference songs used for the scale (default 12). */
  songs?: number;
  onProgress?: ProgressCallback;
}

export const FIT_OPTIONS: OptionTable<'stems' | 'reference' | 'source' | 'songs'> = [
  { key: 'stems', flag: '--stems', type: 'string', placeholder: 'dir', required: true, help: 'folder of the remix band: drums, bass, piano, other (any supported format; the solo stem is left out)' },
  { key: 'reference', flag: '--reference', type: 'string', placeholder: 'dataset', required: true, help: 'a dataset whose songs set the scale (0 = like another song’s band, 1 = like a song’s own band)' },
  { key: 'source', flag: '--source', type: 'choice', choices: STEMS, default: 'piano', placeholder: 'stem', help: 'which stem the solo is' },
  { key: 'songs', flag: '--songs', type: 'integer', min: 2, max: 1000, default: 12, placeholder: 'n', help: 'reference songs used for the scale' },
];

export interface FitResult {
  harmonic: { similarity: number | null; others: number; gap: number; fit: number | null };
  rhythmic: { similarity: number | null; others: number; gap: number; fit: number | null };
  stems: Stem[];
  referenceSongs: number;
}

async function findStem(dir: string, stem: Stem): Promise<string | null> {
  for (const ext of AUDIO_EXTENSIONS) {
    const path = join(dir, stem + ext);
    if (await fs.stat(path).then((s) => s.isFile(), () => false)) return path;
  }
  return null;
}

const mean = (values: (number | null)[]) => {
  const v = values.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : 0;
};

export async function fitRemix(options: FitRemixOptions): Promise<FitResult> {
  checkOptions(FIT_OPTIONS, options);
  const source = options.source ?? 'piano';
  const dataset = await openDataset(options.reference);
  const rate = dataset.sampleRate;
  const solo = (await loadAudio(options.solo, { sampleRate: rate })).samples;
  const stat = await fs.stat(options.stems).catch(() => null);
  if (!stat?.isDirectory()) throw fileError(options.stems, 'not a folder of stems', undefined, 'not-found');
  const band = {} as Record<Stem, Float32Array>;
  const found: Stem[] = [];
  for (const stem of STEMS) {
    const path = stem === source ? null : await findStem(options.stems, stem);
    band[stem] = path ? (await loadAudio(path, { sampleRate: rate, seconds: solo.length / rate })).samples : new Float32Array(solo.length);
    if (path) found.push(stem);
  }
  if (found.length === 0) throw fileError(options.stems, `no band stems (${STEMS.filter((s) => s !== source).join(', ')}) in any supported format`);
  const remixBand = accompaniment(band, source, solo.length);
  const soloFeatures = features(solo, rate);
  // With no true band, the solo is the song: its own beats are the ones to keep.
  const songBeats = await beatTimes(solo, rate);

  const entries = dataset.songs().slice(0, options.songs ?? 12);
  if (entries.length < 2) throw new RemixerError(`${options.reference}: needs at least two songs to set the scale`);
  const references: SongReference[] = [];
  for (const [i, entry] of entries.entries()) {
    const loaded = await dataset.loadSong(entry, STEMS);
    references.push(await songReference(entry.id, loaded.stems[source], loaded.stems, source, rate, (await dataset.loadScore(entry))?.beats ?? null));
    options.onProgress?.({ phase: 'reference songs', done: i + 1, total: entries.length });
  }
  const gap = (sim: (own: SongReference, other: SongReference) => number | null) =>
    mean(references.map((own) => {
      const self = sim(own, own);
      return self === null ? null : self - mean(references.filter((o) => o !== own).map((o) => sim(own, o)));
    }));
  const harmonicGap = gap((own, other) => harmonicSimilarity(own.solo, other.band));
  const rhythmicGap = gap((own, other) => rhythmicSimilarity(other.bandBeats, own.songBeats));
  const harmonicSim = harmonicSimilarity(soloFeatures, features(remixBand, rate));
  const rhythmicSim = rhythmicSimilarity(await beatTimes(remixBand, rate), songBeats);
  const harmonicOthers = mean(references.map((r) => harmonicSimilarity(soloFeatures, r.band)));
  const rhythmicOthers = mean(references.map((r) => rhythmicSimilarity(r.bandBeats, songBeats)));
  const scale = (sim: number | null, others: number, unit: number) => (sim === null || Math.abs(unit) < MIN_FIT_GAP ? null : (sim - others) / unit);
  return {
    harmonic: { similarity: harmonicSim, others: harmonicOthers, gap: harmonicGap, fit: scale(harmonicSim, harmonicOthers, harmonicGap) },
    rhythmic: { similarity: rhythmicSim, others: rhythmicOthers, gap: rhythmicGap, fit: scale(rhythmicSim, rhythmicOthers, rhythmicGap) },
    stems: found,
    referenceSongs: references.length,
  };
}
