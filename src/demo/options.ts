/** `remixer demo`'s options, written once for the CLI and runDemo. */
import type { OptionTable } from '../options.js';

export const DEMO_EPOCHS = 20;
export const DEMO_OUT = 'remixer-demo';

export const DEMO_OPTIONS: OptionTable<'out' | 'epochs'> = [
  { key: 'out', flag: '--out', type: 'string', default: DEMO_OUT, placeholder: 'dir', help: 'where everything goes' },
  { key: 'epochs', flag: '--epochs', type: 'integer', min: 1, max: 100000, default: DEMO_EPOCHS, placeholder: 'n', help: 'training epochs' },
];
