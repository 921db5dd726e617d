/**
 * The band's timing feel, learned from the training songs: where a style's notes fall
 * against the straight grid. For each place in the beat (the sixteenths 0…3), the mean
 * offset of the band's note starts from the grid step they are nearest, in steps
 * (−½ … ½): a swung style plays its off-beat eighths late (the eighth of a triplet
 * swing, 2/3 of the beat, sits a third of a step before the fourth sixteenth, so it is
 * nearest step 3 and early by one third); a straight style has offsets near 0. The
 * medians over a style's songs are saved with the model; the decoder places each note
 * at its step's time plus its place's offset, so a swing band swings.
 */
import type { FeatureGrid } from '../../analysis/grid.js';
import type { ScoreNote } from '../../score/score.js';
import { nearestStep } from './score-steps.js';
import type { RawTracks } from './representation.js';
import type { ScoreNormalisation, TimingFeel } from './spec.js';
import { median, perStyle } from './score-stats.js';

/** A place in the beat counts for a song when at least this many notes start nearest it. */
const MIN_NOTES = 4;

/** Per place in the beat, the mean offset (steps) of the notes nearest it; null where too few notes start there. */
export function songFeel(grid: Pick<FeatureGrid, 'times' | 'steps' | 'sub' | 'subdivision'>, notes: readonly ScoreNote[]): (number | null)[] {
  const sums = new Float64Array(grid.subdivision);
  const counts = new Float64Array(grid.subdivision);
  for (const note of notes) {
    if (note.start < grid.times[0]! || note.start >= grid.times[grid.steps]!) continue;
    const s = nearestStep(grid.times, grid.steps, note.start);
    const length = grid.times[s + 1]! - grid.times[s]!;
    if (!(length > 0)) continue;
    sums[grid.sub[s]!]! += (note.start - grid.times[s]!) / length;
    counts[grid.sub[s]!]!++;
  }
  return Array.from(sums, (sum, i) => (counts[i]! >= MIN_NOTES ? Math.round((sum / counts[i]!) * 1e4) / 1e4 : null));
}

function medians(songs: readonly RawTracks[], places: number): number[] {
  return Array.from({ length: places }, (_, i) => Math.round(median(songs.flatMap((s) => (s.feel?.[i] != null ? [s.feel[i]!] : []))) * 1e4) / 1e4);
}

export function fitFeel(train: readonly RawTracks[], subdivision: number): TimingFeel {
  return { offsets: medians(train, subdivision), byStyle: perStyle(train, (songs) => medians(songs, subdivision)) };
}

/** The offsets (steps, per place in the beat) a band plays with in `style` (else the training songs' overall); none for older models. */
export function feelFor(n: ScoreNormalisation, style: string | null): number[] | undefined {
  return (style ? n.feel?.byStyle[style] : undefined) ?? n.feel?.offsets;
}
