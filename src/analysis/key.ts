/**
 * Key: the song's pitch-class profile correlated (Pearson) with the Krumhansl–Kessler
 * probe-tone profiles rotated to all 24 keys; the best is the key. Confidence: how
 * far the best correlation stands above the runner-up that is not its relative or
 * parallel key, and how high it is, in [0, 1].
 */
export const NOTE_NAMES = ['C', 'C#', 'D', 'Eb', 'E', 'F', 'F#', 'G', 'Ab', 'A', 'Bb', 'B'] as const;

/** Krumhansl & Kessler (1982), C major and C minor. */
export const KK_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88];
export const KK_MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17];

export type Mode = 'major' | 'minor';

export interface KeyEstimate {
  tonic: number;
  mode: Mode;
  name: string;
  confidence: number;
}

export const keyName = (tonic: number, mode: Mode) => `${NOTE_NAMES[((tonic % 12) + 12) % 12]} ${mode}`;

function pearson(a: ArrayLike<number>, b: ArrayLike<number>, rotation: number): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < 12; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= 12;
  mb /= 12;
  let dot = 0, va = 0, vb = 0;
  for (let i = 0; i < 12; i++) {
    const x = a[(i + rotation) % 12]! - ma;
    const y = b[i]! - mb;
    dot += x * y;
    va += x * x;
    vb += y * y;
  }
  return va > 0 && vb > 0 ? dot / Math.sqrt(va * vb) : 0;
}

/** Correlation of `profile` (12 pitch-class weights) with each key: [24], majors 0-11 then minors. */
export function keyCorrelations(profile: ArrayLike<number>): number[] {
  const out: number[] = [];
  for (const template of [KK_MAJOR, KK_MINOR]) for (let tonic = 0; tonic < 12; tonic++) out.push(pearson(profile, template, tonic));
  return out;
}

/** Chords heard, for the tonic evidence: root, whether minor, and duration. */
export interface ChordEvidence {
  root: number;
  minor: boolean;
  /** A dominant seventh (major triad with a minor seventh). */
  dominant: boolean;
  duration: number;
}

/** Weight of the tonic evidence added to the profile correlation (see estimateKey). */
export const TONIC_EVIDENCE = { firstChord: 0.2, lastChord: 0.06, tonicShare: 0.15, dominantShare: 0.3 } as const;

/**
 * The key: profile correlation (Krumhansl–Kessler) plus tonic evidence from the chords,
 * when given — songs tend to start and end on their tonic chord and dwell on it, and a
 * dominant seventh points at the tonic a fifth below — which separates a key from its
 * relative (the same notes) better than the profile alone.
 */
export function estimateKey(profile: ArrayLike<number>, chords: readonly ChordEvidence[] = []): KeyEstimate {
  const r = keyCorrelations(profile);
  if (chords.length > 0) {
    const total = chords.reduce((sum, c) => sum + c.duration, 0) || 1;
    const isTonic = (c: ChordEvidence, k: number) => c.root === k % 12 && c.minor === k >= 12;
    for (let k = 0; k < 24; k++) {
      const share = chords.filter((c) => isTonic(c, k)).reduce((sum, c) => sum + c.duration, 0) / total;
      const dominant = chords.filter((c) => c.dominant && c.root === (k + 7) % 12).reduce((sum, c) => sum + c.duration, 0) / total;
      r[k]! += TONIC_EVIDENCE.tonicShare * share + TONIC_EVIDENCE.dominantShare * dominant + (isTonic(chords[0]!, k) ? TONIC_EVIDENCE.firstChord : 0) + (isTonic(chords[chords.length - 1]!, k) ? TONIC_EVIDENCE.lastChord : 0);
    }
  }
  let best = 0;
  for (let k = 1; k < 24; k++) if (r[k]! > r[best]!) best = k;
  const tonic = best % 12;
  const mode: Mode = best < 12 ? 'major' : 'minor';
  // Runner-up among keys that are not the best's relative or parallel (those share its notes).
  const relative = mode === 'major' ? 12 + ((tonic + 9) % 12) : (tonic + 3) % 12;
  const parallel = mode === 'major' ? 12 + tonic : tonic;
  let second = -1;
  for (let k = 0; k < 24; k++) if (k !== best && k !== relative && k !== parallel && r[k]! > second) second = r[k]!;
  const margin = Math.max(0, r[best]! - second);
  const confidence = Number.isFinite(r[best]!) ? Math.max(0, Math.min(1, 2 * margin * Math.max(0, r[best]!))) : 0;
  return { tonic, mode, name: keyName(tonic, mode), confidence };
}
