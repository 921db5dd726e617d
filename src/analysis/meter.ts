/**
 * Meter and downbeats from beat-level cues: where the harmony changes (cosine
 * distance between the pitch-class profiles before and after a beat, and where the
 * recognised chords change), where the bass register is struck, and how strong each
 * beat's onset is. For every bar length in METERS
 * and every phase, the cue at the phase's beats is compared with the cue elsewhere;
 * the best pair gives beats per bar and the first downbeat. Confidence: the winner's
 * margin over the runner-up, scaled to [0, 1].
 */
import { METERS } from './settings.js';
import { cosine12 } from './harmony.js';

export interface MeterEstimate {
  beatsPerBar: number;
  /** Index of the first beat that is a downbeat. */
  firstDownbeat: number;
  confidence: number;
}

export interface BeatCues {
  /** [beats × 12] pitch-class profiles. */
  chroma: Float32Array;
  /** [beats × 12] bass-register profiles. */
  bass: Float32Array;
  /** Onset strength at each beat. */
  accent: Float32Array;
  /** Bass-register energy at each beat (any scale). */
  bassEnergy: Float32Array;
  /** 1 where the recognised chord changes at the beat (chords.ts), else 0. */
  chordChange: Float32Array;
}

/** Standardised copy (zero mean, unit deviation; zeros when constant). */
function standardise(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i]!;
  mean /= Math.max(1, n);
  let variance = 0;
  for (let i = 0; i < n; i++) variance += (values[i]! - mean) ** 2;
  const std = Math.sqrt(variance / Math.max(1, n));
  return Float64Array.from({ length: n }, (_, i) => (std > 0 ? (values[i]! - mean) / std : 0));
}

/** Beats compared on each side of a beat when looking for a harmony change (averaged over these scales). */
const CHANGE_CONTEXTS = [1, 2, 4];

/** Sum of the profiles of beats [from, to) (clipped to the song). */
function pooled(profiles: Float32Array, from: number, to: number): Float64Array {
  const out = new Float64Array(12);
  const beats = profiles.length / 12;
  for (let b = Math.max(0, from); b < Math.min(beats, to); b++) for (let c = 0; c < 12; c++) out[c]! += profiles[b * 12 + c]!;
  return out;
}

/**
 * The downbeat-likeness of every beat: how much the harmony (and the bass) changes
 * between the beats before it and the beats from it, over 1, 2 and 4 beats (so the
 * notes of one arpeggiated chord do not count as changes), whether the recognised
 * chord changes there, its accent and its bass energy, each standardised.
 */
export function downbeatCue(cues: BeatCues): Float64Array {
  const beats = cues.accent.length;
  const change = new Float64Array(beats);
  for (let b = 1; b < beats; b++) {
    for (const w of CHANGE_CONTEXTS) {
      const similarity = cosine12(pooled(cues.chroma, b - w, b), 0, pooled(cues.chroma, b, b + w));
      const bassSimilarity = cosine12(pooled(cues.bass, b - w, b), 0, pooled(cues.bass, b, b + w));
      change[b]! += (1 - similarity + 0.5 * (1 - bassSimilarity)) / CHANGE_CONTEXTS.length;
    }
  }
  if (beats > 1) change[0] = change[1]!;
  const [c, a, e, k] = [standardise(change), standardise(cues.accent), standardise(cues.bassEnergy), standardise(cues.chordChange)];
  return Float64Array.from({ length: beats }, (_, b) => c[b]! + 0.5 * a[b]! + 0.5 * e[b]! + k[b]!);
}

export function estimateMeter(cues: BeatCues): MeterEstimate {
  const cue = downbeatCue(cues);
  const beats = cue.length;
  const candidates: { beatsPerBar: number; phase: number; score: number }[] = [];
  for (const [rank, beatsPerBar] of METERS.entries()) {
    if (beats < 2 * beatsPerBar) continue;
    for (let phase = 0; phase < beatsPerBar; phase++) {
      let on = 0, onCount = 0, off = 0, offCount = 0;
      for (let b = 0; b < beats; b++) {
        if ((b - phase) % beatsPerBar === 0) {
          on += cue[b]!;
          onCount++;
        } else {
          off += cue[b]!;
          offCount++;
        }
      }
      // A small preference for the first meter listed, so a tie goes to 4/4.
      candidates.push({ beatsPerBar, phase, score: on / Math.max(1, onCount) - off / Math.max(1, offCount) - 0.05 * rank });
    }
  }
  if (candidates.length === 0) return { beatsPerBar: METERS[0], firstDownbeat: 0, confidence: 0 };
  candidates.sort((x, y) => y.score - x.score);
  const best = candidates[0]!;
  const runnerUp = candidates[1]?.score ?? 0;
  return { beatsPerBar: best.beatsPerBar, firstDownbeat: best.phase, confidence: Math.max(0, Math.min(1, (best.score - runnerUp) / 1.5)) };
}
