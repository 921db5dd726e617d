/**
 * Practice settings for a finished remix, written once for the CLI, the server and the web
 * app: transpose the band and the solo together, slow them down (or speed them up) without
 * changing pitch, a click, an intro by the band and an ending on the last chord.
 */
import type { OptionTable } from '../options.js';

export interface PracticeSettings {
  /** Semitones, band and solo together. */
  transpose: number;
  /** Playback speed in percent of the original tempo (pitch kept). */
  speed: number;
  /** A click on every beat (the downbeats accented), in the mix and the MIDI. */
  click: boolean;
  /** Bars the band plays before the solo comes in (its own first bars). */
  intro: number;
  /** A last bar with the final chord held. */
  ending: boolean;
}

export type PracticeKey = keyof PracticeSettings;

export const PRACTICE_DEFAULTS: PracticeSettings = { transpose: 0, speed: 100, click: false, intro: 0, ending: false };

export const PRACTICE_OPTIONS: OptionTable<PracticeKey> = [
  { key: 'transpose', flag: '--transpose', type: 'integer', min: -12, max: 12, default: 0, placeholder: 'semitones', help: 'move the band and the solo together by this many semitones' },
  { key: 'speed', flag: '--speed', type: 'number', min: 50, max: 120, default: 100, placeholder: 'percent', help: 'playback speed in percent of the original tempo, pitch kept (the band re-rendered at the new tempo, the solo time-stretched)' },
  { key: 'click', flag: '--click', type: 'boolean', default: false, help: 'a click on every beat, the downbeats accented' },
  { key: 'intro', flag: '--intro', type: 'integer', min: 0, max: 2, default: 0, placeholder: 'bars', help: 'bars the band plays before the solo comes in' },
  { key: 'ending', flag: '--ending', type: 'boolean', default: false, help: 'a last bar with the final chord held' },
];

/** The settings given, the rest at their defaults. */
export function practiceSettings(given: Partial<Record<PracticeKey, unknown>>): PracticeSettings {
  return { ...PRACTICE_DEFAULTS, ...(given as Partial<PracticeSettings>) };
}

/** "+2 semitones, 80 % speed, click, 1-bar intro, ending" (or "as played"). */
export function practiceWords(s: PracticeSettings): string {
  const words = [
    ...(s.transpose ? [`${s.transpose > 0 ? '+' : ''}${s.transpose} semitone${Math.abs(s.transpose) === 1 ? '' : 's'}`] : []),
    ...(s.speed !== 100 ? [`${s.speed} % speed`] : []),
    ...(s.click ? ['click'] : []),
    ...(s.intro ? [`${s.intro}-bar intro`] : []),
    ...(s.ending ? ['ending'] : []),
  ];
  return words.length ? words.join(', ') : 'as played';
}
