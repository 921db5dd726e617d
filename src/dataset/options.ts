/**
 * `remixer dataset synth` and `dataset import`'s options, written once for the CLI
 * and the library's checks. The split ("80/10/10") has its own parser (split.ts).
 */
import { CLIP_SECONDS, STEMS } from '../config.js';
import type { OptionTable } from '../options.js';
import { SOLO_INSTRUMENTS } from './mma/solo.js';
import { DEFAULT_TEST_FAMILIES, STYLE_FAMILIES } from './mma/catalog.js';
import { IMPORT_LAYOUTS } from './import/sources.js';

export const SYNTH_DEFAULTS = { songs: 24, seconds: CLIP_SECONDS, seed: 0 } as const;
export const DEFAULT_SPLIT_TEXT = '80/10/10';

export type SynthOptionKey = 'out' | 'songs' | 'seconds' | 'seed' | 'force';
export type ImportOptionKey = 'layout' | 'out' | 'seconds' | 'seed' | 'force' | 'resume' | 'skipBad' | 'soloStem' | 'soundFont';

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
  { key: 'skipBad', flag: '--skip-bad', type: 'boolean', help: 'midi: skip corrupt files, files without notes or without the solo stem, and list them in the manifest' },
  { key: 'soloStem', flag: '--solo', type: 'choice', choices: STEMS, default: 'piano', placeholder: 'stem', help: 'midi: the stem every song must have notes in' },
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
