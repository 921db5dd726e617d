#!/usr/bin/env node
/** The `remixer` command line: a thin layer over the library API. */
import { Command, CommanderError } from 'commander';
import { registerAudio } from './commands/audio.js';
import { registerDataset } from './commands/dataset.js';
import { registerTrain } from './commands/train.js';
import { registerRemix } from './commands/remix.js';
import { registerEval } from './commands/eval.js';
import { registerDemo } from './commands/demo.js';
import { registerServe } from './commands/serve.js';

export function buildProgram(): Command {
  const program = new Command('remixer')
    .description('Remixer: turn one solo instrument recording into a full remix with LSTM stem generators')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  registerAudio(program);
  registerDataset(program);
  registerTrain(program);
  registerRemix(program);
  registerEval(program);
  registerDemo(program);
  registerServe(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // Option parsers throw RemixerErrors; commander has already printed its own errors.
  if (!(error instanceof CommanderError)) {
    process.stderr.write(`remixer: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
