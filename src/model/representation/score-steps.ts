/** Grid steps and times: which step a time belongs to. */

/** Index of the step whose start is nearest time t. */
export function nearestStep(times: Float64Array, steps: number, t: number): number {
  let lo = 0, hi = steps - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1 < steps && Math.abs(times[lo + 1]! - t) < Math.abs(times[lo]! - t) ? lo + 1 : lo;
}
