import type { Command } from 'commander';
import type { TrainOptions } from '../../model/training/train.js';
import { TRAIN_OPTIONS } from '../../model/training/options.js';
import { progressDisplay } from '../progress-display.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';
import { notingNewFolders } from '../new-folders.js';
import { dirname } from 'node:path';

export function registerTrain(program: Command): void {
  const command = program.command('train').description('train a model that turns one stem (the solo) into all four stems');
  addOptions(command, TRAIN_OPTIONS).action(
    action(async (parsed: Record<string, unknown>) => {
      const options = optionValues(TRAIN_OPTIONS, parsed) as unknown as TrainOptions;
      const { trainModel } = await import('../../model/training/train.js');
      const display = progressDisplay('train');
      let result;
      try {
        result = await notingNewFolders([dirname(options.out)], () => trainModel({
          ...options,
          onProgress: display.update,
          onEpoch: (part, r) => {
            display.stop();
            const name = part === 'all' ? '' : `${part} `;
            process.stderr.write(`train ${name}epoch ${r.epoch}: loss ${r.loss.toPrecision(4)}, validation ${r.valLoss.toPrecision(4)}${r.improved ? ' (best so far)' : ''}, ${r.seconds.toFixed(1)} s\n`);
          },
        }));
      } finally {
        display.stop();
      }
      const c = result.config;
      process.stdout.write(`model ${result.modelDir}: ${c.architecture}, ${c.representation.type}, ${c.sourceStem} → ${c.stems.join(', ')}, ${c.sampleRate} Hz, ${c.windowSeconds} s windows (${c.timesteps} timesteps)\n`);
      for (const p of result.parts) {
        const where = p.part === 'all' ? '' : `${p.part}: `;
        const stop = p.stoppedEarly ? ', stopped early' : '';
        process.stdout.write(`  ${where}${p.epochs} epochs${stop}, best validation loss ${p.bestValLoss?.toPrecision(4)} at epoch ${p.bestEpoch}, ${p.secondsPerEpoch.toFixed(1)} s/epoch\n`);
      }
    }),
  );
}
