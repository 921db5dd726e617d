/** `remixer demo`'s options, written once for the CLI and runDemo. */
import type { OptionTable } from '../options.js';

export const DEMO_EPOCHS = 15;

/**
 * Why the default preset is what it is, as the demo says it: the measurement behind the
 * choice (README, "Three representations"; the score issue's note has every number).
 */
export const DEFAULT_CHOICE = {
  harmonic: '1.06',
  spectralHarmonic: '0.03',
  measuredOn: '20 held-out synthetic songs, with rhythmic fit on par',
} as const;
export const DEMO_OUT = 'remixer-demo';

export const DEMO_OPTIONS: OptionTable<'out' | 'epochs'> = [
  { key: 'out', flag: '--out', type: 'string', default: DEMO_OUT, placeholder: 'dir', help: 'where everything goes' },
  { key: 'epochs', flag: '--epochs', type: 'integer', min: 1, max: 100000, default: DEMO_EPOCHS, placeholder: 'n', help: 'training epochs' },
];
