/**
 * One score-engine remix in its own process, so that its peak memory is its own:
 * the piano of a synthetic song looped to `seconds`, remixed by the model at
 * `modelDir` (analysis + model + SoundFont rendering + mastering). Prints one JSON
 * line: { seconds, realTimeFactor, memoryMB } (memory: peak RSS above the RSS before).
 *
 * `warm`: as the server's threads and queue workers run it — a first remix loads
 * TensorFlow.js, the model, the listener and the SoundFont; the second one is timed.
 * `fresh` (default): the real-time factor includes the process's imports and loading.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { peakRssBytes } from './peak-rss.js';

const started = performance.now();
const [modelDir, secondsText, mp3Text, modeText] = process.argv.slice(2);
const seconds = Number(secondsText);
const warm = modeText === 'warm';
const { remix } = await import('../src/remix/remix.js');
const { renderSong } = await import('../src/dataset/synth/render.js');
const { loopToLength } = await import('../src/dsp/levels.js');
const { writeWav } = await import('../src/io/wav.js');
const { PROJECT_SAMPLE_RATE } = await import('../src/config.js');
const { cachedRemixModel } = await import('../src/model/saved/model-cache.js');
const imported = performance.now();
const dir = await fs.mkdtemp(join(tmpdir(), 'remixer-score-bench-'));
try {
  const song = renderSong(9, 1, 30, PROJECT_SAMPLE_RATE);
  const piano = loopToLength(Float32Array.from(song.stems.piano, (v) => v / 32768), Math.round(seconds * PROJECT_SAMPLE_RATE));
  await writeWav(join(dir, 'solo.wav'), piano, PROJECT_SAMPLE_RATE, 'int16');
  const once = async () => remix({ solo: join(dir, 'solo.wav'), model: warm ? await cachedRemixModel(modelDir!) : modelDir!, out: join(dir, 'remix.wav'), mp3: mp3Text === 'mp3' });
  if (warm) await once();
  const rssBefore = process.memoryUsage().rss;
  const from = performance.now();
  const result = await once();
  // A fresh process pays its imports too (less the bench's own making of the solo).
  const elapsed = (performance.now() - from + (warm ? 0 : imported - started)) / 1000;
  const memoryMB = Math.max(0, peakRssBytes() - rssBefore) / 2 ** 20;
  process.stdout.write(JSON.stringify({ seconds: result.seconds, realTimeFactor: elapsed / result.seconds, memoryMB }) + '\n');
} finally {
  await fs.rm(dir, { recursive: true, force: true });
}
