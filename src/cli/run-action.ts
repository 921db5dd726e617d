/** Wraps a command's action: one-line errors on stderr, a non-zero exit code, no stack traces. */
import { errorKind, oneLine } from '../errors.js';

export function action<A extends unknown[]>(work: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await work(...args);
    } catch (error) {
      const line = oneLine(error);
      const internal = errorKind(error) === 'internal';
      process.stderr.write(internal ? `remixer: internal error: ${line}\n` : `remixer: ${line}\n`);
      if (internal && process.env['REMIXER_DEBUG']) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
      process.exitCode = internal ? 2 : 1;
    }
  };
}
