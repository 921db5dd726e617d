/** Errors that become HTTP responses, and the checks that raise them. */
import { resolve, sep } from 'node:path';

export class HttpError extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 413 | 415 | 422 | 500 | 503,
    message: string,
    /** Headers the response carries (Retry-After of a full queue). */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/** Names of models, datasets and jobs: letters, digits, '-' and '_', no dots or slashes. */
const ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

export function isId(value: unknown): value is string {
  return typeof value === 'string' && ID.test(value);
}

export function checkId(value: unknown, what: string): string {
  if (!isId(value)) {
    throw new HttpError(400, `invalid ${what} ${JSON.stringify(String(value).slice(0, 80))}: use letters, digits, '-' and '_' (at most 64)`);
  }
  return value;
}

/** `root/child`, guaranteed to stay inside `root`. */
export function inside(root: string, ...parts: string[]): string {
  const base = resolve(root);
  const path = resolve(base, ...parts);
  if (path !== base && !path.startsWith(base + sep)) throw new HttpError(400, 'path escapes its folder');
  return path;
}
