#!/usr/bin/env node
/** The `remixer` command line. */
import { CommanderError } from 'commander';
import { buildProgram } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // Option parsers throw RemixerErrors; commander has already printed its own errors.
  if (!(error instanceof CommanderError)) {
    process.stderr.write(`remixer: ${(error as Error).message}\n`);
    process.exitCode = 1;
  }
}
