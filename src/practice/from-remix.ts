/**
 * What a practice version is made of, read from a finished remix's files: the band's MIDI
 * (notes and programs, each part a track named after its stem), the analysis file (beats,
 * bars, chords, key), the stems (each part's level, and the solo as it was mixed when the
 * stems hold it) and the mastered remix (its loudness). Every file is checked; a missing or
 * unreadable one is one line naming it.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import midiPackage from '@tonejs/midi';
import { STEMS, type Stem } from '../config.js';
import { fileError, RemixerError } from '../errors.js';
import { decodeAudioFile } from '../io/decode.js';
import { LoudnessMeter } from '../dsp/loudness.js';
import { resample } from '../dsp/resample.js';
import { remixFiles } from '../remix/options.js';
import { readAnalysisFile } from '../analysis/analysis-file.js';
import type { ScoreNote } from '../score/score.js';
import { LEVEL_PROBE_SECONDS } from '../band/render.js';
import type { PracticeInput } from './practice.js';

export interface RemixSources {
  /** The mastered remix (OUT.wav); its MIDI and analysis file are beside it. */
  remix: string;
  /** The remix's stems folder (--stems): each part's level. */
  stems: string;
  /** The solo as mixed; default: the stems folder's solo.wav. */
  solo?: string;
  soundFont?: string;
}

/** The band's notes and programs from its MIDI: each track named after a stem. */
export function bandFromMidi(bytes: Uint8Array, path: string): { notes: Partial<Record<Stem, ScoreNote[]>>; programs: Partial<Record<Stem, number>> } {
  let midi: InstanceType<typeof midiPackage.Midi>;
  try {
    midi = new midiPackage.Midi(bytes);
  } catch (error) {
    throw fileError(path, `not a readable MIDI file (${error instanceof Error ? error.message : String(error)})`, error, 'user');
  }
  const notes: Partial<Record<Stem, ScoreNote[]>> = {};
  const programs: Partial<Record<Stem, number>> = {};
  for (const track of midi.tracks) {
    const stem = STEMS.find((s) => s === track.name);
    if (!stem) continue;
    notes[stem] = track.notes.map((n) => ({ start: n.time, duration: n.duration, pitch: n.midi, velocity: n.velocity }));
    if (stem !== 'drums') programs[stem] = track.instrument.number;
  }
  if (Object.keys(notes).length === 0) throw new RemixerError(`${path}: no band part in it (tracks named ${STEMS.join(', ')}, as remix writes them)`, { kind: 'user' });
  return { notes, programs };
}

const rmsOfStart = (samples: Float32Array, sampleRate: number) => {
  const n = Math.min(samples.length, LEVEL_PROBE_SECONDS * sampleRate);
  let energy = 0;
  for (let i = 0; i < n; i++) energy += samples[i]! ** 2;
  return Math.sqrt(energy / Math.max(1, n));
};

export async function practiceInputFromRemix(sources: RemixSources): Promise<PracticeInput> {
  const files = remixFiles(sources.remix);
  const midiBytes = await fs.readFile(files.midi).catch((error: NodeJS.ErrnoException) => {
    throw fileError(files.midi, error.code === 'ENOENT' ? 'not found (the band MIDI beside the remix: a practice version needs a band that plays notes)' : `cannot be read (${error.code})`, error, 'not-found');
  });
  const band = bandFromMidi(new Uint8Array(midiBytes), files.midi);
  const remix = await decodeAudioFile(sources.remix);
  const duration = remix.channels[0]!.length / remix.sampleRate;
  // Read as `remix --analysis` reads it: every field checked and bounded by the recording.
  const heard = await readAnalysisFile(files.analysis, duration);
  const beats = heard.beats!;
  const beatsPerBar = heard.beatsPerBar!;
  const downbeats = beats.filter((_, i) => i >= (heard.firstDownbeat ?? 0) && (i - (heard.firstDownbeat ?? 0)) % beatsPerBar === 0);
  const solo = await decodeAudioFile(sources.solo ?? join(sources.stems, 'solo.wav'));
  // The remix plays the solo at its own rate: a take at another rate is brought to it.
  const soloChannels = solo.sampleRate === remix.sampleRate ? solo.channels : await Promise.all(solo.channels.map((c) => resample(c, solo.sampleRate, remix.sampleRate)));
  const levels: Partial<Record<Stem, number>> = {};
  for (const stem of Object.keys(band.notes) as Stem[]) levels[stem] = rmsOfStart((await decodeAudioFile(join(sources.stems, `${stem}.wav`))).channels[0]!, remix.sampleRate);
  const meter = new LoudnessMeter(remix.sampleRate);
  meter.push(remix.channels);
  const loudness = meter.integrated();
  return {
    solo: soloChannels.map((c) => c.subarray(0, remix.channels[0]!.length)),
    sampleRate: remix.sampleRate,
    notes: band.notes,
    programs: band.programs,
    grid: { beats, downbeats, beatsPerBar, chords: heard.chords ?? [], duration },
    ...(heard.key ? { key: heard.key } : {}),
    levels,
    loudnessLufs: Number.isFinite(loudness) ? loudness : -14,
    ...(sources.soundFont ? { soundFont: sources.soundFont } : {}),
  };
}
