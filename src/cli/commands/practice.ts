import type { Command } from 'commander';
import { dirname, join } from 'node:path';
import { PRACTICE_OPTIONS, practiceSettings, practiceWords } from '../../practice/options.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';
import { notingNewFolders } from '../new-folders.js';

export function registerPractice(program: Command): void {
  const command = program
    .command('practice')
    .description('a practice version of a remix made with --stems: transposed, slower or faster, with a click, an intro and an ending')
    .argument('<remix>', 'the remix (OUT.wav of remix; its .mid and .analysis.json beside it)')
    .requiredOption('--stems <dir>', 'the stems folder the remix was made with (--stems)')
    .option('--solo <file>', 'the solo as the remix played it (default: the stems folder\'s solo.wav)')
    .requiredOption('--out <file.wav>', 'the practice version to write; its MIDI goes beside it (.mid)');
  addOptions(command, PRACTICE_OPTIONS).action(
    action(async (remix: string, parsed: Record<string, unknown>) => {
      const settings = practiceSettings(optionValues(PRACTICE_OPTIONS, parsed));
      const out = parsed['out'] as string;
      const stems = parsed['stems'] as string;
      const solo = (parsed['solo'] as string | undefined) ?? join(stems, 'solo.wav');
      const [{ practiceInputFromRemix }, { makePractice }, { checkPracticeOutputs, writePractice }, { existingFolder }] = await Promise.all([
        import('../../practice/from-remix.js'),
        import('../../practice/practice.js'),
        import('../../practice/write-practice.js'),
        import('../../io/folders.js'),
      ]);
      await existingFolder(stems, '--stems');
      const { remixFiles } = await import('../../remix/options.js');
      const sources = remixFiles(remix);
      await checkPracticeOutputs(out, [{ path: remix, what: 'the remix' }, { path: sources.midi, what: 'the band MIDI' }, { path: sources.analysis, what: 'the analysis file' }, { path: stems, what: '--stems', whole: true }, { path: solo, what: 'the solo' }]);
      const input = await practiceInputFromRemix({ remix, stems, solo });
      process.stderr.write(`practice: making it (${practiceWords(settings)})\n`);
      const result = await makePractice(input, settings);
      const files = await notingNewFolders([dirname(out)], () => writePractice(result, out));
      process.stdout.write(`practice version: ${files.wav} (${result.seconds.toFixed(2)} s, ${practiceWords(settings)})\nits MIDI: ${files.midi}\n`);
    }),
  );
}
