/** Streaming MP3 encoding with LAME (@breezystack/lamejs), written atomically like every output. */
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Mp3Encoder } from '@breezystack/lamejs';
import { tempPathFor } from './atomic.js';
import { toInt16 } from './wav.js';

/** Sample rates MPEG-1/2/2.5 layer III can carry. */
export const MP3_SAMPLE_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

export class Mp3StreamWriter {
  private closed = false;
  private constructor(
    readonly path: string,
    private readonly tempPath: string,
    private readonly handle: FileHandle,
    private readonly encoder: Mp3Encoder,
  ) {}

  static async open(path: string, sampleRate: number, kbps = 192): Promise<Mp3StreamWriter> {
    if (!MP3_SAMPLE_RATES.includes(sampleRate)) throw new Error(`MP3 cannot carry ${sampleRate} Hz`);
    const tempPath = tempPathFor(path);
    const handle = await fs.open(tempPath, 'w');
    return new Mp3StreamWriter(path, tempPath, handle, new Mp3Encoder(1, sampleRate, kbps));
  }

  async append(samples: Float32Array): Promise<void> {
    const pcm = Int16Array.from(samples, toInt16);
    for (let i = 0; i < pcm.length; i += 1152 * 16) {
      const bytes = this.encoder.encodeBuffer(pcm.subarray(i, i + 1152 * 16));
      if (bytes.length) await this.handle.write(bytes);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      const tail = this.encoder.flush();
      if (tail.length) await this.handle.write(tail);
      await this.handle.sync();
      await this.handle.close();
      await fs.rename(this.tempPath, this.path);
    } catch (error) {
      await fs.rm(this.tempPath, { force: true });
      throw error;
    }
  }

  async abort(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.handle.close().catch(() => {});
    await fs.rm(this.tempPath, { force: true });
  }
}
