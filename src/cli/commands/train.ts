import type { Command } from 'commander';
import { ARCHITECTURES, PRESETS, REPRESENTATIONS, type Architecture, type PresetName, type Representation } from '../../model/config.js';
import { trainModel } from '../../model/train.js';
import { parseStem } from '../../config.js';
import { RemixerError } from '../../errors.js';
import { progressDisplay } from '../progress-display.js';
import { action, numberOption } from '../run-action.js';

function oneOf<T extends string>(name: string, allowed: readonly T[]) {
  return (value: string): T => {
    if (!(allowed as readonly string[]).includes(value)) throw new RemixerError(`${name} must be one of ${allowed.join(', ')} (got "${value}")`);
    return value as T;
  };
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description('train a model that turns one stem (the solo) into all four stems')
    .requiredOption('--data <dir>', 'dataset directory')
    .requiredOption('--out <modeldir>', 'model directory to write')
    .option('--preset <name>', `settings to start from: ${Object.keys(PRESETS).join(', ')}`, oneOf('--preset', Object.keys(PRESETS) as PresetName[]), 'default')
    .option('--arch <arch>', `architecture: ${ARCHITECTURES.join(', ')} (default: the preset's)`, oneOf('--arch', ARCHITECTURES))
    .option('--repr <repr>', `representation: ${REPRESENTATIONS.join(', ')} (default: the preset's)`, oneOf('--repr', REPRESENTATIONS))
    .option('--source <stem>', 'the solo stem the model listens to', (v) => parseRemixerStem(v), 'piano')
    .option('--epochs <n>', 'epochs to train (in total, counting resumed ones)', numberOption('--epochs', { integer: true, min: 1 }))
    .option('--batch-size <n>', 'windows per training step', numberOption('--batch-size', { integer: true, min: 1 }))
    .option('--lr <rate>', 'Adam learning rate', numberOption('--lr', { min: 1e-8, max: 1 }))
    .option('--units <n>', 'LSTM units per direction', numberOption('--units', { integer: true, min: 1 }))
    .option('--feature-units <n>', 'width of the feature layers', numberOption('--feature-units', { integer: true, min: 1 }))
    .option('--dropout <rate>', 'dropout rate of the feature layers', numberOption('--dropout', { min: 0, max: 0.99 }))
    .option('--window <seconds>', 'training window length', numberOption('--window', { min: 0.01, max: 30 }))
    .option('--patience <n>', 'stop after this many epochs without a better validation loss', numberOption('--patience', { integer: true, min: 1 }))
    .option('--steps-per-epoch <n>', 'training steps per epoch (default: one pass over the train split)', numberOption('--steps-per-epoch', { integer: true, min: 1 }))
    .option('--seed <k>', 'random seed', numberOption('--seed', { integer: true, min: 0 }), 0)
    .option('--lstm <impl>', 'LSTM implementation: fused (fast) or stock (tf.layers.lstm, for comparison)', oneOf('--lstm', ['fused', 'stock'] as const), 'fused')
    .option('--workers <n>', 'worker threads for one2four-split (0: one after another)', numberOption('--workers', { integer: true, min: 0 }))
    .option('--resume', 'continue from the last checkpoint in --out')
    .option('--force', 'replace an existing model in --out')
    .action(
      action(async (opts: {
        data: string; out: string; preset: PresetName; arch?: Architecture; repr?: Representation; source: ReturnType<typeof parseRemixerStem>;
        epochs?: number; batchSize?: number; lr?: number; units?: number; featureUnits?: number; dropout?: number; window?: number;
        patience?: number; stepsPerEpoch?: number; seed: number; lstm: 'fused' | 'stock'; workers?: number; resume?: boolean; force?: boolean;
      }) => {
        const display = progressDisplay('train');
        let result;
        try {
          result = await trainModel({
            data: opts.data,
            out: opts.out,
            preset: opts.preset,
            architecture: opts.arch,
            representation: opts.repr,
            source: opts.source,
            epochs: opts.epochs,
            batchSize: opts.batchSize,
            learningRate: opts.lr,
            lstmUnits: opts.units,
            featureUnits: opts.featureUnits,
            dropout: opts.dropout,
            windowSeconds: opts.window,
            patience: opts.patience,
            stepsPerEpoch: opts.stepsPerEpoch,
            seed: opts.seed,
            lstm: opts.lstm,
            workers: opts.workers,
            resume: opts.resume,
            force: opts.force,
            onProgress: display.update,
            onEpoch: (part, r) => {
              display.stop();
              const name = part === 'all' ? '' : `${part} `;
              process.stderr.write(`train ${name}epoch ${r.epoch}: loss ${r.loss.toPrecision(4)}, validation ${r.valLoss.toPrecision(4)}${r.improved ? ' (best so far)' : ''}, ${r.seconds.toFixed(1)} s\n`);
            },
          });
        } finally {
          display.stop();
        }
        const c = result.config;
        process.stdout.write(`model ${result.modelDir}: ${c.architecture}, ${c.representation}, ${c.sourceStem} → ${c.stems.join(', ')}, ${c.sampleRate} Hz, ${c.windowSeconds} s windows (${c.timesteps} timesteps)\n`);
        for (const p of result.parts) {
          const where = p.part === 'all' ? '' : `${p.part}: `;
          const stop = p.stoppedEarly ? ', stopped early' : '';
          process.stdout.write(`  ${where}${p.epochs} epochs${stop}, best validation loss ${p.bestValLoss?.toPrecision(4)} at epoch ${p.bestEpoch}, ${p.secondsPerEpoch.toFixed(1)} s/epoch\n`);
        }
      }),
    );
}

function parseRemixerStem(value: string) {
  try {
    return parseStem(value, '--source stem');
  } catch (error) {
    throw new RemixerError((error as Error).message);
  }
}
