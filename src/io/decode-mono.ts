/**
 * A file decoded straight to one channel (the mean of its channels), block by block:
 * what a listener hears, without ever holding every channel of a long recording at once.
 */
import { decodeAudioStream, type DecodedInfo } from './decode.js';

export interface DecodedMono extends DecodedInfo {
  /** The mean of the file's channels, `frames` samples. */
  samples: Float32Array;
}

export async function decodeMono(path: string): Promise<DecodedMono> {
  let samples = new Float32Array(1 << 20);
  let length = 0;
  const info = await decodeAudioStream(path, (block) => {
    const count = block[0]!.length;
    if (length + count > samples.length) {
      const grown = new Float32Array(Math.max(length + count, Math.ceil(samples.length * 1.5)));
      grown.set(samples.subarray(0, length));
      samples = grown;
    }
    const scale = 1 / block.length;
    const out = samples.subarray(length, length + count);
    if (block.length === 1) out.set(block[0]!);
    else for (const channel of block) for (let i = 0; i < count; i++) out[i]! += channel[i]! * scale;
    length += count;
  });
  return { ...info, samples: samples.subarray(0, length) };
}
