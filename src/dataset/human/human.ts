/**
 * `remixer dataset human`: the two collections of General MIDI songs written by people
 * that Debian ships under free licences, read where they are installed (never copied):
 *
 *   simutrans-data  /usr/share/games/simutrans/music/*.mid   53 songs: jazz, blues, swing,
 *                   rock, marches, ballads (Artistic licence 1.0)
 *   freedoom        /usr/share/games/doom/freedoom{1,2}.wad  67 songs as MIDI lumps D_*:
 *                   rock, metal, ambient (BSD licence)
 *
 * imported as one collection (dataset import --layout midi over the three sources), whole
 * songs in clips, the split drawn over the songs by seed (HUMAN_DEFAULTS): its test songs are
 * Remixer's *human development set* — never trained or tuned on. Songs without the asked solo
 * are skipped and listed; `--only test` renders the development set alone.
 */
import { RemixerError } from '../../errors.js';
import { parseSplit, SPLITS, type Split, type SplitFractions } from '../split.js';
import type { DatasetManifest } from '../layout.js';
import { importMidiDataset, type MidiImportOptions } from '../import/midi-import.js';
import type { SoloChoice } from '../import/solo-families.js';
import { FREEDOOM_WADS, HUMAN_DEFAULTS, HUMAN_PACKAGES, SIMUTRANS_MUSIC } from './collections.js';

export { FREEDOOM_WADS, HUMAN_DEFAULTS, HUMAN_PACKAGES, SIMUTRANS_MUSIC } from './collections.js';

export interface HumanOptions extends Pick<MidiImportOptions, 'out' | 'seconds' | 'sampleRate' | 'soundFont' | 'force' | 'resume' | 'onProgress'> {
  solo?: SoloChoice;
  seed?: number;
  split?: SplitFractions;
  /** Render only these splits' songs (`test`: the development set). */
  only?: Split | 'all';
  simutrans?: string;
  freedoom?: readonly string[];
}

export async function buildHumanDataset(options: HumanOptions): Promise<DatasetManifest> {
  const sources = [options.simutrans ?? SIMUTRANS_MUSIC, ...(options.freedoom ?? FREEDOOM_WADS)];
  const { promises: fs } = await import('node:fs');
  for (const source of sources) {
    if (!(await fs.stat(source).then(() => true, () => false))) throw new RemixerError(`${source}: not found — the collections of songs written by people come with Debian's packages (apt-get install ${HUMAN_PACKAGES})`, { kind: 'not-found' });
  }
  const only = options.only ?? 'all';
  if (only !== 'all' && !SPLITS.includes(only)) throw new RemixerError(`--only must be all or one of ${SPLITS.join(', ')} (got ${only})`);
  return importMidiDataset({
    source: sources[0]!,
    moreSources: sources.slice(1),
    sourceNames: ['simutrans', ...sources.slice(1).map((wad) => wad.replace(/^.*\//, '').replace(/\.wad$/i, ''))],
    out: options.out,
    seconds: options.seconds ?? HUMAN_DEFAULTS.seconds,
    seed: options.seed ?? HUMAN_DEFAULTS.seed,
    split: options.split ?? parseSplit(HUMAN_DEFAULTS.split),
    solo: options.solo ?? HUMAN_DEFAULTS.solo,
    clips: 'whole',
    skipBad: true,
    originLayout: 'human',
    originSource: 'simutrans-data and freedoom (Debian), songs written by people',
    ...(only !== 'all' ? { onlySplits: [only] } : {}),
    ...(options.sampleRate ? { sampleRate: options.sampleRate } : {}),
    ...(options.soundFont ? { soundFont: options.soundFont } : {}),
    ...(options.force ? { force: true } : {}),
    ...(options.resume ? { resume: true } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
}
