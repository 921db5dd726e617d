/**
 * Test helpers: signals, temporary directories, and audio files in every
 * supported format, encoded in-process by real encoders (LAME and Vorbis from
 * wasm-media-encoders, libFLAC from libflacjs, wavefile for 24-bit PCM).
 */
import { createRequire } from 'node:module';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMp3Encoder, createOggEncoder } from 'wasm-media-encoders';
import wavefile from 'wavefile';
import { encodeWav } from '../io/wav.js';

const require = createRequire(import.meta.url);

export function sine(frequency: number, seconds: number, sampleRate: number, amplitude = 0.5, phase = 0): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = amplitude * Math.sin(phase + (2 * Math.PI * frequency * i) / sampleRate);
  return out;
}

export async function tempDir(prefix = 'remixer-test-'): Promise<string> {
  return fs.mkdtemp(join(tmpdir(), prefix));
}

export async function writeWavFixture(path: string, channels: Float32Array[], sampleRate: number, depth: '16' | '24' | '32f'): Promise<void> {
  if (depth === '24') {
    const wav = new wavefile.WaveFile();
    const ints = channels.map((c) => Int32Array.from(c, (v) => Math.round(v * 8388607)));
    wav.fromScratch(channels.length, sampleRate, '24', ints);
    await fs.writeFile(path, wav.toBuffer());
  } else {
    await fs.writeFile(path, encodeWav(channels, sampleRate, depth === '16' ? 'int16' : 'float32'));
  }
}

const concat = (parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
};

export async function encodeMp3(channels: Float32Array[], sampleRate: 22050 | 44100 | 48000): Promise<Uint8Array> {
  const encoder = await createMp3Encoder();
  encoder.configure({ channels: channels.length as 1 | 2, sampleRate, bitrate: 128 });
  const body = encoder.encode(channels).slice();
  return concat([body, encoder.finalize().slice()]);
}

export async function encodeOgg(channels: Float32Array[], sampleRate: number): Promise<Uint8Array> {
  const encoder = await createOggEncoder();
  encoder.configure({ channels: channels.length as 1 | 2, sampleRate, vbrQuality: 4 });
  const body = encoder.encode(channels).slice();
  return concat([body, encoder.finalize().slice()]);
}

interface FlacModule {
  isReady(): boolean;
  on(event: string, listener: () => void): void;
}
let flacModule: Promise<FlacModule> | null = null;

export async function encodeFlac(channels: Float32Array[], sampleRate: number): Promise<Uint8Array> {
  flacModule ??= new Promise((resolve) => {
    const Flac = require('libflacjs')('asmjs') as FlacModule;
    if (Flac.isReady()) resolve(Flac);
    else Flac.on('ready', () => resolve(Flac));
  });
  const Flac = await flacModule;
  const { Encoder } = require('libflacjs/lib/encoder') as { Encoder: new (flac: FlacModule, options: object) => { encode(data?: Int32Array[]): boolean; getSamples(): Uint8Array; destroy(): void } };
  // totalSamples goes into STREAMINFO, as the flac command-line encoder writes it.
  const encoder = new Encoder(Flac, { sampleRate, channels: channels.length, bitsPerSample: 16, compression: 5, totalSamples: channels[0]!.length });
  encoder.encode(channels.map((c) => Int32Array.from(c, (v) => Math.max(-32768, Math.min(32767, Math.round(v * 32767))))));
  encoder.encode();
  const bytes = encoder.getSamples();
  encoder.destroy();
  return bytes;
}

/** Estimated frequency of a sinusoid by zero crossings. */
export function zeroCrossingFrequency(samples: Float32Array, sampleRate: number): number {
  let crossings = 0;
  for (let i = 1; i < samples.length; i++) if (samples[i - 1]! < 0 && samples[i]! >= 0) crossings++;
  return (crossings * sampleRate) / samples.length;
}

/**
 * Runs `work` in a small tmpfs (a full disk, for real), or returns false where this
 * machine does not allow mounting one (not root): the caller skips.
 */
export async function withTmpfs(kilobytes: number, work: (dir: string) => Promise<void>): Promise<boolean> {
  const { spawnSync } = await import('node:child_process');
  const dir = await tempDir('remixer-tmpfs-');
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${kilobytes}k`, 'tmpfs', dir], { stdio: 'ignore' });
  if (mounted.status !== 0) return false;
  try {
    await work(dir);
  } finally {
    spawnSync('umount', [dir], { stdio: 'ignore' });
    await fs.rm(dir, { recursive: true, force: true });
  }
  return true;
}
