import type { Command } from 'commander';
import { DEMO_OPTIONS } from '../../demo/options.js';
import { progressDisplay } from '../progress-display.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';

export function registerDemo(program: Command): void {
  const command = program.command('demo').description('end to end on the default data: dataset, training, a remix of a held-out solo, evaluation');
  addOptions(command, DEMO_OPTIONS).action(
    action(async (parsed: Record<string, unknown>) => {
      const opts = optionValues(DEMO_OPTIONS, parsed) as { out: string; epochs: number };
      const { formatDemoResult, runDemo } = await import('../../demo/demo.js');
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
