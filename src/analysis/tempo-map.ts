/**
 * The tempo a musician would notate, from beat times: the beats are split into as few
 * segments as explain them, each steady (beat times linear in the beat number) or a
 * ramp (quadratic: an accelerando or ritardando), by dynamic programming over segment
 * ends. A segment costs its squared timing residuals over JITTER² plus a penalty (more
 * for a ramp), so the heard beats' wobble of a few milliseconds is not a tempo change,
 * while a real change of tempo is. A beat far off its neighbours' line (a beat
 * mis-heard at the end of a take) is left out of the fits — it counts for nothing — so
 * one wrong beat is not a tempo change either. The fitted beat times are where a DAW's
 * grid puts the beats; a steady song is one tempo.
 */

/** Timing noise of heard beats (seconds): residuals of this size cost 1 each. */
export const JITTER = 0.012;
/** Cost of a segment, and the extra for a ramp over a steady one (in residual units). */
export const SEGMENT_PENALTY = 40;
export const RAMP_PENALTY = 40;
/** Segments are at least this many beats long, ramps at least RAMP_MIN_BEATS. */
export const MIN_SEGMENT_BEATS = 4;
export const RAMP_MIN_BEATS = 8;
/** A beat further than this share of a beat from the line through its neighbours is an outlier. */
export const OUTLIER_SHARE = 0.12;

export interface TempoSegment {
  /** Beat indices [from, to] (inclusive). */
  from: number;
  to: number;
  kind: 'steady' | 'ramp';
  /** Tempo at the segment's first and last beat (equal when steady). */
  startBpm: number;
  endBpm: number;
}

export interface NotatedTempo {
  segments: TempoSegment[];
  /** The fitted time of every beat. */
  beats: number[];
}

/** Weighted least squares of y over polynomials in x of degree 1 or 2, from prefix sums; returns the residual sum and the coefficients. */
class PrefixFit {
  private readonly s: Float64Array[];

  constructor(y: readonly number[], weight: readonly number[]) {
    // Prefix sums of w·x^p (p ≤ 4), w·x^p·y (p ≤ 2) and w·y², with x the beat index.
    this.s = Array.from({ length: 9 }, () => new Float64Array(y.length + 1));
    for (let k = 0; k < y.length; k++) {
      const x = k;
      const v = y[k]!;
      const w = weight[k]!;
      const values = [w, w * x, w * x * x, w * x ** 3, w * x ** 4, w * v, w * x * v, w * x * x * v, w * v * v];
      values.forEach((value, i) => (this.s[i]![k + 1] = this.s[i]![k]! + value));
    }
  }

  private sum(i: number, from: number, to: number): number {
    return this.s[i]![to + 1]! - this.s[i]![from]!;
  }

  /** Residual sum of squares and coefficients [c0, c1, c2] of the fit over beats from..to. */
  fit(from: number, to: number, degree: 1 | 2): { rss: number; c: [number, number, number] } {
    const S = (i: number) => this.sum(i, from, to);
    const n = S(0);
    if (degree === 1 || n < 3) {
      const [sx, sxx, sy, sxy] = [S(1), S(2), S(5), S(6)];
      const det = n * sxx - sx * sx;
      const c1 = det === 0 ? 0 : (n * sxy - sx * sy) / det;
      const c0 = (sy - c1 * sx) / n;
      const rss = S(8) - 2 * (c0 * sy + c1 * sxy) + (c0 * c0 * n + 2 * c0 * c1 * sx + c1 * c1 * sxx);
      return { rss: Math.max(0, rss), c: [c0, c1, 0] };
    }
    // Normal equations of the quadratic (symmetric 3×3), solved by Cramer's rule in scalars.
    const [a00, a01, a02, a11, a12, a22] = [n, S(1), S(2), S(2), S(3), S(4)];
    const [b0, b1, b2] = [S(5), S(6), S(7)];
    const m00 = a11 * a22 - a12 * a12;
    const m01 = a01 * a22 - a12 * a02;
    const m02 = a01 * a12 - a11 * a02;
    const d = a00 * m00 - a01 * m01 + a02 * m02;
    if (Math.abs(d) < 1e-9) return this.fit(from, to, 1);
    const c0 = (b0 * m00 - a01 * (b1 * a22 - a12 * b2) + a02 * (b1 * a12 - a11 * b2)) / d;
    const c1 = (a00 * (b1 * a22 - a12 * b2) - b0 * m01 + a02 * (a01 * b2 - b1 * a02)) / d;
    const c2 = (a00 * (a11 * b2 - b1 * a12) - a01 * (a01 * b2 - b1 * a02) + b0 * m02) / d;
    const c: [number, number, number] = [c0, c1, c2];
    // Σ(y − Xc)² = Σy² − 2 cᵀXᵀy + cᵀ(XᵀX)c, all from the prefix sums.
    const quadratic = c0 * c0 * a00 + c1 * c1 * a11 + c2 * c2 * a22 + 2 * (c0 * c1 * a01 + c0 * c2 * a02 + c1 * c2 * a12);
    const rss = S(8) - 2 * (c0 * b0 + c1 * b1 + c2 * b2) + quadratic;
    return { rss: Math.max(0, rss), c };
  }
}

/**
 * 0 for a beat both of whose intervals (the one before and the one after; at an end,
 * the one it has) differ from the median interval of the eight beats around by more
 * than OUTLIER_SHARE·2 of it — a beat heard in the wrong place — else 1. At a real
 * tempo change one of the two intervals still fits, so the beat is kept.
 */
export function beatWeights(beats: readonly number[]): number[] {
  const intervals = beats.slice(1).map((t, k) => t - beats[k]!);
  return beats.map((_, k) => {
    const around = intervals.slice(Math.max(0, k - 5), Math.min(intervals.length, k + 5)).sort((a, b) => a - b);
    if (around.length < 3) return 1;
    const median = around[Math.floor(around.length / 2)]!;
    const off = (i: number) => i < 0 || i >= intervals.length || Math.abs(intervals[i]! - median) > 2 * OUTLIER_SHARE * median;
    return off(k - 1) && off(k) ? 0 : 1;
  });
}

/** Fewer beats than this at the start or end of a take, in a tempo of their own, are mis-heard beats, not a tempo change. */
export const EDGE_SEGMENT_BEATS = 8;

export function notatedTempo(beats: readonly number[]): NotatedTempo {
  const weights = beatWeights(beats);
  let notated = notateWith(beats, weights);
  // A short segment at an end is a listener's stumble: its beats follow their neighbours' tempo instead.
  const { segments } = notated;
  if (segments.length > 1) {
    const first = segments[0]!;
    const last = segments[segments.length - 1]!;
    let refit = false;
    for (const edge of [first, last]) {
      if (edge.to - edge.from + 1 >= EDGE_SEGMENT_BEATS) continue;
      for (let k = edge.from; k <= edge.to; k++) weights[k] = 0;
      refit = true;
    }
    if (refit) notated = notateWith(beats, weights);
  }
  return notated;
}

function notateWith(beats: readonly number[], weights: readonly number[]): NotatedTempo {
  const n = beats.length;
  if (n < 2) return { segments: [], beats: [...beats] };
  const fitter = new PrefixFit(beats, weights);
  // Segment boundaries on every beat for a song of up to 150 beats; on every few beats for
  // longer ones (a tempo change is notated to within a few beats either way), so the search stays quadratic in 150.
  const stride = Math.max(1, Math.floor(n / 150));
  const bounds: number[] = [];
  for (let k = 0; k < n; k += stride) bounds.push(k);
  if (bounds[bounds.length - 1] !== n) bounds.push(n);
  // best[j]: the cheapest notation of beats 0..bounds[j]-1; segments end where a new one begins (sharing no beat).
  const best = new Float64Array(bounds.length).fill(Infinity);
  const choice: { from: number; degree: 1 | 2 }[] = new Array(bounds.length);
  best[0] = 0;
  const minimum = Math.min(MIN_SEGMENT_BEATS, n);
  for (let e = 1; e < bounds.length; e++) {
    const end = bounds[e]!;
    for (let f = 0; f < e; f++) {
      const from = bounds[f]!;
      if (end - from < minimum || !Number.isFinite(best[f]!)) continue;
      for (const degree of [1, 2] as const) {
        if (degree === 2 && end - from < RAMP_MIN_BEATS) continue;
        const { rss } = fitter.fit(from, end - 1, degree);
        const cost = best[f]! + rss / (JITTER * JITTER) + SEGMENT_PENALTY + (degree === 2 ? RAMP_PENALTY : 0);
        if (cost < best[e]!) {
          best[e] = cost;
          choice[e] = { from: f, degree };
        }
        // A ramp only pays when the steady fit leaves more than its extra penalty unexplained.
        if (degree === 1 && rss / (JITTER * JITTER) < RAMP_PENALTY) break;
      }
    }
  }
  const segments: TempoSegment[] = [];
  const fitted = new Array<number>(n);
  for (let e = bounds.length - 1; e > 0; ) {
    const { from: f, degree } = choice[e]!;
    const [from, end] = [bounds[f]!, bounds[e]!];
    const { c } = fitter.fit(from, end - 1, degree);
    for (let k = from; k < end; k++) fitted[k] = c[0] + c[1] * k + c[2] * k * k;
    const periodAt = (k: number) => c[1] + 2 * c[2] * k;
    segments.unshift({ from, to: end - 1, kind: degree === 1 ? 'steady' : 'ramp', startBpm: 60 / periodAt(from), endBpm: 60 / periodAt(end - 1) });
    e = f;
  }
  return { segments, beats: fitted };
}

/** The notated tempo at beat k (the slope of its segment's fit there). */
export function tempoAtBeat(tempo: NotatedTempo, k: number): number {
  const segment = tempo.segments.find((s) => k >= s.from && k <= s.to) ?? tempo.segments[tempo.segments.length - 1]!;
  if (segment.kind === 'steady' || segment.to === segment.from) return segment.startBpm;
  const f = (k - segment.from) / (segment.to - segment.from);
  return 1 / ((1 - f) / segment.startBpm + f / segment.endBpm);
}
