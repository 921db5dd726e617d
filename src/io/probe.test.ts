import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mpegFrameAt, probeAudio, flacStreamInfo } from './probe.js';
import { decodeAudioBytes } from './decode.js';
import { encodeWav } from './wav.js';
import { RemixerError } from '../errors.js';
import { encodeFlac, encodeMp3, encodeOgg, sine } from '../testing/fixtures.js';

test('MPEG frame headers, worked by hand: length and samples per frame', () => {
  // MPEG-1 layer III, 128 kbit/s, 44.1 kHz, stereo: 144 · 128000 / 44100 = 417.96 → 417 bytes, 418 padded.
  assert.deepEqual(mpegFrameAt(Uint8Array.from([0xff, 0xfb, 0x90, 0x00]), 0), { sampleRate: 44100, channels: 2, length: 417, samples: 1152 });
  assert.equal(mpegFrameAt(Uint8Array.from([0xff, 0xfb, 0x92, 0x00]), 0)!.length, 418);
  // MPEG-2 layer III, 64 kbit/s, 22.05 kHz, mono: 72 · 64000 / 22050 = 208.98 → 208 bytes, 576 samples.
  assert.deepEqual(mpegFrameAt(Uint8Array.from([0xff, 0xf3, 0x80, 0xc0]), 0), { sampleRate: 22050, channels: 1, length: 208, samples: 576 });
  // Reserved bit rate (15) and reserved sample rate (3) are no frames.
  assert.equal(mpegFrameAt(Uint8Array.from([0xff, 0xfb, 0xf0, 0x00]), 0), null);
  assert.equal(mpegFrameAt(Uint8Array.from([0xff, 0xfb, 0x9c, 0x00]), 0), null);
});

test('lengths from headers alone match what the encoders wrote, in every format', async () => {
  const tone = sine(440, 1.5, 44100, 0.3);
  const wav = probeAudio(encodeWav([tone, tone], 44100, 'int16'))!;
  assert.deepEqual(wav, { format: 'wav', sampleRate: 44100, channels: 2, seconds: 1.5, problem: null });
  const flac = probeAudio(await encodeFlac([tone], 44100))!;
  assert.deepEqual(flac, { format: 'flac', sampleRate: 44100, channels: 1, seconds: 1.5, problem: null });
  const ogg = probeAudio(await encodeOgg([tone], 44100))!;
  assert.equal(ogg.format, 'ogg');
  assert.ok(Math.abs(ogg.seconds! - 1.5) < 0.01, `Ogg: ${ogg.seconds} s from the last granule position`);
  const mp3 = probeAudio(await encodeMp3([tone], 44100))!;
  assert.equal(mp3.channels, 1);
  // The encoder pads the start and the last frame: at most two frames more than the tone.
  assert.ok(mp3.seconds! >= 1.5 && mp3.seconds! <= 1.5 + (2 * 1152) / 44100, `MP3: ${mp3.seconds} s from ${Math.round((mp3.seconds! * 44100) / 1152)} frames`);
});

test('problems the headers show: a cut-off WAV, an encoding not read', () => {
  const wav = encodeWav([sine(440, 1, 8000)], 8000, 'int16');
  assert.deepEqual(probeAudio(wav.subarray(0, 1044))!.problem, { kind: 'truncated', message: 'truncated WAV: data chunk declares 16000 bytes but only 1000 are present' });
  const aLaw = wav.slice();
  new DataView(aLaw.buffer).setUint16(20, 6, true);
  assert.equal(probeAudio(aLaw)!.problem!.kind, 'unsupported');
  assert.equal(probeAudio(new TextEncoder().encode('hello')), null);
});

test('a FLAC that does not say its length is decoded a chunk at a time and stopped at the limit', async () => {
  const tone = sine(440, 3, 8000, 0.3);
  const bytes = await encodeFlac([tone], 8000);
  bytes.fill(0, 8 + 13, 8 + 18);
  bytes[8 + 13] = bytes[8 + 13]! & 0xf0;
  assert.equal(flacStreamInfo(bytes)!.totalSamples, 0, 'STREAMINFO says nothing of the length');
  assert.equal(probeAudio(bytes)!.seconds, null);
  await assert.rejects(decodeAudioBytes(bytes, 'long.flac', { maxSeconds: 1 }), (e: Error) => e instanceof RemixerError && /^long\.flac: \d\.\d\d s is longer than the 1\.00 s limit$/.test(e.message));
  const decoded = await decodeAudioBytes(bytes, 'long.flac', { maxSeconds: 5 });
  assert.equal(decoded.channels[0]!.length, tone.length, 'within the limit it decodes whole');
});
