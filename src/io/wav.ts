/**
 * WAV writing: 16-bit PCM or 32-bit float, mono or multichannel, always through a
 * temporary file and a rename. `WavStreamWriter` appends blocks so that long
 * outputs never sit whole in memory; `readWavBlocks` reads such files back block by
 * block. (Decoding any user's WAV is in decode.ts, via wavefile.)
 */
import { promises as fs } from 'node:fs';
import wavefile from 'wavefile';
import { AtomicFile } from './atomic.js';
import { fileError, oneLine } from '../errors.js';

export type WavSampleFormat = 'int16' | 'float32';

const BYTES_PER_SAMPLE: Record<WavSampleFormat, number> = { int16: 2, float32: 4 };
const WAVE_FORMAT_PCM = 1;
const WAVE_FORMAT_IEEE_FLOAT = 3;
/** Bytes of the header: 44 for PCM; float adds the fmt chunk's cbSize and the 'fact' chunk the standard asks of non-PCM data. */
export const headerBytes = (format: WavSampleFormat) => (format === 'int16' ? 44 : 58);

/** The RIFF/WAVE header for `frames` frames: canonical 44 bytes for 16-bit PCM; for float, an 18-byte fmt chunk and a fact chunk (complete, so strict readers such as sox take it without a warning). */
export function wavHeader(frames: number, sampleRate: number, channels: number, format: WavSampleFormat): Uint8Array {
  const bytesPerSample = BYTES_PER_SAMPLE[format];
  const dataBytes = frames * channels * bytesPerSample;
  const size = headerBytes(format);
  const header = new Uint8Array(size);
  const view = new DataView(header.buffer);
  const ascii = (offset: number, text: string) => {
    for (let i = 0; i < text.length; i++) header[offset + i] = text.charCodeAt(i);
  };
  const float = format === 'float32';
  ascii(0, 'RIFF');
  view.setUint32(4, size - 8 + dataBytes, true);
  ascii(8, 'WAVE');
  ascii(12, 'fmt ');
  view.setUint32(16, float ? 18 : 16, true);
  view.setUint16(20, float ? WAVE_FORMAT_IEEE_FLOAT : WAVE_FORMAT_PCM, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sampleRate, true);
  view.setUint32(28, sampleRate * channels * bytesPerSample, true);
  view.setUint16(32, channels * bytesPerSample, true);
  view.setUint16(34, bytesPerSample * 8, true);
  let at = 36;
  if (float) {
    view.setUint16(36, 0, true); // cbSize
    ascii(38, 'fact');
    view.setUint32(42, 4, true);
    view.setUint32(46, frames, true);
    at = 50;
  }
  ascii(at, 'data');
  view.setUint32(at + 4, dataBytes, true);
  return header;
}

/**
 * Quantises a float sample to 16 bits (clamped, rounded to nearest), with the
 * same 1/32768 scale the decoder uses, so int16 values survive a write/read exactly.
 */
export function toInt16(sample: number): number {
  const scaled = Math.round(sample * 32768);
  return scaled > 32767 ? 32767 : scaled < -32768 ? -32768 : scaled;
}

/** Interleaves channels into little-endian sample bytes. */
export function encodeSamples(channels: readonly Float32Array[], format: WavSampleFormat): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const count = channels.length;
  const bytes = new Uint8Array(frames * count * BYTES_PER_SAMPLE[format]);
  const view = new DataView(bytes.buffer);
  for (let c = 0; c < count; c++) {
    const channel = channels[c]!;
    if (channel.length !== frames) throw new Error('channels differ in length');
    for (let i = 0; i < frames; i++) {
      const v = channel[i]!;
      if (!Number.isFinite(v)) throw new Error(`non-finite sample at frame ${i}`);
      if (format === 'int16') view.setInt16((i * count + c) * 2, toInt16(v), true);
      else view.setFloat32((i * count + c) * 4, v, true);
    }
  }
  return bytes;
}

/** A whole WAV file in memory. */
export function encodeWav(channels: readonly Float32Array[], sampleRate: number, format: WavSampleFormat = 'int16'): Uint8Array {
  const frames = channels[0]?.length ?? 0;
  const header = wavHeader(frames, sampleRate, channels.length, format);
  const data = encodeSamples(channels, format);
  const out = new Uint8Array(header.length + data.length);
  out.set(header);
  out.set(data, header.length);
  return out;
}

/** Writes a mono or multichannel WAV atomically. */
export async function writeWav(
  path: string,
  channels: Float32Array | readonly Float32Array[],
  sampleRate: number,
  format: WavSampleFormat = 'int16',
): Promise<void> {
  const list = channels instanceof Float32Array ? [channels] : channels;
  const writer = await WavStreamWriter.open(path, sampleRate, list.length, format);
  try {
    await writer.append(list);
    await writer.close();
  } catch (error) {
    await writer.abort();
    throw error;
  }
}

/**
 * Appends blocks of samples to a WAV file that appears at `path` only on `close()`.
 * `abort()` removes the temporary file.
 */
export class WavStreamWriter {
  private frames = 0;

  private constructor(
    private readonly file: AtomicFile,
    readonly sampleRate: number,
    readonly channels: number,
    readonly format: WavSampleFormat,
  ) {}

  static async open(path: string, sampleRate: number, channels: number, format: WavSampleFormat): Promise<WavStreamWriter> {
    const file = await AtomicFile.open(path);
    try {
      await file.write(wavHeader(0, sampleRate, channels, format), 0);
    } catch (error) {
      await file.abort();
      throw error;
    }
    return new WavStreamWriter(file, sampleRate, channels, format);
  }

  get path(): string {
    return this.file.path;
  }

  get framesWritten(): number {
    return this.frames;
  }

  async append(block: readonly Float32Array[]): Promise<void> {
    if (block.length !== this.channels) throw new Error(`expected ${this.channels} channels, got ${block.length}`);
    let data: Uint8Array;
    try {
      data = encodeSamples(block, this.format);
    } catch (error) {
      throw fileError(this.path, `cannot write: ${oneLine(error)}`);
    }
    await this.file.write(data, headerBytes(this.format) + this.frames * this.channels * BYTES_PER_SAMPLE[this.format]);
    this.frames += block[0]?.length ?? 0;
  }

  /** Writes the final header and puts the file in place. */
  async close(): Promise<void> {
    await this.file.commit(async (file) => {
      await file.write(wavHeader(this.frames, this.sampleRate, this.channels, this.format), 0);
    });
  }

  /** Writes the final header; the complete file waits to be published (atomic.ts's publishTogether). */
  async finish(): Promise<AtomicFile> {
    await this.file.prepare(async (file) => {
      await file.write(wavHeader(this.frames, this.sampleRate, this.channels, this.format), 0);
    });
    return this.file;
  }

  abort(): Promise<void> {
    return this.file.abort();
  }
}

export interface WavStreamInfo {
  sampleRate: number;
  channels: number;
  format: WavSampleFormat;
  frames: number;
}

/** Finds the fmt and data chunks of a RIFF/WAVE header (16-bit PCM or 32-bit float only). */
function parseWavHeader(bytes: Uint8Array, path: string): WavStreamInfo & { dataOffset: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  if (bytes.length < 12 || tag(0) !== 'RIFF' || tag(8) !== 'WAVE') throw fileError(path, 'not a WAV file');
  let format: WavSampleFormat | null = null;
  let channels = 0;
  let sampleRate = 0;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = tag(at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') {
      const code = view.getUint16(at + 8, true);
      channels = view.getUint16(at + 10, true);
      sampleRate = view.getUint32(at + 12, true);
      const bits = view.getUint16(at + 22, true);
      format = code === WAVE_FORMAT_PCM && bits === 16 ? 'int16' : code === WAVE_FORMAT_IEEE_FLOAT && bits === 32 ? 'float32' : null;
      if (!format) throw fileError(path, `unsupported WAV encoding for streaming (format tag ${code}, ${bits} bits)`, undefined, 'unsupported-format');
    } else if (id === 'data') {
      if (!format || channels < 1) throw fileError(path, 'WAV data chunk before its fmt chunk');
      return { sampleRate, channels, format, frames: Math.floor(size / (channels * BYTES_PER_SAMPLE[format])), dataOffset: at + 8 };
    }
    at += 8 + size + (size % 2);
  }
  throw fileError(path, 'WAV header without a data chunk in its first bytes');
}

/**
 * Reads a 16-bit or float WAV (as WavStreamWriter writes them) in blocks of at most
 * `blockFrames` frames, calling `onBlock` with one Float32Array per channel.
 */
export async function readWavBlocks(path: string, onBlock: (channels: Float32Array[]) => Promise<void> | void, blockFrames = 16384): Promise<WavStreamInfo> {
  const handle = await fs.open(path, 'r');
  try {
    const head = new Uint8Array(4096);
    const { bytesRead: headBytes } = await handle.read(head, 0, head.length, 0);
    const info = parseWavHeader(head.subarray(0, headBytes), path);
    const frameBytes = info.channels * BYTES_PER_SAMPLE[info.format];
    const buffer = Buffer.alloc(blockFrames * frameBytes);
    for (let frame = 0; frame < info.frames; ) {
      const want = Math.min(blockFrames, info.frames - frame);
      const { bytesRead } = await handle.read(buffer, 0, want * frameBytes, info.dataOffset + frame * frameBytes);
      const got = Math.floor(bytesRead / frameBytes);
      if (got === 0) throw fileError(path, `truncated WAV: ${info.frames} frames declared, ${frame} present`);
      const channels = Array.from({ length: info.channels }, () => new Float32Array(got));
      for (let i = 0; i < got; i++) {
        for (let c = 0; c < info.channels; c++) {
          const at = i * frameBytes + c * BYTES_PER_SAMPLE[info.format];
          channels[c]![i] = info.format === 'int16' ? buffer.readInt16LE(at) / 32768 : buffer.readFloatLE(at);
        }
      }
      await onBlock(channels);
      frame += got;
    }
    return { sampleRate: info.sampleRate, channels: info.channels, format: info.format, frames: info.frames };
  } finally {
    await handle.close();
  }
}

/** A whole 24-bit PCM WAV (what a DAW expects of exported stems), through wavefile. */
export function encodeWav24(channels: readonly Float32Array[], sampleRate: number): Uint8Array {
  const wav = new wavefile.WaveFile();
  const ints = channels.map((c) => Int32Array.from(c, (v) => Math.max(-8388608, Math.min(8388607, Math.round(v * 8388608)))));
  wav.fromScratch(channels.length, sampleRate, '24', ints);
  return wav.toBuffer();
}
