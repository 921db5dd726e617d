#!/usr/bin/env node
/** The `remixer` command line. */
import { supervise, SUPERVISED_ENV } from './supervise.js';

// Long-running services manage their own stopping; every other command runs supervised
// (supervise.ts), so Ctrl-C stops it within a second even in the middle of a computation.
// The supervisor loads nothing else.
const SERVICES = ['serve', 'worker'];
if (process.env[SUPERVISED_ENV] !== '1' && !SERVICES.includes(process.argv[2] ?? '')) {
  process.exitCode = await supervise();
} else {
  const { runCommand } = await import('./run-command.js');
  await runCommand();
}
