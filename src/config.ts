/**
 * Project-wide constants. Everything else derives from these.
 */

/** The four stems every dataset, model and remix speaks of, in this order. */
export const STEMS = ['drums', 'bass', 'piano', 'other'] as const;
export type Stem = (typeof STEMS)[number];

/** librosa's default load rate, which the paper used. */
export const PROJECT_SAMPLE_RATE = 22050;
/** The paper trims every song to 30 seconds. */
export const CLIP_SECONDS = 30;
/** The paper trains on 1-second windows so that inference can produce any duration. */
export const WINDOW_SECONDS = 1;
/** The solo instrument a model listens to unless told otherwise. */
export const DEFAULT_SOURCE_STEM: Stem = 'piano';

export function isStem(name: string): name is Stem {
  return (STEMS as readonly string[]).includes(name);
}

export function parseStem(name: string, what = 'stem'): Stem {
  if (!isStem(name)) throw new Error(`unknown ${what} "${name}" (expected one of ${STEMS.join(', ')})`);
  return name;
}
