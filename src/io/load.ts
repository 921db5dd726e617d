/**
 * Loading audio the way the project uses it: decoded, downmixed to mono,
 * resampled to the project rate, and trimmed, padded or looped to a duration.
 */
import { decodeAudioFile, type DecodedAudio } from './decode.js';
import { resample } from '../dsp/resample.js';
import { downmix, fitLength, loopToLength } from '../dsp/levels.js';
import { PROJECT_SAMPLE_RATE } from '../config.js';

export interface LoadOptions {
  /** Target sample rate (default: the project rate, 22050 Hz). */
  sampleRate?: number;
  /** Target duration in seconds; omitted keeps the file's own length. */
  seconds?: number;
  /** How to reach `seconds` when the file is shorter: silence (default) or repeat it. */
  extend?: 'pad' | 'loop';
}

export interface LoadedAudio {
  samples: Float32Array;
  sampleRate: number;
  /** The file as decoded, before conversion. */
  original: { format: DecodedAudio['format']; encoding: string; sampleRate: number; channels: number; seconds: number };
}

/** One signal resampled from `from` to `to` Hz and fitted to `options.seconds` (looped or trimmed/padded). */
async function conformSignal(signal: Float32Array, from: number, to: number, options: LoadOptions): Promise<Float32Array> {
  let source = signal;
  if (options.seconds !== undefined) {
    // Trim before resampling so long files convert only the part we keep (plus filter margin).
    const keep = Math.ceil(options.seconds * from) + 256;
    if (source.length > keep) source = source.subarray(0, keep);
  }
  const samples = await resample(source, from, to);
  if (options.seconds === undefined) return samples;
  const length = Math.round(options.seconds * to);
  return options.extend === 'loop' ? loopToLength(samples, length) : fitLength(samples, length);
}

/** Converts decoded audio to mono at `sampleRate`, fitted to `seconds` if given. */
export async function conformAudio(decoded: DecodedAudio, options: LoadOptions = {}): Promise<LoadedAudio> {
  const sampleRate = options.sampleRate ?? PROJECT_SAMPLE_RATE;
  const frames = decoded.channels[0]!.length;
  const samples = await conformSignal(downmix(decoded.channels), decoded.sampleRate, sampleRate, options);
  return {
    samples,
    sampleRate,
    original: {
      format: decoded.format,
      encoding: decoded.encoding,
      sampleRate: decoded.sampleRate,
      channels: decoded.channels.length,
      seconds: frames / decoded.sampleRate,
    },
  };
}

/** Decodes `path` and conforms it (see conformAudio). */
export async function loadAudio(path: string, options: LoadOptions = {}): Promise<LoadedAudio> {
  return conformAudio(await decodeAudioFile(path), options);
}

/** Every channel of decoded audio at `sampleRate`, fitted to `seconds` like conformAudio (no downmix). */
export async function conformChannels(decoded: DecodedAudio, options: LoadOptions = {}): Promise<Float32Array[]> {
  const sampleRate = options.sampleRate ?? decoded.sampleRate;
  const out: Float32Array[] = [];
  for (const channel of decoded.channels) out.push(await conformSignal(channel, decoded.sampleRate, sampleRate, options));
  return out;
}
