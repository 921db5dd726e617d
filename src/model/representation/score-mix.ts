/**
 * The band's mix relative to the solo, learned from the training songs: each part's
 * RMS over the solo's RMS, the median over the songs in which the part plays, overall
 * and per style. At inference a part is rendered at ratio × the solo's RMS, so a quiet
 * take gets a quiet band and the balance is the corpus's, whatever the recording level.
 * Pans are a band's usual stage (drums and bass centred, the chords a little left, the
 * other part a little right): the corpus's MIDI does not record them.
 */
import { STEMS } from '../../config.js';
import type { RawTracks } from './representation.js';
import type { MixLevels, ScoreNormalisation } from './spec.js';
import { median, perStyle } from './score-stats.js';

/** Constant-power pans of the parts (STEMS order), −1 left … 1 right. */
export const STAGE_PANS: readonly number[] = STEMS.map((stem) => ({ drums: 0, bass: 0, piano: -0.3, other: 0.3 })[stem]);

/** A part is "playing" in a song when its RMS is above this share of the solo's. */
const PLAYING = 1e-3;

const round5 = (v: number) => Math.round(v * 1e5) / 1e5;

/** Median part-to-solo RMS ratios of songs that have levels, per part; 0 where the part never plays. */
function ratios(songs: readonly RawTracks[]): number[] {
  return STEMS.map((stem) => round5(median(songs.flatMap((s) => {
    const ratio = s.levels && s.soloLevel ? s.levels[stem] / s.soloLevel : 0;
    return ratio > PLAYING ? [ratio] : [];
  }))));
}

export function fitMixLevels(train: readonly RawTracks[]): MixLevels {
  return { ratios: ratios(train), byStyle: perStyle(train, ratios), pans: [...STAGE_PANS] };
}

/**
 * The RMS each part is rendered at (STEMS order): the style's ratio (else the overall one)
 * times the solo's RMS; models without a mix, or a part the corpus never played, keep
 * the training songs' mean level.
 */
export function levelsFor(n: ScoreNormalisation, style: string | null, soloLevel: number | undefined): number[] {
  const ofStyle = style ? n.mix?.byStyle[style] : undefined;
  return STEMS.map((_, i) => {
    const ratio = ofStyle?.[i] || n.mix?.ratios[i] || 0;
    return ratio > 0 && soloLevel && soloLevel > 1e-5 ? ratio * soloLevel : n.stemLevels[i]!;
  });
}
