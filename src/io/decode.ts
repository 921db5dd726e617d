/**
 * Decoding of audio files into float channels: WAV (wavefile), MP3 (mpg123-decoder),
 * FLAC (@wasm-audio-decoders/flac) and Ogg Vorbis (@wasm-audio-decoders/ogg-vorbis).
 *
 * Every failure is a RemixerError worded "FILE: problem": a missing or empty file,
 * an unknown format, a truncated or corrupt stream, or samples that are not finite.
 */
import { promises as fs } from 'node:fs';
import wavefile from 'wavefile';
import { MPEGDecoder } from 'mpg123-decoder';
import { FLACDecoder } from '@wasm-audio-decoders/flac';
import { OggVorbisDecoder } from '@wasm-audio-decoders/ogg-vorbis';
import { fileError, RemixerError } from '../errors.js';

const { WaveFile } = wavefile;

export type AudioFormat = 'wav' | 'mp3' | 'flac' | 'ogg';
export const SUPPORTED_FORMATS: readonly AudioFormat[] = ['wav', 'mp3', 'flac', 'ogg'];
export const AUDIO_EXTENSIONS = ['.wav', '.mp3', '.flac', '.ogg', '.oga'];

export interface DecodedAudio {
  format: AudioFormat;
  /** Human-readable encoding, e.g. "PCM 24-bit", "MPEG layer III". */
  encoding: string;
  sampleRate: number;
  /** One array per channel, samples in [-1, 1] (float formats may exceed it). */
  channels: Float32Array[];
}

/** The format of a file by its first bytes, or null when unknown. */
export function detectFormat(bytes: Uint8Array): AudioFormat | null {
  const ascii = (offset: number, length: number) => String.fromCharCode(...bytes.subarray(offset, offset + length));
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 4) === 'WAVE') return 'wav';
  if (bytes.length >= 4 && ascii(0, 4) === 'fLaC') return 'flac';
  if (bytes.length >= 4 && ascii(0, 4) === 'OggS') return 'ogg';
  if (bytes.length >= 3 && ascii(0, 3) === 'ID3') return 'mp3';
  if (bytes.length >= 2 && bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0 && (bytes[1]! & 0x06) !== 0) return 'mp3';
  return null;
}

/** Reads and decodes a file. */
export async function decodeAudioFile(path: string): Promise<DecodedAudio> {
  let bytes: Uint8Array;
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) throw fileError(path, 'is a directory, not an audio file');
    bytes = new Uint8Array(await fs.readFile(path));
  } catch (error) {
    if (error instanceof RemixerError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw fileError(path, 'file not found', error, 'not-found');
    if (code === 'EACCES') throw fileError(path, 'permission denied');
    throw fileError(path, `cannot read (${(error as Error).message})`);
  }
  return decodeAudioBytes(bytes, path);
}

/** Decodes bytes; `name` is used in error messages. */
export async function decodeAudioBytes(bytes: Uint8Array, name: string): Promise<DecodedAudio> {
  if (bytes.length === 0) throw fileError(name, 'file is empty (0 bytes)');
  const format = detectFormat(bytes);
  if (format === null) throw fileError(name, 'unsupported format (not WAV, MP3, FLAC or Ogg Vorbis)', undefined, 'unsupported-format');
  let audio: DecodedAudio;
  try {
    audio = await DECODERS[format](bytes, name);
  } catch (error) {
    if (error instanceof RemixerError) throw error;
    throw fileError(name, `corrupt ${format.toUpperCase()} file (${(error as Error).message})`);
  }
  validateDecoded(audio, name);
  return audio;
}

function validateDecoded(audio: DecodedAudio, name: string): void {
  const frames = audio.channels[0]?.length ?? 0;
  if (audio.channels.length === 0 || frames === 0) throw fileError(name, 'contains no audio samples');
  if (!(audio.sampleRate > 0)) throw fileError(name, `invalid sample rate ${audio.sampleRate}`);
  for (const channel of audio.channels) {
    for (let i = 0; i < channel.length; i++) {
      if (!Number.isFinite(channel[i]!)) {
        const seconds = (i / audio.sampleRate).toFixed(3);
        throw fileError(name, `contains non-finite samples (NaN or Infinity), first at ${seconds} s (frame ${i})`);
      }
    }
  }
}

const DECODERS: Record<AudioFormat, (bytes: Uint8Array, name: string) => Promise<DecodedAudio>> = {
  wav: decodeWav,
  mp3: decodeMp3,
  flac: decodeFlac,
  ogg: decodeOgg,
};

async function decodeWav(bytes: Uint8Array, name: string): Promise<DecodedAudio> {
  let wav: InstanceType<typeof WaveFile>;
  try {
    wav = new WaveFile(bytes);
  } catch (error) {
    throw fileError(name, `corrupt or truncated WAV header (${(error as Error).message})`);
  }
  const fmt = wav.fmt as { numChannels: number; sampleRate: number; audioFormat: number };
  const data = wav.data as { chunkSize: number; samples: Uint8Array };
  const bitDepth = (wav as unknown as { bitDepth: string }).bitDepth;
  if (!['8', '16', '24', '32', '32f', '64'].includes(bitDepth)) {
    throw fileError(name, `unsupported WAV encoding (bit depth ${bitDepth}, format tag ${fmt.audioFormat})`, undefined, 'unsupported-format');
  }
  if (fmt.numChannels < 1) throw fileError(name, 'WAV header declares no channels');
  if (data.samples.length < data.chunkSize) {
    throw fileError(name, `truncated WAV: data chunk declares ${data.chunkSize} bytes but only ${data.samples.length} are present`);
  }
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array[] | Float64Array;
  const rawChannels = fmt.numChannels === 1 ? [raw as Float64Array] : (raw as Float64Array[]);
  const isFloat = bitDepth === '32f' || bitDepth === '64';
  const bits = Number.parseInt(bitDepth, 10);
  const channels = rawChannels.map((values) => {
    const out = new Float32Array(values.length);
    if (isFloat) out.set(values);
    else if (bits === 8) for (let i = 0; i < values.length; i++) out[i] = (values[i]! - 128) / 128;
    else {
      const scale = 1 / 2 ** (bits - 1);
      for (let i = 0; i < values.length; i++) out[i] = values[i]! * scale;
    }
    return out;
  });
  const encoding = isFloat ? `IEEE float ${bits}-bit` : `PCM ${bits}-bit`;
  return { format: 'wav', encoding, sampleRate: fmt.sampleRate, channels };
}

/** mpg123 reports every bad frame on console.error; we report them ourselves, once. */
function withQuietConsole<T>(work: () => T): T {
  const original = console.error;
  console.error = () => {};
  try {
    return work();
  } finally {
    console.error = original;
  }
}

/** The frame count an MP3's Xing/Info header declares, or null. */
function mp3DeclaredFrames(bytes: Uint8Array): number | null {
  let offset = 0;
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33 && bytes.length > 10) {
    offset = 10 + ((bytes[6]! & 0x7f) << 21 | (bytes[7]! & 0x7f) << 14 | (bytes[8]! & 0x7f) << 7 | (bytes[9]! & 0x7f));
  }
  const limit = Math.min(bytes.length - 4, offset + 4096);
  for (let i = offset; i < limit; i++) {
    const tag = String.fromCharCode(bytes[i]!, bytes[i + 1]!, bytes[i + 2]!, bytes[i + 3]!);
    if (tag === 'Xing' || tag === 'Info') {
      const flags = (bytes[i + 4]! << 24) | (bytes[i + 5]! << 16) | (bytes[i + 6]! << 8) | bytes[i + 7]!;
      if ((flags & 1) === 0 || i + 12 > bytes.length) return null;
      return ((bytes[i + 8]! << 24) | (bytes[i + 9]! << 16) | (bytes[i + 10]! << 8) | bytes[i + 11]!) >>> 0;
    }
  }
  return null;
}

const MP3_BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MP3_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

/**
 * Walks the MPEG layer III frame headers from the start of the stream and
 * reports whether the last frame found runs past the end of the file.
 */
function mp3LastFrameCut(bytes: Uint8Array): boolean {
  let offset = 0;
  if (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33 && bytes.length > 10) {
    offset = 10 + ((bytes[6]! & 0x7f) << 21 | (bytes[7]! & 0x7f) << 14 | (bytes[8]! & 0x7f) << 7 | (bytes[9]! & 0x7f));
  }
  while (offset + 4 <= bytes.length) {
    const b1 = bytes[offset + 1]!, b2 = bytes[offset + 2]!;
    if (bytes[offset] !== 0xff || (b1 & 0xe0) !== 0xe0) return false; // not a frame: a trailing tag or junk
    const version = (b1 >> 3) & 3;
    const layer = (b1 >> 1) & 3;
    const bitrateIndex = b2 >> 4;
    const rateIndex = (b2 >> 2) & 3;
    if (layer !== 1 || version === 1 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return false;
    const bitrate = (version === 3 ? MP3_BITRATES_V1 : MP3_BITRATES_V2)[bitrateIndex]! * 1000;
    const rate = MP3_RATES[version]![rateIndex]!;
    const length = Math.floor(((version === 3 ? 144 : 72) * bitrate) / rate) + ((b2 >> 1) & 1);
    if (offset + length > bytes.length) return true;
    offset += length;
  }
  return false;
}

async function decodeMp3(bytes: Uint8Array, name: string): Promise<DecodedAudio> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const result = withQuietConsole(() => decoder.decode(bytes));
    if (result.samplesDecoded === 0) throw fileError(name, 'corrupt MP3: no decodable frames');
    if (result.errors.length > 0) {
      throw fileError(name, `corrupt or truncated MP3: ${result.errors.length} frame(s) failed to decode`);
    }
    if (mp3LastFrameCut(bytes)) throw fileError(name, 'truncated MP3: the last frame is cut off');
    const declaredFrames = mp3DeclaredFrames(bytes);
    const samplesPerFrame = result.sampleRate >= 32000 ? 1152 : 576;
    if (declaredFrames !== null && result.samplesDecoded + 2 * samplesPerFrame < declaredFrames * samplesPerFrame) {
      const declared = (declaredFrames * samplesPerFrame) / result.sampleRate;
      const got = result.samplesDecoded / result.sampleRate;
      throw fileError(name, `truncated MP3: header declares ${declared.toFixed(2)} s but only ${got.toFixed(2)} s decode`);
    }
    return { format: 'mp3', encoding: 'MPEG layer III', sampleRate: result.sampleRate, channels: result.channelData };
  } finally {
    decoder.free();
  }
}

/** Total samples from FLAC STREAMINFO (0 when the encoder did not know). */
function flacDeclaredSamples(bytes: Uint8Array): number {
  if (bytes.length < 4 + 4 + 18) return 0;
  const s = 8; // 'fLaC' + metadata block header
  const hi = bytes[s + 13]! & 0x0f;
  const lo = ((bytes[s + 14]! << 24) | (bytes[s + 15]! << 16) | (bytes[s + 16]! << 8) | bytes[s + 17]!) >>> 0;
  return hi * 2 ** 32 + lo;
}

async function decodeFlac(bytes: Uint8Array, name: string): Promise<DecodedAudio> {
  const decoder = new FLACDecoder();
  await decoder.ready;
  try {
    const result = await decoder.decodeFile(bytes);
    if (result.errors.length > 0) throw fileError(name, `corrupt FLAC: ${result.errors.length} frame(s) failed to decode`);
    if (result.samplesDecoded === 0) throw fileError(name, 'corrupt FLAC: no decodable frames');
    const declared = flacDeclaredSamples(bytes);
    if (declared > 0 && result.samplesDecoded < declared) {
      throw fileError(name, `truncated FLAC: header declares ${declared} samples but only ${result.samplesDecoded} decode`);
    }
    return { format: 'flac', encoding: `FLAC ${result.bitDepth}-bit`, sampleRate: result.sampleRate, channels: result.channelData };
  } finally {
    decoder.free();
  }
}

/** Checks that the last Ogg page is complete and marks the end of the stream. */
function oggEndsCleanly(bytes: Uint8Array): boolean {
  for (let p = bytes.length - 27; p >= 0; p--) {
    if (bytes[p] !== 0x4f || bytes[p + 1] !== 0x67 || bytes[p + 2] !== 0x67 || bytes[p + 3] !== 0x53) continue;
    const segments = bytes[p + 26]!;
    if (p + 27 + segments > bytes.length) return false;
    let body = 0;
    for (let i = 0; i < segments; i++) body += bytes[p + 27 + i]!;
    const end = p + 27 + segments + body;
    return end === bytes.length && (bytes[p + 5]! & 0x04) !== 0;
  }
  return false;
}

async function decodeOgg(bytes: Uint8Array, name: string): Promise<DecodedAudio> {
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 64)));
  if (!head.includes('vorbis')) {
    const codec = head.includes('OpusHead') ? 'Opus' : head.includes('FLAC') ? 'FLAC' : 'unknown';
    throw fileError(name, `unsupported Ogg codec (${codec}); only Ogg Vorbis is supported`, undefined, 'unsupported-format');
  }
  const decoder = new OggVorbisDecoder();
  await decoder.ready;
  try {
    const result = await decoder.decodeFile(bytes);
    if (result.errors.length > 0) throw fileError(name, `corrupt Ogg Vorbis: ${result.errors.length} packet(s) failed to decode`);
    if (result.samplesDecoded === 0) throw fileError(name, 'corrupt Ogg Vorbis: no decodable packets');
    if (!oggEndsCleanly(bytes)) throw fileError(name, 'truncated Ogg Vorbis: the stream ends without its final page');
    return { format: 'ogg', encoding: 'Ogg Vorbis', sampleRate: result.sampleRate, channels: result.channelData };
  } finally {
    decoder.free();
  }
}
