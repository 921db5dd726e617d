import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { readWavBlocks, WavStreamWriter, writeWav } from './wav.js';
import { decodeAudioFile } from './decode.js';
import { sine, tempDir } from '../testing/fixtures.js';

test('16-bit and float WAV round-trip exactly through the decoder', async () => {
  const dir = await tempDir();
  const quantised = Float32Array.from(sine(220, 0.2, 22050), (v) => Math.round(v * 32768) / 32768);
  await writeWav(join(dir, 'a.wav'), quantised, 22050, 'int16');
  assert.deepEqual((await decodeAudioFile(join(dir, 'a.wav'))).channels[0], quantised);
  const float = sine(220, 0.2, 22050, 1.5);
  await writeWav(join(dir, 'b.wav'), [float, float], 22050, 'float32');
  const decoded = await decodeAudioFile(join(dir, 'b.wav'));
  assert.equal(decoded.encoding, 'IEEE float 32-bit');
  assert.deepEqual(decoded.channels[1], float);
});

test('a streamed WAV appears only when closed, and an aborted one leaves nothing', async () => {
  const dir = await tempDir();
  const path = join(dir, 'stream.wav');
  const writer = await WavStreamWriter.open(path, 22050, 1, 'int16');
  await writer.append([sine(100, 0.1, 22050)]);
  assert.deepEqual(await fs.readdir(dir).then((f) => f.filter((n) => n === 'stream.wav')), []);
  await writer.append([sine(100, 0.1, 22050)]);
  await writer.close();
  assert.equal((await decodeAudioFile(path)).channels[0]!.length, 4410);
  const aborted = await WavStreamWriter.open(join(dir, 'aborted.wav'), 22050, 1, 'int16');
  await aborted.append([sine(100, 0.1, 22050)]);
  await aborted.abort();
  assert.deepEqual((await fs.readdir(dir)).sort(), ['stream.wav']);
});

test('writing non-finite samples fails and leaves no file behind', async () => {
  const dir = await tempDir();
  const bad = sine(100, 0.1, 22050);
  bad[10] = Number.NaN;
  await assert.rejects(writeWav(join(dir, 'bad.wav'), bad, 22050), /non-finite/);
  assert.deepEqual(await fs.readdir(dir), []);
});

test('readWavBlocks streams back what the writer wrote, block by block, for both sample formats', async () => {
  const dir = await tempDir();
  const left = sine(330, 0.3, 8000, 0.7);
  const right = Float32Array.from(left, (v) => -v / 2);
  for (const format of ['float32', 'int16'] as const) {
    const path = join(dir, `${format}.wav`);
    await writeWav(path, [left, right], 8000, format);
    const blocks: Float32Array[][] = [];
    const info = await readWavBlocks(path, (channels) => void blocks.push(channels), 1000);
    assert.deepEqual(info, { sampleRate: 8000, channels: 2, format, frames: left.length });
    assert.deepEqual(blocks.map((b) => b[0]!.length), [1000, 1000, 400]);
    const joined = (c: number) => Float32Array.from(blocks.flatMap((b) => [...b[c]!]));
    const tolerance = format === 'int16' ? 1 / 32768 : 0;
    for (const [c, expected] of [[0, left], [1, right]] as const) {
      const got = joined(c);
      for (let i = 0; i < expected.length; i += 97) assert.ok(Math.abs(got[i]! - expected[i]!) <= tolerance, `channel ${c} sample ${i}`);
    }
  }
  await fs.writeFile(join(dir, 'text.wav'), 'not a wav at all');
  await assert.rejects(readWavBlocks(join(dir, 'text.wav'), () => {}), /text\.wav: not a WAV file/);
});
