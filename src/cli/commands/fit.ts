import type { Command } from 'commander';
import { FIT_OPTIONS, fitRemix, type FitRemixOptions } from '../../eval/fit-remix.js';
import { progressDisplay } from '../progress-display.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';

export function registerFit(program: Command): void {
  const command = program
    .command('fit')
    .description("score how well a remix's band fits its solo (harmony and rhythm), on a reference dataset's scale")
    .argument('<solo>', 'the solo recording');
  addOptions(command, FIT_OPTIONS)
    .option('--json', 'print JSON')
    .action(
      action(async (solo: string, parsed: Record<string, unknown>) => {
        const options = optionValues(FIT_OPTIONS, parsed) as Omit<FitRemixOptions, 'solo'>;
        const display = progressDisplay('fit');
        let result;
        try {
          result = await fitRemix({ ...options, solo, onProgress: display.update });
        } finally {
          display.stop();
        }
        if (parsed['json']) {
          process.stdout.write(JSON.stringify(result, null, 2) + '\n');
          return;
        }
        const f = (x: number | null) => (x === null ? '—' : x.toFixed(2));
        process.stdout.write(
          [
            `band stems: ${result.stems.join(', ')}; scale from ${result.referenceSongs} reference songs (1 = fits like a song's own band, 0 = like another song's)`,
            `harmonic fit ${f(result.harmonic.fit)} (chroma correlation with the solo ${f(result.harmonic.similarity)}; reference bands ${f(result.harmonic.others)}; own-band gap ${f(result.harmonic.gap)})`,
            `rhythmic fit ${f(result.rhythmic.fit)} (beat F against the song ${f(result.rhythmic.similarity)}; reference bands ${f(result.rhythmic.others)}; own-band gap ${f(result.rhythmic.gap)})`,
          ].join('\n') + '\n',
        );
      }),
    );
}
