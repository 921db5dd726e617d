import type { Command } from 'commander';
import type { AnalyseFileOptions } from '../../listen/analyse-file.js';
import { ANALYZE_OPTIONS } from '../../analysis/options.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';
import { notingNewFolders } from '../new-folders.js';
import { dirname } from 'node:path';

export function registerAnalyze(program: Command): void {
  const command = program
    .command('analyze')
    .description('listen to a solo: tempo and beats, meter, key, and a chord chart (one line per bar)')
    .argument('<solo>', 'the recording (WAV, MP3, FLAC or Ogg Vorbis, any rate)');
  addOptions(command, ANALYZE_OPTIONS).action(
    action(async (solo: string, parsed: Record<string, unknown>) => {
      const options = optionValues(ANALYZE_OPTIONS, parsed) as AnalyseFileOptions;
      const [{ analyseFile }, { formatChordChart, formatSummary }] = await Promise.all([import('../../listen/analyse-file.js'), import('../../analysis/chart.js')]);
      const analysis = await notingNewFolders([options.json && dirname(options.json), options.midi && dirname(options.midi)], () => analyseFile(solo, options));
      for (const warning of analysis.warnings) process.stderr.write(`remixer: warning: ${warning}\n`);
      const { alternativeLines } = await import('../../analysis/alternatives.js');
      process.stdout.write(`${[formatSummary(analysis), ...alternativeLines(analysis.alternatives)].join('\n')}\n\n${formatChordChart(analysis)}\n`);
      if (options.json) process.stdout.write(`\nanalysis: ${options.json}\n`);
      if (options.midi) process.stdout.write(`${options.json ? '' : '\n'}MIDI tempo map: ${options.midi}\n`);
    }),
  );
}
