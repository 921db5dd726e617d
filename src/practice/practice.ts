/**
 * A practice version of a finished remix, from what it is made of — the solo, the band's
 * notes and programs, what was heard — never from its mixed audio:
 *
 *   band notes ──practiceNotes──► moved, transposed, intro, ending ──renderStemBlocks──► stems ─┐
 *   solo ──shiftAndStretch (SoundTouch)──► placed at the timeline's offset ─────────────────────┼─► sum ─► masterToLoudness ─► mix
 *   practice grid ──clickNotes──► click (drum kit) ────────────────────────────────────────────┘
 *   moved notes + click on the practice tempo map ──► MIDI
 *
 * Each part is rendered at the level it had in the remix; the mix comes out as loud as the
 * mastered remix.
 */
import { STEMS, type Stem } from '../config.js';
import type { ScoreNote } from '../score/score.js';
import { renderStemBlocks } from '../band/render.js';
import { concat } from '../dsp/concat.js';
import { masterToLoudness } from '../dsp/master.js';
import { beatTicks, keySignature } from '../analysis/midi-map.js';
import { partsToMidi, type MidiPart } from '../render/score-midi.js';
import { DEFAULT_PROGRAMS } from '../render/programs.js';
import { shiftAndStretch } from './solo-stretch.js';
import { clickNotes, practiceNotes, practiceTimeline, type PracticeTimeline, type SongGrid } from './timeline.js';
import type { PracticeSettings } from './options.js';

export interface PracticeInput {
  /** The solo as the remix played it (its channels), at `sampleRate`. */
  solo: readonly Float32Array[];
  sampleRate: number;
  notes: Partial<Record<Stem, ScoreNote[]>>;
  /** 0-based General MIDI programs of the pitched parts. */
  programs: Partial<Record<Stem, number>>;
  grid: SongGrid;
  key?: { tonic: number; mode: 'major' | 'minor' };
  /** Each part's RMS in the remix (the click sits a little under the solo). */
  levels: Partial<Record<Stem, number>>;
  /** The mastered remix's loudness, LUFS. */
  loudnessLufs: number;
  soundFont?: string;
}

export interface PracticeResult {
  channels: Float32Array[];
  sampleRate: number;
  seconds: number;
  midi: Uint8Array;
  timeline: PracticeTimeline;
  /** The band's notes as they play in the practice version. */
  notes: Partial<Record<Stem, ScoreNote[]>>;
}

/** The click's RMS against the solo's. */
const CLICK_TO_SOLO = 0.35;

const rmsOf = (channels: readonly Float32Array[]) => {
  let energy = 0, count = 0;
  for (const c of channels) for (let i = 0; i < c.length; i++) {
    energy += c[i]! ** 2;
    count++;
  }
  return Math.sqrt(energy / Math.max(1, count));
};

async function render(stem: Stem, notes: readonly ScoreNote[], length: number, input: PracticeInput, level: number | undefined): Promise<Float32Array> {
  const blocks: Float32Array[] = [];
  for await (const block of renderStemBlocks(stem, notes, { sampleRate: input.sampleRate, length, programs: input.programs, ...(input.soundFont ? { soundFont: input.soundFont } : {}), ...(level ? { level } : {}) })) blocks.push(block);
  return concat(blocks).subarray(0, length);
}

export async function makePractice(input: PracticeInput, settings: PracticeSettings): Promise<PracticeResult> {
  const timeline = practiceTimeline(input.grid, settings);
  const length = Math.ceil(timeline.length * input.sampleRate);
  const notes = practiceNotes(input.notes, input.grid, timeline, settings);
  const channels = Array.from({ length: Math.max(2, input.solo.length) }, () => new Float32Array(length));
  // The solo: shifted and stretched, in at the timeline's offset.
  const solo = shiftAndStretch(input.solo, input.sampleRate, settings.transpose, timeline.ratio);
  const start = Math.round(timeline.offset * input.sampleRate);
  channels.forEach((channel, c) => {
    const source = solo[Math.min(c, solo.length - 1)]!;
    channel.set(source.subarray(0, Math.max(0, length - start)), start);
  });
  // The band, part by part, at its level in the remix; the click under the solo.
  for (const stem of STEMS) {
    const part = notes[stem];
    if (!part?.length) continue;
    const audio = await render(stem, part, length, input, input.levels[stem]);
    for (const channel of channels) for (let i = 0; i < length; i++) channel[i]! += audio[i]!;
  }
  const clicks = settings.click ? clickNotes(timeline) : [];
  if (clicks.length) {
    const audio = await render('drums', clicks, length, input, CLICK_TO_SOLO * rmsOf(input.solo) || undefined);
    for (const channel of channels) for (let i = 0; i < length; i++) channel[i]! += audio[i]!;
  }
  const mastered = masterToLoudness(channels, input.sampleRate, input.loudnessLufs);
  return { channels: mastered.channels, sampleRate: input.sampleRate, seconds: length / input.sampleRate, midi: practiceMidi(notes, clicks, timeline, input, settings.transpose), timeline, notes };
}

/** The practice version's band (and click) on its own tempo map, with its meter and key. */
function practiceMidi(notes: Partial<Record<Stem, ScoreNote[]>>, clicks: readonly ScoreNote[], timeline: PracticeTimeline, input: PracticeInput, transpose: number): Uint8Array {
  const firstDownbeat = Math.max(0, timeline.beats.findIndex((t) => Math.abs(t - (timeline.downbeats[0] ?? -1)) < 1e-6));
  const { ticks, times, timeSignatures } = beatTicks(timeline.beats, firstDownbeat, input.grid.beatsPerBar);
  const parts: MidiPart[] = STEMS.filter((s) => notes[s]?.length).map((stem) => ({ name: stem, notes: notes[stem]!, drums: stem === 'drums', program: stem === 'drums' ? 0 : input.programs[stem] ?? DEFAULT_PROGRAMS[stem] }));
  if (clicks.length) parts.push({ name: 'click', notes: [...clicks], drums: true, program: 0 });
  const key = input.key ? keySignature((input.key.tonic + transpose + 120) % 12, input.key.mode) : undefined;
  return partsToMidi(parts, { ticks, times }, { timeSignatures, ...(key ? { keySignature: key } : {}), name: 'Remixer practice' });
}
