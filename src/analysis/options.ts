/** `remixer analyze`'s options, written once for the CLI and analyseFile. */
import type { OptionTable } from '../options.js';
import { DEFAULT_SUBDIVISION } from './settings.js';

export type AnalyzeOptionKey = 'json' | 'midi' | 'subdivision' | 'listener';

/** The --listener option, written once for analyze and remix. */
export const LISTENER_OPTION = { key: 'listener', flag: '--listener', type: 'string', placeholder: 'name', defaultText: 'learned (the model Remixer ships)', help: 'who listens: learned, dsp (the hand-tuned pipeline, for comparison), or the folder of a listener from train-listener' } as const;

export const ANALYZE_OPTIONS: OptionTable<AnalyzeOptionKey> = [
  { key: 'json', flag: '--json', type: 'string', placeholder: 'file', help: 'write the analysis (beats, chords, the feature grid) as JSON' },
  { key: 'midi', flag: '--midi', type: 'string', placeholder: 'file', help: 'write a MIDI file with the tempo map, meter, key and chord markers' },
  { key: 'subdivision', flag: '--subdivision', type: 'integer', min: 1, max: 12, default: DEFAULT_SUBDIVISION, placeholder: 'n', help: 'feature-grid steps per beat (4: sixteenth notes)' },
  LISTENER_OPTION,
];
