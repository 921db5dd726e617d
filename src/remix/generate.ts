/**
 * Stem generation for a solo of any length: the solo is cut into overlapping
 * windows of the model's length (frames, or grid steps for the score
 * representation), windows are predicted in small batches, and each stem's windows
 * are joined by crossfaded overlap-add (joiner.ts) and turned into audio by the
 * model's representation, at the output rate asked for.
 *
 * Memory stays bounded for the audio representations at the model's rate: at any
 * time only a batch of windows, the joiners' overlap and the phase reconstruction's
 * look-ahead are held; samples go to the sink as soon as they are final. (Audio
 * representations asked for another rate are resampled whole at the end.)
 */
import { STEMS, type Stem } from '../config.js';
import type { RemixModel } from '../model/saved/remix-model.js';
import type { FrameSynthesizer, SynthesisOptions } from '../model/representation/index.js';
import type { Analysis } from '../analysis/analyse.js';
import type { ScoreNote } from '../score/score.js';
import type { ProgressCallback } from '../progress.js';
import { resample } from '../dsp/resample.js';
import { concat } from '../dsp/concat.js';
import { OverlapJoiner, type FrameBlock } from './joiner.js';

export interface GenerateOptions {
  /** Fraction of each window shared with the next (default 0.5). */
  overlap?: number;
  /** Windows per model call (default 8). */
  batchWindows?: number;
  /** Also generate the source stem instead of passing the solo through. */
  generateSource?: boolean;
  /** Rate, instruments and randomness of the audio (default: the model's rate, the most likely notes). */
  synthesis?: Partial<SynthesisOptions>;
  /** The solo's analysis, when the caller already has it. */
  analysis?: Analysis | null;
  /** Score models with styles: the style to play, or `auto` (chosen from the solo); none: no style. */
  style?: string | null;
  /** The solo as passed through, at the output rate (default: `solo`, when the rates agree). */
  passthrough?: Float32Array;
  onProgress?: ProgressCallback;
}

export interface GenerateResult {
  /** Samples per second of the blocks given to the sink. */
  sampleRate: number;
  /** The notes of each generated stem, for representations that play notes. */
  notes: Partial<Record<Stem, ScoreNote[]>>;
  /** What the representation heard in the solo, when it listened. */
  analysis: Analysis | null;
  /** The style the band played (asked for, or chosen by `auto`); null: none. */
  style: string | null;
  /** When `auto` chose the style: how sure it was (0–1); null otherwise. */
  styleConfidence: number | null;
}

/** Receives consecutive blocks of samples: `stems[stem]` for every stem, equal lengths. */
export type StemBlockSink = (block: Record<Stem, Float32Array>) => Promise<void> | void;

/** Streams one stem's final samples, aligned so that all stems leave in equal blocks. */
class StemAligner {
  private readonly pending = new Map<Stem, Float32Array[]>(STEMS.map((s) => [s, []]));
  private readonly lengths = new Map<Stem, number>(STEMS.map((s) => [s, 0]));

  add(stem: Stem, samples: Float32Array): void {
    if (samples.length === 0) return;
    this.pending.get(stem)!.push(samples);
    this.lengths.set(stem, this.lengths.get(stem)! + samples.length);
  }

  /** Samples of `stem` waiting to be taken. */
  available(stem: Stem): number {
    return this.lengths.get(stem)!;
  }

  /** Takes the samples every stem has (at most `limit`). */
  take(limit = Infinity): Record<Stem, Float32Array> | null {
    const count = Math.min(limit, ...STEMS.map((s) => this.lengths.get(s)!));
    if (count <= 0) return null;
    const block = {} as Record<Stem, Float32Array>;
    for (const stem of STEMS) {
      const out = new Float32Array(count);
      let filled = 0;
      const parts = this.pending.get(stem)!;
      while (filled < count) {
        const part = parts[0]!;
        const use = Math.min(part.length, count - filled);
        out.set(part.subarray(0, use), filled);
        filled += use;
        if (use === part.length) parts.shift();
        else parts[0] = part.subarray(use);
      }
      this.lengths.set(stem, this.lengths.get(stem)! - count);
      block[stem] = out;
    }
    return block;
  }
}

/**
 * Generates the four stems for `solo` (mono, at the model's sample rate) and passes
 * them to `sink` in blocks at the output rate; the blocks add up to the solo's length
 * at that rate.
 */
export async function generateStems(model: RemixModel, solo: Float32Array, sink: StemBlockSink, options: GenerateOptions = {}): Promise<GenerateResult> {
  const { config, representation } = model;
  const modelRate = config.sampleRate;
  const outputRate = options.synthesis?.sampleRate ?? modelRate;
  const synthRate = representation.rendersAtAnyRate ? outputRate : modelRate;
  const synthesis: SynthesisOptions = { ...options.synthesis, sampleRate: synthRate };
  const input = await representation.soloInput(solo, modelRate, config.normalisation, options.analysis, options.style);
  const T = model.timesteps;
  const hop = Math.max(1, Math.round(T * (1 - (options.overlap ?? 0.5))));
  const batchWindows = options.batchWindows ?? 8;
  const totalFrames = input.frames;
  const windowCount = Math.max(1, Math.ceil(Math.max(0, totalFrames - T) / hop) + 1);
  const passthrough = options.generateSource ? null : config.sourceStem;
  const generated = STEMS.filter((s) => s !== passthrough);
  const D = representation.outputDim;
  const outputLength = options.passthrough?.length ?? Math.round((solo.length * outputRate) / modelRate);
  const synthLength = synthRate === outputRate ? outputLength : Math.round((solo.length * synthRate) / modelRate);
  // The solo as the aligner passes it through, at the synthesis rate.
  const passthroughSignal = synthRate === modelRate ? solo : options.passthrough ?? null;
  const joiners = new Map<Stem, OverlapJoiner>(generated.map((s) => [s, new OverlapJoiner(T, hop, D)]));
  const synths = new Map<Stem, FrameSynthesizer>(generated.map((s) => [s, representation.synthesizer(s, config.normalisation, input, synthesis)]));
  // Audio representations asked for another rate: collect at the model's rate, resample at the end.
  const convert = synthRate !== outputRate;
  const collected = new Map<Stem, Float32Array[]>(STEMS.map((s) => [s, []]));
  const aligner = new StemAligner();
  let emitted = 0;
  const framesSeen = new Map<Stem, number>(generated.map((s) => [s, 0]));

  /** Sends joined frames to the stem's synthesizer (frames past the solo's end are dropped). */
  const pushFrames = async (stem: Stem, block: FrameBlock) => {
    const seen = framesSeen.get(stem)!;
    const keep = Math.max(0, Math.min(block.count, totalFrames - seen));
    framesSeen.set(stem, seen + block.count);
    if (keep > 0) aligner.add(stem, await synths.get(stem)!.push(block.data.subarray(0, keep * D), keep));
  };

  /** Hands every sample all stems have on; the passed-through solo follows the generated stems. */
  const flushBlocks = async () => {
    if (passthrough) {
      const ready = emitted + Math.min(...generated.map((s) => aligner.available(s)));
      const have = emitted + aligner.available(passthrough);
      const upTo = Math.min(ready, synthLength);
      if (upTo > have) aligner.add(passthrough, passthroughSignal ? passthroughSignal.subarray(have, upTo) : new Float32Array(upTo - have));
    }
    const block = aligner.take(synthLength - emitted);
    if (block) {
      emitted += block[STEMS[0]].length;
      if (convert) for (const stem of STEMS) collected.get(stem)!.push(block[stem]);
      else await sink(block);
    }
  };

  options.onProgress?.({ phase: 'generating stems', done: 0, total: windowCount });
  for (let first = 0; first < windowCount; first += batchWindows) {
    const count = Math.min(batchWindows, windowCount - first);
    const windows = new Float32Array(count * T * representation.inputDim);
    for (let w = 0; w < count; w++) windows.set(input.window((first + w) * hop, T), w * T * representation.inputDim);
    const output = model.predict(windows, count);
    for (const stem of generated) {
      const frames = output[stem];
      for (let w = 0; w < count; w++) await pushFrames(stem, joiners.get(stem)!.add(frames.subarray(w * T * D, (w + 1) * T * D)));
    }
    await flushBlocks();
    options.onProgress?.({ phase: 'generating stems', done: first + count, total: windowCount });
  }
  for (const stem of generated) await pushFrames(stem, joiners.get(stem)!.finish());
  // The synthesizers' tails, stem by stem in lockstep, so blocks leave as soon as every stem has them.
  const tails = generated.map((stem) => ({ stem, blocks: synths.get(stem)!.finish(synthLength)[Symbol.asyncIterator]() }));
  for (let open = tails; open.length; ) {
    const next: typeof tails = [];
    for (const tail of open) {
      const { value, done } = await tail.blocks.next();
      if (done) continue;
      aligner.add(tail.stem, value);
      next.push(tail);
    }
    await flushBlocks();
    open = next;
  }
  await flushBlocks();
  if (convert) {
    const block = {} as Record<Stem, Float32Array>;
    for (const stem of STEMS) {
      const signal = stem === passthrough && options.passthrough ? options.passthrough : await resample(concat(collected.get(stem)!), synthRate, outputRate);
      const out = new Float32Array(outputLength);
      out.set(signal.subarray(0, outputLength));
      block[stem] = out;
    }
    await sink(block);
  }
  const notes: Partial<Record<Stem, ScoreNote[]>> = {};
  for (const [stem, synth] of synths) if (synth.notes) notes[stem] = synth.notes();
  return { sampleRate: outputRate, notes, analysis: input.analysis, style: input.style ?? null, styleConfidence: input.styleConfidence ?? null };
}
