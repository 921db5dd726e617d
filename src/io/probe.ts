/**
 * What an audio file is and how long it lasts, read from its headers without decoding
 * a sample — so that a server can refuse an hour-long upload at once, and a decoder
 * can refuse to start on one. One place for the header knowledge of every format:
 *
 * - WAV: the `fmt ` chunk (channels, rate, block size) and the `data` chunk's size;
 * - FLAC: STREAMINFO (rate, channels, total samples; 0 total = unknown, `seconds` null);
 * - Ogg Vorbis: the identification header (channels, rate) and the last page's
 *   granule position (the stream's length in samples);
 * - MP3: every MPEG audio frame header walked from the start (after an ID3v2 tag),
 *   each frame's samples summed — honest for constant and variable bit rates.
 */
import { detectFormat, type AudioFormat } from './format.js';

export interface AudioProbe {
  format: AudioFormat;
  sampleRate: number;
  channels: number;
  /** Length in seconds, or null when the headers do not say (a FLAC written by a stream). */
  seconds: number | null;
  /** What the headers show is wrong with the file, in words (a cut-off stream, an encoding not read), or null. */
  problem: { kind: 'truncated' | 'unsupported'; message: string } | null;
}

type Found = Omit<AudioProbe, 'format'>;

const ascii = (bytes: Uint8Array, offset: number, length: number) => String.fromCharCode(...bytes.subarray(offset, offset + length));

/** The size of an ID3v2 tag at the start (0 when there is none). */
export function id3v2Size(bytes: Uint8Array): number {
  if (bytes.length > 10 && bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) {
    return 10 + (((bytes[6]! & 0x7f) << 21) | ((bytes[7]! & 0x7f) << 14) | ((bytes[8]! & 0x7f) << 7) | (bytes[9]! & 0x7f));
  }
  return 0;
}

/** WAV encodings read: PCM of 8, 16, 24 or 32 bits (tag 1) and IEEE float of 32 or 64 (tag 3); 0xFFFE names its tag in the extension. */
const WAV_ENCODINGS: Record<number, number[]> = { 1: [8, 16, 24, 32], 3: [32, 64] };

function probeWav(bytes: Uint8Array): Found | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { tag: number; bits: number; channels: number; sampleRate: number; blockAlign: number } | null = null;
  for (let offset = 12; offset + 8 <= bytes.length; ) {
    const id = ascii(bytes, offset, 4);
    const size = view.getUint32(offset + 4, true);
    if (id === 'fmt ' && offset + 8 + 16 <= bytes.length) {
      let tag = view.getUint16(offset + 8, true);
      if (tag === 0xfffe && size >= 40 && offset + 8 + 26 <= bytes.length) tag = view.getUint16(offset + 8 + 24, true);
      fmt = { tag, bits: view.getUint16(offset + 22, true), channels: view.getUint16(offset + 10, true), sampleRate: view.getUint32(offset + 12, true), blockAlign: view.getUint16(offset + 20, true) };
    } else if (id === 'data') {
      if (!fmt || fmt.blockAlign === 0 || fmt.sampleRate === 0 || fmt.channels === 0) return null;
      // A streamed WAV may declare 0 or 0xFFFFFFFF: the bytes present are what there is.
      const present = bytes.length - (offset + 8);
      const open = size === 0 || size === 0xffffffff;
      const dataBytes = open ? present : Math.min(size, present);
      const problem = !WAV_ENCODINGS[fmt.tag]?.includes(fmt.bits)
        ? { kind: 'unsupported' as const, message: `unsupported WAV encoding (bit depth ${fmt.bits}, format tag ${fmt.tag})` }
        : !open && size > present
          ? { kind: 'truncated' as const, message: `truncated WAV: data chunk declares ${size} bytes but only ${present} are present` }
          : null;
      return { sampleRate: fmt.sampleRate, channels: fmt.channels, seconds: Math.floor(dataBytes / fmt.blockAlign) / fmt.sampleRate, problem };
    }
    offset += 8 + size + (size % 2);
  }
  return null;
}

/** FLAC STREAMINFO: the first metadata block after 'fLaC'. */
export function flacStreamInfo(bytes: Uint8Array): { sampleRate: number; channels: number; totalSamples: number } | null {
  if (bytes.length < 8 + 18 || (bytes[4]! & 0x7f) !== 0) return null;
  const s = 8;
  const sampleRate = (bytes[s + 10]! << 12) | (bytes[s + 11]! << 4) | (bytes[s + 12]! >> 4);
  const channels = ((bytes[s + 12]! >> 1) & 0x07) + 1;
  const hi = bytes[s + 13]! & 0x0f;
  const lo = ((bytes[s + 14]! << 24) | (bytes[s + 15]! << 16) | (bytes[s + 16]! << 8) | bytes[s + 17]!) >>> 0;
  return { sampleRate, channels, totalSamples: hi * 2 ** 32 + lo };
}

function probeFlac(bytes: Uint8Array): Found | null {
  const info = flacStreamInfo(bytes);
  if (!info || info.sampleRate === 0) return null;
  return { sampleRate: info.sampleRate, channels: info.channels, seconds: info.totalSamples > 0 ? info.totalSamples / info.sampleRate : null, problem: null };
}

/** True when the last Ogg page is complete and marks the end of the stream. */
export function oggEndsCleanly(bytes: Uint8Array): boolean {
  for (let p = bytes.length - 27; p >= 0; p--) {
    if (bytes[p] !== 0x4f || bytes[p + 1] !== 0x67 || bytes[p + 2] !== 0x67 || bytes[p + 3] !== 0x53) continue;
    const segments = bytes[p + 26]!;
    if (p + 27 + segments > bytes.length) return false;
    let body = 0;
    for (let i = 0; i < segments; i++) body += bytes[p + 27 + i]!;
    return p + 27 + segments + body === bytes.length && (bytes[p + 5]! & 0x04) !== 0;
  }
  return false;
}

function probeOgg(bytes: Uint8Array): Found | null {
  // The identification header: packet type 1, 'vorbis', version (4), channels (1), rate (4).
  const at = ascii(bytes, 0, Math.min(bytes.length, 128)).indexOf('\x01vorbis');
  if (at < 0 || at + 16 > bytes.length) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels = bytes[at + 11]!;
  const sampleRate = view.getUint32(at + 12, true);
  if (sampleRate === 0) return null;
  for (let p = bytes.length - 27; p >= 0; p--) {
    if (bytes[p] !== 0x4f || bytes[p + 1] !== 0x67 || bytes[p + 2] !== 0x67 || bytes[p + 3] !== 0x53) continue;
    const granule = view.getUint32(p + 6, true) + view.getUint32(p + 10, true) * 2 ** 32;
    const problem = oggEndsCleanly(bytes) ? null : { kind: 'truncated' as const, message: 'truncated Ogg Vorbis: the stream ends without its final page' };
    return { sampleRate, channels, seconds: granule / sampleRate, problem };
  }
  return { sampleRate, channels, seconds: null, problem: null };
}

const MP3_BITRATES: Record<string, number[]> = {
  // [version 1 | 2 (and 2.5)] × [layer I, II, III], kbit/s by index
  '1-1': [0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448],
  '1-2': [0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384],
  '1-3': [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320],
  '2-1': [0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256],
  '2-2': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
  '2-3': [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160],
};
const MP3_RATES: Record<number, number[]> = { 3: [44100, 48000, 32000], 2: [22050, 24000, 16000], 0: [11025, 12000, 8000] };

export interface MpegFrame {
  sampleRate: number;
  channels: number;
  /** Bytes in the frame, header included. */
  length: number;
  samples: number;
}

/** The MPEG audio frame whose header starts at `offset`, or null when there is none. */
export function mpegFrameAt(bytes: Uint8Array, offset: number): MpegFrame | null {
  if (offset + 4 > bytes.length || bytes[offset] !== 0xff || (bytes[offset + 1]! & 0xe0) !== 0xe0) return null;
  const b1 = bytes[offset + 1]!, b2 = bytes[offset + 2]!, b3 = bytes[offset + 3]!;
  const version = (b1 >> 3) & 3; // 3: MPEG 1, 2: MPEG 2, 0: MPEG 2.5
  const layerBits = (b1 >> 1) & 3; // 3: layer I, 2: II, 1: III
  const bitrateIndex = b2 >> 4;
  const rateIndex = (b2 >> 2) & 3;
  if (version === 1 || layerBits === 0 || bitrateIndex === 0 || bitrateIndex === 15 || rateIndex === 3) return null;
  const layer = 4 - layerBits;
  const bitrate = MP3_BITRATES[`${version === 3 ? 1 : 2}-${layer}`]![bitrateIndex]! * 1000;
  const sampleRate = MP3_RATES[version]![rateIndex]!;
  const padding = (b2 >> 1) & 1;
  const samples = layer === 1 ? 384 : layer === 2 || version === 3 ? 1152 : 576;
  const length = layer === 1 ? (Math.floor((12 * bitrate) / sampleRate) + padding) * 4 : Math.floor(((samples / 8) * bitrate) / sampleRate) + padding;
  return { sampleRate, channels: (b3 >> 6) === 3 ? 1 : 2, length, samples };
}

/** Every frame of an MPEG audio stream from the start, with whether the last one is cut off. */
export function walkMpegFrames(bytes: Uint8Array): { frames: number; samples: number; first: MpegFrame | null; lastCut: boolean } {
  let offset = id3v2Size(bytes);
  let frames = 0, samples = 0;
  let first: MpegFrame | null = null;
  for (;;) {
    const frame = mpegFrameAt(bytes, offset);
    if (!frame) return { frames, samples, first, lastCut: false };
    if (offset + frame.length > bytes.length) return { frames, samples, first, lastCut: true };
    first ??= frame;
    frames++;
    samples += frame.samples;
    offset += frame.length;
  }
}

function probeMp3(bytes: Uint8Array): Found | null {
  const walked = walkMpegFrames(bytes);
  if (!walked.first) return null;
  const problem = walked.lastCut ? { kind: 'truncated' as const, message: 'truncated MP3: the last frame is cut off' } : null;
  return { sampleRate: walked.first.sampleRate, channels: walked.first.channels, seconds: walked.samples / walked.first.sampleRate, problem };
}

const PROBES: Record<AudioFormat, (bytes: Uint8Array) => Found | null> = { wav: probeWav, flac: probeFlac, ogg: probeOgg, mp3: probeMp3 };

/** The format, rate, channels and length of audio bytes; null when the format is not one of ours or its headers cannot be read. */
export function probeAudio(bytes: Uint8Array): AudioProbe | null {
  const format = detectFormat(bytes);
  if (!format) return null;
  const found = PROBES[format](bytes);
  return found ? { format, ...found } : null;
}
