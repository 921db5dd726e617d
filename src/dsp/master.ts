/**
 * A mix brought to a loudness (ITU-R BS.1770 integrated, the meter of loudness.ts) and
 * peak-limited to a ceiling: what the web app's mixdown and the practice version do to
 * come out as loud as the mastered remix. Pure (the web client imports it).
 */
import { LoudnessMeter } from './loudness.js';
import { PeakLimiter } from './limiter.js';

/** -1 dBFS. */
export const MASTER_CEILING = 10 ** (-1 / 20);

export interface Mastered {
  channels: Float32Array[];
  /** Loudness before matching, and the gain applied, dB. */
  measuredLufs: number;
  gainDb: number;
}

export function masterToLoudness(channels: readonly Float32Array[], sampleRate: number, targetLufs: number, ceiling = MASTER_CEILING): Mastered {
  const length = channels[0]?.length ?? 0;
  const meter = new LoudnessMeter(sampleRate);
  meter.push(channels as Float32Array[]);
  const measuredLufs = meter.integrated();
  const gainDb = Number.isFinite(measuredLufs) && Number.isFinite(targetLufs) ? targetLufs - measuredLufs : 0;
  const gain = 10 ** (gainDb / 20);
  const scaled = channels.map((c) => c.map((v) => v * gain));
  const limiter = new PeakLimiter(ceiling, sampleRate, 0.005, 0.08, scaled.length);
  const limited = limiter.processChannels(scaled);
  const tail = limiter.flushChannels();
  const out = limited.map((c, i) => {
    const whole = new Float32Array(length);
    whole.set(c.subarray(0, length));
    if (c.length < length) whole.set(tail[i]!.subarray(0, length - c.length), c.length);
    return whole;
  });
  return { channels: out, measuredLufs, gainDb };
}
