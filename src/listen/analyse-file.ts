/** Analysis of an audio file (any supported format and rate), and its JSON and MIDI outputs, written atomically. */
import { basename, resolve } from 'node:path';
import { RemixerError } from '../errors.js';
import { checkOutputsSpareInputs } from '../io/inputs-outputs.js';
import { decodeMono } from '../io/decode-mono.js';
import { writeFileAtomic } from '../io/atomic.js';
import { checkOptions } from '../options.js';
import { analyse } from './analyse.js';
import type { Analysis } from '../analysis/analyse.js';
import { analysisJson } from '../analysis/chart.js';
import { analysisMidi } from '../analysis/midi-map.js';
import { ANALYZE_OPTIONS } from '../analysis/options.js';

export interface AnalyseFileOptions {
  json?: string;
  midi?: string;
  subdivision?: number;
  listener?: string;
}

export async function analyseFile(path: string, options: AnalyseFileOptions = {}): Promise<Analysis> {
  checkOptions(ANALYZE_OPTIONS, options);
  await checkOutputsSpareInputs([{ path, what: 'the solo' }], [
    ...(options.json ? [{ path: options.json, what: '--json' }] : []),
    ...(options.midi ? [{ path: options.midi, what: '--midi' }] : []),
  ]);
  if (options.json && options.midi && resolve(options.json) === resolve(options.midi)) throw new RemixerError(`--json and --midi are both ${options.json}: give each its own file`);
  const audio = await decodeMono(path);
  const analysis = await analyse(audio.samples, audio.sampleRate, { name: basename(path), ...(options.subdivision ? { subdivision: options.subdivision } : {}), ...(options.listener ? { listener: options.listener } : {}) });
  if (options.json) await writeFileAtomic(options.json, JSON.stringify(analysisJson(analysis)) + '\n');
  if (options.midi) await writeFileAtomic(options.midi, analysisMidi(analysis));
  return analysis;
}
