/**
 * Input and target scaling, computed on the training split and stored in
 * remixer.json with the model (Open-Unmix keeps its input statistics the same way).
 *
 * - waveform: one scale for the source samples, one per target stem (the paper
 *   preset uses 1: raw samples, as the paper fed librosa's output straight in);
 * - spectral: per-bin mean and standard deviation of the compressed source
 *   magnitudes |X|^p, and one scale per target stem for its compressed magnitudes.
 */
export type Normalisation =
  | { kind: 'waveform'; inputScale: number; outputScale: number[] }
  | { kind: 'spectral'; power: number; inputMean: number[]; inputStd: number[]; outputScale: number[] };

const round = (x: number) => Number(x.toPrecision(7));

/** Standard deviation of samples over many signals (zero-mean audio assumed). */
function signalScale(signals: Float32Array[]): number {
  let sum = 0;
  let count = 0;
  for (const s of signals) {
    for (let i = 0; i < s.length; i++) sum += s[i]! * s[i]!;
    count += s.length;
  }
  const rms = Math.sqrt(sum / Math.max(1, count));
  return rms > 1e-8 ? 1 / rms : 1;
}

export function waveformNormalisation(source: Float32Array[], targets: Float32Array[][], normalise: boolean): Normalisation {
  return {
    kind: 'waveform',
    inputScale: normalise ? round(signalScale(source)) : 1,
    outputScale: targets.map((stemSignals) => (normalise ? round(signalScale(stemSignals)) : 1)),
  };
}

/**
 * `source` and `targets` are compressed magnitude tracks [frames × bins].
 * Standard deviations have a floor so near-silent bins are not blown up.
 */
export function spectralNormalisation(power: number, bins: number, source: Float32Array[], targets: Float32Array[][], normalise: boolean): Normalisation {
  const mean = new Float64Array(bins);
  const meanSquare = new Float64Array(bins);
  let frames = 0;
  for (const track of source) {
    const n = track.length / bins;
    for (let f = 0; f < n; f++) {
      for (let k = 0; k < bins; k++) {
        const v = track[f * bins + k]!;
        mean[k]! += v;
        meanSquare[k]! += v * v;
      }
    }
    frames += n;
  }
  const inputMean: number[] = [];
  const inputStd: number[] = [];
  let maxStd = 0;
  for (let k = 0; k < bins; k++) {
    const m = mean[k]! / Math.max(1, frames);
    inputMean.push(m);
    const sd = Math.sqrt(Math.max(0, meanSquare[k]! / Math.max(1, frames) - m * m));
    inputStd.push(sd);
    maxStd = Math.max(maxStd, sd);
  }
  const floor = Math.max(1e-6, maxStd * 1e-2);
  return {
    kind: 'spectral',
    power,
    inputMean: normalise ? inputMean.map(round) : inputMean.map(() => 0),
    inputStd: normalise ? inputStd.map((s) => round(Math.max(s, floor))) : inputStd.map(() => 1),
    outputScale: targets.map((stemTracks) => (normalise ? round(signalScale(stemTracks)) : 1)),
  };
}
