/** Streaming MP3 encoding with LAME (@breezystack/lamejs), written atomically like every output. */
import { Mp3Encoder } from '@breezystack/lamejs';
import { AtomicFile } from './atomic.js';
import { toInt16 } from './wav.js';

/** Sample rates MPEG-1/2/2.5 layer III can carry. */
export const MP3_SAMPLE_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];

export class Mp3StreamWriter {
  private constructor(
    private readonly file: AtomicFile,
    private readonly encoder: Mp3Encoder,
    readonly channels: 1 | 2,
  ) {}

  /** A mono or stereo MP3 (192 kbit/s by default). */
  static async open(path: string, sampleRate: number, kbps = 192, channels: 1 | 2 = 1): Promise<Mp3StreamWriter> {
    if (!MP3_SAMPLE_RATES.includes(sampleRate)) throw new Error(`MP3 cannot carry ${sampleRate} Hz`);
    return new Mp3StreamWriter(await AtomicFile.open(path), new Mp3Encoder(channels, sampleRate, channels === 2 ? Math.max(kbps, 192) : kbps), channels);
  }

  get path(): string {
    return this.file.path;
  }

  /** Appends a block: one array (mono) or one per channel. */
  async append(block: Float32Array | readonly Float32Array[]): Promise<void> {
    const channels = block instanceof Float32Array ? [block] : block;
    const pcm = channels.slice(0, this.channels).map((c) => Int16Array.from(c, toInt16));
    const left = pcm[0]!;
    const right = pcm[1] ?? left;
    for (let i = 0; i < left.length; i += 1152 * 16) {
      const bytes = this.channels === 2 ? this.encoder.encodeBuffer(left.subarray(i, i + 1152 * 16), right.subarray(i, i + 1152 * 16)) : this.encoder.encodeBuffer(left.subarray(i, i + 1152 * 16));
      if (bytes.length) await this.file.write(bytes);
    }
  }

  async close(): Promise<void> {
    await (await this.finish()).publish();
  }

  /** Writes the encoder's last frames; the complete file waits to be published (atomic.ts's publishTogether). */
  async finish(): Promise<AtomicFile> {
    await this.file.prepare(async (file) => {
      const tail = this.encoder.flush();
      if (tail.length) await file.write(tail);
    });
    return this.file;
  }

  abort(): Promise<void> {
    return this.file.abort();
  }
}
