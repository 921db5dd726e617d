/**
 * Continuity at window joins. At a position p the signal is compared just
 * before and just after p:
 *
 * - level jump: |level(frame before) − level(frame after)| in dB (10 ms frames);
 * - spectrum jump: mean |Δ dB| between the two frames' Hann-windowed spectra;
 * - step: |x[p] − x[p−1]| over the RMS of first differences around p (a click
 *   from a hard cut is a large step).
 *
 * Each is averaged over the joins and over positions well inside windows, so a
 * test can demand that joins look like the rest of the signal.
 */
import { StftFrames } from '../dsp/stft.js';

export interface JumpMeasures {
  level: number;
  spectrum: number;
  step: number;
}

export interface JumpComparison {
  atJoins: JumpMeasures;
  inside: JumpMeasures;
}

export function measureJumps(signal: Float32Array, sampleRate: number, joins: number[], frameSeconds = 0.01): JumpComparison {
  const size = Math.max(16, Math.round(frameSeconds * sampleRate));
  const nFft = 2 ** Math.ceil(Math.log2(size));
  const stft = new StftFrames(nFft, nFft);
  const re = new Float64Array(stft.bins), im = new Float64Array(stft.bins);
  const segment = new Float32Array(nFft);

  const frameStats = (start: number) => {
    let energy = 0;
    for (let i = start; i < start + size; i++) energy += signal[i]! ** 2;
    segment.fill(0);
    segment.set(signal.subarray(start, start + size));
    stft.analyzeAt(segment, 0, re, im);
    return { level: 10 * Math.log10(energy / size + 1e-12), spectrum: Float64Array.from(re, (r, k) => 20 * Math.log10(Math.hypot(r, im[k]!) + 1e-6)) };
  };
  const at = (p: number): JumpMeasures | null => {
    if (p - size < 1 || p + size > signal.length) return null;
    const before = frameStats(p - size), after = frameStats(p);
    let spectrum = 0;
    for (let k = 0; k < stft.bins; k++) spectrum += Math.abs(before.spectrum[k]! - after.spectrum[k]!);
    let diffEnergy = 0;
    for (let i = p - size + 1; i < p + size; i++) if (i !== p) diffEnergy += (signal[i]! - signal[i - 1]!) ** 2;
    const localDiff = Math.sqrt(diffEnergy / (2 * size - 2)) + 1e-9;
    return { level: Math.abs(before.level - after.level), spectrum: spectrum / stft.bins, step: Math.abs(signal[p]! - signal[p - 1]!) / localDiff };
  };
  const average = (positions: number[]): JumpMeasures => {
    const found = positions.map(at).filter((m): m is JumpMeasures => m !== null);
    const n = Math.max(1, found.length);
    return {
      level: found.reduce((s, m) => s + m.level, 0) / n,
      spectrum: found.reduce((s, m) => s + m.spectrum, 0) / n,
      step: found.reduce((s, m) => s + m.step, 0) / n,
    };
  };
  const nearJoin = (p: number) => joins.some((j) => Math.abs(p - j) < 2 * size);
  const inside: number[] = [];
  for (let p = 2 * size + 7; p < signal.length - 2 * size; p += Math.round(size * 1.37)) if (!nearJoin(p)) inside.push(p);
  return { atJoins: average(joins), inside: average(inside) };
}
