import type { Command } from 'commander';
import { action } from '../run-action.js';

export function registerStyles(program: Command): void {
  program
    .command('styles')
    .description('list the styles a band model knows (remix --style takes them, or auto)')
    .option('--model <modeldir>', 'a trained model directory (default: the band model Remixer ships)')
    .option('--json', 'print JSON')
    .action(
      action(async (parsed: Record<string, unknown>) => {
        const { modelStyles } = await import('../../model/saved/model-styles.js');
        const listing = await modelStyles(parsed['model'] as string | undefined);
        if (parsed['json']) {
          process.stdout.write(JSON.stringify(listing, null, 2) + '\n');
          return;
        }
        if (listing.styles.length === 0) {
          process.stdout.write(`${listing.model}: trained without styles (it plays without --style)\n`);
          return;
        }
        const lines = listing.styles.map((s) => `  ${s.name.padEnd(16)} ${s.songs === null ? '' : `${s.songs} training songs; `}mix (part RMS / solo RMS): ${Object.entries(s.mix).map(([stem, r]) => `${stem} ${r.toFixed(2)}`).join(', ')}`);
        process.stdout.write([`${listing.model} knows ${listing.styles.length} styles (remix --style NAME, or auto to choose from the solo):`, ...lines].join('\n') + '\n');
      }),
    );
}
