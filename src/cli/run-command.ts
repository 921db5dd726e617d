/** Runs the command the arguments name, in this process. */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';
import { sweepDeadRuns } from '../io/scratch.js';
import { watchSupervisor } from './supervise.js';

export async function runCommand(): Promise<void> {
  watchSupervisor();
  // Ctrl-C or a polite kill ends the run through 'exit', where its temporary files go
  // (io/scratch.ts); a command with its own handler (serve) closes itself first.
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(signal, () => {
      if (process.listenerCount(signal) === 1) process.exit(code);
    });
  }
  try {
    // What runs killed outright left behind goes before anything else starts.
    await sweepDeadRuns();
    await buildProgram().parseAsync(process.argv);
  } catch (error) {
    // Option parsers throw RemixerErrors; commander has already printed its own errors.
    if (!(error instanceof CommanderError)) {
      process.stderr.write(`remixer: ${(error as Error).message}\n`);
      process.exitCode = 1;
    }
  }
}
