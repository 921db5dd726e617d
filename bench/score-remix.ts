/**
 * One score-engine remix in its own process, so that its peak memory is its own:
 * the piano of a synthetic song looped to `seconds`, remixed by the model at
 * `modelDir` (analysis + model + SoundFont rendering + mastering). Prints one JSON
 * line: { seconds, realTimeFactor, memoryMB } (memory: peak RSS above the RSS before).
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { remix } from '../src/remix/remix.js';
import { renderSong } from '../src/dataset/synth/render.js';
import { loopToLength } from '../src/dsp/levels.js';
import { writeWav } from '../src/io/wav.js';
import { PROJECT_SAMPLE_RATE } from '../src/config.js';

const [modelDir, secondsText, mp3Text] = process.argv.slice(2);
const seconds = Number(secondsText);
const dir = await fs.mkdtemp(join(tmpdir(), 'remixer-score-bench-'));
try {
  const song = renderSong(9, 1, 30, PROJECT_SAMPLE_RATE);
  const piano = loopToLength(Float32Array.from(song.stems.piano, (v) => v / 32768), Math.round(seconds * PROJECT_SAMPLE_RATE));
  await writeWav(join(dir, 'solo.wav'), piano, PROJECT_SAMPLE_RATE, 'int16');
  const rssBefore = process.memoryUsage().rss;
  const result = await remix({ solo: join(dir, 'solo.wav'), model: modelDir!, out: join(dir, 'remix.wav'), mp3: mp3Text === 'mp3' });
  const memoryMB = Math.max(0, process.resourceUsage().maxRSS * 1024 - rssBefore) / 2 ** 20;
  process.stdout.write(JSON.stringify({ seconds: result.seconds, realTimeFactor: result.realTimeFactor, memoryMB }) + '\n');
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
