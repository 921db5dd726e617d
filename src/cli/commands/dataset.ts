import type { Command } from 'commander';
import type { ImportOptions } from '../../dataset/import/import.js';
import { DEFAULT_SPLIT_TEXT, IMPORT_OPTIONS, MMA_OPTIONS, SYNTH_OPTIONS } from '../../dataset/options.js';
import type { MmaOptions } from '../../dataset/mma/generate.js';
import { parseSplit } from '../../dataset/split.js';
import { progressDisplay } from '../progress-display.js';
import { parsePrograms } from '../../render/programs.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';
import { notingNewFolders } from '../new-folders.js';
import { dirname } from 'node:path';

async function printSummary(dir: string): Promise<void> {
  const { formatSummary, openDataset, summarizeDataset } = await import('../../dataset/loader.js');
  process.stdout.write(formatSummary(await summarizeDataset(await openDataset(dir))) + '\n');
}

const SPLIT_HELP = 'train/validation/test split by song (0/0/100: an evaluation-only dataset)';

export function registerDataset(program: Command): void {
  const dataset = program.command('dataset').description('create, import and inspect stem datasets');

  const synth = dataset.command('synth').description('generate the synthetic multitrack dataset (deterministic for a seed)');
  addOptions(synth, SYNTH_OPTIONS)
    .option('--split <t/v/t>', SPLIT_HELP, parseSplit, parseSplit(DEFAULT_SPLIT_TEXT))
    .action(
      action(async (parsed: Record<string, unknown>) => {
        const options = optionValues(SYNTH_OPTIONS, parsed) as { out: string };
        const { synthesizeDataset } = await import('../../dataset/synth/generate.js');
        const display = progressDisplay('synth');
        try {
          await notingNewFolders([dirname(options.out)], () => synthesizeDataset({ ...options, split: parsed['split'] as ReturnType<typeof parseSplit>, onProgress: display.update }));
        } finally {
          display.stop();
        }
        await printSummary(options.out);
      }),
    );

  const importer = dataset
    .command('import')
    .description('import a stem dataset (MUSDB18-HQ, Slakh2100, a folder per song) or render one from General MIDI files')
    .argument('<src>', 'source directory');
  addOptions(importer, IMPORT_OPTIONS)
    .option('--split <t/v/t>', SPLIT_HELP, parseSplit, parseSplit(DEFAULT_SPLIT_TEXT))
    .option('--program <list>', 'midi: General MIDI programs (1-128) to render stems with, e.g. bass=34,other=25', (v: string) => parsePrograms(v))
    .action(
      action(async (src: string, parsed: Record<string, unknown>) => {
        const options = optionValues(IMPORT_OPTIONS, parsed) as Omit<ImportOptions, 'source'>;
        const { importDataset } = await import('../../dataset/import/import.js');
        const display = progressDisplay('import');
        try {
          const programs = parsed['program'] as ReturnType<typeof parsePrograms> | undefined;
          await notingNewFolders([dirname(options.out)], () => importDataset({ ...options, source: src, split: parsed['split'] as ReturnType<typeof parseSplit>, ...(programs ? { programs } : {}), onProgress: display.update }));
        } finally {
          display.stop();
        }
        await printSummary(options.out);
      }),
    );

  const mma = dataset.command('mma').description('render chord charts in Musical MIDI Accompaniment styles (needs Debian\'s mma) into a dataset with scores');
  addOptions(mma, MMA_OPTIONS)
    .option('--split <t/v/t>', SPLIT_HELP, parseSplit, parseSplit(DEFAULT_SPLIT_TEXT))
    .action(
      action(async (parsed: Record<string, unknown>) => {
        const options = optionValues(MMA_OPTIONS, parsed) as Omit<MmaOptions, 'split'>;
        const { generateMmaDataset } = await import('../../dataset/mma/generate.js');
        const display = progressDisplay('mma');
        try {
          await notingNewFolders([dirname(options.out)], () => generateMmaDataset({ ...options, split: parsed['split'] as ReturnType<typeof parseSplit>, onProgress: display.update }));
        } finally {
          display.stop();
        }
        await printSummary(options.out);
      }),
    );

  dataset
    .command('info')
    .description('print the summary of a dataset')
    .argument('<dir>', 'dataset directory')
    .action(action(async (dir: string) => printSummary(dir)));
}
