/**
 * A band's parts (notes per stem) played by General MIDI instruments through a
 * SoundFont: each stem rendered on its own (drums on the standard kit, the others on
 * their programs), dry, with the shared room (render/room.ts), mono at the given rate,
 * optionally brought to a level per stem. Streams: memory stays bounded however long
 * the part is.
 */
import { STEMS, type Stem } from '../config.js';
import type { ScoreNote } from '../score/score.js';
import { concat } from '../dsp/concat.js';
import { renderMidiBlocks } from '../render/midi-render.js';
import { DEFAULT_PROGRAMS } from '../render/programs.js';
import { roomFor } from '../render/room.js';
import { partsToMidi, type TempoMap } from '../render/score-midi.js';

export interface BandRenderOptions {
  sampleRate: number;
  /** Samples per stem. */
  length: number;
  /** 0-based General MIDI programs (default: DEFAULT_PROGRAMS). */
  programs?: Partial<Record<Stem, number>>;
  soundFont?: string;
  /** Target RMS per stem (linear); stems without notes stay silent. */
  levels?: Partial<Record<Stem, number>>;
  /** Where the notes sit on a beat grid (only changes the MIDI's ticks, not the sound). */
  tempoMap?: TempoMap;
}

/** Seconds of a stem's start held back to measure its level before the rest streams out at that gain. */
export const LEVEL_PROBE_SECONDS = 10;
const BLOCK = 16384;

function scale(blocks: Float32Array[], gain: number): Float32Array[] {
  if (gain !== 1) for (const b of blocks) for (let i = 0; i < b.length; i++) b[i]! *= gain;
  return blocks;
}

/** The highest a part's rendered peak may be brought to: a stem stays exportable as integer PCM. */
export const STEM_PEAK_LIMIT = 0.95;

const peakOf = (blocks: readonly Float32Array[]) => blocks.reduce((m, b) => b.reduce((x, v) => Math.max(x, Math.abs(v)), m), 0);

/** The gain that brings `blocks` to RMS `target`, unless that would take their peak past STEM_PEAK_LIMIT. */
const levelGain = (blocks: readonly Float32Array[], target: number) => {
  const level = levelOf(blocks);
  if (!(level > 1e-6)) return 1;
  const peak = peakOf(blocks);
  return Math.min(target / level, peak > 0 ? STEM_PEAK_LIMIT / peak : Infinity);
};

const levelOf = (blocks: readonly Float32Array[]) => {
  let energy = 0, count = 0;
  for (const b of blocks) {
    for (let i = 0; i < b.length; i++) energy += b[i]! ** 2;
    count += b.length;
  }
  return Math.sqrt(energy / Math.max(1, count));
};

/**
 * One stem's notes rendered as a stream of mono blocks, brought to `level` (RMS) by a
 * gain measured on its first LEVEL_PROBE_SECONDS (held back, so memory stays bounded).
 * A stem without notes streams silence.
 */
export async function* renderStemBlocks(stem: Stem, notes: readonly ScoreNote[], options: Omit<BandRenderOptions, 'levels'> & { level?: number }): AsyncGenerator<Float32Array> {
  if (notes.length === 0) {
    for (let done = 0; done < options.length; done += BLOCK) yield new Float32Array(Math.min(BLOCK, options.length - done));
    return;
  }
  const program = stem === 'drums' ? 0 : options.programs?.[stem] ?? DEFAULT_PROGRAMS[stem];
  const bytes = partsToMidi([{ name: stem, notes, program, drums: stem === 'drums' }], options.tempoMap);
  const room = roomFor(stem, options.sampleRate);
  const probe: Float32Array[] = [];
  let probed = 0;
  let gain: number | null = options.level === undefined ? 1 : null;
  for await (const [samples] of renderMidiBlocks(bytes, { sampleRate: options.sampleRate, channels: 1, length: options.length, effects: false, ...(options.soundFont ? { soundFont: options.soundFont } : {}) })) {
    const block = room(samples!);
    if (gain !== null) {
      yield scale([block], gain)[0]!;
      continue;
    }
    probe.push(block);
    probed += block.length;
    if (probed < LEVEL_PROBE_SECONDS * options.sampleRate) continue;
    const level = levelOf(probe);
    // Silent so far: keep listening a while longer, then play at the SoundFont's own level.
    if (level > 1e-6 || probed >= 3 * LEVEL_PROBE_SECONDS * options.sampleRate) {
      gain = levelGain(probe, options.level!);
      yield* scale(probe.splice(0), gain);
    }
  }
  // A part shorter than the probe: its level from what there is.
  if (probe.length) yield* scale(probe, levelGain(probe, options.level!));
}

/** The whole band at once: one Float32Array per stem. */
export async function renderBand(parts: Record<Stem, readonly ScoreNote[]>, options: BandRenderOptions): Promise<Record<Stem, Float32Array>> {
  const out = {} as Record<Stem, Float32Array>;
  for (const stem of STEMS) {
    const blocks: Float32Array[] = [];
    const level = options.levels?.[stem];
    for await (const block of renderStemBlocks(stem, parts[stem], { ...options, ...(level !== undefined ? { level } : {}) })) blocks.push(block);
    out[stem] = concat(blocks);
  }
  return out;
}
