/**
 * One song of a library corpus, from its index alone (so a killed build resumes to the
 * same files): a style of its split, a chart (compose.ts), mma's MIDI, the solo
 * (solo.ts) and — with every stem — the band's parts by Slakh's mapping, rendered
 * through a SoundFont, with training-time augmentation (level, tone, room, noise).
 * Written to its song folder through a temporary folder renamed when complete.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { STEMS, type Stem } from '../../config.js';
import { Random } from '../../random.js';
import { writeWav } from '../../io/wav.js';
import { acquireTempPath, withTempPath } from '../../io/scratch.js';
import { writeError } from '../../io/write-error.js';
import { applyBiquad, biquad } from '../../dsp/filters.js';
import { peak, rms } from '../../dsp/levels.js';
import { renderMidi } from '../../render/midi-render.js';
import { partsToMidi, type MidiPart } from '../../render/score-midi.js';
import { roomFor } from '../../render/room.js';
import { readMidiFile, scoreOfMidi } from '../import/midi-stems.js';
import { SCORE_FILE, type Score, type ScoreNote } from '../../score/score.js';
import type { Split } from '../split.js';
import { runMma, type MmaStyle } from './catalog.js';
import { composeMmaChart } from './compose.js';
import { mmaTracks } from './parts.js';
import { PIANO, SOLO_INSTRUMENTS, playsFor, soloPart, stemOfProgram, type SoloInstrument } from './solo.js';

export interface LibrarySongTask {
  id: string;
  index: number;
  split: Split;
  /** The styles this song's split may use. */
  styles: MmaStyle[];
  seed: number;
  seconds: number;
  sampleRate: number;
  stems: 'solo' | 'all';
  /** 'mixed', or an instrument's name (solo.ts; '-' for spaces). */
  solos: string;
  /** Banks the song may be rendered with (test songs: the first, the default). */
  soundFonts: string[];
  augment: boolean;
  mma: string;
}

export interface LibrarySongResult {
  id: string;
  split: Split;
  seconds: number;
  missingStems: Stem[];
  style: string;
  family: string;
  instrument: string;
}

export const SONG_DONE = 'song.json';

/** Level, tone, noise: the same solo as different rooms and microphones would give it (seeded). */
function augment(signal: Float32Array, sampleRate: number, random: Random): Float32Array {
  let out = signal;
  if (random.chance(0.5)) out = applyBiquad(out, biquad('highpass', random.uniform(40, 180), sampleRate));
  if (random.chance(0.6)) out = applyBiquad(out, biquad('highshelf', random.uniform(2000, 5000), sampleRate, Math.SQRT1_2, random.uniform(-9, 4)));
  if (random.chance(0.3)) out = applyBiquad(out, biquad('peaking', random.uniform(300, 2500), sampleRate, 1, random.uniform(-6, 6)));
  const level = rms(out);
  if (level > 0 && random.chance(0.6)) {
    const noise = level * 10 ** (-random.uniform(25, 50) / 20);
    let state = 0;
    for (let i = 0; i < out.length; i++) {
      state = 0.9 * state + 0.1 * (random.next() * 2 - 1) * 3;
      out[i]! += noise * state;
    }
  }
  return out;
}

/** Scaled to a loudness (RMS dBFS) and kept under full scale. */
function toLevel(signal: Float32Array, db: number): Float32Array {
  const level = rms(signal);
  if (level === 0) return signal;
  let gain = 10 ** (db / 20) / level;
  const top = peak(signal) * gain;
  if (top > 0.98) gain *= 0.98 / top;
  for (let i = 0; i < signal.length; i++) signal[i]! *= gain;
  return signal;
}

async function render(parts: MidiPart[], stem: Stem, task: LibrarySongTask, soundFont: string): Promise<Float32Array> {
  const length = Math.round(task.seconds * task.sampleRate);
  if (parts.every((p) => p.notes.length === 0)) return new Float32Array(length);
  const [mono] = await renderMidi(partsToMidi(parts), { sampleRate: task.sampleRate, channels: 1, length, soundFont, effects: false });
  return roomFor(stem, task.sampleRate)(mono!);
}

export async function makeLibrarySong(task: LibrarySongTask, folder: string): Promise<LibrarySongResult> {
  const random = new Random(task.seed, `mma-song-${task.index}`);
  const instrument: SoloInstrument = task.solos === 'mixed' ? random.weighted(SOLO_INSTRUMENTS.map((i) => [i, i.weight] as const)) : SOLO_INSTRUMENTS.find((i) => i.name === task.solos.replace(/-/g, ' ')) ?? PIANO;
  const plays = playsFor(instrument);
  const needs = (g: { parts: readonly string[] }) => (task.stems === 'all' ? ['drums', 'bass', 'chord'].every((p) => g.parts.includes(p)) : true) && plays(g.parts as never);
  const styles = task.styles.filter((s) => s.grooves.some((g) => g.role !== 'intro' && g.role !== 'end' && g.role !== 'fill' && needs(g)));
  const style = random.pick(styles.length ? styles : task.styles);
  const chart = composeMmaChart(random.fork('chart'), style, task.seconds, needs, task.seed * 100000 + task.index);
  const bytes = await withTempPath(`${folder}.mma`, async (chartPath) => {
    await fs.writeFile(chartPath, chart.text);
    await runMma(task.mma, chartPath, `${chartPath}.mid`);
    try {
      return new Uint8Array(await fs.readFile(`${chartPath}.mid`));
    } finally {
      await fs.rm(`${chartPath}.mid`, { force: true });
    }
  });
  const tracks = mmaTracks(bytes).map((t) => ({ ...t, notes: t.notes.filter((n) => n.start < task.seconds) }));
  const solo = soloPart(tracks, instrument, random.fork('solo'));
  const soloStem = stemOfProgram(solo.program);
  const soundFont = task.split === 'test' ? task.soundFonts[0]! : random.pick(task.soundFonts);

  // The band's parts by Slakh's mapping, the solo's stem taken by the solo.
  const bandParts: Record<Stem, MidiPart[]> = { drums: [], bass: [], piano: [], other: [] };
  for (const track of tracks) {
    const stem = stemOfProgram(track.program, track.role === 'drums');
    if (stem === soloStem || (track.role === solo.from && stem !== 'drums')) continue;
    bandParts[stem].push({ name: track.name, program: track.program, drums: track.role === 'drums', notes: track.notes });
  }
  bandParts[soloStem] = [{ name: 'solo', program: solo.program, drums: false, notes: solo.notes }];

  const score: Score = scoreOfMidi(readMidiFile(bytes, `${task.id}.mid`), task.seconds, chart.truth);
  for (const stem of STEMS) score.stems[stem] = bandParts[stem].flatMap((p) => p.notes).sort((a: ScoreNote, b: ScoreNote) => a.start - b.start || a.pitch - b.pitch);
  score.programs = Object.fromEntries((['bass', 'piano', 'other'] as const).flatMap((s) => (bandParts[s][0] ? [[s, bandParts[s][0].program]] : []))) as Score['programs'];
  score.solo = { stem: soloStem, program: solo.program, instrument: solo.instrument, part: solo.from };
  score.style = { name: chart.style, family: chart.family, form: chart.form, grooves: [...new Set(chart.grooves)] };

  const rendered = task.stems === 'all' ? STEMS : [soloStem];
  const audio = new Map<Stem, Float32Array>();
  for (const stem of rendered) {
    let signal = await render(bandParts[stem], stem, task, soundFont);
    if (stem === soloStem) {
      if (task.augment && task.split !== 'test') signal = augment(signal, task.sampleRate, random.fork('augment'));
      signal = toLevel(signal, task.augment && task.split !== 'test' ? random.uniform(-28, -14) : -20);
    }
    audio.set(stem, signal);
  }
  const scratch = await acquireTempPath(folder);
  try {
    await fs.mkdir(scratch.path, { recursive: true });
    for (const [stem, signal] of audio) await writeWav(join(scratch.path, `${stem}.wav`), signal, task.sampleRate, 'int16');
    if (task.stems === 'all') {
      const mix = new Float32Array(Math.round(task.seconds * task.sampleRate));
      for (const signal of audio.values()) for (let i = 0; i < mix.length; i++) mix[i]! += signal[i]!;
      const top = peak(mix);
      if (top > 0.99) for (const signal of [mix, ...audio.values()]) for (let i = 0; i < signal.length; i++) signal[i]! *= 0.99 / top;
      await writeWav(join(scratch.path, 'mix.wav'), mix, task.sampleRate, 'int16');
      if (top > 0.99) for (const [stem, signal] of audio) await writeWav(join(scratch.path, `${stem}.wav`), signal, task.sampleRate, 'int16');
    }
    await fs.writeFile(join(scratch.path, SCORE_FILE), JSON.stringify(score) + '\n');
    const lastNote = Math.max(0, ...solo.notes.map((n) => n.start + n.duration));
    const result: LibrarySongResult = {
      id: task.id,
      split: task.split,
      seconds: Number(Math.min(task.seconds, Math.max(lastNote, task.seconds * 0.5)).toFixed(3)),
      missingStems: STEMS.filter((s) => !audio.has(s)),
      style: chart.style,
      family: chart.family,
      instrument: solo.instrument,
    };
    await fs.writeFile(join(scratch.path, SONG_DONE), JSON.stringify({ ...result, origin: { layout: 'mma', chart: chart.text, soundFont: soundFont.split('/').pop() } }, null, 1) + '\n');
    await fs.rm(folder, { recursive: true, force: true });
    await fs.rename(scratch.path, folder);
    return result;
  } catch (error) {
    await fs.rm(scratch.path, { recursive: true, force: true });
    throw await writeError(folder, error);
  } finally {
    await scratch.release();
  }
}
