import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { decodeAudioFile, detectFormat } from './decode.js';
import { RemixerError } from '../errors.js';
import { rms } from '../dsp/levels.js';
import { encodeFlac, encodeMp3, encodeOgg, sine, tempDir, writeWavFixture, zeroCrossingFrequency } from '../testing/fixtures.js';
import { headerBytes } from './wav.js';

const RATE = 44100;
const left = sine(440, 1, RATE, 0.5);
const right = sine(660, 1, RATE, 0.25);

async function rejectsWith(path: string, pattern: RegExp): Promise<void> {
  await assert.rejects(decodeAudioFile(path), (error: unknown) => {
    assert.ok(error instanceof RemixerError, `expected a RemixerError, got ${String(error)}`);
    assert.ok(error.message.startsWith(`${path}: `), `message names the file: ${error.message}`);
    assert.match(error.message, pattern);
    assert.ok(!error.message.includes('\n'), 'one line');
    return true;
  });
}

test('decodes 16-bit, 24-bit and 32-bit float WAV with their channels and levels', async () => {
  const dir = await tempDir();
  for (const depth of ['16', '24', '32f'] as const) {
    const path = join(dir, `tone-${depth}.wav`);
    await writeWavFixture(path, [left, right], RATE, depth);
    const audio = await decodeAudioFile(path);
    assert.equal(audio.format, 'wav');
    assert.equal(audio.sampleRate, RATE);
    assert.equal(audio.channels.length, 2);
    assert.equal(audio.channels[0]!.length, RATE);
    const tolerance = depth === '32f' ? 1e-7 : depth === '24' ? 1e-6 : 1e-4;
    for (let i = 0; i < RATE; i += 997) {
      assert.ok(Math.abs(audio.channels[0]![i]! - left[i]!) < tolerance, `left sample ${i} (${depth})`);
      assert.ok(Math.abs(audio.channels[1]![i]! - right[i]!) < tolerance, `right sample ${i} (${depth})`);
    }
  }
});

test('decodes MP3, FLAC and Ogg Vorbis to the encoded tone', async () => {
  const dir = await tempDir();
  const files = {
    'tone.mp3': await encodeMp3([left, right], 44100),
    'tone.flac': await encodeFlac([left, right], RATE),
    'tone.ogg': await encodeOgg([left, right], RATE),
  };
  for (const [name, bytes] of Object.entries(files)) {
    const path = join(dir, name);
    await fs.writeFile(path, bytes);
    const audio = await decodeAudioFile(path);
    assert.equal(audio.sampleRate, RATE, name);
    assert.equal(audio.channels.length, 2, name);
    const seconds = audio.channels[0]!.length / RATE;
    assert.ok(seconds > 0.95 && seconds < 1.2, `${name} duration ${seconds}`);
    const middle = audio.channels[0]!.subarray(4000, 40000);
    assert.ok(Math.abs(zeroCrossingFrequency(middle, RATE) - 440) < 5, `${name} pitch`);
    assert.ok(Math.abs(rms(middle) - 0.5 / Math.SQRT2) < 0.03, `${name} level ${rms(middle)}`);
  }
  // A mono MP3 decodes as one channel (mpg123 itself always gives two).
  await fs.writeFile(join(dir, 'mono.mp3'), await encodeMp3([left], 44100));
  assert.equal((await decodeAudioFile(join(dir, 'mono.mp3'))).channels.length, 1, 'mono MP3');
});

test('detects formats by content, not by file name', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  assert.equal(detectFormat(bytes('RIFF\0\0\0\0WAVEfmt ')), 'wav');
  assert.equal(detectFormat(bytes('fLaC\0\0\0\0')), 'flac');
  assert.equal(detectFormat(bytes('OggS\0\0\0\0')), 'ogg');
  assert.equal(detectFormat(bytes('ID3\x04\0\0')), 'mp3');
  assert.equal(detectFormat(bytes('hello world')), null);
});

test('bad input: missing, empty, directory, unsupported, corrupt', async () => {
  const dir = await tempDir();
  await rejectsWith(join(dir, 'missing.wav'), /file not found/);
  await fs.writeFile(join(dir, 'empty.wav'), new Uint8Array(0));
  await rejectsWith(join(dir, 'empty.wav'), /file is empty/);
  await rejectsWith(dir, /is a directory/);
  await fs.writeFile(join(dir, 'notes.mp3'), 'these are not audio samples');
  await rejectsWith(join(dir, 'notes.mp3'), /unsupported format/);
  await fs.writeFile(join(dir, 'junk.wav'), new TextEncoder().encode('RIFF\x10\0\0\0WAVEjunkjunkjunk'));
  await rejectsWith(join(dir, 'junk.wav'), /corrupt or truncated WAV header/);
  const junkMp3 = new Uint8Array(4000).map((_, i) => (i * 7919 + 13) & 255);
  junkMp3.set([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 0]);
  await fs.writeFile(join(dir, 'junk.mp3'), junkMp3);
  await rejectsWith(join(dir, 'junk.mp3'), /corrupt MP3/);
});

test('bad input: truncated WAV, FLAC, MP3 and Ogg', async () => {
  const dir = await tempDir();
  const wavPath = join(dir, 'full.wav');
  await writeWavFixture(wavPath, [left], RATE, '16');
  const wav = await fs.readFile(wavPath);
  await fs.writeFile(join(dir, 'cut.wav'), wav.subarray(0, wav.length / 2));
  await rejectsWith(join(dir, 'cut.wav'), /truncated WAV/);

  const flac = await encodeFlac([left], RATE);
  await fs.writeFile(join(dir, 'cut.flac'), flac.subarray(0, Math.floor(flac.length / 2)));
  await rejectsWith(join(dir, 'cut.flac'), /truncated FLAC|corrupt FLAC/);

  const mp3 = await encodeMp3([sine(440, 3, 44100)], 44100);
  // Cut inside a frame (a cut exactly on a frame boundary is indistinguishable from a shorter file).
  await fs.writeFile(join(dir, 'cut.mp3'), mp3.subarray(0, Math.floor(mp3.length / 2) + 100));
  await rejectsWith(join(dir, 'cut.mp3'), /truncated MP3|corrupt/);

  const ogg = await encodeOgg([left], RATE);
  await fs.writeFile(join(dir, 'cut.ogg'), ogg.subarray(0, Math.floor(ogg.length * 0.6)));
  await rejectsWith(join(dir, 'cut.ogg'), /truncated Ogg|corrupt Ogg/);
});

test('bad input: non-finite samples in a float WAV', async () => {
  const dir = await tempDir();
  const samples = sine(440, 0.5, RATE);
  const path = join(dir, 'nan.wav');
  await writeWavFixture(path, [samples], RATE, '32f');
  const bytes = await fs.readFile(path);
  bytes.writeFloatLE(Number.NaN, headerBytes('float32') + 4 * 1000);
  await fs.writeFile(path, bytes);
  await rejectsWith(path, /non-finite samples.*frame 1000/);
});

test('reading block by block gives what decoding whole gives: the mono mix, the peak and the RMS, in every format', async () => {
  const { decodeMono } = await import('./decode-mono.js');
  const { audioInfo } = await import('./info.js');
  const { downmix, peak } = await import('../dsp/levels.js');
  const dir = await tempDir();
  // 3 s, so that WAV and the compressed formats come in several blocks.
  const long = (f: number, level: number) => sine(f, 3, RATE, level);
  const [l, r] = [long(440, 0.5), long(330, 0.25)];
  await writeWavFixture(join(dir, 'a.wav'), [l, r], RATE, '16');
  await writeWavFixture(join(dir, 'b.wav'), [l, r], RATE, '24');
  await writeWavFixture(join(dir, 'c.wav'), [l], RATE, '32f');
  await fs.writeFile(join(dir, 'd.flac'), await encodeFlac([l, r], RATE));
  await fs.writeFile(join(dir, 'e.mp3'), await encodeMp3([l, r], RATE));
  await fs.writeFile(join(dir, 'f.ogg'), await encodeOgg([l, r], RATE));
  for (const name of ['a.wav', 'b.wav', 'c.wav', 'd.flac', 'e.mp3', 'f.ogg']) {
    const path = join(dir, name);
    const whole = await decodeAudioFile(path);
    const mono = await decodeMono(path);
    const mixed = downmix(whole.channels);
    assert.equal(mono.samples.length, mixed.length, `${name}: length`);
    assert.equal(mono.frames, mixed.length, `${name}: frames`);
    assert.equal(mono.channels, whole.channels.length, `${name}: channels`);
    let worst = 0;
    for (let i = 0; i < mixed.length; i++) worst = Math.max(worst, Math.abs(mono.samples[i]! - mixed[i]!));
    assert.ok(worst < 1e-6, `${name}: the mono mix differs by ${worst}`);
    const info = await audioInfo(path);
    const wholePeak = Math.max(...whole.channels.map((c) => peak(c)));
    const wholeRms = Math.sqrt(whole.channels.reduce((sum, c) => sum + c.reduce((a, v) => a + v * v, 0), 0) / (mixed.length * whole.channels.length));
    assert.ok(Math.abs(info.peakDb - 20 * Math.log10(wholePeak)) < 1e-3, `${name}: peak ${info.peakDb}`);
    assert.ok(Math.abs(info.rmsDb - 20 * Math.log10(wholeRms)) < 1e-3, `${name}: rms ${info.rmsDb}`);
    assert.equal(info.frames, mixed.length, `${name}: info frames`);
  }
  // Bad input still gets its one line, through the streamed reader too.
  await fs.writeFile(join(dir, 'cut.flac'), (await encodeFlac([l], RATE)).subarray(0, 20000));
  await assert.rejects(decodeMono(join(dir, 'cut.flac')), (error: unknown) => error instanceof RemixerError && /cut\.flac: (truncated|corrupt) FLAC/.test(error.message));
  await assert.rejects(audioInfo(join(dir, 'missing.wav')), (error: unknown) => error instanceof RemixerError && /missing\.wav: file not found/.test(error.message));
});
