/**
 * One reading of a long recording in its own process, so that its peak memory is its own:
 *   node --import tsx bench/read-once.ts info|info-whole|analyze|analyze-whole FILE
 * `info` and `analyze` are what `remixer audio info` and `remixer analyze --listener dsp` run
 * (the file decoded block by block); the `-whole` modes decode every channel first, as they
 * did before, for the ratio. Prints one JSON line: { seconds, memoryMB } (peak RSS above the
 * RSS before the reading).
 */
import { basename } from 'node:path';
import { peakRssBytes } from './peak-rss.js';

const [mode, file] = process.argv.slice(2) as [string, string];
const { audioInfo } = await import('../src/io/info.js');
const { analyseFile } = await import('../src/listen/analyse-file.js');
const { decodeAudioFile } = await import('../src/io/decode.js');
const { downmix } = await import('../src/dsp/levels.js');
const { analyse } = await import('../src/listen/analyse.js');
const rssBefore = process.memoryUsage().rss;
const started = performance.now();
if (mode === 'info') await audioInfo(file);
else if (mode === 'analyze') await analyseFile(file, { listener: 'dsp' });
else {
  const audio = await decodeAudioFile(file);
  if (mode === 'analyze-whole') await analyse(downmix(audio.channels), audio.sampleRate, { name: basename(file), listener: 'dsp' });
  else audio.channels.map((c) => c.reduce((a, v) => Math.max(a, Math.abs(v)), 0));
}
const seconds = (performance.now() - started) / 1000;
const memoryMB = Math.max(0, peakRssBytes() - rssBefore) / 2 ** 20;
process.stdout.write(JSON.stringify({ seconds, memoryMB }) + '\n');
