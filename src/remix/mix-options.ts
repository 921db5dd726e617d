/** What a remix mixes: the solo and the stems, each with a gain, some muted. */
import { STEMS, type Stem } from '../config.js';
import { RemixerError } from '../errors.js';

export type Track = Stem | 'solo';
export const TRACKS: readonly Track[] = ['solo', ...STEMS];

/** Parses "drums=1,bass=0.8" into gains; unknown names and bad numbers are errors. */
export function parseGains(text: string): Partial<Record<Track, number>> {
  const gains: Partial<Record<Track, number>> = {};
  for (const item of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, value] = item.split('=').map((s) => s.trim());
    if (!name || value === undefined || !(TRACKS as readonly string[]).includes(name)) {
      throw new RemixerError(`--gain "${item}": expected NAME=VALUE with NAME one of ${TRACKS.join(', ')}`);
    }
    const gain = Number(value);
    if (value === '' || !Number.isFinite(gain) || gain < 0 || gain > 16) throw new RemixerError(`--gain ${name}: "${value}" is not a gain between 0 and 16`);
    gains[name as Track] = gain;
  }
  return gains;
}

export function parseTrack(name: string): Track {
  if (!(TRACKS as readonly string[]).includes(name)) throw new RemixerError(`--mute "${name}": expected one of ${TRACKS.join(', ')}`);
  return name as Track;
}

/**
 * The gain of each track in the remix. When the source stem is passed through,
 * it *is* the solo: muting or weighting either name applies to the solo, and the
 * stem is not added a second time.
 */
export function trackGains(sourceStem: Stem, passthrough: boolean, gains: Partial<Record<Track, number>>, muted: readonly Track[]): Record<Track, number> {
  const out = {} as Record<Track, number>;
  for (const track of TRACKS) out[track] = muted.includes(track) ? 0 : gains[track] ?? 1;
  if (passthrough) {
    const soloMuted = muted.includes('solo') || muted.includes(sourceStem);
    out.solo = soloMuted ? 0 : gains.solo ?? gains[sourceStem] ?? 1;
    out[sourceStem] = 0;
  }
  return out;
}
