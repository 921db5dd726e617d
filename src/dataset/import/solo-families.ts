/**
 * Which part of a General MIDI song plays the solo, by the instrument family of its
 * tracks (programs 0-based, General MIDI's families of eight):
 *
 *   piano    0-7     acoustic and electric pianos, harpsichord, clavinet
 *   organ    16-23   organs, accordions, harmonica
 *   guitar   24-31   acoustic, electric, distorted guitars
 *   strings  40-55   strings and ensembles (choirs included)
 *   brass    56-63   trumpet, trombone, horns, brass sections
 *   reed     64-79   saxophones, oboe, clarinet, bassoon, and the pipes (flutes)
 *   lead     80-87   synth leads
 *   auto     the family above with the most notes in the song
 *
 * The solo's tracks make the solo stem (the one the models listen to, `SOLO_STEM`);
 * the band is the rest: channel 10 the drums, programs 32-39 the bass, every other
 * track "other" — a piano that is not the solo joins "other".
 */
import type { Stem } from '../../config.js';

export const SOLO_FAMILIES = {
  piano: [0, 7],
  organ: [16, 23],
  guitar: [24, 31],
  strings: [40, 55],
  brass: [56, 63],
  reed: [64, 79],
  lead: [80, 87],
} as const satisfies Record<string, readonly [number, number]>;

export type SoloFamily = keyof typeof SOLO_FAMILIES;
export const SOLO_FAMILY_NAMES = Object.keys(SOLO_FAMILIES) as SoloFamily[];
export const SOLO_CHOICES = [...SOLO_FAMILY_NAMES, 'auto'] as const;
export type SoloChoice = (typeof SOLO_CHOICES)[number];

/** The stem the solo is kept in, whatever plays it (the models' source stem). */
export const SOLO_STEM = 'piano' satisfies Stem;

export const DRUM_CHANNEL = 9;

/** What the split needs of a MIDI track. */
export interface TrackFacts {
  channel: number;
  program: number;
  percussion: boolean;
  notes: number;
}

export const isDrumTrack = (track: Pick<TrackFacts, 'channel' | 'percussion'>) => track.channel === DRUM_CHANNEL || track.percussion;
export const isBassProgram = (program: number) => program >= 32 && program <= 39;

/** The solo family of a program, or null when it is none of them. */
export function soloFamilyOf(program: number): SoloFamily | null {
  for (const family of SOLO_FAMILY_NAMES) {
    const [low, high] = SOLO_FAMILIES[family];
    if (program >= low && program <= high) return family;
  }
  return null;
}

/** The family `choice` picks in a song: itself, or for `auto` the family with the most notes (null when none plays). */
export function pickSoloFamily(tracks: readonly TrackFacts[], choice: SoloChoice): SoloFamily | null {
  if (choice !== 'auto') return choice;
  const counts = new Map<SoloFamily, number>();
  for (const track of tracks) {
    if (isDrumTrack(track) || track.notes === 0) continue;
    const family = soloFamilyOf(track.program);
    if (family) counts.set(family, (counts.get(family) ?? 0) + track.notes);
  }
  let best: SoloFamily | null = null;
  for (const family of SOLO_FAMILY_NAMES) if ((counts.get(family) ?? 0) > (best ? counts.get(best)! : 0)) best = family;
  return best;
}

/** How a song's tracks become stems when `solo` plays the solo (null: Slakh's split, programs 0-7 as the piano). */
export function stemOfTrackFor(solo: SoloFamily | null): (track: Pick<TrackFacts, 'channel' | 'program' | 'percussion'>) => Stem {
  return (track) => {
    if (isDrumTrack(track)) return 'drums';
    if (isBassProgram(track.program)) return 'bass';
    if (solo === null) return track.program <= 7 ? 'piano' : 'other';
    return soloFamilyOf(track.program) === solo ? SOLO_STEM : 'other';
  };
}
