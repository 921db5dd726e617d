/** `remixer audio info`: what a file holds, and how loud it is. */
import { decodeAudioFile } from './decode.js';
import { peak, rms, toDb } from '../dsp/levels.js';

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

export async function audioInfo(path: string): Promise<AudioInfo> {
  const audio = await decodeAudioFile(path);
  const frames = audio.channels[0]!.length;
  let sumSquares = 0;
  let maxPeak = 0;
  for (const channel of audio.channels) {
    maxPeak = Math.max(maxPeak, peak(channel));
    const r = rms(channel);
    sumSquares += r * r;
  }
  return {
    file: path,
    format: audio.format,
    encoding: audio.encoding,
    channels: audio.channels.length,
    sampleRate: audio.sampleRate,
    frames,
    seconds: frames / audio.sampleRate,
    peakDb: toDb(maxPeak),
    rmsDb: toDb(Math.sqrt(sumSquares / audio.channels.length)),
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
