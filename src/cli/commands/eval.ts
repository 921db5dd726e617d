import type { Command } from 'commander';
import { evaluate, formatReport } from '../../eval/evaluate.js';
import { SPLITS, type Split } from '../../dataset/split.js';
import { RemixerError } from '../../errors.js';
import { progressDisplay } from '../progress-display.js';
import { action } from '../run-action.js';

export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('compare a model and baselines against the true stems of a dataset split')
    .requiredOption('--model <modeldir>', 'a trained model directory')
    .requiredOption('--data <dir>', 'dataset directory')
    .option('--split <split>', `split to evaluate: ${SPLITS.join(', ')}`, 'test')
    .option('--out <dir>', 'write report.md and report.json here')
    .option('--songs <ids>', 'only these song ids (comma-separated)')
    .option('--no-baselines', 'evaluate the model only')
    .action(
      action(async (opts: { model: string; data: string; split: string; out?: string; songs?: string; baselines: boolean }) => {
        if (!(SPLITS as readonly string[]).includes(opts.split)) throw new RemixerError(`--split must be one of ${SPLITS.join(', ')} (got "${opts.split}")`);
        const display = progressDisplay('eval');
        let report;
        try {
          report = await evaluate({
            model: opts.model,
            data: opts.data,
            split: opts.split as Split,
            out: opts.out,
            songs: opts.songs?.split(',').map((s) => s.trim()).filter(Boolean),
            baselines: opts.baselines,
            onProgress: display.update,
          });
        } finally {
          display.stop();
        }
        process.stdout.write(formatReport(report));
        if (opts.out) process.stdout.write(`\nreport: ${opts.out}/report.md, ${opts.out}/report.json\n`);
      }),
    );
}
