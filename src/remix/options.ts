/**
 * `remixer remix`'s options, written once: the CLI and the server read this table,
 * and remix() checks what it is given with it. Track gains and mutes have their
 * own parsers (mix-options.ts).
 */
import type { OptionTable } from '../options.js';
import { LISTENER_OPTION } from '../analysis/options.js';
import type { ProgressCallback } from '../progress.js';
import type { RemixModel } from '../model/saved/remix-model.js';
import type { Track } from './mix-options.js';
import type { Stem } from '../config.js';
import { CORRECTION_OPTIONS, type BeatChange } from '../analysis/correction-options.js';
import type { AnalysisCorrections } from '../analysis/corrections.js';
import { AUTO_STYLE } from '../model/representation/score-style.js';
import { SHIPPED_BAND_TEXT } from '../model/saved/shipped.js';

export { CORRECTION_OPTIONS };

/** The corrections among a remix's options: every key of CORRECTION_OPTIONS but the whole analysis file. */
export function correctionsOf(options: object): AnalysisCorrections {
  const given = options as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const spec of CORRECTION_OPTIONS) if (spec.key !== 'analysis' && given[spec.key] !== undefined) out[spec.key] = given[spec.key];
  return out as AnalysisCorrections;
}

export interface RemixOptions {
  solo: string;
  /** A model directory or a loaded model (default: the band model Remixer ships). */
  model?: string | RemixModel;
  /** Output WAV path (remix.mp3 is written beside it unless `mp3` is false). */
  out: string;
  seconds?: number;
  gains?: Partial<Record<Track, number>>;
  mute?: Track[];
  /** Folder for the stem WAVs (default: none written). */
  stemsDir?: string;
  /** Also write the solo as mixed (resampled, fitted to the duration) as stemsDir/solo.wav. */
  writeSolo?: boolean;
  mp3?: boolean;
  /** Output sample rate (default: MASTER_RATE, or the solo's own when higher). */
  sampleRate?: number;
  /** Score models: 0 (default) plays the most likely notes; above 0 draws variations at this temperature. */
  temperature?: number;
  /** Score models: the seed of the variation (with a temperature). */
  seed?: number;
  /** Score models: a seed per stem, overriding `seed` (regenerating one stem keeps the others). */
  seeds?: Partial<Record<Stem, number>>;
  /** Score models: a temperature per stem, overriding `temperature`. */
  temperatures?: Partial<Record<Stem, number>>;
  /** Score models: 0-based General MIDI programs per stem. */
  programs?: Partial<Record<Stem, number>>;
  /** Score models with styles: a style the model knows (or a word naming it: swing, bossa, rock…), or `auto` (default) to choose from the solo. */
  style?: string;
  /** Score models: a .sf2/.sf3 SoundFont (default FluidR3Mono). */
  soundFont?: string;
  targetLufs?: number;
  ceilingDb?: number;
  generateSource?: boolean;
  overlap?: number;
  /** Listen to the solo and write OUT.analysis.json beside the remix (default true; audio models can do without). */
  listen?: boolean;
  /** An analysis to play to instead of listening (OUT.analysis.json edited by hand or by the web app; analysis-file.ts). */
  analysis?: string;
  /** Corrections of what is heard: the heard beats doubled, halved or moved half a beat; a steady tempo (BPM), beats per bar, the first downbeat (s), a chord chart (one chord per bar) or its file. */
  beats?: BeatChange;
  tempo?: number;
  meter?: number;
  firstDownbeat?: number;
  chords?: string;
  /** Who listens to the solo: 'learned' (default), 'dsp', or a listener model's folder. */
  listener?: string;
  /** A solo longer than this is refused before it is decoded (default MAX_REMIX_SECONDS; the server passes its own). */
  maxSoloSeconds?: number;
  onProgress?: ProgressCallback;
}

export type RemixOptionKey = 'model' | 'out' | 'seconds' | 'stemsDir' | 'mp3' | 'sampleRate' | 'targetLufs' | 'ceilingDb' | 'generateSource' | 'overlap' | 'listen' | 'analysis' | 'beats' | 'tempo' | 'meter' | 'firstDownbeat' | 'chords' | 'temperature' | 'seed' | 'style' | 'soundFont' | 'listener';

export const MAX_REMIX_SECONDS = 3600;
/** The master's rate unless asked: the solo's own when it is higher. */
export const MASTER_RATE = 44100;

export const DEFAULT_TARGET_LUFS = -14;
export const DEFAULT_CEILING_DB = -1;
export const DEFAULT_OVERLAP = 0.5;
/**
 * Every file a remix writes follows its --out: for `song-remix.wav`, the MP3
 * `song-remix.mp3`, the band's parts `song-remix.mid` (score models) and what was heard
 * `song-remix.analysis.json`; two remixes into one folder never share a file.
 */
export function remixFiles(out: string): { wav: string; mp3: string; midi: string; analysis: string } {
  const base = out.replace(/\.wav$/i, '');
  return { wav: out, mp3: `${base}.mp3`, midi: `${base}.mid`, analysis: `${base}.analysis.json` };
}

export const REMIX_OPTIONS: OptionTable<RemixOptionKey> = [
  { key: 'model', flag: '--model', type: 'string', placeholder: 'modeldir', defaultText: SHIPPED_BAND_TEXT, help: 'a trained model directory' },
  { key: 'out', flag: '--out', type: 'string', placeholder: 'remix.wav', required: true, help: 'the remix to write; its MP3, MIDI and analysis go beside it under the same name (remix.mp3, remix.mid, remix.analysis.json)' },
  { key: 'seconds', flag: '--seconds', type: 'number', min: 0, exclusiveMin: true, max: MAX_REMIX_SECONDS, placeholder: 's', defaultText: 'its own length', help: 'remix duration; the solo is looped or trimmed' },
  { key: 'stemsDir', flag: '--stems', type: 'string', placeholder: 'dir', help: 'also write the four stems as WAV files here' },
  { key: 'mp3', flag: '--mp3', type: 'boolean', default: true, help: 'write remix.mp3 beside the WAV' },
  { key: 'sampleRate', flag: '--sample-rate', type: 'integer', min: 8000, max: 192000, placeholder: 'hz', defaultText: `${MASTER_RATE}, or the solo's own when higher`, help: 'output rate of the remix and its stems' },
  { key: 'temperature', flag: '--temperature', type: 'number', min: 0, max: 5, default: 0, placeholder: 't', help: 'score models: 0 plays the most likely notes; above 0, a variation drawn at this temperature' },
  { key: 'seed', flag: '--seed', type: 'integer', min: 0, max: 2 ** 31 - 1, default: 0, placeholder: 'k', help: 'score models: the seed of the variation (the same seed gives the same remix)' },
  { key: 'style', flag: '--style', type: 'string', placeholder: 'name', defaultText: `${AUTO_STYLE} (chosen from the solo) for models that know styles`, help: 'score models: the style the band plays: one the model knows (remixer styles lists them; a word such as swing, bossa or rock names one), or auto' },
  { key: 'soundFont', flag: '--soundfont', type: 'string', placeholder: 'file', defaultText: 'FluidR3Mono General MIDI', help: 'score models: the SoundFont (.sf2/.sf3) the band plays' },
  { key: 'targetLufs', flag: '--target-lufs', type: 'number', min: -70, max: 0, default: DEFAULT_TARGET_LUFS, placeholder: 'lufs', help: 'loudness target (ITU-R BS.1770)' },
  { key: 'ceilingDb', flag: '--ceiling', type: 'number', min: -20, max: 0, default: DEFAULT_CEILING_DB, placeholder: 'dbfs', help: 'peak ceiling of the limiter' },
  { key: 'generateSource', flag: '--generate-source', type: 'boolean', help: "generate the solo's own stem too instead of passing the solo through" },
  { key: 'overlap', flag: '--overlap', type: 'number', min: 0, max: 0.9, default: DEFAULT_OVERLAP, placeholder: 'fraction', help: 'fraction of each window shared with the next' },
  LISTENER_OPTION,
  { key: 'listen', flag: '--listen', type: 'boolean', default: true, help: 'listen to the solo and write what was heard (tempo, beats, key, chords) as OUT.analysis.json beside the remix' },
  ...CORRECTION_OPTIONS,
];
