import type { Command } from 'commander';
import type { ImportOptions } from '../../dataset/import/import.js';
import { COMBINE_OPTIONS, DEFAULT_SPLIT_TEXT, HUMAN_OPTIONS, IMPORT_OPTIONS, MMA_OPTIONS, SYNTH_OPTIONS } from '../../dataset/options.js';
import type { HumanOptions } from '../../dataset/human/human.js';
import type { MmaOptions } from '../../dataset/mma/generate.js';
import { parseSplit } from '../../dataset/split.js';
import { progressDisplay } from '../progress-display.js';
import { parsePrograms } from '../../render/programs.js';
import { addOptions, optionValues } from '../options.js';
import { checkOptions } from '../../options.js';
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
    .description('import a stem dataset (MUSDB18-HQ, Slakh2100, a folder per song) or render one from General MIDI songs')
    .argument('<src...>', 'the source folder (midi: folders of .mid files, .mid files or Doom .wad files, one or more)');
  addOptions(importer, IMPORT_OPTIONS)
    .option('--split <t/v/t>', SPLIT_HELP, parseSplit, parseSplit(DEFAULT_SPLIT_TEXT))
    .option('--program <list>', 'midi: General MIDI programs (1-128) to render stems with, e.g. bass=34,other=25', (v: string) => parsePrograms(v))
    .action(
      action(async (srcs: string[], parsed: Record<string, unknown>) => {
        const options = optionValues(IMPORT_OPTIONS, parsed) as Omit<ImportOptions, 'source'>;
        const { importDataset } = await import('../../dataset/import/import.js');
        const display = progressDisplay('import');
        try {
          const programs = parsed['program'] as ReturnType<typeof parsePrograms> | undefined;
          await notingNewFolders([dirname(options.out)], () => importDataset({ ...options, source: srcs[0]!, moreSources: srcs.slice(1), split: parsed['split'] as ReturnType<typeof parseSplit>, ...(programs ? { programs } : {}), onProgress: display.update }));
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

  const human = dataset.command('human').description("render the songs written by people that Debian ships (simutrans-data, freedoom) into a dataset split by song; its test songs are the human development set");
  addOptions(human, HUMAN_OPTIONS)
    .option('--split <t/v/t>', 'train/validation/test split by song', parseSplit)
    .action(
      action(async (parsed: Record<string, unknown>) => {
        const options = optionValues(HUMAN_OPTIONS, parsed) as HumanOptions & { out: string };
        const { buildHumanDataset } = await import('../../dataset/human/human.js');
        const display = progressDisplay('human');
        try {
          const split = parsed['split'] as ReturnType<typeof parseSplit> | undefined;
          await notingNewFolders([dirname(options.out)], () => buildHumanDataset({ ...options, ...(split ? { split } : {}), onProgress: display.update }));
        } finally {
          display.stop();
        }
        await printSummary(options.out);
      }),
    );

  const combine = dataset.command('combine').description("one dataset of others, linked not copied, every song in its split; --weight makes a source's train songs count more");
  addOptions(combine, COMBINE_OPTIONS).action(
    action(async (parsed: Record<string, unknown>) => {
      const options = optionValues(COMBINE_OPTIONS, parsed) as { out: string; data: string[]; weight?: string; force?: boolean };
      checkOptions(COMBINE_OPTIONS, options);
      const { combineDatasets, parseWeights } = await import('../../dataset/combine.js');
      await notingNewFolders([dirname(options.out)], () => combineDatasets({ out: options.out, data: options.data, ...(options.weight ? { weights: parseWeights(options.weight) } : {}), ...(options.force ? { force: true } : {}) }));
      await printSummary(options.out);
    }),
  );

  dataset
    .command('info')
    .description('print the summary of a dataset')
    .argument('<dir>', 'dataset directory')
    .action(action(async (dir: string) => printSummary(dir)));
}
