/**
 * A practice version on disk: OUT.wav (the mix, 16-bit PCM) and OUT.mid (the band and the
 * click on the practice tempo map), published together; an output never replaces an input.
 */
import { AtomicFile, publishTogether } from '../io/atomic.js';
import { checkOutputsSpareInputs, type NamedPath } from '../io/inputs-outputs.js';
import { encodeWav } from '../io/wav.js';
import { remixFiles } from '../remix/options.js';
import type { PracticeResult } from './practice.js';

/** The files a practice version written to `out` (a .wav) makes. */
export function practiceFiles(out: string): { wav: string; midi: string } {
  const { wav, midi } = remixFiles(out);
  return { wav, midi };
}

/** Checked before any work: neither output replaces an input, nor is a folder. */
export async function checkPracticeOutputs(out: string, inputs: readonly NamedPath[]): Promise<void> {
  const files = practiceFiles(out);
  await checkOutputsSpareInputs(inputs, [{ path: files.wav, what: '--out' }, { path: files.midi, what: 'the MIDI beside --out' }]);
}

export async function writePractice(result: PracticeResult, out: string): Promise<{ wav: string; midi: string }> {
  const files = practiceFiles(out);
  const ready: AtomicFile[] = [];
  try {
    for (const [path, bytes] of [[files.wav, encodeWav(result.channels, result.sampleRate, 'int16')], [files.midi, result.midi]] as const) {
      const file = await AtomicFile.open(path);
      ready.push(file);
      await file.write(bytes);
      await file.prepare();
    }
    await publishTogether(ready);
  } catch (error) {
    for (const file of ready) await file.abort().catch(() => {});
    throw error;
  }
  return files;
}
