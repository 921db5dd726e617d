import type { Command } from 'commander';
import { DEMO_EPOCHS, formatDemoResult, runDemo } from '../../demo/demo.js';
import { progressDisplay } from '../progress-display.js';
import { action, numberOption } from '../run-action.js';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('end to end on the default data: dataset, training, a remix of a held-out solo, evaluation')
    .option('--out <dir>', 'where everything goes', 'remixer-demo')
    .option('--epochs <n>', 'training epochs', numberOption('--epochs', { integer: true, min: 1 }), DEMO_EPOCHS)
    .action(
      action(async (opts: { out: string; epochs: number }) => {
        const display = progressDisplay('demo');
        let result;
        try {
          result = await runDemo({
            out: opts.out,
            epochs: opts.epochs,
            onProgress: display.update,
            log: (line) => {
              display.stop();
              process.stderr.write(`${line}\n`);
            },
          });
        } finally {
          display.stop();
        }
        process.stdout.write(formatDemoResult(result));
      }),
    );
}
