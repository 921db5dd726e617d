/**
 * Chords on beats, as Chordino does it in spirit: each beat's pitch-class profile
 * is scored against chord templates (binary chord tones, cosine similarity, plus a
 * bonus when the bass register sounds the chord's root), and a hidden Markov model
 * with a strong self-transition finds the most likely sequence (Viterbi).
 * "N" (no chord) scores a constant, so a profile that fits no chord well — noise,
 * drums, silence — is labelled N rather than a made-up chord.
 */
import { NOTE_NAMES } from './key.js';
import { cosine12 } from './harmony.js';

export const CHORD_QUALITIES = {
  maj: { intervals: [0, 4, 7], suffix: '' },
  min: { intervals: [0, 3, 7], suffix: 'm' },
  '7': { intervals: [0, 4, 7, 10], suffix: '7' },
  maj7: { intervals: [0, 4, 7, 11], suffix: 'maj7' },
  min7: { intervals: [0, 3, 7, 10], suffix: 'm7' },
  dim: { intervals: [0, 3, 6], suffix: 'dim' },
  sus4: { intervals: [0, 5, 7], suffix: 'sus4' },
} as const;
export type ChordQuality = keyof typeof CHORD_QUALITIES;
/** Every quality a chord label may have (the learned listener's vocabulary, the band's voicings). */
export const QUALITIES = Object.keys(CHORD_QUALITIES) as ChordQuality[];
/** The qualities the template recogniser below tells apart (no sus4: its templates confuse it with maj). */
export const DSP_QUALITIES: readonly ChordQuality[] = ['maj', 'min', '7', 'maj7', 'min7', 'dim'];

export interface ChordLabel {
  /** Pitch class of the root (0 = C), or -1 for N. */
  root: number;
  quality: ChordQuality | 'N';
  name: string;
}

export interface ChordSegment extends ChordLabel {
  start: number;
  end: number;
  /** Index of the beat the chord starts on. */
  beat: number;
}

export const NO_CHORD: ChordLabel = { root: -1, quality: 'N', name: 'N' };

export function chordName(root: number, quality: ChordQuality): string {
  return `${NOTE_NAMES[((root % 12) + 12) % 12]}${CHORD_QUALITIES[quality].suffix}`;
}

/** The template recogniser's chord vocabulary: N first, then every quality on every root. */
export const VOCABULARY: readonly ChordLabel[] = [
  NO_CHORD,
  ...DSP_QUALITIES.flatMap((quality) => Array.from({ length: 12 }, (_, root) => ({ root, quality, name: chordName(root, quality) }) as ChordLabel)),
];

/** Binary templates [vocabulary × 12] (N's row is unused). */
const TEMPLATES = (() => {
  const out = new Float32Array(VOCABULARY.length * 12);
  VOCABULARY.forEach((chord, v) => {
    if (chord.quality === 'N') return;
    for (const interval of CHORD_QUALITIES[chord.quality].intervals) out[v * 12 + ((chord.root + interval) % 12)] = 1;
  });
  return out;
})();

export const CHORD_MODEL = {
  /** The score of N: a profile must fit a chord better than this to be called one. */
  noChordScore: 0.72,
  /** Weight of the bass register's share on the chord's root. */
  bassRootWeight: 0.25,
  /** Emission sharpness: log-likelihood per unit of score. */
  sharpness: 30,
  /** Probability of keeping the chord from one beat to the next. */
  stay: 0.85,
} as const;

/**
 * Scores [beats × vocabulary] of beat profiles `chroma` [beats × 12] with bass
 * profiles `bass` [beats × 12] (both normalised, zero when silent).
 */
export function chordScores(chroma: Float32Array, bass: Float32Array): Float32Array {
  const beats = chroma.length / 12;
  const V = VOCABULARY.length;
  const out = new Float32Array(beats * V);
  for (let b = 0; b < beats; b++) {
    let bassTotal = 0;
    for (let c = 0; c < 12; c++) bassTotal += bass[b * 12 + c]!;
    out[b * V] = CHORD_MODEL.noChordScore;
    for (let v = 1; v < V; v++) {
      const root = VOCABULARY[v]!.root;
      const fit = cosine12(chroma, b * 12, TEMPLATES, v * 12);
      const rootInBass = bassTotal > 0 ? bass[b * 12 + root]! / bassTotal : 0;
      out[b * V + v] = fit + CHORD_MODEL.bassRootWeight * rootInBass;
    }
  }
  return out;
}

/** The most likely chord index per beat (Viterbi over the scores, self-transition CHORD_MODEL.stay). */
export function decodeChords(scores: Float32Array, vocabularySize = VOCABULARY.length): number[] {
  const V = vocabularySize;
  const beats = scores.length / V;
  if (beats === 0) return [];
  const stay = Math.log(CHORD_MODEL.stay);
  const move = Math.log((1 - CHORD_MODEL.stay) / (V - 1));
  let previous = new Float64Array(V);
  for (let v = 0; v < V; v++) previous[v] = CHORD_MODEL.sharpness * scores[v]!;
  const links: Int16Array[] = [];
  for (let b = 1; b < beats; b++) {
    // Best predecessor: itself (stay) or the best of all (move).
    let bestAll = 0;
    for (let v = 1; v < V; v++) if (previous[v]! > previous[bestAll]!) bestAll = v;
    const next = new Float64Array(V);
    const link = new Int16Array(V);
    for (let v = 0; v < V; v++) {
      const fromSelf = previous[v]! + stay;
      const fromBest = previous[bestAll]! + move;
      link[v] = fromSelf >= fromBest ? v : bestAll;
      next[v] = Math.max(fromSelf, fromBest) + CHORD_MODEL.sharpness * scores[b * V + v]!;
    }
    links.push(link);
    previous = next;
  }
  let v = 0;
  for (let k = 1; k < V; k++) if (previous[k]! > previous[v]!) v = k;
  const path = new Array<number>(beats);
  for (let b = beats - 1; b >= 0; b--) {
    path[b] = v;
    if (b > 0) v = links[b - 1]![v]!;
  }
  return path;
}

/**
 * Chords over time from beat times (`bounds`: each beat's start, then the end of the last)
 * and beat profiles; consecutive beats with one chord become one segment. Confidence:
 * the duration-weighted mean of how far each chord's score stands above N's, scaled to [0, 1].
 */
export function recogniseChords(bounds: readonly number[], chroma: Float32Array, bass: Float32Array): { segments: ChordSegment[]; confidence: number } {
  const scores = chordScores(chroma, bass);
  const path = decodeChords(scores);
  const V = VOCABULARY.length;
  const segments: ChordSegment[] = [];
  let weighted = 0;
  let total = 0;
  path.forEach((v, b) => {
    const start = bounds[b]!;
    const end = bounds[b + 1]!;
    const duration = end - start;
    const lift = v === 0 ? 0 : Math.max(0, Math.min(1, (scores[b * V + v]! - CHORD_MODEL.noChordScore) / (1 - CHORD_MODEL.noChordScore)));
    weighted += lift * duration;
    total += duration;
    const last = segments[segments.length - 1];
    if (last && last.name === VOCABULARY[v]!.name) last.end = end;
    else segments.push({ ...VOCABULARY[v]!, start, end, beat: b });
  });
  return { segments, confidence: total > 0 ? weighted / total : 0 };
}
