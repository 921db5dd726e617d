/** `remixer audio info`: what a file holds, and how loud it is. */
import { decodeAudioStream } from './decode.js';
import { toDb } from '../dsp/levels.js';

export interface AudioInfo {
  file: string;
  format: string;
  encoding: string;
  channels: number;
  sampleRate: number;
  frames: number;
  seconds: number;
  /** Highest absolute sample over all channels, dBFS. */
  peakDb: number;
  /** RMS over all channels, dBFS. */
  rmsDb: number;
}

/** Reads the file block by block (a one-hour recording never sits decoded in memory). */
export async function audioInfo(path: string): Promise<AudioInfo> {
  let maxPeak = 0;
  let sumSquares = 0;
  const info = await decodeAudioStream(path, (block) => {
    for (const channel of block) {
      for (let i = 0; i < channel.length; i++) {
        const v = channel[i]!;
        const a = Math.abs(v);
        if (a > maxPeak) maxPeak = a;
        sumSquares += v * v;
      }
    }
  });
  return {
    file: path,
    format: info.format,
    encoding: info.encoding,
    channels: info.channels,
    sampleRate: info.sampleRate,
    frames: info.frames,
    seconds: info.frames / info.sampleRate,
    peakDb: toDb(maxPeak),
    rmsDb: toDb(Math.sqrt(sumSquares / (info.frames * info.channels))),
  };
}

const db = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} dBFS` : '-inf dBFS (silent)');

export function formatAudioInfo(info: AudioInfo): string {
  return [
    `file:      ${info.file}`,
    `format:    ${info.format.toUpperCase()} (${info.encoding})`,
    `channels:  ${info.channels}`,
    `rate:      ${info.sampleRate} Hz`,
    `duration:  ${info.seconds.toFixed(3)} s (${info.frames} frames)`,
    `peak:      ${db(info.peakDb)}`,
    `rms:       ${db(info.rmsDb)}`,
  ].join('\n');
}
