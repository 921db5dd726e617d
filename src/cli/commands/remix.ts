import { gmProgramName } from '../../score/gm-names.js';
import { styleWords } from '../../remix/style-words.js';
import type { Command } from 'commander';
import type { RemixOptions } from '../../remix/remix.js';
import { REMIX_OPTIONS } from '../../remix/options.js';
import { parseGains, parseTrack, TRACKS, type Track } from '../../remix/mix-options.js';
import { progressDisplay } from '../progress-display.js';
import { parsePrograms } from '../../render/programs.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';
import { notingNewFolders } from '../new-folders.js';
import { dirname } from 'node:path';
import { alternativeLines } from '../../analysis/alternatives.js';

export function registerRemix(program: Command): void {
  const command = program
    .command('remix')
    .description('generate the other stems for a solo recording and mix them into a remix')
    .argument('<solo>', 'the solo recording (WAV, MP3, FLAC or Ogg Vorbis)');
  addOptions(command, REMIX_OPTIONS)
    .option('--gain <list>', `track gains, e.g. drums=1,bass=0.8,solo=1 (tracks: ${TRACKS.join(', ')})`, parseGains, {})
    .option('--mute <track>', `mute a track (repeatable): ${TRACKS.join(', ')}`, (v: string, all: Track[]) => [...all, parseTrack(v)], [] as Track[])
    .option('--program <list>', 'score models: General MIDI programs (1-128) of the band, e.g. bass=34,other=25', (v: string) => parsePrograms(v))
    .action(
      action(async (solo: string, parsed: Record<string, unknown>) => {
        const options = optionValues(REMIX_OPTIONS, parsed) as Omit<RemixOptions, 'solo'>;
        const { remix } = await import('../../remix/remix.js');
        const display = progressDisplay('remix');
        let result;
        try {
          const programs = parsed['program'] as RemixOptions['programs'] | undefined;
          result = await notingNewFolders([dirname(options.out), options.stemsDir], () => remix({ ...options, solo, gains: parsed['gain'] as RemixOptions['gains'], mute: parsed['mute'] as Track[], ...(programs ? { programs } : {}), onProgress: display.update }));
        } finally {
          display.stop();
        }
        for (const warning of [...(result.analysis?.warnings ?? []), ...(result.mp3Skipped ? [result.mp3Skipped] : [])]) process.stderr.write(`remixer: warning: ${warning}\n`);
        process.stdout.write(
          [
            `remix: ${result.remix}${result.mp3 ? ` and ${result.mp3}` : ''} (${result.seconds.toFixed(2)} s at ${result.sampleRate} Hz, ${result.channels === 1 ? 'mono' : `${result.channels} channels`})`,
            ...(result.midi ? [`the band as MIDI: ${result.midi}`] : []),
            ...(result.style ? [`style: ${styleWords(result.style, result.styleConfidence)}`] : []),
            ...(Object.keys(result.programs).length ? [`instruments: ${Object.entries(result.programs).map(([stem, program]) => `${stem} ${gmProgramName(program!)} (--program ${stem}=${program! + 1})`).join(', ')}`] : []),
            `loudness ${result.loudnessLufs.toFixed(1)} LUFS (gain ${result.gainDb >= 0 ? '+' : ''}${result.gainDb.toFixed(1)} dB), peak ${result.peakDb.toFixed(1)} dBFS`,
            ...Object.entries(result.stems).map(([stem, path]) => `stem ${stem}: ${path}`),
            result.analysis
              ? `heard: ${result.analysis.tempo.bpm.toFixed(1)} BPM, ${result.analysis.beatsPerBar}/4, ${result.analysis.key.name}, ${result.analysis.chords.filter((c) => c.name !== 'N').length} chord changes (${result.analysisPath})`
              : `heard: ${result.analysisError ?? 'not analysed'}`,
            ...alternativeLines(result.analysis?.alternatives),
            `real-time factor ${result.realTimeFactor.toFixed(2)}`,
          ].join('\n') + '\n',
        );
      }),
    );
}
