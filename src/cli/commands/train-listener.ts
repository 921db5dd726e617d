import type { Command } from 'commander';
import { dirname } from 'node:path';
import type { TrainListenerOptions } from '../../listener/training/train.js';
import { TRAIN_LISTENER_OPTIONS } from '../../listener/training/options.js';
import { progressDisplay } from '../progress-display.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';
import { notingNewFolders } from '../new-folders.js';

export function registerTrainListener(program: Command): void {
  const command = program.command('train-listener').description("train the listener (beats, downbeats and chords, each a bidirectional LSTM with its decoder) on a dataset with scores");
  addOptions(command, TRAIN_LISTENER_OPTIONS).action(
    action(async (parsed: Record<string, unknown>) => {
      const options = optionValues(TRAIN_LISTENER_OPTIONS, parsed) as TrainListenerOptions;
      const { trainListener } = await import('../../listener/training/train.js');
      const display = progressDisplay('train-listener');
      let file;
      try {
        file = await notingNewFolders([dirname(options.out)], () => trainListener({ ...options, onProgress: display.update }));
      } finally {
        display.stop();
      }
      const v = file.validation;
      const fixed = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(3));
      process.stdout.write(
        [
          `listener ${options.out}: beats ${file.beats.spec.layers} × BiLSTM(${file.beats.spec.units}), ${file.training.epochs.beats} epochs; chords ${file.chords.spec.layers} × BiLSTM(${file.chords.spec.units}), ${file.training.epochs.chords} epochs`,
          `  validation (${v['songs']} songs of styles it never trained on): tempo within 4 % ${fixed(v['tempoWithin4Percent'])}, beat F ${fixed(v['beatF'])}, downbeat F ${fixed(v['downbeatF'])}, key ${fixed(v['keyMean'])}, chords ${fixed(v['chordMajmin'])}`,
          `  model card: ${options.out}/CARD.md`,
        ].join('\n') + '\n',
      );
    }),
  );
}
