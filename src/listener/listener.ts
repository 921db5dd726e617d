/**
 * The learned listener, madmom's processors chained as small steps:
 *
 *   samples → beatFeatures → standardise → beat network (BiLSTM) → P(none, beat, downbeat) per frame
 *           → bar pointer (Viterbi over tempo × bar position) → tempo curve, beats, meter
 *           → where the bars start: downbeat log-odds and chord changes per phase (DOWNBEAT_PHASE)
 *           → semitone spectrogram pooled on those beats (+ downbeat flag) → chord network → P(chord) per beat
 *           → chord HMM (changes cheaper on downbeats) → chords
 *           → completeAnalysis: key, feature grid, warnings (shared with the DSP listener)
 *
 * A LearnedListener holds its two networks; load it once and listen many times.
 */
import { ANALYSIS_RATE } from '../analysis/settings.js';
import { checkAudible, checkBeats, completeAnalysis, listeningSources, type AnalyseOptions, type Analysis } from '../analysis/analyse.js';
import { beatTempoCurve } from '../analysis/tempo.js';
import type { ChordSegment } from '../analysis/chords.js';
import type { Listener } from '../analysis/analyse.js';
import { beatAlternatives, downbeatAlternatives } from '../analysis/alternatives.js';
import { decodeBarPointer, type BarPointerResult } from './bar-pointer.js';
import { chordSegments, decodeChordLabels } from './chord-hmm.js';
import { beatChroma, beatFeatures, semitoneSpectrogram } from './features.js';
import { runNetwork } from './inference.js';
import { loadListener, standardise, type LoadedListener } from './saved.js';
import { BEAT_FEATURES, CHORD_BANDS, DOWNBEAT_PHASE, LISTENER_VOCABULARY } from './spec.js';

/** The chord network's input for each beat: the pooled semitone spectrum and whether the beat starts a bar. [beats × (CHORD_BANDS + 1)] */
export function chordInput(chroma: Float32Array, beats: number, downbeat: readonly boolean[]): Float32Array {
  const dims = CHORD_BANDS + 1;
  const out = new Float32Array(beats * dims);
  for (let b = 0; b < beats; b++) {
    out.set(chroma.subarray(b * CHORD_BANDS, (b + 1) * CHORD_BANDS), b * dims);
    out[b * dims + CHORD_BANDS] = downbeat[b] ? 1 : 0;
  }
  return out;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.floor(sorted.length / 2)]! : 0;
};

export class LearnedListener implements Listener {
  private constructor(private readonly loaded: LoadedListener) {}

  static async load(dir: string): Promise<LearnedListener> {
    return new LearnedListener(await loadListener(dir));
  }

  get dir(): string {
    return this.loaded.dir;
  }

  get file() {
    return this.loaded.file;
  }

  /** Per frame P(none, beat, downbeat) of mono samples at ANALYSIS_RATE. [frames × 3] */
  beatActivations(samples: Float32Array): { frames: number; activations: Float32Array } {
    const features = beatFeatures(samples, ANALYSIS_RATE);
    standardise(features.data, features.dims, this.loaded.file.beats.normalisation);
    return { frames: features.frames, activations: runNetwork(this.loaded.beats, features.data, features.frames) };
  }

  /** Per beat P(chord) of mono samples at ANALYSIS_RATE, on the given beats. [beats × vocabulary] */
  chordProbabilities(samples: Float32Array, beats: readonly number[], downbeat: readonly boolean[]): Float32Array {
    const spectrum = semitoneSpectrogram(samples, ANALYSIS_RATE);
    const input = chordInput(beatChroma(spectrum, beats, samples.length / ANALYSIS_RATE), beats.length, downbeat);
    standardise(input, CHORD_BANDS + 1, this.loaded.file.chords.normalisation);
    return runNetwork(this.loaded.chords, input, beats.length);
  }

  /** The chords on given beats (mono samples at ANALYSIS_RATE). */
  chordsOn(samples: Float32Array, beats: readonly number[], downbeat: readonly boolean[]): { segments: ChordSegment[]; confidence: number } {
    const probabilities = this.chordProbabilities(samples, beats, downbeat);
    const labels = decodeChordLabels(probabilities, beats.length, downbeat);
    const V = LISTENER_VOCABULARY.length;
    const confidence = labels.reduce((sum, label, b) => sum + probabilities[b * V + label]!, 0) / Math.max(1, labels.length);
    return { segments: chordSegments(labels, beats, samples.length / ANALYSIS_RATE), confidence };
  }

  /** The first downbeat (a beat index below B) and every phase's score: beat-network downbeat log-odds plus chord changes, per phase (spec.ts's DOWNBEAT_PHASE). */
  private downbeatPhase(samples: Float32Array, frames: number, activations: Float32Array, beats: readonly number[], beatsPerBar: number): { best: number; scores: number[] } {
    const flat = beats.map(() => false);
    const labels = decodeChordLabels(this.chordProbabilities(samples, beats, flat), beats.length, flat);
    let best = 0;
    let bestScore = -Infinity;
    const scores: number[] = [];
    for (let phase = 0; phase < beatsPerBar; phase++) {
      let score = 0;
      for (let b = phase; b < beats.length; b += beatsPerBar) {
        const f = Math.min(frames - 1, Math.round(beats[b]! * BEAT_FEATURES.frameRate));
        const down = activations[f * 3 + 2]!;
        const beat = activations[f * 3 + 1]!;
        score += Math.log((down + 1e-4) / (beat + down + 2e-4)) + (b > 0 && labels[b] !== labels[b - 1] ? DOWNBEAT_PHASE.chordChangeWeight : 0);
      }
      scores.push(score);
      if (score > bestScore) [best, bestScore] = [phase, score];
    }
    return { best, scores };
  }

  /** What the listener hears in mono samples at ANALYSIS_RATE. */
  listen(samples: Float32Array, options: AnalyseOptions = {}): Analysis {
    const name = options.name ?? 'the solo';
    const duration = samples.length / ANALYSIS_RATE;
    checkAudible(samples, name);
    const { frames, activations } = this.beatActivations(samples);
    const bar: BarPointerResult = decodeBarPointer(activations, frames, BEAT_FEATURES.frameRate);
    const beats = bar.beats;
    checkBeats(beats, name, duration);
    const phases = this.downbeatPhase(samples, frames, activations, beats, bar.beatsPerBar);
    const firstDownbeat = phases.best;
    const downbeat = beats.map((_, b) => b >= firstDownbeat && (b - firstDownbeat) % bar.beatsPerBar === 0);
    const chords = this.chordsOn(samples, beats, downbeat);
    // Confidence in the beat: how sure the network was at the beats the decoder chose.
    const beatConfidence = beats.reduce((sum, t) => {
      const f = Math.min(frames - 1, Math.round(t * BEAT_FEATURES.frameRate));
      return sum + activations[f * 3 + 1]! + activations[f * 3 + 2]!;
    }, 0) / beats.length;
    const meters = Object.values(bar.meterLogProbabilities).sort((a, b) => b - a);
    const meterConfidence = meters.length > 1 ? 1 - Math.exp(-(meters[0]! - meters[1]!) / Math.max(1, bar.downbeats.length)) : 1;
    const bpm = median(bar.beatBpm);
    const strength = (t: number) => {
      const f = Math.max(0, Math.min(frames - 1, Math.round(t * BEAT_FEATURES.frameRate)));
      return activations[f * 3 + 1]! + activations[f * 3 + 2]!;
    };
    return completeAnalysis(samples, listeningSources(samples), {
      tempo: { bpm, confidence: beatConfidence, curve: beatTempoCurve(beats) },
      beats,
      beatsPerBar: bar.beatsPerBar,
      firstDownbeat,
      meterConfidence,
      chords,
      alternatives: [...beatAlternatives(beats, strength, bpm), ...downbeatAlternatives(beats, phases.scores, firstDownbeat, bar.beatsPerBar)],
    }, options);
  }

  /** Nothing to free (plain arrays); kept so a listener can be handed back like a model. */
  dispose(): void {}
}

