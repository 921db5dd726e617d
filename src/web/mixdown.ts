/**
 * The mix as the controls set it, as a file: every track with its gain and pan
 * (equal-power pan of mono stems, balance of a stereo recording), then brought to
 * the mastered remix's loudness (ITU-R BS.1770, the same meter as the server) and
 * peak-limited to -1 dBFS, so it is not quieter than the mastered remix.
 */
import { LoudnessMeter } from '../dsp/loudness';
import { PeakLimiter } from '../dsp/limiter';
import type { Mixer } from './mixer';

export const CEILING = 10 ** (-1 / 20);

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
  const meter = new LoudnessMeter(sampleRate);
  meter.push([left, right]);
  const measuredLufs = meter.integrated();
  const gainDb = Number.isFinite(measuredLufs) ? targetLufs - measuredLufs : 0;
  const gain = 10 ** (gainDb / 20);
  for (const channel of [left, right]) for (let i = 0; i < length; i++) channel[i]! *= gain;
  const limiter = new PeakLimiter(CEILING, sampleRate, 0.005, 0.08, 2);
  const limited = limiter.processChannels([left, right]);
  const tail = limiter.flushChannels();
  const channels = limited.map((c, i) => {
    const out = new Float32Array(length);
    out.set(c);
    out.set(tail[i]!.subarray(0, length - c.length), c.length);
    return out;
  });
  return { channels, sampleRate, measuredLufs, gainDb };
}
