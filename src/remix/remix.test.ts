import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { trainModel } from '../model/training/train.js';
import { remix } from './remix.js';
import { decodeAudioFile } from '../io/decode.js';
import { LoudnessMeter } from '../dsp/loudness.js';

const loudnessOf = (channels: Float32Array[], rate: number) => {
  const meter = new LoudnessMeter(rate);
  meter.push(channels);
  return meter.integrated();
};
import { peak, toDb } from '../dsp/levels.js';
import { RemixerError } from '../errors.js';
import { runCli, singleErrorLine } from '../testing/cli.js';
import { sine, tempDir, writeWavFixture } from '../testing/fixtures.js';
import { tinyDataset, TINY_MODEL } from '../testing/tiny-dataset.js';
import { STEMS } from '../config.js';

let modelDir = '';
let soloPath = '';

before(async () => {
  const root = await tempDir();
  modelDir = join(root, 'model');
  await trainModel({ preset: 'spectral', data: await tinyDataset(), out: modelDir, representation: 'waveform', epochs: 2, stepsPerEpoch: 4, learningRate: 3e-3, ...TINY_MODEL, lstmUnits: 8 });
  soloPath = join(root, 'solo.wav');
  // A 44.1 kHz stereo solo: the remix resamples and downmixes it to the model's 8 kHz.
  const tone = Float32Array.from(sine(262, 2.5, 44100, 0.4), (v, i) => v * (0.6 + 0.4 * Math.sin(i / 8000)));
  await writeWavFixture(soloPath, [tone, tone], 44100, '16');
});

/** Least-squares weights of `signals` that best explain `target`. */
function fit(target: Float32Array, signals: Float32Array[]): number[] {
  const n = signals.length;
  const A = Array.from({ length: n }, () => new Float64Array(n));
  const b = new Float64Array(n);
  for (let i = 0; i < target.length; i++) {
    for (let r = 0; r < n; r++) {
      b[r]! += signals[r]![i]! * target[i]!;
      for (let c = 0; c < n; c++) A[r]![c]! += signals[r]![i]! * signals[c]![i]!;
    }
  }
  for (let p = 0; p < n; p++) {
    for (let r = p + 1; r < n; r++) {
      const f = A[r]![p]! / A[p]![p]!;
      for (let c = p; c < n; c++) A[r]![c]! -= f * A[p]![c]!;
      b[r]! -= f * b[p]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r]!;
    for (let c = r + 1; c < n; c++) s -= A[r]![c]! * x[c]!;
    x[r] = s / A[r]![r]!;
  }
  return x;
}

test('writes the remix (WAV and MP3) and the stems, at the loudness target and under the peak ceiling', async () => {
  const dir = await tempDir();
  const result = await remix({ solo: soloPath, model: modelDir, out: join(dir, 'remix.wav'), stemsDir: join(dir, 'stems'), targetLufs: -20 });
  assert.deepEqual((await fs.readdir(dir)).sort(), ['analysis.json', 'remix.mp3', 'remix.wav', 'stems']);
  assert.deepEqual((await fs.readdir(join(dir, 'stems'))).sort(), STEMS.map((s) => `${s}.wav`).sort());
  const analysis = JSON.parse(await fs.readFile(join(dir, 'analysis.json'), 'utf8'));
  assert.equal(analysis.format, 'remixer-analysis');
  assert.deepEqual(analysis.beats, result.analysis!.beats, 'the job result carries what the file holds');
  // The 44.1 kHz stereo solo comes back at 44.1 kHz in stereo, though the model runs at 8 kHz.
  const wav = await decodeAudioFile(join(dir, 'remix.wav'));
  assert.equal(wav.sampleRate, 44100);
  assert.equal(wav.channels.length, 2);
  assert.equal(wav.channels[0]!.length, 2.5 * 44100, 'the solo length by default');
  const stem = await decodeAudioFile(join(dir, 'stems', 'bass.wav'));
  assert.equal(stem.sampleRate, 44100, 'stems at the output rate too');
  const measured = loudnessOf(wav.channels, 44100);
  assert.ok(Math.abs(measured - -20) < 0.5, `loudness ${measured} LUFS`);
  assert.ok(wav.channels.every((c) => toDb(peak(c)) <= -0.99), 'peak limited to -1 dBFS');
  assert.ok(Math.abs(result.loudnessLufs - measured) < 0.05);
  assert.equal(result.channels, 2);
  const mp3 = await decodeAudioFile(join(dir, 'remix.mp3'));
  assert.equal(mp3.channels.length, 2);
  assert.ok(Math.abs(mp3.channels[0]!.length / mp3.sampleRate - 2.5) < 0.2);
});

test('any duration: the solo is looped to --seconds; gains and mutes shape the mix', async () => {
  const dir = await tempDir();
  const result = await remix({
    solo: soloPath, model: modelDir, out: join(dir, 'remix.wav'), stemsDir: join(dir, 'stems'), seconds: 6.3,
    gains: { bass: 2, other: 0.5 }, mute: ['drums'], mp3: false, targetLufs: -30,
  });
  assert.equal(result.mp3, null);
  const mix = (await decodeAudioFile(join(dir, 'remix.wav'))).channels[0]!;
  assert.equal(mix.length, Math.round(6.3 * 44100));
  const stems = Object.fromEntries(await Promise.all(STEMS.map(async (s) => [s, (await decodeAudioFile(join(dir, 'stems', `${s}.wav`))).channels[0]!] as const)));
  // remix = g · (solo + 2·bass + 0.5·other), with drums absent (piano is the solo, passed through).
  const [solo, bass, other, drums] = fit(mix, [stems.piano!, stems.bass!, stems.other!, stems.drums!]);
  assert.ok(Math.abs(bass! / solo! - 2) < 0.05, `bass/solo ${bass! / solo!}`);
  assert.ok(Math.abs(other! / solo! - 0.5) < 0.05, `other/solo ${other! / solo!}`);
  assert.ok(Math.abs(drums! / solo!) < 0.02, `drums are muted (${drums! / solo!})`);
});

test('bad input: corrupt solo, missing model, impossible sample rate — clear errors and nothing written', async () => {
  const dir = await tempDir();
  const corrupt = join(dir, 'corrupt.wav');
  await fs.writeFile(corrupt, (await fs.readFile(soloPath)).subarray(0, 3000));
  const out = join(dir, 'out', 'remix.wav');
  await assert.rejects(remix({ solo: corrupt, model: modelDir, out, stemsDir: join(dir, 'out', 'stems') }), (e: Error) => e instanceof RemixerError && e.message.startsWith(`${corrupt}: truncated WAV`));
  await assert.rejects(remix({ solo: soloPath, model: join(dir, 'no-model'), out }), (e: Error) => e instanceof RemixerError && /model directory not found/.test(e.message));
  await assert.rejects(remix({ solo: soloPath, model: modelDir, out, sampleRate: 5 }), /--sample-rate must be an integer >= 8000/);
  assert.deepEqual(await fs.readdir(dir), ['corrupt.wav'], 'no output folder, no partial files');

  const cli = await runCli(['remix', corrupt, '--model', modelDir, '--out', out]);
  assert.equal(cli.code, 1);
  assert.match(singleErrorLine(cli) ?? cli.stderr, /truncated WAV/);
  assert.deepEqual(await fs.readdir(dir), ['corrupt.wav']);
});
