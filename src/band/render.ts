/**
 * A band's parts (notes per stem) played by General MIDI instruments through a
 * SoundFont: each stem rendered on its own (drums on the standard kit, the others on
 * their programs), mono at the given rate, optionally brought to a level per stem.
 */
import { STEMS, type Stem } from '../config.js';
import type { ScoreNote } from '../dataset/score.js';
import { rms } from '../dsp/levels.js';
import { renderMidi } from '../render/midi-render.js';
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
