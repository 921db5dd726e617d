/**
 * Checksums of weights files: written into the model.json that names them when a model is
 * saved, checked when it is loaded, so a damaged file is refused, never played. A model.json
 * written before checksums existed has none, and loads as before.
 */
import { createHash } from 'node:crypto';
import { fileError } from '../errors.js';

/** The field of model.json holding { weights file name: sha256 hex }. */
export const CHECKSUMS_FIELD = 'remixerSha256';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Throws one line naming `path` when `bytes` do not match the checksum written for `file`. */
export function checkWeights(path: string, file: string, bytes: Uint8Array, checksums: Record<string, string> | undefined): void {
  const expected = checksums?.[file];
  if (expected === undefined) return;
  if (sha256(bytes) !== expected) throw fileError(path, 'damaged: its bytes do not match the checksum written when the model was saved (copy the model again, or train it again)');
}
