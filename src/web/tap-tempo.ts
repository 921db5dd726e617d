/**
 * Tap the beat: a few taps (a key or a button) while the solo plays set the tempo and the
 * phase, the first tap a downbeat. Taps further apart than TAP_GAP_SECONDS start again; the
 * grid is the steady one that fits the taps best (least squares: the median interval for the
 * period, then the phase that the taps sit on, counted from the first).
 */
export const MIN_TAPS = 4;
/** A pause longer than this between taps starts a new count. */
export const TAP_GAP_SECONDS = 2;

export interface TappedGrid {
  /** BPM. */
  tempo: number;
  /** Seconds into the solo: the first tap's beat, on the fitted grid. */
  firstDownbeat: number;
}

/** The grid of taps at solo times `times` (rising), or null with fewer than MIN_TAPS or uneven taps (an interval off the median by more than a third). */
export function tappedGrid(times: readonly number[]): TappedGrid | null {
  if (times.length < MIN_TAPS) return null;
  const intervals = times.slice(1).map((t, i) => t - times[i]!);
  const sorted = [...intervals].sort((a, b) => a - b);
  const period = sorted[Math.floor(sorted.length / 2)]!;
  if (!(period > 0.15 && period < 3) || intervals.some((d) => Math.abs(d - period) > period / 3)) return null;
  // The phase: the mean offset of the taps from the grid through the first at this period.
  const beatsIn = times.map((t) => Math.round((t - times[0]!) / period));
  const refined = beatsIn[beatsIn.length - 1]! > 0 ? (times[times.length - 1]! - times[0]!) / beatsIn[beatsIn.length - 1]! : period;
  const phase = times.reduce((sum, t, i) => sum + (t - times[0]! - beatsIn[i]! * refined), 0) / times.length;
  return { tempo: Number((60 / refined).toFixed(2)), firstDownbeat: Number(Math.max(0, times[0]! + phase).toFixed(3)) };
}

/** Collects taps; `add` returns the taps of the current count (a long pause starts a new one). */
export class TapCounter {
  private taps: number[] = [];
  private lastAt = -Infinity;

  /** A tap at solo time `time`, made at wall-clock `now` (seconds). */
  add(time: number, now: number): readonly number[] {
    if (now - this.lastAt > TAP_GAP_SECONDS || (this.taps.length && time <= this.taps[this.taps.length - 1]!)) this.taps = [];
    this.lastAt = now;
    this.taps.push(time);
    return this.taps;
  }

  reset(): void {
    this.taps = [];
    this.lastAt = -Infinity;
  }
}
