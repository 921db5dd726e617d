/**
 * Stem generation for a solo of any length: the solo is cut into overlapping
 * windows of the model's length, windows are predicted in small batches, and
 * each stem's windows are joined by crossfaded overlap-add (joiner.ts) and
 * turned into samples by the model's representation.
 *
 * Memory stays bounded: at any time only a batch of windows, the joiners'
 * overlap and the phase reconstruction's look-ahead are held; samples go to
 * `onBlock` as soon as they are final.
 */
import { STEMS, type Stem } from '../config.js';
import type { RemixModel } from '../model/saved/remix-model.js';
import type { FrameSynthesizer } from '../model/representation/index.js';
import type { ProgressCallback } from '../progress.js';
import { OverlapJoiner, type FrameBlock } from './joiner.js';

export interface GenerateOptions {
  /** Fraction of each window shared with the next (default 0.5). */
  overlap?: number;
  /** Windows per model call (default 8). */
  batchWindows?: number;
  /** Also generate the source stem instead of passing the solo through. */
  generateSource?: boolean;
  onProgress?: ProgressCallback;
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
 * Generates the four stems for `solo` (at the model's sample rate) and passes
 * them to `sink` in blocks; the blocks add up to exactly `solo.length` samples.
 */
export async function generateStems(model: RemixModel, solo: Float32Array, sink: StemBlockSink, options: GenerateOptions = {}): Promise<void> {
  const { config, representation } = model;
  const input = representation.soloInput(solo, config.normalisation);
  const T = model.timesteps;
  const hop = Math.max(1, Math.round(T * (1 - (options.overlap ?? 0.5))));
  const batchWindows = options.batchWindows ?? 8;
  const totalFrames = input.frames;
  const windowCount = Math.max(1, Math.ceil(Math.max(0, totalFrames - T) / hop) + 1);
  const passthrough = options.generateSource ? null : config.sourceStem;
  const generated = STEMS.filter((s) => s !== passthrough);
  const D = representation.outputDim;
  const joiners = new Map<Stem, OverlapJoiner>(generated.map((s) => [s, new OverlapJoiner(T, hop, D)]));
  const synths = new Map<Stem, FrameSynthesizer>(generated.map((s) => [s, representation.synthesizer(s, config.normalisation)]));
  const aligner = new StemAligner();
  let emitted = 0;
  const framesSeen = new Map<Stem, number>(generated.map((s) => [s, 0]));

  /** Sends joined frames to the stem's synthesizer (frames past the solo's end are dropped). */
  const pushFrames = (stem: Stem, block: FrameBlock) => {
    const seen = framesSeen.get(stem)!;
    const keep = Math.max(0, Math.min(block.count, totalFrames - seen));
    framesSeen.set(stem, seen + block.count);
    if (keep > 0) aligner.add(stem, synths.get(stem)!.push(block.data.subarray(0, keep * D), keep));
  };

  /** Hands every sample all stems have to the sink; the passed-through solo follows the generated stems. */
  const flushBlocks = async () => {
    if (passthrough) {
      const ready = emitted + Math.min(...generated.map((s) => aligner.available(s)));
      const have = emitted + aligner.available(passthrough);
      if (ready > have) aligner.add(passthrough, solo.subarray(have, Math.min(ready, solo.length)));
    }
    const block = aligner.take(solo.length - emitted);
    if (block) {
      emitted += block[STEMS[0]].length;
      await sink(block);
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
      for (let w = 0; w < count; w++) pushFrames(stem, joiners.get(stem)!.add(frames.subarray(w * T * D, (w + 1) * T * D)));
    }
    await flushBlocks();
    options.onProgress?.({ phase: 'generating stems', done: first + count, total: windowCount });
  }
  for (const stem of generated) {
    pushFrames(stem, joiners.get(stem)!.finish());
    aligner.add(stem, synths.get(stem)!.finish(solo.length));
  }
  await flushBlocks();
}
