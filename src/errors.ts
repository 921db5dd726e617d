/**
 * A problem the user can act on: bad input, a missing file, a wrong option.
 * Its message is one line; interfaces print it without a stack trace.
 */
export class RemixerError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message.replace(/\s*\n\s*/g, ' '), options);
    this.name = 'RemixerError';
  }
}

/** An error about one file, worded as "FILE: problem". */
export function fileError(path: string, problem: string, cause?: unknown): RemixerError {
  return new RemixerError(`${path}: ${problem}`, { cause });
}

/** The one line to show for any error. */
export function oneLine(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? String(error);
  return String(error).split('\n')[0] ?? 'unknown error';
}
