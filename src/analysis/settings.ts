/**
 * The listening module's conventions, derived from each other here and nowhere else.
 * Everything is analysed at ANALYSIS_RATE (a solo at another rate is resampled first).
 */
import { ONSET_HOP_AT_22050 } from '../dsp/onset.js';
import type { ChromaSettings } from '../dsp/chroma.js';

export const ANALYSIS_RATE = 22050;
/** Onset-strength frames per second (dsp/onset.ts: hop 256 at 22050 Hz → 86.1 frames/s, 11.6 ms). */
export const ONSET_FRAME_RATE = ANALYSIS_RATE / ONSET_HOP_AT_22050;

/** Harmony: pitch classes of C2..C7, 186 ms windows every 23 ms. */
export const CHROMA: ChromaSettings = { nFft: 4096, hop: 512, minHz: 63, maxHz: 2200 };
/** The bass register (A0..D3, below 150 Hz) needs finer bins: 372 ms windows, 2.7 Hz apart. */
export const BASS_CHROMA: ChromaSettings = { nFft: 8192, hop: 512, minHz: 26, maxHz: 150 };

/** Tempi considered, and the tactus preference (log-normal prior, McKinney & Moelants' resonance near 110-120 BPM). */
export const TEMPO = {
  minBpm: 40,
  maxBpm: 240,
  /** Octave-related candidates are folded towards this tempo (the geometric centre of 80-160 BPM). */
  preferredBpm: Math.sqrt(80 * 160),
  /** Local tempo: autocorrelation windows of this length, every hop. */
  windowSeconds: 6,
  hopSeconds: 0.5,
  /** Largest local tempo deviation followed from the global tempo (±25%). */
  maxDeviation: 0.25,
  /** Cost of a tempo change between local windows, per octave² (the Viterbi's smoothness). */
  changeCost: 400,
} as const;

/** Ellis (2007) dynamic-programming beat tracker, librosa's defaults. */
export const BEATS = { tightness: 100 } as const;

/** Bar lengths considered, in beats; the first is preferred on a tie. */
export const METERS = [4, 3] as const;

/** The default step of the feature grid: sixteenth notes (4 per beat). */
export const DEFAULT_SUBDIVISION = 4;

/** Below this peak level (-60 dBFS) a recording counts as silent. */
export const SILENCE_PEAK = 1e-3;
