/**
 * The learned listener's conventions, written once: the features both networks read,
 * the bar-pointer model's state space, the chord vocabulary and the chord HMM's
 * penalties. Everything is at ANALYSIS_RATE (the DSP listener's rate); a solo at
 * another rate is resampled first.
 */
import { ANALYSIS_RATE } from '../analysis/settings.js';
import { NO_CHORD, QUALITIES, chordName, type ChordLabel } from '../analysis/chords.js';

export const LISTENER_RATE = ANALYSIS_RATE;

/** Beat features (madmom's, at 22.05 kHz): frames of two sizes at 100 per second, log-spaced bands, their positive differences. */
export const BEAT_FEATURES = {
  frameRate: 100,
  /** [frame size in samples, bands per octave, difference lag in frames] */
  frames: [
    [1024, 6, 1],
    [2048, 12, 2],
  ] as const,
  minHz: 30,
  maxHz: 10000,
} as const;

/** Chord features: a semitone spectrum (A1 to G#7) of 8192-sample frames, 10 per second, pooled per beat. */
export const CHORD_FEATURES = {
  nFft: 8192,
  frameRate: 10,
  /** MIDI notes of the lowest and highest semitone bands. */
  lowNote: 33,
  highNote: 104,
} as const;
export const CHORD_BANDS = CHORD_FEATURES.highNote - CHORD_FEATURES.lowNote + 1;

/** The bar-pointer model (Böck, Krebs & Widmer 2016; madmom's DBNDownBeatTrackingProcessor). */
export const BAR_POINTER = {
  minBpm: 55,
  maxBpm: 215,
  /** Tempi in the state space, log-spaced between the two. */
  tempi: 60,
  meters: [3, 4] as const,
  /** How sharply a tempo change is penalised at each beat: exp(-λ |τ'/τ − 1|). */
  transitionLambda: 100,
  /** The first 1/λ of each beat is where a beat is observed. */
  observationLambda: 16,
  /** A prior on the tempo, paid at each beat (bar-pointer.ts); chosen on the validation styles (none: tempo right 70 %, 10 % double; 1 octave: 74 %; ½ octave: 80 %, no doubles). */
  tempoPrior: { centreBpm: 110, octaves: 0.5 },
} as const;

/** The chord vocabulary the listener names: N, then every quality on every root. */
export const LISTENER_VOCABULARY: readonly ChordLabel[] = [NO_CHORD, ...QUALITIES.flatMap((quality) => Array.from({ length: 12 }, (_, root) => ({ root, quality, name: chordName(root, quality) }) as ChordLabel))];
export const chordClass = (root: number, quality: string): number => (root < 0 || quality === 'N' ? 0 : 1 + QUALITIES.indexOf(quality as never) * 12 + (((root % 12) + 12) % 12));

/** The chord HMM: a change costs this many nats, less on a downbeat. */
export const CHORD_HMM = { changeCost: 3, downbeatChangeCost: 1.2 } as const;

/**
 * Where the bars start, once the beats are known: the phase (which beat of B) whose
 * beats have the highest downbeat log-odds of the beat network plus this weight per
 * chord change heard there (chords change on downbeats). Chosen on the validation
 * styles: downbeat F mean 0.56 with the bar pointer's phase alone, 0.59 with the
 * log-odds alone, 0.63 with changes weighted 2 (no better beyond).
 */
export const DOWNBEAT_PHASE = { chordChangeWeight: 2 } as const;
