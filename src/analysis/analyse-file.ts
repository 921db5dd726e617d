/** Analysis of an audio file (any supported format and rate), and its JSON and MIDI outputs, written atomically. */
import { basename } from 'node:path';
import { decodeAudioFile } from '../io/decode.js';
import { writeFileAtomic } from '../io/atomic.js';
import { downmix } from '../dsp/levels.js';
import { checkOptions } from '../options.js';
import { analyse, type Analysis } from './analyse.js';
import { analysisJson } from './chart.js';
import { analysisMidi } from './midi-map.js';
import { ANALYZE_OPTIONS } from './options.js';

export interface AnalyseFileOptions {
  json?: string;
  midi?: string;
  subdivision?: number;
}

export async function analyseFile(path: string, options: AnalyseFileOptions = {}): Promise<Analysis> {
  checkOptions(ANALYZE_OPTIONS, options);
  const audio = await decodeAudioFile(path);
  const analysis = await analyse(downmix(audio.channels), audio.sampleRate, { name: basename(path), ...(options.subdivision ? { subdivision: options.subdivision } : {}) });
  if (options.json) await writeFileAtomic(options.json, JSON.stringify(analysisJson(analysis)) + '\n');
  if (options.midi) await writeFileAtomic(options.midi, analysisMidi(analysis));
  return analysis;
}
