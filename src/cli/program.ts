/** The `remixer` command line as a commander program: a thin layer over the library API. */
import { Command } from 'commander';
import { registerAudio } from './commands/audio.js';
import { registerDataset } from './commands/dataset.js';
import { registerTrain } from './commands/train.js';
import { registerRemix } from './commands/remix.js';
import { registerEval } from './commands/eval.js';
import { registerDemo } from './commands/demo.js';
import { registerServe } from './commands/serve.js';
import { registerAnalyze } from './commands/analyze.js';
import { registerEvalAnalysis } from './commands/eval-analysis.js';
import { registerFit } from './commands/fit.js';
import { registerTrainListener } from './commands/train-listener.js';
import { registerWorker } from './commands/worker.js';
import { registerStyles } from './commands/styles.js';
import { registerGate } from './commands/gate.js';
import { registerPractice } from './commands/practice.js';

export function buildProgram(): Command {
  const program = new Command('remixer')
    .description('Remixer: turn one solo instrument recording into a full remix with LSTM stem generators')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)');
  registerAudio(program);
  registerDataset(program);
  registerTrain(program);
  registerTrainListener(program);
  registerAnalyze(program);
  registerRemix(program);
  registerPractice(program);
  registerStyles(program);
  registerEval(program);
  registerEvalAnalysis(program);
  registerGate(program);
  registerFit(program);
  registerDemo(program);
  registerServe(program);
  registerWorker(program);
  return program;
}

/** Every long flag of every command, by command path ("dataset synth" → ["--out", …]). */
export function commandFlags(program: Command = buildProgram()): Map<string, Set<string>> {
  const flags = new Map<string, Set<string>>();
  const walk = (command: Command, path: string[]) => {
    const name = path.join(' ');
    flags.set(name, new Set(command.options.map((o) => o.long).filter((l): l is string => Boolean(l))));
    for (const sub of command.commands) walk(sub, [...path, sub.name()]);
  };
  walk(program, []);
  return flags;
}
