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
import { beatTempoCurve, bpmToLag, globalTempo, tempoAt, tempoCurve, type TempoCurve } from './tempo.js';
import { givenFrom, hasCorrections, keyOfChart, type AnalysisCorrections, type Given } from './corrections.js';
import { trackBeats } from './beats.js';
import { segmentChroma } from './harmony.js';
import { estimateMeter } from './meter.js';
import { estimateKey, keyName, type KeyEstimate } from './key.js';
import { recogniseChords, type ChordSegment } from './chords.js';
import { featureGrid, type FeatureGrid, type GridSources } from './grid.js';
import { beatAlternatives, type Alternative } from './alternatives.js';

export interface AnalyseOptions {
  /** Grid steps per beat (default 4: sixteenth notes). */
  subdivision?: number;
  /** How to name the recording in messages (a file name). */
  name?: string;
  /** The recording's own sample rate, when it was resampled for listening (its band ends below it). */
  sourceRate?: number;
  /** Who listens: 'learned' (default, when the shipped model is there), 'dsp', or a listener model's folder (listener/open.ts). */
  listener?: string;
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
  /** Who listened ('learned', 'dsp' or a listener model's folder), when known. */
  listener?: string;
  /** The chords were given (a chart, an analysis file), not heard: the band plays their tones. */
  chordsGiven?: boolean;
  /** Other readings that came close, each with the correction that picks it (alternatives.ts); none once the user corrected. */
  alternatives?: Alternative[];
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

/** What a listener heard: the beat and bar structure, the chords — the rest of an analysis follows from it (completeAnalysis). */
export interface Heard {
  tempo: { bpm: number; confidence: number; curve: TempoCurve };
  beats: number[];
  beatsPerBar: number;
  /** Index of the first downbeat in `beats`. */
  firstDownbeat: number;
  meterConfidence: number;
  chords: { segments: ChordSegment[]; confidence: number };
  /** Readings that came close (alternatives.ts). */
  alternatives?: Alternative[];
}

/** The silence check every listener makes first. */
export function checkAudible(samples: Float32Array, name: string): void {
  if (peak(samples) < SILENCE_PEAK) throw new RemixerError(`no steady beat found in ${name}: the recording is silent`);
}

/** Fewer than two beats is no beat at all. */
export function checkBeats(beats: readonly number[], name: string, duration: number): void {
  if (beats.length < 2) throw new RemixerError(`no steady beat found in ${name}: fewer than two beats in ${formatSeconds(duration)}`);
}

/**
 * The analysis every listener gives from what it heard: the key (the solo's pitch-class
 * profile on the beats, with the chords as evidence), the feature grid on the beats,
 * and the warnings a user should see.
 */
export function completeAnalysis(samples: Float32Array, sources: GridSources, heard: Heard, options: AnalyseOptions = {}): Analysis {
  const name = options.name ?? 'the solo';
  const duration = samples.length / ANALYSIS_RATE;
  const { beats } = heard;
  const period = 60 / tempoAt(heard.tempo.curve, beats[beats.length - 1]!);
  const bounds = [...beats, Math.min(duration, beats[beats.length - 1]! + period)];
  const beatChroma = segmentChroma(sources.chroma, bounds);
  const profile = new Float64Array(12);
  for (let i = 0; i < beatChroma.length; i++) profile[i % 12]! += beatChroma[i]!;
  const chords = heard.chords.segments;
  const evidence = chords.filter((c) => c.quality !== 'N').map((c) => ({ root: c.root, minor: c.quality === 'min' || c.quality === 'min7', dominant: c.quality === '7', duration: c.end - c.start }));
  const key = estimateKey(profile, evidence);
  const grid = featureGrid(sources, beats, heard.beatsPerBar, heard.firstDownbeat, options.subdivision ?? DEFAULT_SUBDIVISION, period);
  const warnings: string[] = [];
  const flatness = spectralFlatness(samples, ANALYSIS_RATE, { maxHz: Math.min(8000, 0.45 * (options.sourceRate ?? ANALYSIS_RATE)) });
  if (flatness > NOISE_FLATNESS) warnings.push(`${name} sounds like noise rather than an instrument (spectral flatness ${flatness.toFixed(2)}; a played note is below ${NOISE_FLATNESS}): the band follows a guess`);
  if (heard.tempo.confidence < CONFIDENCE_FLOORS.tempo) warnings.push(`no steady beat found in ${name}: the tempo (${heard.tempo.bpm.toFixed(0)} BPM) is a guess (confidence ${heard.tempo.confidence.toFixed(2)})`);
  if (key.confidence < CONFIDENCE_FLOORS.key) warnings.push(`no clear key in ${name} (confidence ${key.confidence.toFixed(2)})`);
  if (heard.chords.confidence < CONFIDENCE_FLOORS.chords) warnings.push(`little harmony to go on in ${name}: the chords are uncertain (confidence ${heard.chords.confidence.toFixed(2)})`);
  return {
    duration,
    tempo: heard.tempo,
    beats,
    beatsPerBar: heard.beatsPerBar,
    downbeats: beats.filter((_, b) => b >= heard.firstDownbeat && (b - heard.firstDownbeat) % heard.beatsPerBar === 0),
    meterConfidence: heard.meterConfidence,
    key,
    chords,
    chordConfidence: heard.chords.confidence,
    grid,
    warnings,
    ...(heard.alternatives?.length ? { alternatives: heard.alternatives } : {}),
  };
}

/** A listener: hears a whole solo, or the chords on beats it is given (mono audio at ANALYSIS_RATE). */
export interface Listener {
  listen(samples: Float32Array, options?: AnalyseOptions): Analysis;
  chordsOn(samples: Float32Array, beats: readonly number[], downbeat: readonly boolean[]): { segments: ChordSegment[]; confidence: number };
}

/** The DSP listener's chords on given beats: beat chroma against templates, an HMM. */
export function dspChordsOn(samples: Float32Array, beats: readonly number[]): { segments: ChordSegment[]; confidence: number } {
  const duration = samples.length / ANALYSIS_RATE;
  const sources = listeningSources(samples);
  const period = beats.length > 1 ? beats[beats.length - 1]! - beats[beats.length - 2]! : 0.5;
  const bounds = [...beats, Math.min(duration, beats[beats.length - 1]! + period)];
  return recogniseChords(bounds, segmentChroma(sources.chroma, bounds), segmentChroma(sources.bassChroma, bounds));
}

/** The DSP listener: autocorrelation tempo, dynamic-programming beats, chroma templates (mono audio at ANALYSIS_RATE). */
export function analyseSamples(samples: Float32Array, options: AnalyseOptions = {}): Analysis {
  const name = options.name ?? 'the solo';
  const duration = samples.length / ANALYSIS_RATE;
  checkAudible(samples, name);
  const sources = listeningSources(samples);
  const { envelope, frameRate } = sources.onset;
  const tempo = globalTempo(envelope, frameRate);
  const curve = tempoCurve(envelope, frameRate, tempo.bpm);
  const beats = trackBeats(envelope, (frame) => bpmToLag(tempoAt(curve, frame / frameRate), frameRate)).map((f) => f / frameRate);
  checkBeats(beats, name, duration);
  const period = 60 / tempoAt(curve, beats[beats.length - 1]!);
  const bounds = [...beats, Math.min(duration, beats[beats.length - 1]! + period)];
  const beatChroma = segmentChroma(sources.chroma, bounds);
  const beatBass = segmentChroma(sources.bassChroma, bounds);
  const chords = recogniseChords(bounds, beatChroma, beatBass);
  const strength = (t: number) => envelope[Math.max(0, Math.min(envelope.length - 1, Math.round(t * frameRate)))]!;
  const chordChange = new Float32Array(beats.length);
  for (let i = 1; i < chords.segments.length; i++) if (chords.segments[i]!.quality !== 'N' && chords.segments[i - 1]!.quality !== 'N') chordChange[chords.segments[i]!.beat] = 1;
  const meter = estimateMeter({ chroma: beatChroma, bass: beatBass, accent: accents(sources.onset, beats), bassEnergy: bassEnergies(sources, bounds), chordChange });
  return completeAnalysis(samples, sources, {
    tempo: { bpm: tempo.bpm, confidence: tempo.confidence, curve },
    beats,
    beatsPerBar: meter.beatsPerBar,
    firstDownbeat: meter.firstDownbeat,
    meterConfidence: meter.confidence,
    chords,
    alternatives: beatAlternatives(beats, strength, tempo.bpm),
  }, options);
}

/** Analysis of a mono solo at any rate (resampled to ANALYSIS_RATE first). */
export const DSP_LISTENER: Listener = { listen: analyseSamples, chordsOn: dspChordsOn };

export interface AnalyseWith extends AnalyseOptions {
  /** What the user says the listener got wrong (corrections.ts). */
  corrections?: AnalysisCorrections;
  /** What the user gives as it is: an analysis file's beats, meter, chords, key (analysis-file.ts). */
  given?: Given;
}

/**
 * What `listener` (named `choice`) hears in a solo at any rate (resampled to ANALYSIS_RATE
 * first), with what the user gives or corrects taken as given: a given beat is not listened
 * for, chords not given are heard on the final beats, the key and the grid follow. Which
 * listener hears is chosen above (listen/analyse.ts): this module defines what a listener is.
 */
export async function analyseWith(listener: Listener, choice: string, solo: Float32Array, sampleRate: number, options: AnalyseWith = {}): Promise<Analysis> {
  const samples = sampleRate === ANALYSIS_RATE ? solo : await resample(solo, sampleRate, ANALYSIS_RATE);
  const settings: AnalyseOptions = { sourceRate: sampleRate, ...options };
  const name = settings.name ?? 'the solo';
  const duration = samples.length / ANALYSIS_RATE;
  checkAudible(samples, name);
  let given = options.given;
  const heard = given?.beats ? null : listener.listen(samples, settings);
  if (options.corrections && hasCorrections(options.corrections)) {
    const chart = options.corrections.chords !== undefined ? await readChartText(options.corrections.chords) : undefined;
    const base = heard ?? { beats: given!.beats!, beatsPerBar: given!.beatsPerBar ?? 4, downbeats: [given!.beats![given!.firstDownbeat ?? 0]!] };
    given = { ...given, ...givenFrom(options.corrections, base, duration, chart) };
  }
  if (!given) return { ...heard!, listener: choice };
  const beats = given.beats ?? heard!.beats;
  checkBeats(beats, name, duration);
  const beatsPerBar = given.beatsPerBar ?? heard!.beatsPerBar;
  const firstDownbeat = given.firstDownbeat ?? Math.max(0, beats.indexOf(heard!.downbeats[0] ?? beats[0]!));
  const downbeat = beats.map((_, b) => b >= firstDownbeat && (b - firstDownbeat) % beatsPerBar === 0);
  const sameBeats = heard !== null && given.beats === undefined;
  const chords = given.chords ? { segments: given.chords, confidence: 1 } : sameBeats ? { segments: heard!.chords, confidence: heard!.chordConfidence } : listener.chordsOn(samples, beats, downbeat);
  const curve = beatTempoCurve(beats);
  const bpms = [...curve.bpm].sort((a, b) => a - b);
  const analysis = completeAnalysis(samples, listeningSources(samples), {
    tempo: { bpm: given.beats ? bpms[Math.floor(bpms.length / 2)]! : heard!.tempo.bpm, confidence: given.beats ? 1 : heard!.tempo.confidence, curve: given.beats ? curve : heard!.tempo.curve },
    beats,
    beatsPerBar,
    firstDownbeat,
    meterConfidence: given.beatsPerBar !== undefined ? 1 : heard!.meterConfidence,
    chords,
  }, settings);
  if (given.key) analysis.key = { ...given.key, name: keyName(given.key.tonic, given.key.mode), confidence: 1 };
  // A chart a musician gave says the key better than what was heard of the solo.
  else if (given.chords) analysis.key = keyOfChart(given.chords);
  return { ...analysis, listener: choice, ...(given.chords ? { chordsGiven: true } : {}) };
}

/** A --chords value: the chart itself, or a file holding it. */
async function readChartText(value: string): Promise<string | undefined> {
  const { promises: fs } = await import('node:fs');
  const stat = await fs.stat(value).catch(() => null);
  return stat?.isFile() ? fs.readFile(value, 'utf8') : undefined;
}
