/**
 * `remixer dataset synth` and `dataset import`'s options, written once for the CLI
 * and the library's checks. The split ("80/10/10") has its own parser (split.ts).
 */
import { CLIP_SECONDS } from '../config.js';
import type { OptionTable } from '../options.js';
import { SOLO_INSTRUMENTS } from './mma/solo.js';
import { DEFAULT_TEST_FAMILIES, STYLE_FAMILIES } from './mma/catalog.js';
import { IMPORT_LAYOUTS } from './import/sources.js';
import { SOLO_CHOICES } from './import/solo-families.js';
import { CLIP_MODES } from './import/clip-modes.js';
import { FREEDOOM_WADS, HUMAN_DEFAULTS, SIMUTRANS_MUSIC } from './human/collections.js';
import { SPLITS } from './split.js';

export const SYNTH_DEFAULTS = { songs: 24, seconds: CLIP_SECONDS, seed: 0 } as const;
export const DEFAULT_SPLIT_TEXT = '80/10/10';

export type SynthOptionKey = 'out' | 'songs' | 'seconds' | 'seed' | 'force';
export type ImportOptionKey = 'layout' | 'out' | 'seconds' | 'seed' | 'force' | 'resume' | 'skipBad' | 'solo' | 'clips' | 'soundFont';

export const SYNTH_OPTIONS: OptionTable<SynthOptionKey> = [
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', required: true, help: 'output dataset directory' },
  { key: 'songs', flag: '--songs', type: 'integer', min: 1, max: 100000, default: SYNTH_DEFAULTS.songs, placeholder: 'n', help: 'number of songs' },
  { key: 'seconds', flag: '--seconds', type: 'number', min: 1, max: 600, default: SYNTH_DEFAULTS.seconds, placeholder: 's', help: 'clip length in seconds' },
  { key: 'seed', flag: '--seed', type: 'integer', min: 0, max: 2 ** 31 - 1, default: SYNTH_DEFAULTS.seed, placeholder: 'k', help: 'random seed' },
  { key: 'force', flag: '--force', type: 'boolean', help: 'replace an existing dataset at --out' },
];

export const IMPORT_OPTIONS: OptionTable<ImportOptionKey> = [
  { key: 'layout', flag: '--layout', type: 'choice', choices: IMPORT_LAYOUTS, required: true, placeholder: 'layout', help: 'source layout' },
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', required: true, help: 'output dataset directory' },
  { key: 'seconds', flag: '--seconds', type: 'number', min: 1, max: 3600, default: CLIP_SECONDS, placeholder: 's', help: 'clip length in seconds' },
  { key: 'seed', flag: '--seed', type: 'integer', min: 0, max: 2 ** 31 - 1, default: 0, placeholder: 'k', help: 'split seed' },
  { key: 'force', flag: '--force', type: 'boolean', help: 'replace an existing dataset at --out' },
  { key: 'resume', flag: '--resume', type: 'boolean', help: 'midi: continue an interrupted import from the songs already rendered' },
  { key: 'skipBad', flag: '--skip-bad', type: 'boolean', help: 'midi: skip corrupt or truncated files, lumps that are not MIDI, songs without notes or without the solo, and list them in the manifest' },
  { key: 'solo', flag: '--solo', type: 'choice', choices: SOLO_CHOICES, default: 'piano', placeholder: 'instrument', help: 'midi: the instrument family that plays the solo (auto: the melodic part with the most notes); the band is the rest as drums, bass and other' },
  { key: 'clips', flag: '--clips', type: 'choice', choices: CLIP_MODES, default: 'whole', placeholder: 'which', help: 'midi: clips of --seconds over each song\'s whole length (silence left out, every clip of a song in its split), or its first only' },
  { key: 'soundFont', flag: '--soundfont', type: 'string', placeholder: 'file', defaultText: 'FluidR3Mono General MIDI', help: 'midi: the SoundFont (.sf2/.sf3) to render with' },
];

export type MmaOptionKey = 'out' | 'songs' | 'seconds' | 'seed' | 'force' | 'resume' | 'soundFont' | 'styles' | 'stems' | 'solos' | 'augment' | 'testFamilies' | 'workers' | 'queue' | 'work';

/** What a library corpus's solo is: always a piano, a seeded mix of instruments, or one instrument. */
export const MMA_SOLOS = ['piano', 'mixed', ...SOLO_INSTRUMENTS.filter((i) => i.name !== 'piano').map((i) => i.name.replace(/ /g, '-'))] as const;

export const MMA_OPTIONS: OptionTable<MmaOptionKey> = [
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', required: true, help: 'output dataset directory' },
  { key: 'songs', flag: '--songs', type: 'integer', min: 1, max: 100000, default: 24, placeholder: 'n', help: 'number of charts (songs whose style gives no piano part are skipped)' },
  { key: 'seconds', flag: '--seconds', type: 'number', min: 1, max: 600, default: 30, placeholder: 's', help: 'clip length in seconds' },
  { key: 'seed', flag: '--seed', type: 'integer', min: 0, max: 2 ** 31 - 1, default: 100, placeholder: 'k', help: 'random seed (charts, and mma\'s own RndSeed)' },
  { key: 'force', flag: '--force', type: 'boolean', help: 'replace an existing dataset at --out' },
  { key: 'resume', flag: '--resume', type: 'boolean', help: 'continue an interrupted render' },
  { key: 'soundFont', flag: '--soundfont', type: 'string', placeholder: 'file', defaultText: "FluidR3Mono, and Debian's TimGM6mb and MuseScore General for training songs when installed", help: 'the SoundFont (.sf2/.sf3) to render with' },
  { key: 'styles', flag: '--styles', type: 'choice', choices: ['library', 'classic'], default: 'library', placeholder: 'which', help: "library: every MMA style file that plays what the songs need, with its variations, charts with song form, splits by style family; classic: 34 default grooves over diatonic loops (every stem)" },
  { key: 'stems', flag: '--stems', type: 'choice', choices: ['solo', 'all'], default: 'solo', placeholder: 'which', help: 'library: render the solo only (listening and score training need no more) or every stem and the mix' },
  { key: 'solos', flag: '--solos', type: 'choice', choices: MMA_SOLOS, default: 'piano', placeholder: 'instrument', help: 'library: the solo instrument, or a seeded mix of piano, electric piano, organ, guitar, saxophone, flute and trumpet' },
  { key: 'augment', flag: '--augment', type: 'boolean', help: "library: vary the training and validation songs' solo (level, tone, noise) as different rooms and microphones would" },
  { key: 'testFamilies', flag: '--test-families', type: 'string', placeholder: 'list', defaultText: DEFAULT_TEST_FAMILIES.join(','), help: `library: style families held out as the test split (comma-separated; families: ${STYLE_FAMILIES.join(', ')})` },
  { key: 'workers', flag: '--workers', type: 'integer', min: 1, max: 64, placeholder: 'n', defaultText: 'the cores', help: 'library: worker threads rendering songs' },
  { key: 'queue', flag: '--queue', type: 'string', placeholder: 'redis://host:port', help: 'library: send each song to a BullMQ queue on Redis, rendered by `remixer worker` on any machine (instead of threads here)' },
  { key: 'work', flag: '--work', type: 'string', placeholder: 'dir', defaultText: "--out's folder", help: 'library, with --queue: the shared folder every worker sees (--out must be inside it)' },
];

export type HumanOptionKey = 'out' | 'solo' | 'seconds' | 'seed' | 'only' | 'force' | 'resume' | 'soundFont' | 'simutrans' | 'freedoom';

export const HUMAN_OPTIONS: OptionTable<HumanOptionKey> = [
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', required: true, help: 'output dataset directory' },
  { key: 'solo', flag: '--solo', type: 'choice', choices: SOLO_CHOICES, default: HUMAN_DEFAULTS.solo, placeholder: 'instrument', help: 'the instrument family that plays the solo (songs without it are skipped and listed)' },
  { key: 'seconds', flag: '--seconds', type: 'number', min: 5, max: 600, default: HUMAN_DEFAULTS.seconds, placeholder: 's', help: 'clip length in seconds' },
  { key: 'seed', flag: '--seed', type: 'integer', min: 0, max: 2 ** 31 - 1, default: HUMAN_DEFAULTS.seed, placeholder: 'k', help: 'split seed (the default fixes the human development set)' },
  { key: 'only', flag: '--only', type: 'choice', choices: ['all', ...SPLITS], default: 'all', placeholder: 'split', help: "render only one split's songs (test: the human development set)" },
  { key: 'force', flag: '--force', type: 'boolean', help: 'replace an existing dataset at --out' },
  { key: 'resume', flag: '--resume', type: 'boolean', help: 'continue an interrupted import' },
  { key: 'soundFont', flag: '--soundfont', type: 'string', placeholder: 'file', defaultText: 'FluidR3Mono General MIDI', help: 'the SoundFont (.sf2/.sf3) to render with' },
  { key: 'simutrans', flag: '--simutrans', type: 'string', placeholder: 'dir', defaultText: SIMUTRANS_MUSIC, help: "simutrans-data's folder of MIDI songs" },
  { key: 'freedoom', flag: '--freedoom', type: 'list', placeholder: 'wad', defaultText: FREEDOOM_WADS.join(' and '), help: "freedoom's WAD files" },
];

export type CombineOptionKey = 'out' | 'data' | 'weight' | 'force';

export const COMBINE_OPTIONS: OptionTable<CombineOptionKey> = [
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', required: true, help: 'output dataset directory' },
  { key: 'data', flag: '--data', type: 'list', minItems: 2, placeholder: 'dir', required: true, help: 'a dataset to take in' },
  { key: 'weight', flag: '--weight', type: 'string', placeholder: 'name=n,…', defaultText: 'every source 1', help: "how often training draws a source's train songs against the others', by its folder name, e.g. human-auto=3" },
  { key: 'force', flag: '--force', type: 'boolean', help: 'replace an existing dataset at --out' },
];
