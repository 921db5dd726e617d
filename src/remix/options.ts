/**
 * `remixer remix`'s options, written once: the CLI and the server read this table,
 * and remix() checks what it is given with it. Track gains and mutes have their
 * own parsers (mix-options.ts).
 */
import type { OptionTable } from '../options.js';
import type { ProgressCallback } from '../progress.js';
import type { RemixModel } from '../model/saved/remix-model.js';
import type { Track } from './mix-options.js';

export interface RemixOptions {
  solo: string;
  model: string | RemixModel;
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
  /** Output sample rate; must be the model's. */
  sampleRate?: number;
  targetLufs?: number;
  ceilingDb?: number;
  generateSource?: boolean;
  overlap?: number;
  /** Write analysis.json (tempo, beats, key, chords, the feature grid) beside the remix (default true). */
  analysis?: boolean;
  onProgress?: ProgressCallback;
}

export type RemixOptionKey = 'model' | 'out' | 'seconds' | 'stemsDir' | 'mp3' | 'sampleRate' | 'targetLufs' | 'ceilingDb' | 'generateSource' | 'overlap' | 'analysis';

export const MAX_REMIX_SECONDS = 3600;
export const DEFAULT_TARGET_LUFS = -14;
export const DEFAULT_CEILING_DB = -1;
export const DEFAULT_OVERLAP = 0.5;
/** The listening module's output, written beside remix.wav. */
export const ANALYSIS_FILE = 'analysis.json';

export const REMIX_OPTIONS: OptionTable<RemixOptionKey> = [
  { key: 'model', flag: '--model', type: 'string', placeholder: 'modeldir', required: true, help: 'a trained model directory' },
  { key: 'out', flag: '--out', type: 'string', placeholder: 'remix.wav', required: true, help: 'the remix to write (remix.mp3 goes beside it)' },
  { key: 'seconds', flag: '--seconds', type: 'number', min: 0, exclusiveMin: true, max: MAX_REMIX_SECONDS, placeholder: 's', defaultText: 'its own length', help: 'remix duration; the solo is looped or trimmed' },
  { key: 'stemsDir', flag: '--stems', type: 'string', placeholder: 'dir', help: 'also write the four stems as WAV files here' },
  { key: 'mp3', flag: '--mp3', type: 'boolean', default: true, help: 'write remix.mp3 beside the WAV' },
  { key: 'sampleRate', flag: '--sample-rate', type: 'integer', min: 1000, max: 384000, placeholder: 'hz', defaultText: "the model's", help: "output rate; must be the model's" },
  { key: 'targetLufs', flag: '--target-lufs', type: 'number', min: -70, max: 0, default: DEFAULT_TARGET_LUFS, placeholder: 'lufs', help: 'loudness target (ITU-R BS.1770)' },
  { key: 'ceilingDb', flag: '--ceiling', type: 'number', min: -20, max: 0, default: DEFAULT_CEILING_DB, placeholder: 'dbfs', help: 'peak ceiling of the limiter' },
  { key: 'generateSource', flag: '--generate-source', type: 'boolean', help: "generate the solo's own stem too instead of passing the solo through" },
  { key: 'overlap', flag: '--overlap', type: 'number', min: 0, max: 0.9, default: DEFAULT_OVERLAP, placeholder: 'fraction', help: 'fraction of each window shared with the next' },
  { key: 'analysis', flag: '--analysis', type: 'boolean', default: true, help: `write ${ANALYSIS_FILE} (tempo, beats, key, chords) beside the remix` },
];
