import type { Command } from 'commander';
import { action } from '../run-action.js';

export function registerAudio(program: Command): void {
  const audio = program.command('audio').description('inspect audio files');
  audio
    .command('info')
    .description('print format, channels, rate, duration, peak and RMS level of an audio file')
    .argument('<file>', 'a WAV, MP3, FLAC or Ogg Vorbis file')
    .option('--json', 'print JSON')
    .action(
      action(async (file: string, opts: { json?: boolean }) => {
        const { audioInfo, formatAudioInfo } = await import('../../io/info.js');
        const info = await audioInfo(file);
        process.stdout.write((opts.json ? JSON.stringify(info, null, 2) : formatAudioInfo(info)) + '\n');
      }),
    );
}
