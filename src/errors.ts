/**
 * Errors Remixer reports, each with a kind, so that interfaces choose what to do
 * (exit code, HTTP status, message) from the kind and never from the text.
 *
 * - RemixerError: a problem the user can act on (bad input, a missing file, a wrong
 *   option); its message is one line and interfaces print it without a stack trace.
 *   Its `kind` says more: 'unsupported-format', 'not-found', 'conflict', 'out-of-memory'
 *   or plain 'user'.
 * - anything else is 'internal': a bug, reported as such.
 */
export const ERROR_KINDS = ['user', 'unsupported-format', 'not-found', 'conflict', 'out-of-memory', 'internal'] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];
export type UserErrorKind = Exclude<ErrorKind, 'internal'>;

export class RemixerError extends Error {
  readonly kind: UserErrorKind;

  constructor(message: string, options?: { cause?: unknown; kind?: UserErrorKind }) {
    super(message.replace(/\s*\n\s*/g, ' '), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RemixerError';
    this.kind = options?.kind ?? 'user';
  }
}

/** An error about one file, worded as "FILE: problem". */
export function fileError(path: string, problem: string, cause?: unknown, kind?: UserErrorKind): RemixerError {
  return new RemixerError(`${path}: ${problem}`, { cause, ...(kind ? { kind } : {}) });
}

/** The kind of any thrown value. */
export function errorKind(error: unknown): ErrorKind {
  return error instanceof RemixerError ? error.kind : 'internal';
}

/** The one line to show for any error. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? (typeof error.message === 'string' && error.message ? error.message : error.name) : String(error);
  // Control characters (from a corrupt file's bytes quoted in a message) would break the line.
  return (text.split('\n')[0] || 'unknown error').replace(/[\u0000-\u001f\u007f]/g, '?');
}

/** An error as it crosses a worker-thread boundary: its kind and its line. */
export interface SerializedError {
  kind: ErrorKind;
  message: string;
}

export function serializeError(error: unknown): SerializedError {
  return { kind: errorKind(error), message: oneLine(error) };
}

/** Rebuilds a serialized error: a RemixerError of the same kind, or an internal Error. */
export function deserializeError(error: SerializedError, context?: string): Error {
  if (error.kind === 'internal') return new Error(context ? `${context}: ${error.message}` : error.message);
  return new RemixerError(error.message, { kind: error.kind });
}
