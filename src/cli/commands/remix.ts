import type { Command } from 'commander';
import { remix } from '../../remix/remix.js';
import { parseGains, parseTrack, type Track } from '../../remix/mix-options.js';
import { progressDisplay } from '../progress-display.js';
import { action, numberOption } from '../run-action.js';

export function registerRemix(program: Command): void {
  program
    .command('remix')
    .description('generate the other stems for a solo recording and mix them into a remix')
    .argument('<solo>', 'the solo recording (WAV, MP3, FLAC or Ogg Vorbis)')
    .requiredOption('--model <modeldir>', 'a trained model directory')
    .requiredOption('--out <remix.wav>', 'the remix to write (remix.mp3 goes beside it)')
    .option('--seconds <s>', 'remix duration; the solo is looped or trimmed (default: its own length)', numberOption('--seconds', { min: 0.1, max: 3600 }))
    .option('--gain <list>', 'track gains, e.g. drums=1,bass=0.8,solo=1', parseGains, {})
    .option('--mute <track>', 'mute a track (repeatable): solo, drums, bass, piano, other', (v: string, all: Track[]) => [...all, parseTrack(v)], [] as Track[])
    .option('--stems <dir>', 'also write the four stems as WAV files here')
    .option('--no-mp3', 'do not write remix.mp3')
    .option('--sample-rate <hz>', "output rate; must be the model's (default: the model's)", numberOption('--sample-rate', { integer: true, min: 1000 }))
    .option('--target-lufs <lufs>', 'loudness target (ITU-R BS.1770)', numberOption('--target-lufs', { min: -70, max: 0 }), -14)
    .option('--generate-source', "generate the solo's own stem too instead of passing the solo through")
    .option('--overlap <fraction>', 'fraction of each window shared with the next', numberOption('--overlap', { min: 0, max: 0.9 }), 0.5)
    .action(
      action(async (solo: string, opts: { model: string; out: string; seconds?: number; gain: Record<string, number>; mute: Track[]; stems?: string; mp3: boolean; sampleRate?: number; targetLufs: number; generateSource?: boolean; overlap: number }) => {
        const display = progressDisplay('remix');
        let result;
        try {
          result = await remix({
            solo,
            model: opts.model,
            out: opts.out,
            seconds: opts.seconds,
            gains: opts.gain,
            mute: opts.mute,
            stemsDir: opts.stems,
            mp3: opts.mp3,
            sampleRate: opts.sampleRate,
            targetLufs: opts.targetLufs,
            generateSource: opts.generateSource,
            overlap: opts.overlap,
            onProgress: display.update,
          });
        } finally {
          display.stop();
        }
        process.stdout.write(
          [
            `remix: ${result.remix}${result.mp3 ? ` and ${result.mp3}` : ''} (${result.seconds.toFixed(2)} s at ${result.sampleRate} Hz)`,
            `loudness ${result.loudnessLufs.toFixed(1)} LUFS (gain ${result.gainDb >= 0 ? '+' : ''}${result.gainDb.toFixed(1)} dB), peak ${result.peakDb.toFixed(1)} dBFS`,
            ...Object.entries(result.stems).map(([stem, path]) => `stem ${stem}: ${path}`),
            `real-time factor ${result.realTimeFactor.toFixed(2)}`,
          ].join('\n') + '\n',
        );
      }),
    );
}
