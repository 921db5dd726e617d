/**
 * The mix as the controls set it, as a file: every track with its gain and pan
 * (equal-power pan of mono stems, balance of a stereo recording), then brought to
 * the mastered remix's loudness (ITU-R BS.1770, the same meter as the server) and
 * peak-limited to -1 dBFS, so it is not quieter than the mastered remix.
 */
import { masterToLoudness, MASTER_CEILING } from '../dsp/master';
import type { Mixer } from './mixer';

export const CEILING = MASTER_CEILING;

export interface Mixdown {
  channels: Float32Array[];
  sampleRate: number;
  /** Loudness before matching, and the gain applied, dB. */
  measuredLufs: number;
  gainDb: number;
}

export function mixdown(mixer: Mixer, targetLufs: number): Mixdown {
  const length = mixer.duration > 0 ? mixer.tracks[0]!.buffer.length : 0;
  const sampleRate = mixer.tracks[0]?.buffer.sampleRate ?? 44100;
  const left = new Float32Array(length);
  const right = new Float32Array(length);
  for (const track of mixer.tracks) {
    const g = mixer.effectiveGain(track);
    if (g === 0) continue;
    const { buffer, pan } = track;
    if (buffer.numberOfChannels === 1) {
      const angle = ((pan + 1) * Math.PI) / 4;
      const [gl, gr] = [g * Math.cos(angle) * Math.SQRT2, g * Math.sin(angle) * Math.SQRT2];
      const x = buffer.getChannelData(0);
      for (let i = 0; i < Math.min(length, x.length); i++) {
        left[i]! += gl * x[i]!;
        right[i]! += gr * x[i]!;
      }
    } else {
      const [l, r] = [buffer.getChannelData(0), buffer.getChannelData(1)];
      const [gl, gr] = [g * Math.min(1, 1 - pan), g * Math.min(1, 1 + pan)];
      for (let i = 0; i < Math.min(length, l.length); i++) {
        left[i]! += gl * l[i]!;
        right[i]! += gr * r[i]!;
      }
    }
  }
  const { channels, measuredLufs, gainDb } = masterToLoudness([left, right], sampleRate, targetLufs, CEILING);
  return { channels, sampleRate, measuredLufs, gainDb };
}
