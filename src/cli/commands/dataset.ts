import type { Command } from 'commander';
import { synthesizeDataset, SYNTH_DEFAULTS } from '../../dataset/synth/generate.js';
import { importDataset } from '../../dataset/import/import.js';
import { IMPORT_LAYOUTS, type ImportLayout } from '../../dataset/import/sources.js';
import { formatSummary, openDataset, summarizeDataset } from '../../dataset/loader.js';
import { parseSplit } from '../../dataset/split.js';
import { RemixerError } from '../../errors.js';
import { progressDisplay } from '../progress-display.js';
import { action, numberOption } from '../run-action.js';

async function printSummary(dir: string): Promise<void> {
  process.stdout.write(formatSummary(await summarizeDataset(await openDataset(dir))) + '\n');
}

export function registerDataset(program: Command): void {
  const dataset = program.command('dataset').description('create, import and inspect stem datasets');

  dataset
    .command('synth')
    .description('generate the synthetic multitrack dataset (deterministic for a seed)')
    .requiredOption('--out <dir>', 'output dataset directory')
    .option('--songs <n>', 'number of songs', numberOption('--songs', { integer: true, min: 1 }), SYNTH_DEFAULTS.songs)
    .option('--seconds <s>', 'clip length in seconds', numberOption('--seconds', { min: 1, max: 600 }), SYNTH_DEFAULTS.seconds)
    .option('--seed <k>', 'random seed', numberOption('--seed', { integer: true, min: 0 }), SYNTH_DEFAULTS.seed)
    .option('--split <t/v/t>', 'train/validation/test split by song', '80/10/10')
    .option('--force', 'replace an existing dataset at --out')
    .action(
      action(async (opts: { out: string; songs: number; seconds: number; seed: number; split: string; force?: boolean }) => {
        const display = progressDisplay('synth');
        try {
          await synthesizeDataset({ ...opts, split: parseSplit(opts.split), onProgress: display.update });
        } finally {
          display.stop();
        }
        await printSummary(opts.out);
      }),
    );

  dataset
    .command('import')
    .description('import a real stem dataset (MUSDB18-HQ, Slakh2100, or a folder per song)')
    .argument('<src>', 'source directory')
    .requiredOption('--layout <layout>', `source layout: ${IMPORT_LAYOUTS.join(', ')}`)
    .requiredOption('--out <dir>', 'output dataset directory')
    .option('--seconds <s>', 'clip length in seconds', numberOption('--seconds', { min: 1 }), 30)
    .option('--seed <k>', 'split seed', numberOption('--seed', { integer: true, min: 0 }), 0)
    .option('--split <t/v/t>', 'train/validation/test split by song', '80/10/10')
    .option('--force', 'replace an existing dataset at --out')
    .action(
      action(async (src: string, opts: { layout: string; out: string; seconds: number; seed: number; split: string; force?: boolean }) => {
        if (!(IMPORT_LAYOUTS as readonly string[]).includes(opts.layout)) {
          throw new RemixerError(`--layout must be one of ${IMPORT_LAYOUTS.join(', ')} (got "${opts.layout}")`);
        }
        const display = progressDisplay('import');
        try {
          await importDataset({ ...opts, source: src, layout: opts.layout as ImportLayout, split: parseSplit(opts.split), onProgress: display.update });
        } finally {
          display.stop();
        }
        await printSummary(opts.out);
      }),
    );

  dataset
    .command('info')
    .description('print the summary of a dataset')
    .argument('<dir>', 'dataset directory')
    .action(action(async (dir: string) => printSummary(dir)));
}
