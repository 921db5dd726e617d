/** Where Debian installs the collections of songs written by people, and the split that fixes the human development set. */
import type { SoloChoice } from '../import/solo-families.js';

export const SIMUTRANS_MUSIC = '/usr/share/games/simutrans/music';
export const FREEDOOM_WADS = ['/usr/share/games/doom/freedoom1.wad', '/usr/share/games/doom/freedoom2.wad'] as const;
/** The Debian packages that hold the collections, for the message when they are missing. */
export const HUMAN_PACKAGES = 'simutrans-data freedoom';

/** The development set's split: these fractions and seed fix which songs are its test songs. */
export const HUMAN_DEFAULTS = { seed: 0, split: '70/10/20', seconds: 30, solo: 'piano' as SoloChoice } as const;
