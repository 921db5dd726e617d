import type { Command } from 'commander';
import { EVAL_OPTIONS, type EvalOptions } from '../../eval/options.js';
import { REPORT_JSON, REPORT_MD } from '../../model/saved/names.js';
import { progressDisplay } from '../progress-display.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';
import { notingNewFolders } from '../new-folders.js';

export function registerEval(program: Command): void {
  const command = program.command('eval').description('compare models and baselines against the true stems of a dataset split, and their fit to the solo');
  addOptions(command, EVAL_OPTIONS)
    .option('--songs <ids>', 'only these song ids (comma-separated)')
    .action(
      action(async (parsed: Record<string, unknown>) => {
        const options = optionValues(EVAL_OPTIONS, parsed) as EvalOptions;
        const { evaluate, formatReport } = await import('../../eval/evaluate.js');
        const display = progressDisplay('eval');
        let report;
        try {
          const songs = (parsed['songs'] as string | undefined)?.split(',').map((s) => s.trim()).filter(Boolean);
          report = await notingNewFolders([options.out], () => evaluate({ ...options, ...(songs ? { songs } : {}), onProgress: display.update }));
        } finally {
          display.stop();
        }
        process.stdout.write(formatReport(report));
        if (options.out) process.stdout.write(`\nreport: ${options.out}/${REPORT_MD}, ${options.out}/${REPORT_JSON}\n`);
      }),
    );
}
