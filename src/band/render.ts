/**
 * A band's parts (notes per stem) played by General MIDI instruments through a
 * SoundFont: each stem rendered on its own (drums on the standard kit, the others on
 * their programs), mono at the given rate, optionally brought to a level per stem.
 */
import { STEMS, type Stem } from '../config.js';
import type { ScoreNote } from '../dataset/score.js';
import { rms } from '../dsp/levels.js';
import { renderMidi, renderMidiBlocks } from '../render/midi-render.js';
import { DEFAULT_PROGRAMS } from '../render/programs.js';
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

export async function renderBand(parts: Record<Stem, readonly ScoreNote[]>, options: BandRenderOptions): Promise<Record<Stem, Float32Array>> {
  const out = {} as Record<Stem, Float32Array>;
  for (const stem of STEMS) {
    if (parts[stem].length === 0) {
      out[stem] = new Float32Array(options.length);
      continue;
    }
    const program = stem === 'drums' ? 0 : options.programs?.[stem] ?? DEFAULT_PROGRAMS[stem];
    const bytes = partsToMidi([{ name: stem, notes: parts[stem], program, drums: stem === 'drums' }], options.tempoMap);
    const [audio] = await renderMidi(bytes, { sampleRate: options.sampleRate, channels: 1, length: options.length, ...(options.soundFont ? { soundFont: options.soundFont } : {}) });
    const target = options.levels?.[stem];
    const level = rms(audio!);
    if (target !== undefined && level > 0) {
      const gain = target / level;
      for (let i = 0; i < audio!.length; i++) audio![i]! *= gain;
    }
    out[stem] = audio!;
  }
  return out;
}

/** Seconds of a stem's start held back to measure its level before the rest streams out at that gain. */
export const LEVEL_PROBE_SECONDS = 10;

/**
 * One stem's notes rendered as a stream of mono blocks, brought to `level` (RMS) by a
 * gain measured on its first LEVEL_PROBE_SECONDS (held back, so memory stays bounded
 * however long the part is). A stem without notes streams silence.
 */
export async function* renderStemBlocks(stem: Stem, notes: readonly ScoreNote[], options: Omit<BandRenderOptions, 'levels'> & { level?: number }): AsyncGenerator<Float32Array> {
  const block = 16384;
  if (notes.length === 0) {
    for (let done = 0; done < options.length; done += block) yield new Float32Array(Math.min(block, options.length - done));
    return;
  }
  const program = stem === 'drums' ? 0 : options.programs?.[stem] ?? DEFAULT_PROGRAMS[stem];
  const bytes = partsToMidi([{ name: stem, notes, program, drums: stem === 'drums' }], options.tempoMap);
  const blocks = renderMidiBlocks(bytes, { sampleRate: options.sampleRate, channels: 1, length: options.length, ...(options.soundFont ? { soundFont: options.soundFont } : {}) });
  const probe: Float32Array[] = [];
  let probed = 0;
  let gain = 1;
  let measuring = options.level !== undefined;
  for await (const [samples] of blocks) {
    if (!measuring) {
      if (gain !== 1) for (let i = 0; i < samples!.length; i++) samples![i]! *= gain;
      yield samples!;
      continue;
    }
    probe.push(samples!);
    probed += samples!.length;
    if (probed < LEVEL_PROBE_SECONDS * options.sampleRate) continue;
    let energy = 0;
    let counted = 0;
    for (const p of probe) for (let i = 0; i < p.length; i++) energy += p[i]! ** 2;
    counted = probed;
    const level = Math.sqrt(energy / Math.max(1, counted));
    if (level > 1e-6) {
      gain = options.level! / level;
      measuring = false;
      for (const p of probe.splice(0)) {
        for (let i = 0; i < p.length; i++) p[i]! *= gain;
        yield p;
      }
    } else if (probed >= 3 * LEVEL_PROBE_SECONDS * options.sampleRate) {
      measuring = false; // silent so far: play at the SoundFont's own level
      for (const p of probe.splice(0)) yield p;
    }
  }
  // A part shorter than the probe: its level from what there is.
  if (probe.length) {
    let energy = 0;
    for (const p of probe) for (let i = 0; i < p.length; i++) energy += p[i]! ** 2;
    const level = Math.sqrt(energy / Math.max(1, probed));
    const g = level > 1e-6 && options.level !== undefined ? options.level / level : 1;
    for (const p of probe) {
      for (let i = 0; i < p.length; i++) p[i]! *= g;
      yield p;
    }
  }
}
