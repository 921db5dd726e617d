import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { runCli, singleErrorLine } from '../testing/cli.js';
import { encodeOgg, sine, tempDir, writeWavFixture } from '../testing/fixtures.js';

test('audio info prints format, channels, rate, duration, peak and RMS', async () => {
  const dir = await tempDir();
  await writeWavFixture(join(dir, 'tone.wav'), [sine(440, 1.5, 48000, 0.5), sine(440, 1.5, 48000, 0.5)], 48000, '24');
  await fs.writeFile(join(dir, 'tone.ogg'), await encodeOgg([sine(440, 1, 44100, 0.5)], 44100));
  const wav = await runCli(['audio', 'info', join(dir, 'tone.wav')]);
  assert.equal(wav.code, 0, wav.stderr);
  assert.match(wav.stdout, /WAV \(PCM 24-bit\)/);
  assert.match(wav.stdout, /channels:\s+2/);
  assert.match(wav.stdout, /rate:\s+48000 Hz/);
  assert.match(wav.stdout, /duration:\s+1\.500 s/);
  assert.match(wav.stdout, /peak:\s+-6\.0 dBFS/);
  assert.match(wav.stdout, /rms:\s+-9\.0 dBFS/);
  const ogg = await runCli(['audio', 'info', '--json', join(dir, 'tone.ogg')]);
  assert.equal(JSON.parse(ogg.stdout).format, 'ogg');
});

test('bad input gives one line naming the file and a non-zero exit', async () => {
  const dir = await tempDir();
  await fs.writeFile(join(dir, 'empty.flac'), '');
  await fs.writeFile(join(dir, 'text.wav'), 'not audio at all');
  for (const [file, problem] of [
    [join(dir, 'missing.mp3'), /file not found/],
    [join(dir, 'empty.flac'), /file is empty/],
    [join(dir, 'text.wav'), /unsupported format/],
  ] as const) {
    const result = await runCli(['audio', 'info', file]);
    assert.equal(result.code, 1);
    const line = singleErrorLine(result);
    assert.ok(line, `one error line, got: ${result.stderr}`);
    assert.ok(line.includes(file), line);
    assert.match(line, problem);
    assert.equal(result.stdout, '');
  }
});

test('dataset synth writes a dataset and prints its summary; bad options are one-line errors', async () => {
  const dir = await tempDir();
  const ok = await runCli(['dataset', 'synth', '--songs', '3', '--seconds', '2', '--seed', '5', '--out', join(dir, 'new', 'ds')]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /3 songs \(1 train \/ 1 validation \/ 1 test\)/);
  assert.match(ok.stderr, /synth songs: 3\/3 \(100%\)/, 'plain progress lines when not a TTY');
  const made = `made the folder ${join(dir, 'new')}\n`;
  assert.ok(ok.stdout.startsWith(made), 'a folder it had to make is said');
  const info = await runCli(['dataset', 'info', join(dir, 'new', 'ds')]);
  assert.equal(info.stdout, ok.stdout.slice(made.length));
  await fs.writeFile(join(dir, 'a file'), '');
  const onFile = await runCli(['dataset', 'synth', '--songs', '3', '--out', join(dir, 'a file')]);
  assert.equal(singleErrorLine(onFile), `remixer: ${join(dir, 'a file')}: is a file, not a folder (--out names the folder to write)`);
  const bad = await runCli(['dataset', 'synth', '--songs', '0', '--out', join(dir, 'x')]);
  assert.equal(bad.code, 1);
  assert.match(singleErrorLine(bad) ?? '', /--songs must be an integer >= 1/);
  const notDataset = await runCli(['dataset', 'info', dir]);
  assert.match(singleErrorLine(notDataset) ?? '', /not a Remixer dataset/);
});
