/** Level measurements on Float32Array signals. */

export function peak(samples: Float32Array): number {
  let max = 0;
  for (let i = 0; i < samples.length; i++) {
    const a = Math.abs(samples[i]!);
    if (a > max) max = a;
  }
  return max;
}

export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** Amplitude to decibels relative to full scale; -Infinity for silence. */
export function toDb(amplitude: number): number {
  return amplitude > 0 ? 20 * Math.log10(amplitude) : -Infinity;
}

export function fromDb(db: number): number {
  return 10 ** (db / 20);
}

/** Mean of the channels. */
export function downmix(channels: readonly Float32Array[]): Float32Array {
  const first = channels[0];
  if (!first) return new Float32Array(0);
  if (channels.length === 1) return first;
  const out = new Float32Array(first.length);
  const scale = 1 / channels.length;
  for (const channel of channels) for (let i = 0; i < out.length; i++) out[i]! += channel[i]! * scale;
  return out;
}

/** Trims or zero-pads to `length` samples. */
export function fitLength(samples: Float32Array, length: number): Float32Array {
  if (samples.length === length) return samples;
  const out = new Float32Array(length);
  out.set(samples.subarray(0, Math.min(length, samples.length)));
  return out;
}

/** Repeats the signal until it is `length` long (for solos shorter than the remix asked for). */
export function loopToLength(samples: Float32Array, length: number): Float32Array {
  if (samples.length >= length) return samples.subarray(0, length).slice();
  const out = new Float32Array(length);
  for (let offset = 0; offset < length; offset += samples.length) {
    out.set(samples.subarray(0, Math.min(samples.length, length - offset)), offset);
  }
  return out;
}

/** Sum of signals of equal length, each scaled by its gain. */
export function mixSignals(signals: readonly Float32Array[], gains?: readonly number[]): Float32Array {
  const length = signals[0]?.length ?? 0;
  const out = new Float32Array(length);
  signals.forEach((signal, k) => {
    const g = gains?.[k] ?? 1;
    if (g === 0) return;
    for (let i = 0; i < length; i++) out[i]! += g * signal[i]!;
  });
  return out;
}
