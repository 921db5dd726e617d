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
import { fileError, RemixerError, oneLine } from '../errors.js';

const { WaveFile } = wavefile;

import { detectFormat, type AudioFormat } from './format.js';
import { formatSeconds } from '../format-seconds.js';
import { pathProblem } from './write-error.js';
import { flacStreamInfo, id3v2Size, oggEndsCleanly, probeAudio, walkMpegFrames, type AudioProbe } from './probe.js';

export { detectFormat, SUPPORTED_FORMATS, AUDIO_EXTENSIONS, type AudioFormat } from './format.js';

export interface DecodedAudio {
  format: AudioFormat;
  /** Human-readable encoding, e.g. "PCM 24-bit", "MPEG layer III". */
  encoding: string;
  sampleRate: number;
  /** One array per channel, samples in [-1, 1] (float formats may exceed it). */
  channels: Float32Array[];
}


/** What a decode may take on: a recording longer than `maxSeconds` is refused before (or while) decoding. */
export interface DecodeLimits {
  maxSeconds?: number;
}

export function tooLong(name: string, seconds: number, maxSeconds: number): RemixerError {
  return fileError(name, `${formatSeconds(seconds)} is longer than the ${formatSeconds(maxSeconds)} limit`);
}

/** An audio file's bytes; a folder, a missing or unreadable file is one line naming it. */
async function readAudioFileBytes(path: string): Promise<Uint8Array> {
  try {
    const stat = await fs.stat(path);
    if (stat.isDirectory()) throw fileError(path, 'is a directory, not an audio file');
    return new Uint8Array(await fs.readFile(path));
  } catch (error) {
    if (error instanceof RemixerError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw fileError(path, 'file not found', error, 'not-found');
    throw fileError(path, pathProblem(code) ?? `cannot read (${oneLine(error)})`);
  }
}

/** Reads and decodes a file. */
export async function decodeAudioFile(path: string, limits: DecodeLimits = {}): Promise<DecodedAudio> {
  const bytes = await readAudioFileBytes(path);
  return decodeAudioBytes(bytes, path, limits);
}

/**
 * Checks what bytes hold from their headers alone (io/probe.ts): one of our formats,
 * and no longer than the limit. Returns the probe.
 */
export function checkAudioBytes(bytes: Uint8Array, name: string, limits: DecodeLimits = {}): AudioProbe {
  if (bytes.length === 0) throw fileError(name, 'file is empty (0 bytes)');
  const format = detectFormat(bytes);
  if (format === null) throw fileError(name, 'unsupported format (not WAV, MP3, FLAC or Ogg Vorbis)', undefined, 'unsupported-format');
  const probe = probeAudio(bytes);
  if (probe === null) {
    if (format === 'ogg') checkVorbis(bytes, name);
    throw fileError(name, UNREADABLE_HEADER[format]);
  }
  if (probe.problem) throw fileError(name, probe.problem.message, undefined, probe.problem.kind === 'unsupported' ? 'unsupported-format' : 'user');
  if (limits.maxSeconds !== undefined && probe.seconds !== null && probe.seconds > limits.maxSeconds) throw tooLong(name, probe.seconds, limits.maxSeconds);
  return probe;
}

const UNREADABLE_HEADER: Record<AudioFormat, string> = {
  wav: 'corrupt or truncated WAV header',
  mp3: 'corrupt MP3: no MPEG audio frame where the stream should start',
  flac: 'corrupt FLAC: its STREAMINFO header cannot be read',
  ogg: 'corrupt Ogg Vorbis: its identification header cannot be read',
};

/** Only Ogg Vorbis of the Ogg codecs is read: another one is named. */
function checkVorbis(bytes: Uint8Array, name: string): void {
  const head = String.fromCharCode(...bytes.subarray(0, Math.min(bytes.length, 64)));
  if (head.includes('vorbis')) return;
  const codec = head.includes('OpusHead') ? 'Opus' : head.includes('FLAC') ? 'FLAC' : 'unknown';
  throw fileError(name, `unsupported Ogg codec (${codec}); only Ogg Vorbis is supported`, undefined, 'unsupported-format');
}

/** Decodes bytes; `name` is used in error messages. */
export async function decodeAudioBytes(bytes: Uint8Array, name: string, limits: DecodeLimits = {}): Promise<DecodedAudio> {
  const { format } = checkAudioBytes(bytes, name, limits);
  let audio: DecodedAudio;
  try {
    audio = await DECODERS[format](bytes, name, limits);
  } catch (error) {
    if (error instanceof RemixerError) throw error;
    throw fileError(name, `corrupt ${format.toUpperCase()} file (${oneLine(error)})`);
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

const DECODERS: Record<AudioFormat, (bytes: Uint8Array, name: string, limits: DecodeLimits) => Promise<DecodedAudio>> = {
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
    throw fileError(name, `corrupt or truncated WAV header (${oneLine(error)})`);
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
  const isFloat = bitDepth === '32f' || bitDepth === '64';
  const bits = Number.parseInt(bitDepth, 10);
  const encoding = isFloat ? `IEEE float ${bits}-bit` : `PCM ${bits}-bit`;
  // 16-bit PCM and 32-bit float (what datasets hold) are read directly: wavefile's generic
  // unpacking took 15 of 40 s of an evaluation (measured); every other depth goes through it.
  if (bitDepth === '16' || bitDepth === '32f') {
    return { format: 'wav', encoding, sampleRate: fmt.sampleRate, channels: interleavedToChannels(data.samples, data.chunkSize, fmt.numChannels, bitDepth === '16') };
  }
  const raw = wav.getSamples(false, Float64Array) as unknown as Float64Array[] | Float64Array;
  const rawChannels = fmt.numChannels === 1 ? [raw as Float64Array] : (raw as Float64Array[]);
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
  return { format: 'wav', encoding, sampleRate: fmt.sampleRate, channels };
}

/** Interleaved little-endian 16-bit PCM (scaled by 1/32768) or 32-bit float samples as one array per channel. */
function interleavedToChannels(bytes: Uint8Array, size: number, count: number, int16: boolean): Float32Array[] {
  const width = int16 ? 2 : 4;
  const frames = Math.floor(Math.min(size, bytes.length) / (width * count));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const channels = Array.from({ length: count }, () => new Float32Array(frames));
  for (let c = 0; c < count; c++) {
    const out = channels[c]!;
    if (int16) for (let i = 0, at = c * 2; i < frames; i++, at += 2 * count) out[i] = view.getInt16(at, true) / 32768;
    else for (let i = 0, at = c * 4; i < frames; i++, at += 4 * count) out[i] = view.getFloat32(at, true);
  }
  return channels;
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
  const offset = id3v2Size(bytes);
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

async function decodeMp3(bytes: Uint8Array, name: string): Promise<DecodedAudio> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const result = withQuietConsole(() => decoder.decode(bytes));
    if (result.samplesDecoded === 0) throw fileError(name, 'corrupt MP3: no decodable frames');
    if (result.errors.length > 0) {
      throw fileError(name, `corrupt or truncated MP3: ${result.errors.length} frame(s) failed to decode`);
    }
    const walked = walkMpegFrames(bytes);
    if (walked.lastCut) throw fileError(name, 'truncated MP3: the last frame is cut off');
    const declaredFrames = mp3DeclaredFrames(bytes);
    const samplesPerFrame = result.sampleRate >= 32000 ? 1152 : 576;
    if (declaredFrames !== null && result.samplesDecoded + 2 * samplesPerFrame < declaredFrames * samplesPerFrame) {
      const declared = (declaredFrames * samplesPerFrame) / result.sampleRate;
      const got = result.samplesDecoded / result.sampleRate;
      throw fileError(name, `truncated MP3: header declares ${declared.toFixed(2)} s but only ${got.toFixed(2)} s decode`);
    }
    // mpg123 always gives two channels; a mono stream (its frame headers say so) stays mono.
    const channels = walked.first?.channels === 1 ? result.channelData.slice(0, 1) : result.channelData;
    return { format: 'mp3', encoding: 'MPEG layer III', sampleRate: result.sampleRate, channels };
  } finally {
    decoder.free();
  }
}

/** Bytes of FLAC fed to the decoder at a time when the length must be watched. */
const FLAC_CHUNK = 1 << 20;

async function decodeFlac(bytes: Uint8Array, name: string, limits: DecodeLimits): Promise<DecodedAudio> {
  const decoder = new FLACDecoder();
  await decoder.ready;
  try {
    const declared = flacStreamInfo(bytes)?.totalSamples ?? 0;
    const result = declared === 0 && limits.maxSeconds !== undefined ? await decodeFlacWatched(decoder, bytes, name, limits.maxSeconds) : await decoder.decodeFile(bytes);
    if (result.errors.length > 0) throw fileError(name, `corrupt FLAC: ${result.errors.length} frame(s) failed to decode`);
    if (result.samplesDecoded === 0) throw fileError(name, 'corrupt FLAC: no decodable frames');
    if (declared > 0 && result.samplesDecoded < declared) {
      throw fileError(name, `truncated FLAC: header declares ${declared} samples but only ${result.samplesDecoded} decode`);
    }
    return { format: 'flac', encoding: `FLAC ${result.bitDepth}-bit`, sampleRate: result.sampleRate, channels: result.channelData };
  } finally {
    decoder.free();
  }
}

type FlacResult = Awaited<ReturnType<FLACDecoder['decodeFile']>>;

/** A FLAC whose header does not say its length, decoded a chunk at a time and stopped at the limit. */
async function decodeFlacWatched(decoder: FLACDecoder, bytes: Uint8Array, name: string, maxSeconds: number): Promise<FlacResult> {
  const parts: FlacResult[] = [];
  let samples = 0;
  const take = (part: FlacResult) => {
    parts.push(part);
    samples += part.samplesDecoded;
    if (part.sampleRate > 0 && samples > maxSeconds * part.sampleRate) throw tooLong(name, samples / part.sampleRate, maxSeconds);
  };
  for (let offset = 0; offset < bytes.length; offset += FLAC_CHUNK) take(await decoder.decode(bytes.subarray(offset, offset + FLAC_CHUNK)));
  take(await decoder.flush());
  const last = [...parts].reverse().find((p) => p.sampleRate > 0) ?? parts[0]!;
  const channels = last.channelData.map((_, c) => {
    const out = new Float32Array(samples);
    let at = 0;
    for (const part of parts) {
      const data = part.channelData[c];
      if (data) out.set(data.subarray(0, part.samplesDecoded), at);
      at += part.samplesDecoded;
    }
    return out;
  });
  return { ...last, channelData: channels, samplesDecoded: samples, errors: parts.flatMap((p) => p.errors) };
}

async function decodeOgg(bytes: Uint8Array, name: string): Promise<DecodedAudio> {
  checkVorbis(bytes, name);
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

/** What a streamed decode found: the format, encoding and rate, the channels and how many frames. */
export interface DecodedInfo {
  format: AudioFormat;
  encoding: string;
  sampleRate: number;
  channels: number;
  frames: number;
}

/** Bytes a compressed stream is fed to its decoder in: the decoded audio is handed on block by block, never held whole. */
const STREAM_CHUNK = 1 << 19;

/** The format, channels, depth and data of a WAV (RIFF chunks walked), or null when the header is not one read here. */
function wavLayout(bytes: Uint8Array): { tag: number; channels: number; sampleRate: number; bits: number; dataOffset: number; dataBytes: number } | null {
  if (bytes.length < 12 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'RIFF' || String.fromCharCode(...bytes.subarray(8, 12)) !== 'WAVE') return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { tag: number; channels: number; sampleRate: number; bits: number } | null = null;
  for (let at = 12; at + 8 <= bytes.length; ) {
    const id = String.fromCharCode(...bytes.subarray(at, at + 4));
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ' && at + 24 <= bytes.length) fmt = { tag: view.getUint16(at + 8, true), channels: view.getUint16(at + 10, true), sampleRate: view.getUint32(at + 12, true), bits: view.getUint16(at + 22, true) };
    if (id === 'data') return fmt ? { ...fmt, dataOffset: at + 8, dataBytes: Math.min(size, bytes.length - at - 8) } : null;
    at += 8 + size + (size % 2);
  }
  return null;
}

/**
 * Decodes a file block by block (`onBlock` gets each block's channels), with every check
 * decodeAudioFile makes, without holding the decoded audio whole: an hour of FLAC, MP3 or Ogg
 * costs its file's bytes and a block. 16-bit and float WAV stream from their bytes too; other
 * WAV encodings are decoded whole and handed on as one block.
 */
export async function decodeAudioStream(path: string, onBlock: (channels: Float32Array[], sampleRate: number) => void): Promise<DecodedInfo> {
  const bytes = await readAudioFileBytes(path);
  const { format } = checkAudioBytes(bytes, path);
  let frames = 0;
  let channels = 0;
  let sampleRate = 0;
  const hand = (data: Float32Array[], rate: number, count: number) => {
    if (count <= 0) return;
    const block = data.map((c) => (c.length === count ? c : c.subarray(0, count)));
    for (const [c, channel] of block.entries()) {
      for (let i = 0; i < channel.length; i++) {
        if (!Number.isFinite(channel[i]!)) throw fileError(path, `contains non-finite samples (NaN or Infinity), first at ${((frames + i) / rate).toFixed(3)} s (frame ${frames + i}, channel ${c + 1})`);
      }
    }
    channels = block.length;
    sampleRate = rate;
    frames += count;
    onBlock(block, rate);
  };
  const done = (encoding: string): DecodedInfo => {
    if (frames === 0 || channels === 0) throw fileError(path, 'contains no audio samples');
    return { format, encoding, sampleRate, channels, frames };
  };
  try {
    if (format === 'wav') {
      const layout = wavLayout(bytes);
      if (layout && ((layout.tag === 1 && layout.bits === 16) || (layout.tag === 3 && layout.bits === 32))) {
        const width = layout.bits / 8;
        const blockBytes = 65536 * width * layout.channels;
        for (let at = 0; at < layout.dataBytes; at += blockBytes) {
          const size = Math.min(blockBytes, layout.dataBytes - at);
          const block = interleavedToChannels(bytes.subarray(layout.dataOffset + at, layout.dataOffset + at + size), size, layout.channels, layout.bits === 16);
          hand(block, layout.sampleRate, block[0]!.length);
        }
        return done(layout.bits === 16 ? 'PCM 16-bit' : 'IEEE float 32-bit');
      }
      const whole = await decodeAudioBytes(bytes, path);
      hand(whole.channels, whole.sampleRate, whole.channels[0]!.length);
      return done(whole.encoding);
    }
    if (format === 'flac') {
      const decoder = new FLACDecoder();
      await decoder.ready;
      try {
        const declared = flacStreamInfo(bytes)?.totalSamples ?? 0;
        let errors = 0;
        let depth = 0;
        const take = (part: FlacResult) => {
          errors += part.errors.length;
          if (part.bitDepth) depth = part.bitDepth;
          hand(part.channelData, part.sampleRate, part.samplesDecoded);
        };
        for (let offset = 0; offset < bytes.length; offset += STREAM_CHUNK) take(await decoder.decode(bytes.subarray(offset, offset + STREAM_CHUNK)));
        take(await decoder.flush());
        if (errors > 0) throw fileError(path, `corrupt FLAC: ${errors} frame(s) failed to decode`);
        if (frames === 0) throw fileError(path, 'corrupt FLAC: no decodable frames');
        if (declared > 0 && frames < declared) throw fileError(path, `truncated FLAC: header declares ${declared} samples but only ${frames} decode`);
        return done(`FLAC ${depth}-bit`);
      } finally {
        decoder.free();
      }
    }
    if (format === 'mp3') {
      const walked = walkMpegFrames(bytes);
      if (walked.lastCut) throw fileError(path, 'truncated MP3: the last frame is cut off');
      const mono = walked.first?.channels === 1;
      const decoder = new MPEGDecoder();
      await decoder.ready;
      try {
        let errors = 0;
        for (let offset = 0; offset < bytes.length; offset += STREAM_CHUNK) {
          const part = withQuietConsole(() => decoder.decode(bytes.subarray(offset, offset + STREAM_CHUNK)));
          errors += part.errors.length;
          hand(mono ? part.channelData.slice(0, 1) : part.channelData, part.sampleRate, part.samplesDecoded);
        }
        if (frames === 0) throw fileError(path, 'corrupt MP3: no decodable frames');
        if (errors > 0) throw fileError(path, `corrupt or truncated MP3: ${errors} frame(s) failed to decode`);
        const declaredFrames = mp3DeclaredFrames(bytes);
        const samplesPerFrame = sampleRate >= 32000 ? 1152 : 576;
        if (declaredFrames !== null && frames + 2 * samplesPerFrame < declaredFrames * samplesPerFrame) throw fileError(path, `truncated MP3: header declares ${((declaredFrames * samplesPerFrame) / sampleRate).toFixed(2)} s but only ${(frames / sampleRate).toFixed(2)} s decode`);
        return done('MPEG layer III');
      } finally {
        decoder.free();
      }
    }
    checkVorbis(bytes, path);
    if (!oggEndsCleanly(bytes)) throw fileError(path, 'truncated Ogg Vorbis: the stream ends without its final page');
    const decoder = new OggVorbisDecoder();
    await decoder.ready;
    try {
      let errors = 0;
      for (let offset = 0; offset < bytes.length; offset += STREAM_CHUNK) {
        const part = await decoder.decode(bytes.subarray(offset, offset + STREAM_CHUNK));
        errors += part.errors.length;
        hand(part.channelData, part.sampleRate, part.samplesDecoded);
      }
      const last = await decoder.flush();
      errors += last.errors.length;
      hand(last.channelData, last.sampleRate, last.samplesDecoded);
      if (errors > 0) throw fileError(path, `corrupt Ogg Vorbis: ${errors} packet(s) failed to decode`);
      if (frames === 0) throw fileError(path, 'corrupt Ogg Vorbis: no decodable packets');
      return done('Ogg Vorbis');
    } finally {
      decoder.free();
    }
  } catch (error) {
    if (error instanceof RemixerError) throw error;
    throw fileError(path, `corrupt ${format.toUpperCase()} file (${oneLine(error)})`);
  }
}
