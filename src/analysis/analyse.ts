/**
 * Listening to a solo: `analyse(solo, sampleRate)` → tempo and beats, meter and
 * downbeats, key, chords on beats, and the beat-synchronous feature grid, each
 * with a confidence, and warnings when the solo gives too little to go on.
 *
 * Pipeline (all at ANALYSIS_RATE): onset strength (dsp/onset.ts) → global tempo and
 * a local tempo curve (tempo.ts) → beats by dynamic programming along that curve
 * (beats.ts) → beat-level pitch-class profiles (harmony.ts) → meter and downbeats
 * (meter.ts), key (key.ts), chords (chords.ts) → the feature grid (grid.ts).
 */
import { RemixerError } from '../errors.js';
import { formatSeconds } from '../format-seconds.js';
import { onsetStrength, type OnsetEnvelope } from '../dsp/onset.js';
import { chromaFrames } from '../dsp/chroma.js';
import { resample } from '../dsp/resample.js';
import { peak } from '../dsp/levels.js';
import { spectralFlatness } from '../dsp/flatness.js';
import { ANALYSIS_RATE, BASS_CHROMA, CHROMA, DEFAULT_SUBDIVISION, SILENCE_PEAK } from './settings.js';
import { bpmToLag, globalTempo, tempoAt, tempoCurve, type TempoCurve } from './tempo.js';
import { trackBeats } from './beats.js';
import { segmentChroma } from './harmony.js';
import { estimateMeter } from './meter.js';
import { estimateKey, type KeyEstimate } from './key.js';
import { recogniseChords, type ChordSegment } from './chords.js';
import { featureGrid, type FeatureGrid, type GridSources } from './grid.js';

export interface AnalyseOptions {
  /** Grid steps per beat (default 4: sixteenth notes). */
  subdivision?: number;
  /** How to name the recording in messages (a file name). */
  name?: string;
  /** The recording's own sample rate, when it was resampled for listening (its band ends below it). */
  sourceRate?: number;
}

export interface Analysis {
  /** Seconds of audio analysed. */
  duration: number;
  tempo: { bpm: number; confidence: number; curve: TempoCurve };
  /** Beat times, seconds. */
  beats: number[];
  beatsPerBar: number;
  /** Downbeat times (a subset of beats). */
  downbeats: number[];
  meterConfidence: number;
  key: KeyEstimate;
  /** Chords on beats; N where no chord fits. */
  chords: ChordSegment[];
  chordConfidence: number;
  grid: FeatureGrid;
  /** What the analysis could not be sure of, in words. */
  warnings: string[];
}

/** Below these confidences the analysis warns (the result is a guess). */
export const CONFIDENCE_FLOORS = { tempo: 0.2, key: 0.1, chords: 0.3 } as const;
/**
 * Above this spectral flatness (dsp/flatness.ts) a solo sounds like noise, not an
 * instrument: white noise measures 0.56, pink 0.32, a piano 0.07, a drum kit 0.07.
 */
export const NOISE_FLATNESS = 0.2;

/** The listening features of mono audio at ANALYSIS_RATE. */
export function listeningSources(samples: Float32Array): GridSources {
  return {
    samples,
    sampleRate: ANALYSIS_RATE,
    onset: onsetStrength(samples, ANALYSIS_RATE),
    chroma: chromaFrames(samples, ANALYSIS_RATE, CHROMA),
    bassChroma: chromaFrames(samples, ANALYSIS_RATE, BASS_CHROMA),
  };
}

/** The strongest onset within ±50 ms of each time. */
function accents(onset: OnsetEnvelope, times: readonly number[]): Float32Array {
  const reach = Math.round(0.05 * onset.frameRate);
  return Float32Array.from(times, (t) => {
    const centre = Math.round(t * onset.frameRate);
    let strongest = 0;
    for (let f = Math.max(0, centre - reach); f <= Math.min(onset.envelope.length - 1, centre + reach); f++) strongest = Math.max(strongest, onset.envelope[f]!);
    return strongest;
  });
}

/** Bass-register energy in the first quarter of each beat. */
function bassEnergies(sources: GridSources, bounds: readonly number[]): Float32Array {
  const { bassChroma } = sources;
  return Float32Array.from({ length: bounds.length - 1 }, (_, b) => {
    const from = Math.max(0, Math.round(bounds[b]! * bassChroma.frameRate));
    const to = Math.min(bassChroma.frames, Math.max(from + 1, Math.round((bounds[b]! + (bounds[b + 1]! - bounds[b]!) / 4) * bassChroma.frameRate)));
    let energy = 0;
    for (let f = from; f < to; f++) energy += bassChroma.energy[f]!;
    return Math.sqrt(energy / Math.max(1, to - from));
  });
}

/** Beat times of mono audio at ANALYSIS_RATE (tempo, tempo curve and beats only); none for silence. */
export function beatTimesOf(samples: Float32Array): number[] {
  if (peak(samples) < SILENCE_PEAK) return [];
  const { envelope, frameRate } = onsetStrength(samples, ANALYSIS_RATE);
  const tempo = globalTempo(envelope, frameRate);
  const curve = tempoCurve(envelope, frameRate, tempo.bpm);
  return trackBeats(envelope, (frame) => bpmToLag(tempoAt(curve, frame / frameRate), frameRate)).map((f) => f / frameRate);
}

/** Beat times of mono audio at any rate. */
export async function beatTimes(signal: Float32Array, sampleRate: number): Promise<number[]> {
  return beatTimesOf(sampleRate === ANALYSIS_RATE ? signal : await resample(signal, sampleRate, ANALYSIS_RATE));
}

/** Analysis of mono audio already at ANALYSIS_RATE. */
export function analyseSamples(samples: Float32Array, options: AnalyseOptions = {}): Analysis {
  const name = options.name ?? 'the solo';
  const duration = samples.length / ANALYSIS_RATE;
  if (peak(samples) < SILENCE_PEAK) throw new RemixerError(`no steady beat found in ${name}: the recording is silent`);
  const sources = listeningSources(samples);
  const { envelope, frameRate } = sources.onset;
  const tempo = globalTempo(envelope, frameRate);
  const curve = tempoCurve(envelope, frameRate, tempo.bpm);
  const beats = trackBeats(envelope, (frame) => bpmToLag(tempoAt(curve, frame / frameRate), frameRate)).map((f) => f / frameRate);
  if (beats.length < 2) throw new RemixerError(`no steady beat found in ${name}: fewer than two beats in ${formatSeconds(duration)}`);
  const period = 60 / tempoAt(curve, beats[beats.length - 1]!);
  const bounds = [...beats, Math.min(duration, beats[beats.length - 1]! + period)];
  const beatChroma = segmentChroma(sources.chroma, bounds);
  const beatBass = segmentChroma(sources.bassChroma, bounds);
  const chords = recogniseChords(bounds, beatChroma, beatBass);
  const chordChange = new Float32Array(beats.length);
  for (let i = 1; i < chords.segments.length; i++) if (chords.segments[i]!.quality !== 'N' && chords.segments[i - 1]!.quality !== 'N') chordChange[chords.segments[i]!.beat] = 1;
  const meter = estimateMeter({ chroma: beatChroma, bass: beatBass, accent: accents(sources.onset, beats), bassEnergy: bassEnergies(sources, bounds), chordChange });
  const profile = new Float64Array(12);
  for (let i = 0; i < beatChroma.length; i++) profile[i % 12]! += beatChroma[i]!;
  const heard = chords.segments.filter((c) => c.quality !== 'N').map((c) => ({ root: c.root, minor: c.quality === 'min' || c.quality === 'min7', dominant: c.quality === '7', duration: c.end - c.start }));
  const key = estimateKey(profile, heard);
  const grid = featureGrid(sources, beats, meter.beatsPerBar, meter.firstDownbeat, options.subdivision ?? DEFAULT_SUBDIVISION, period);
  const warnings: string[] = [];
  const flatness = spectralFlatness(samples, ANALYSIS_RATE, { maxHz: Math.min(8000, 0.45 * (options.sourceRate ?? ANALYSIS_RATE)) });
  if (flatness > NOISE_FLATNESS) warnings.push(`${name} sounds like noise rather than an instrument (spectral flatness ${flatness.toFixed(2)}; a played note is below ${NOISE_FLATNESS}): the band follows a guess`);
  if (tempo.confidence < CONFIDENCE_FLOORS.tempo) warnings.push(`no steady beat found in ${name}: the tempo (${tempo.bpm.toFixed(0)} BPM) is a guess (confidence ${tempo.confidence.toFixed(2)})`);
  if (key.confidence < CONFIDENCE_FLOORS.key) warnings.push(`no clear key in ${name} (confidence ${key.confidence.toFixed(2)})`);
  if (chords.confidence < CONFIDENCE_FLOORS.chords) warnings.push(`little harmony to go on in ${name}: the chords are uncertain (confidence ${chords.confidence.toFixed(2)})`);
  return {
    duration,
    tempo: { bpm: tempo.bpm, confidence: tempo.confidence, curve },
    beats,
    beatsPerBar: meter.beatsPerBar,
    downbeats: beats.filter((_, b) => b >= meter.firstDownbeat && (b - meter.firstDownbeat) % meter.beatsPerBar === 0),
    meterConfidence: meter.confidence,
    key,
    chords: chords.segments,
    chordConfidence: chords.confidence,
    grid,
    warnings,
  };
}

/** Analysis of a mono solo at any rate (resampled to ANALYSIS_RATE first). */
export async function analyse(solo: Float32Array, sampleRate: number, options: AnalyseOptions = {}): Promise<Analysis> {
  const samples = sampleRate === ANALYSIS_RATE ? solo : await resample(solo, sampleRate, ANALYSIS_RATE);
  return analyseSamples(samples, { sourceRate: sampleRate, ...options });
}
