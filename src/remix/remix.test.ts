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
import { sine, tempDir, withTmpfs, writeWavFixture } from '../testing/fixtures.js';
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
  assert.deepEqual((await fs.readdir(dir)).sort(), ['remix.analysis.json', 'remix.mp3', 'remix.wav', 'stems']);
  assert.deepEqual((await fs.readdir(join(dir, 'stems'))).sort(), STEMS.map((s) => `${s}.wav`).sort());
  const analysis = JSON.parse(await fs.readFile(join(dir, 'remix.analysis.json'), 'utf8'));
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

  // White noise gets a band, and a word about it on the terminal (not only in the analysis file).
  const noise = join(dir, 'noise.wav');
  let state = 7;
  await writeWavFixture(noise, [Float32Array.from({ length: 8000 * 3 }, () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 30 - 1) * 0.3)], 8000, '16');
  const noisy = await runCli(['remix', noise, '--model', modelDir, '--out', join(dir, 'noisy', 'remix.wav'), '--no-mp3']);
  assert.equal(noisy.code, 0, noisy.stderr);
  assert.match(noisy.stderr, /^remixer: warning: noise\.wav sounds like noise rather than an instrument/m);
  assert.match(noisy.stdout, /^made the folder .*noisy$/m, 'the folder it made is said');
});

test('an output never replaces an input: --out onto the solo (by name, by link) is refused and the solo stays', async () => {
  const dir = await tempDir();
  const solo = join(dir, 'take.wav');
  await fs.copyFile(soloPath, solo);
  const before = await fs.readFile(solo);
  await fs.symlink(solo, join(dir, 'link.wav'));
  for (const out of [solo, join(dir, '.', 'take.wav'), join(dir, 'link.wav')]) {
    await assert.rejects(remix({ solo, model: modelDir, out }), (e: Error) => e instanceof RemixerError && / is the solo /.test(e.message) && e.message.includes('an output never replaces an input'));
  }
  // The MP3 beside --out would replace a solo called take.mp3.
  await fs.copyFile(soloPath, join(dir, 'song.mp3'));
  await assert.rejects(remix({ solo: join(dir, 'song.mp3'), model: modelDir, out: join(dir, 'song.wav') }), /the MP3 beside --out .*song\.mp3 is the solo/);
  assert.ok((await fs.readFile(solo)).equals(before), 'the solo is untouched');
  const cli = await runCli(['remix', solo, '--model', modelDir, '--out', solo]);
  assert.equal(cli.code, 1);
  assert.match(singleErrorLine(cli) ?? cli.stderr, /^remixer: --out .*take\.wav is the solo .*take\.wav: an output never replaces an input/);
  assert.ok((await fs.readFile(solo)).equals(before), 'the solo is untouched');
});

test('two remixes into one folder: every file follows its --out, none is shared', async () => {
  const dir = await tempDir();
  const a = await remix({ solo: soloPath, model: modelDir, out: join(dir, 'a.wav'), mp3: false });
  const b = await remix({ solo: soloPath, model: modelDir, out: join(dir, 'b.wav'), mp3: false, seconds: 1.5 });
  assert.equal(a.analysisPath, join(dir, 'a.analysis.json'));
  assert.equal(b.analysisPath, join(dir, 'b.analysis.json'));
  assert.deepEqual((await fs.readdir(dir)).sort(), ['a.analysis.json', 'a.wav', 'b.analysis.json', 'b.wav']);
  assert.ok(Math.abs(JSON.parse(await fs.readFile(a.analysisPath!, 'utf8')).duration - 2.5) < 0.01, "a's analysis is a's");
});

/**
 * Fault injection: every kind of write a remix makes (opening, writing, syncing and
 * renaming each file it writes) fails in turn with a full disk. Each time: one user
 * error naming a path, the previous remix at the same names byte for byte, nothing
 * partial or hidden left.
 */
test('every write of a remix failing in turn leaves the previous outputs intact and nothing partial', async () => {
  const dir = await tempDir();
  // A short solo, mastered at the model's own rate (not 44.1 kHz), keeps each of the ~40 remixes quick.
  const solo = join(await tempDir(), 'short.wav');
  await writeWavFixture(solo, [sine(262, 1, 8000, 0.4)], 8000, '16');
  const options = { solo, model: modelDir, out: join(dir, 'remix.wav'), stemsDir: join(dir, 'stems'), sampleRate: 8000 };
  await remix(options);
  const snapshot = async () => {
    const files = new Map<string, Buffer>();
    const walk = async (d: string): Promise<void> => {
      for (const e of await fs.readdir(d, { withFileTypes: true })) e.isDirectory() ? await walk(join(d, e.name)) : files.set(join(d, e.name), await fs.readFile(join(d, e.name)));
    };
    await walk(dir);
    return files;
  };
  const before = await snapshot();
  const probe = await fs.open(join(dir, 'probe'), 'w');
  const handleProto = Object.getPrototypeOf(probe) as Record<string, (...args: unknown[]) => Promise<unknown>>;
  await probe.close();
  await fs.rm(join(dir, 'probe'));
  const fsObject = fs as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  const originals = { write: handleProto['write']!, writeFile: handleProto['writeFile']!, sync: handleProto['sync']!, open: fsObject['open']!, rename: fsObject['rename']! };
  // A site is the k-th open, sync or rename of a file (by name), or its first write; each fails once, in turn.
  const sites: string[] = [];
  let failAt: string | null = null;
  const paths = new WeakMap<object, string>();
  let counts = new Map<string, number>();
  const site = (op: string, path: unknown) => {
    const base = `${op}:${String(path).replace(/(-[0-9a-f]{8})+$/, '').split('/').pop()}`;
    const k = (counts.get(base) ?? 0) + 1;
    counts.set(base, k);
    return op.startsWith('write') && k > 1 ? null : `${base}#${k}`;
  };
  const check = (name: string | null) => {
    if (name === null) return;
    if (!sites.includes(name)) sites.push(name);
    if (name === failAt) {
      failAt = null;
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
  };
  fsObject['open'] = async function (this: unknown, path: unknown, flags: unknown, ...rest: unknown[]) {
    if (flags === 'w') check(site('open', path));
    const handle = (await originals.open.call(this, path, flags, ...rest)) as object;
    paths.set(handle, String(path));
    return handle;
  };
  fsObject['rename'] = async function (this: unknown, from: unknown, to: unknown) {
    check(site('rename', to));
    return originals.rename.call(this, from, to);
  };
  for (const op of ['write', 'writeFile', 'sync'] as const) {
    handleProto[op] = async function (this: object, ...args: unknown[]) {
      check(site(op, paths.get(this)));
      return originals[op].apply(this, args);
    };
  }
  try {
    counts = new Map();
    await remix(options);
    const all = [...sites];
    assert.ok(all.length >= 20, `a remix writes at many sites (${all.join(', ')})`);
    for (const target of all) {
      failAt = target;
      counts = new Map();
      await assert.rejects(remix(options), (e: Error) => e instanceof RemixerError && /: no space left on the device \(.* free(; about .* needed)?\): free some space or write elsewhere$/.test(e.message), `failing ${target}`);
      const after = await snapshot();
      assert.deepEqual([...after.keys()].sort(), [...before.keys()].sort(), `failing ${target}: the same files, nothing partial or hidden`);
      for (const [path, bytes] of before) assert.ok(after.get(path)!.equals(bytes), `failing ${target}: ${path} is the previous remix's`);
    }
  } finally {
    Object.assign(handleProto, { write: originals.write, writeFile: originals.writeFile, sync: originals.sync });
    Object.assign(fsObject, { open: originals.open, rename: originals.rename });
  }
});

test('a full disk, for real (a small tmpfs): a remix that cannot fit is refused before it starts, with the space needed; a write that runs out names its file', async (t) => {
  const ran = await withTmpfs(512, async (disk) => {
    await assert.rejects(remix({ solo: soloPath, model: modelDir, out: join(disk, 'remix.wav'), stemsDir: join(disk, 'stems') }), (e: Error) => e instanceof RemixerError && new RegExp(`^${disk}: not enough free space for the remix and its stems: about \\d+\\.\\d MB needed, 0\\.5 MB free$`).test(e.message));
    assert.deepEqual(await fs.readdir(disk), [], 'nothing written');
    // The disk fills while writing (another program's file takes the room): the error names the file.
    await fs.writeFile(join(disk, 'filler'), new Uint8Array(1024 * 1024)).catch(() => {});
    const { analyseFile } = await import('../listen/analyse-file.js');
    await assert.rejects(analyseFile(soloPath, { json: join(disk, 'heard.json'), midi: join(disk, 'heard.mid') }), (e: Error) => e instanceof RemixerError && new RegExp(`^${disk}/heard\\.(json|mid): no space left on the device \\(0\\.0 MB free; about \\d+\\.\\d MB needed\\): free some space or write elsewhere$`).test(e.message));
    assert.deepEqual(await fs.readdir(disk), ['filler'], 'nothing half-written');
  });
  if (!ran) t.skip('this machine does not allow mounting a tmpfs (not root); the fault-injection test above covers the same paths');
});
