/**
 * Spectral flatness (Wiener entropy): the geometric over the arithmetic mean of a
 * frame's power spectrum, 0 for a pure tone, about 0.56 for white noise (the expected
 * flatness of a periodogram of white Gaussian noise is e^-γ). Measured on 2048-sample
 * frames between `minHz` and `maxHz`; the median over frames that are not silent.
 */
import { stftMagnitude } from './stft.js';

export function spectralFlatness(samples: Float32Array, sampleRate: number, options: { minHz?: number; maxHz?: number; nFft?: number } = {}): number {
  const nFft = options.nFft ?? 2048;
  const { frames, bins, data } = stftMagnitude(samples, nFft, nFft);
  const lo = Math.max(1, Math.floor(((options.minHz ?? 100) * nFft) / sampleRate));
  const hi = Math.min(bins - 1, Math.ceil(((options.maxHz ?? 8000) * nFft) / sampleRate));
  const values: number[] = [];
  let loudest = 0;
  const energies = new Float64Array(frames);
  for (let f = 0; f < frames; f++) {
    let energy = 0;
    for (let k = lo; k <= hi; k++) energy += data[f * bins + k]! ** 2;
    energies[f] = energy;
    loudest = Math.max(loudest, energy);
  }
  for (let f = 0; f < frames; f++) {
    if (!(energies[f]! > loudest * 1e-4)) continue;
    let logSum = 0;
    for (let k = lo; k <= hi; k++) logSum += Math.log(data[f * bins + k]! ** 2 + 1e-20);
    const count = hi - lo + 1;
    values.push(Math.exp(logSum / count) / (energies[f]! / count));
  }
  if (values.length === 0) return 0;
  values.sort((a, b) => a - b);
  return values[Math.floor(values.length / 2)]!;
}
