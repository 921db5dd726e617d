/** Wraps a command's action: one-line errors on stderr, a non-zero exit code, no stack traces. */
import { oneLine, RemixerError } from '../errors.js';

export function action<A extends unknown[]>(work: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await work(...args);
    } catch (error) {
      const line = oneLine(error);
      if (error instanceof RemixerError) process.stderr.write(`remixer: ${line}\n`);
      else {
        process.stderr.write(`remixer: internal error: ${line}\n`);
        if (process.env['REMIXER_DEBUG']) process.stderr.write(`${(error as Error).stack ?? ''}\n`);
      }
      process.exitCode = error instanceof RemixerError ? 1 : 2;
    }
  };
}

/** Parses a numeric option, naming it in the error. */
export function numberOption(name: string, options: { integer?: boolean; min?: number; max?: number } = {}) {
  return (value: string): number => {
    const n = Number(value);
    const bad =
      value.trim() === '' ||
      !Number.isFinite(n) ||
      (options.integer && !Number.isInteger(n)) ||
      (options.min !== undefined && n < options.min) ||
      (options.max !== undefined && n > options.max);
    if (bad) {
      const range = [options.min !== undefined ? `>= ${options.min}` : '', options.max !== undefined ? `<= ${options.max}` : ''].filter(Boolean).join(' and ');
      throw new RemixerError(`${name} must be ${options.integer ? 'an integer' : 'a number'}${range ? ` ${range}` : ''} (got "${value}")`);
    }
    return n;
  };
}
