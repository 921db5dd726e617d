/**
 * Putting pitch classes into a register, as a band player would: chords as close
 * voicings that move as little as possible from the previous one, bass notes on
 * the root nearest the previous bass note. Pure functions on MIDI pitches.
 */

/** Lowest pitch ≥ `floor` with pitch class `pc`. */
export function pitchAtOrAbove(pc: number, floor: number): number {
  return floor + ((((pc - floor) % 12) + 12) % 12);
}

/** The pitch of class `pc` in [low, high] nearest `near` (or the register's middle). */
export function nearestPitch(pc: number, low: number, high: number, near = (low + high) / 2): number {
  let best = pitchAtOrAbove(pc, low);
  for (let p = best; p <= high; p += 12) if (Math.abs(p - near) < Math.abs(best - near)) best = p;
  return best;
}

/** Close voicings of `classes` (every inversion) within [low, high]. */
function closeVoicings(classes: readonly number[], low: number, high: number): number[][] {
  const out: number[][] = [];
  for (let inversion = 0; inversion < classes.length; inversion++) {
    const ordered = classes.slice(inversion).concat(classes.slice(0, inversion));
    for (let base = pitchAtOrAbove(ordered[0]!, low); base <= high; base += 12) {
      const voicing = [base];
      for (const pc of ordered.slice(1)) voicing.push(pitchAtOrAbove(pc, voicing[voicing.length - 1]! + 1));
      if (voicing[voicing.length - 1]! <= high) out.push(voicing);
    }
  }
  return out;
}

/**
 * A close voicing of `classes` in [low, high] whose notes move least from `previous`
 * (total distance between the voicings' centres); the register's middle when there is none.
 */
export function voiceLead(classes: readonly number[], previous: readonly number[] | null, low: number, high: number): number[] {
  if (classes.length === 0) return [];
  const candidates = closeVoicings(classes, low, high);
  if (candidates.length === 0) return classes.map((pc) => pitchAtOrAbove(pc, low));
  const centre = (v: readonly number[]) => v.reduce((s, p) => s + p, 0) / v.length;
  const target = previous && previous.length ? centre(previous) : (low + high) / 2;
  return candidates.reduce((best, v) => (Math.abs(centre(v) - target) < Math.abs(centre(best) - target) ? v : best));
}
