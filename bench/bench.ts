/**
 * `npm run bench`: speed and memory, measured side by side in one run on the same
 * inputs and reported as ratios (never as pass/fail timings in the tests).
 *
 *   1. the machine's wasm matmul throughput (the reference for "fraction of the machine");
 *   2. stock tf.layers.lstm against the fused LSTM: training step time and peak memory
 *      for the paper preset (waveform, units 1, 22050 timesteps, batch 8) and the spectral default;
 *   3. training throughput, seconds of audio per second, for each architecture;
 *   4. the real-time factor of a 30 s remix with the default model;
 *   5. listening: analysis time of a 30 s and a 5-minute solo, as a real-time factor;
 *   6. the score engine: a training epoch of the score preset on the default dataset, and
 *      the remix real-time factor and peak memory of a 30 s and a 5-minute solo (analysis +
 *      model + SoundFont rendering + mastering), each remix in its own process.
 *
 * Options: --quick (short sequences for the stock paper step, for a fast look), --json FILE,
 * --only SECTIONS (comma-separated: training, remix, listening, score, corpus, long).
 *   7. corpus building: 1 and 2 threads, 2 BullMQ workers on a real Redis; the score section
 *      also measures the server's throughput and its memory under a burst (bench/scale.ts).
 *   8. long recordings (--only long): peak memory of `audio info` and `analyze` on a 20-minute
 *      stereo FLAC, read block by block, against decoding every channel first.
 */
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tmpdir } from 'node:os';
import { tf, initTf } from '../src/model/tf.js';
import type { NetworkSpec } from '../src/model/network/architectures.js';
import { PRESETS, type Architecture } from '../src/model/config.js';
import { createRepresentation, DEFAULT_REPRESENTATION_SPECS } from '../src/model/representation/index.js';
import { STEMS, PROJECT_SAMPLE_RATE } from '../src/config.js';
import { synthesizeDataset } from '../src/dataset/synth/generate.js';
import { trainModel } from '../src/model/training/train.js';
import { remix } from '../src/remix/remix.js';
import { songPartPath } from '../src/dataset/layout.js';
import { openDataset } from '../src/dataset/loader.js';
import { renderSong } from '../src/dataset/synth/render.js';
import { loopToLength } from '../src/dsp/levels.js';
import { analyseSamples } from '../src/analysis/analyse.js';
import { trainingFlops } from './flops.js';
import { serverThroughput, corpusBuilding, preparingTraining, type ServerFigures } from './scale.js';
import type { StepRequest } from './step.js';
import { SYNTH_DEFAULTS } from '../src/dataset/synth/generate.js';

const quick = process.argv.includes('--quick');
const only = process.argv.includes('--only') ? process.argv[process.argv.indexOf('--only') + 1]!.split(',') : null;
const section = (name: string) => only === null || only.includes(name);
const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : undefined;
const STEP_SCRIPT = fileURLToPath(new URL('./step.ts', import.meta.url));
const SCORE_REMIX_SCRIPT = fileURLToPath(new URL('./score-remix.ts', import.meta.url));
const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

function measure(request: StepRequest): { stepSeconds: number; memoryMB: number } {
  const result = spawnSync(process.execPath, ['--max-old-space-size=16384', '--import', 'tsx', STEP_SCRIPT, JSON.stringify(request)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (result.status !== 0) throw new Error(`step measurement failed: ${result.stderr.split('\n').slice(-5).join(' ')}`);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

async function matmulThroughput(): Promise<number> {
  await initTf();
  const n = 1024;
  const a = tf.randomNormal([n, n]), b = tf.randomNormal([n, n]);
  for (let i = 0; i < 3; i++) tf.matMul(a, b).dispose();
  let best = Infinity;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    const c = tf.matMul(a, b);
    c.dataSync();
    c.dispose();
    best = Math.min(best, performance.now() - t);
  }
  return (2 * n ** 3) / (best / 1000) / 1e9;
}

const paper = PRESETS.paper;
const spectralDefault = PRESETS.spectral;
const spectral = createRepresentation(DEFAULT_REPRESENTATION_SPECS.spectral);
const waveform = createRepresentation(DEFAULT_REPRESENTATION_SPECS.waveform);
const bins = spectral.inputDim;

/** 'stock': tf.layers LSTM, Dropout and BatchNormalization; 'fused': the project's fused layers. */
type Layers = 'fused' | 'stock';

function paperSpec(layers: Layers, timesteps: number): NetworkSpec {
  return { ...paper.network, architecture: 'one2one', timesteps, inputDim: 1, outputDim: 1, stems: [...STEMS], seed: 1, lstm: layers, featureLayers: layers };
}

function spectralSpec(architecture: Architecture, layers: Layers): NetworkSpec {
  const timesteps = spectral.windowTimesteps(PROJECT_SAMPLE_RATE, 1);
  return { ...spectralDefault.network, architecture, timesteps, inputDim: bins, outputDim: bins, stems: architecture === 'one2four-split' ? ['bass'] : [...STEMS], seed: 1, lstm: layers, featureLayers: layers };
}

async function remixRealTimeFactor(): Promise<{ rtf: number; seconds: number }> {
  const root = await fs.mkdtemp(join(tmpdir(), 'remixer-bench-'));
  try {
    await synthesizeDataset({ out: join(root, 'data'), songs: 3, seconds: 30, seed: 9, split: { train: 1, validation: 1, test: 1 } });
    await trainModel({ preset: 'spectral', data: join(root, 'data'), out: join(root, 'model'), epochs: 1, stepsPerEpoch: 1 });
    const dataset = await openDataset(join(root, 'data'));
    const solo = songPartPath(join(root, 'data'), dataset.songs('test')[0]!, 'piano');
    await remix({ solo, model: join(root, 'model'), out: join(root, 'warm.wav'), seconds: 2, mp3: false });
    const result = await remix({ solo, model: join(root, 'model'), out: join(root, 'remix.wav'), stemsDir: join(root, 'stems') });
    return { rtf: result.realTimeFactor, seconds: result.seconds };
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

/** Analysis time of the piano of a synthetic song, 30 s and looped to 5 minutes (best of 3 and 1 run). */
async function listeningTimes(): Promise<{ audioSeconds: number; seconds: number }[]> {
  const song = renderSong(9, 0, 30, PROJECT_SAMPLE_RATE);
  const piano = Float32Array.from(song.stems.piano, (v) => v / 32768);
  const out: { audioSeconds: number; seconds: number }[] = [];
  for (const [audio, runs] of [[piano, 3], [loopToLength(piano, 300 * PROJECT_SAMPLE_RATE), 1]] as const) {
    let best = Infinity;
    for (let r = 0; r < runs; r++) {
      const started = performance.now();
      analyseSamples(audio);
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    out.push({ audioSeconds: audio.length / PROJECT_SAMPLE_RATE, seconds: best });
  }
  return out;
}

/** The learned and the DSP listener on 30 s of piano, each in a fresh process (best of 2). */
async function freshListening(): Promise<Record<'learned' | 'dsp', { loadSeconds: number; listenSeconds: number }>> {
  const { execFileSync } = await import('node:child_process');
  const { writeWav } = await import('../src/io/wav.js');
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const song = renderSong(9, 0, 30, PROJECT_SAMPLE_RATE);
  const file = join(await mkdtemp(join(tmpdir(), 'remixer-bench-')), 'piano.wav');
  await writeWav(file, Float32Array.from(song.stems.piano, (v) => v / 32768), PROJECT_SAMPLE_RATE);
  const once = (listener: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'listen-once.ts'), listener, file], { encoding: 'utf8' })) as { loadSeconds: number; listenSeconds: number };
  const best = (listener: string) => [once(listener), once(listener)].reduce((a, b) => (a.loadSeconds + a.listenSeconds <= b.loadSeconds + b.listenSeconds ? a : b));
  return { learned: best('learned'), dsp: best('dsp') };
}

/** `audio info` and `analyze` of a long stereo FLAC, each reading in a fresh process: streamed, and decoded whole first. */
type Reading = { seconds: number; memoryMB: number };
async function longRecording(seconds: number): Promise<{ minutes: number; fileMB: number; decodedMB: number; runs: Record<string, { streamed: Reading; whole: Reading }> }> {
  const { execFileSync } = await import('node:child_process');
  const { encodeFlac } = await import('../src/testing/fixtures.js');
  const dir = await fs.mkdtemp(join(tmpdir(), 'remixer-bench-long-'));
  try {
    const rate = 44100;
    const song = renderSong(9, 0, 30, rate);
    const piano = loopToLength(Float32Array.from(song.stems.piano, (v) => v / 32768), seconds * rate);
    const file = join(dir, 'long.flac');
    await fs.writeFile(file, await encodeFlac([piano, piano.map((v) => v * 0.5)], rate));
    const once = (mode: string) => JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'read-once.ts'), mode, file], { encoding: 'utf8', maxBuffer: 1 << 20 })) as Reading;
    const fileMB = (await fs.stat(file)).size / 2 ** 20;
    return {
      minutes: seconds / 60,
      fileMB,
      decodedMB: (2 * seconds * rate * 4) / 2 ** 20,
      runs: { 'audio info': { streamed: once('info'), whole: once('info-whole') }, 'analyze (dsp listener)': { streamed: once('analyze'), whole: once('analyze-whole') } },
    };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}

/** The score preset: one epoch on the default dataset (after a warm-up epoch that also prepares the grids), then remixes. */
type ScoreRemix = { seconds: number; realTimeFactor: number; memoryMB: number; warm: boolean };
async function scoreEngine(): Promise<{ prepareAndFirstEpoch: number; epochSeconds: number; remixes: ScoreRemix[]; server: ServerFigures; preparing: Awaited<ReturnType<typeof preparingTraining>> }> {
  const root = await fs.mkdtemp(join(tmpdir(), 'remixer-bench-score-'));
  try {
    await synthesizeDataset({ out: join(root, 'data'), songs: SYNTH_DEFAULTS.songs, seconds: SYNTH_DEFAULTS.seconds, seed: SYNTH_DEFAULTS.seed });
    const model = join(root, 'model');
    const started = performance.now();
    const trained = await trainModel({ data: join(root, 'data'), out: model, preset: 'score', epochs: 2, patience: 100 });
    const total = (performance.now() - started) / 1000;
    const epochSeconds = trained.parts[0]!.history.at(-1)!.seconds;
    const remixes: ScoreRemix[] = [];
    for (const [seconds, warm] of [[30, false], [300, false], [600, false], [30, true], [300, true]] as const) {
      const result = spawnSync(process.execPath, ['--import', 'tsx', SCORE_REMIX_SCRIPT, model, String(seconds), 'nomp3', warm ? 'warm' : 'fresh'], { encoding: 'utf8', maxBuffer: 1 << 20 });
      if (result.status !== 0) throw new Error(`score remix failed: ${result.stderr.split('\n').slice(-5).join(' ')}`);
      remixes.push({ ...(JSON.parse(result.stdout.trim().split('\n').pop()!) as Omit<ScoreRemix, 'warm'>), warm });
    }
    log('server: 10 remixes through 2 warm workers, then a burst of 50…');
    const server = await serverThroughput(model);
    const preparing = await preparingTraining(join(root, 'data'));
    return { prepareAndFirstEpoch: total - epochSeconds, epochSeconds, remixes, server, preparing };
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

const fmt = (v: number, d = 2) => v.toFixed(d);
const rows: string[] = [];
const results: Record<string, unknown> = {};

const gflops = await matmulThroughput();
results['matmulGflops'] = gflops;
log(`wasm matmul 1024³: ${fmt(gflops, 1)} GFLOP/s`);

if (section('training')) {

// 2. stock vs fused: the whole training step, and the Bidirectional LSTM layer alone (forward + backward)
const paperT = quick ? 2205 : waveform.windowTimesteps(PROJECT_SAMPLE_RATE, 1);
log(`paper preset, ${paperT} timesteps: fused…`);
const paperFused = measure({ spec: paperSpec('fused', paperT), batch: paper.training.batchSize, warmup: 1, steps: 3, parts: 1 });
const paperLayerFused = measure({ spec: paperSpec('fused', paperT), batch: paper.training.batchSize, warmup: 1, steps: 3, parts: 1, layerOnly: true });
log(`paper preset, ${paperT} timesteps: stock (several minutes at 22050 timesteps)…`);
const paperStock = measure({ spec: paperSpec('stock', paperT), batch: paper.training.batchSize, warmup: 0, steps: 1, parts: 1 });
const paperLayerStock = measure({ spec: paperSpec('stock', paperT), batch: paper.training.batchSize, warmup: 0, steps: 1, parts: 1, layerOnly: true });
log('spectral default: fused and stock…');
const specFused = measure({ spec: spectralSpec('one2one', 'fused'), batch: spectralDefault.training.batchSize, warmup: 1, steps: 5, parts: 1 });
const specStock = measure({ spec: spectralSpec('one2one', 'stock'), batch: spectralDefault.training.batchSize, warmup: 1, steps: 3, parts: 1 });
const specLayerFused = measure({ spec: spectralSpec('one2one', 'fused'), batch: spectralDefault.training.batchSize, warmup: 1, steps: 5, parts: 1, layerOnly: true });
const specLayerStock = measure({ spec: spectralSpec('one2one', 'stock'), batch: spectralDefault.training.batchSize, warmup: 1, steps: 3, parts: 1, layerOnly: true });
const paperStepsPerEpoch = Math.ceil((20 * 30) / paper.training.batchSize);
results['comparison'] = { paperTimesteps: paperT, paperFused, paperStock, paperLayerFused, paperLayerStock, specFused, specStock, specLayerFused, specLayerStock };

type Measured = { stepSeconds: number; memoryMB: number };
const row = (setting: string, stock: Measured, fused: Measured, target: string) =>
  `| ${setting} | ${fmt(stock.stepSeconds, 3)} | ${fmt(fused.stepSeconds, 3)} | ${fmt(stock.stepSeconds / fused.stepSeconds, 1)}× | ${fmt(stock.memoryMB, 0)} | ${fmt(fused.memoryMB, 0)} | ${fmt(fused.memoryMB / stock.memoryMB, 3)} | ${target} |`;
rows.push('Stock: tf.layers LSTM (in Bidirectional), Dropout and BatchNormalization. Fused: the fused BiLSTM and the fused dropout + batch norm. Memory: peak RSS above the RSS before the first step.');
rows.push('');
rows.push('| training step | stock (s) | fused (s) | speed-up | stock memory (MB) | fused memory (MB) | memory ratio | target |');
rows.push('|---|---:|---:|---:|---:|---:|---:|---|');
rows.push(row(`paper preset: waveform, units 1, ${paperT} timesteps, batch 8, whole network`, paperStock, paperFused, '≥100× faster, ≤0.1 memory'));
rows.push(row(`paper preset: the BiLSTM layer alone (${paperT} × 16 → 2)`, paperLayerStock, paperLayerFused, '—'));
rows.push(row('spectral default: 86 frames × 513 bins, units 128, batch 16, whole network', specStock, specFused, '≥3× faster'));
rows.push(row('spectral default: the BiLSTM layer alone (86 × 256 → 256)', specLayerStock, specLayerFused, '—'));
rows.push('');
rows.push(`Paper preset epoch over the 24 × 30 s default dataset (20 train songs, ${paperStepsPerEpoch} steps of 8 windows): ${fmt((paperStepsPerEpoch * paperFused.stepSeconds) / 60, 1)} min with the fused layers (target < 10 min), ${fmt((paperStepsPerEpoch * paperStock.stepSeconds * (22050 / paperT)) / 3600, 1)} h with the stock layers.`);
rows.push('');

// 3. throughput per architecture (fused, spectral default; the paper preset for comparison)
rows.push('| architecture (fused LSTM) | step (s) | audio per step (s) | throughput (s of audio / s) | GFLOP/s | share of matmul peak |');
rows.push('|---|---:|---:|---:|---:|---:|');
const throughput: Record<string, unknown> = {};
for (const architecture of ['one2one', 'one2four-combined', 'one2four-split'] as const) {
  log(`throughput: ${architecture}…`);
  const spec = spectralSpec(architecture, 'fused');
  const parts = architecture === 'one2four-split' ? 4 : 1;
  const m = architecture === 'one2one' ? specFused : measure({ spec, batch: spectralDefault.training.batchSize, warmup: 1, steps: 3, parts });
  const audio = spectralDefault.training.batchSize * spectralDefault.windowSeconds;
  const achieved = trainingFlops(spec, spectralDefault.training.batchSize, parts) / m.stepSeconds / 1e9;
  throughput[architecture] = { ...m, audioPerSecond: audio / m.stepSeconds, gflops: achieved };
  rows.push(`| ${architecture}, spectral${parts > 1 ? ' (4 sub-models, one after another)' : ''} | ${fmt(m.stepSeconds, 3)} | ${audio} | ${fmt(audio / m.stepSeconds, 1)} | ${fmt(achieved, 1)} | ${fmt((100 * achieved) / gflops, 0)}% |`);
}
const paperAudio = paper.training.batchSize * (paperT / PROJECT_SAMPLE_RATE);
rows.push(`| one2one, waveform (paper preset) | ${fmt(paperFused.stepSeconds, 3)} | ${fmt(paperAudio, 1)} | ${fmt(paperAudio / paperFused.stepSeconds, 1)} | ${fmt(trainingFlops(paperSpec('fused', paperT), 8, 1) / paperFused.stepSeconds / 1e9, 2)} | — |`);
results['throughput'] = throughput;
rows.push('');

}

// 4. remix real-time factor
if (section('remix')) {
  log("remix: a 30 s solo with the spectral model…");
  const { rtf, seconds } = await remixRealTimeFactor();
  results['remixRealTimeFactor'] = rtf;
  rows.push(`Remix of a ${seconds} s solo with the spectral model (one2one, 16 Griffin-Lim iterations), one core: real-time factor ${fmt(rtf, 2)} (${fmt(rtf * seconds, 1)} s).`);
}

// 5. listening
if (section('listening')) {
  log('listening: a 30 s and a 5-minute solo…');
  const listening = await listeningTimes();
  results['listening'] = listening;
  rows.push('');
  rows.push('| listening with the DSP listener (tempo, beats, meter, key, chords, feature grid), one core, in process | audio (s) | time (s) | real-time factor | target |');
  rows.push('|---|---:|---:|---:|---|');
  for (const m of listening) rows.push(`| piano solo of a synthetic song${m.audioSeconds > 60 ? ', looped' : ''} | ${fmt(m.audioSeconds, 0)} | ${fmt(m.seconds, 2)} | ${fmt(m.seconds / m.audioSeconds, 3)} | — |`);
  // The learned listener against the DSP one, each in a fresh process as `remixer analyze` runs (model load included).
  const fresh = await freshListening();
  results['listeners'] = fresh;
  rows.push('');
  rows.push('| a fresh process listening to 30 s of piano, one core | ready (load) s | listen s | total s | vs dsp | target |');
  rows.push('|---|---:|---:|---:|---:|---|');
  const dspTotal = fresh.dsp.loadSeconds + fresh.dsp.listenSeconds;
  for (const [name, m] of Object.entries(fresh)) rows.push(`| ${name} listener | ${fmt(m.loadSeconds, 2)} | ${fmt(m.listenSeconds, 2)} | ${fmt(m.loadSeconds + m.listenSeconds, 2)} | ${fmt((m.loadSeconds + m.listenSeconds) / dspTotal, 2)}× | ${name === 'learned' ? '< 1 s, model load included' : '—'} |`);
}

// 6. the score engine
if (section('score')) {
  log('score engine: the default dataset, two epochs of the score preset, remixes of 30 s and 5 min…');
  const score = await scoreEngine();
  results['score'] = score;
  const spectralRtf = results['remixRealTimeFactor'] as number | undefined;
  rows.push('');
  rows.push(`Score preset training on the default dataset (${PRESETS.score.training.stepsPerEpoch} steps of ${PRESETS.score.training.batchSize} windows of ${PRESETS.score.windowSeconds} s per epoch): ${fmt(score.epochSeconds, 1)} s per epoch; preparing the grids (analysis of every training song) and the first epoch ${fmt(score.prepareAndFirstEpoch, 1)} s.`);
  rows.push('');
  rows.push('| score-engine remix (analysis + model + SoundFont + mastering, no MP3), one core | process | audio (s) | real-time factor | peak memory above start (MB) | target |');
  rows.push('|---|---|---:|---:|---:|---|');
  const fresh30 = score.remixes.find((r) => !r.warm && r.seconds <= 30)!;
  for (const r of score.remixes) {
    const target = r.warm ? (r.seconds <= 30 ? 'RTF ≤ 0.02' : '—') : r.seconds <= 30 ? 'RTF ≤ 0.04' : `memory ≤ 1.5 × ${fmt(fresh30.memoryMB, 0)} MB + the solo (${fmt((r.seconds * 22050 * 4) / 2 ** 20, 0)} MB): ${fmt(1.5 * fresh30.memoryMB + (r.seconds * 22050 * 4) / 2 ** 20, 0)} MB`;
    rows.push(`| piano solo of a synthetic song${r.seconds > 60 ? ', looped' : ''} | ${r.warm ? 'warm (model, SoundFont, listener loaded: as server threads and workers run it)' : 'fresh (imports and loading included)'} | ${fmt(r.seconds, 0)} | ${fmt(r.realTimeFactor, 3)} | ${r.warm ? '—' : fmt(r.memoryMB, 0)} | ${target} |`);
  }
  if (spectralRtf !== undefined) rows.push(`\nScore engine against the spectral model's remix in this run: ${fmt(spectralRtf / fresh30.realTimeFactor, 1)}× faster (real-time factors ${fmt(fresh30.realTimeFactor, 3)} vs ${fmt(spectralRtf, 2)}).`);
  const p = score.preparing;
  rows.push('');
  rows.push(`Preparing a score training run (${p.songs} training and validation songs of the default dataset): ${fmt(p.withoutCache, 1)} s analysing every song, ${fmt(p.withCache, 2)} s from the grid cache beside the dataset (${fmt(p.withoutCache / Math.max(1e-3, p.withCache), 0)}× faster; resumes and further runs).`);
  const s = score.server;
  rows.push('');
  rows.push(`Server (\`remixer serve --workers ${s.workers} --max-queue 20\`, in process): ${fmt(s.remixesPerMinute, 1)} remixes of ${s.remixSeconds} s per minute with ${s.workers} warm worker threads. A burst of ${s.burst.requests} requests: ${s.burst.accepted} accepted, ${s.burst.refused} refused with 503 + Retry-After, ${s.burst.allFinished ? 'every accepted one finished' : 'NOT every accepted one finished'}; server memory (threads included) ${fmt(s.burst.baseRssMB, 0)} → peak ${fmt(s.burst.peakRssMB, 0)} MB (stated bound: 1 GB).`);
}
// 7. corpus building, here and on the queue
if (section('corpus')) {
  log('corpus building: MMA library songs with 1 and 2 threads, and with 2 queue workers…');
  const corpus = await corpusBuilding();
  results['corpus'] = corpus;
  rows.push('');
  if (!corpus) rows.push('Corpus building: skipped (mma is not installed).');
  else {
    const c = corpus.songsPerMinute;
    rows.push(`| building a library corpus (${corpus.songs} songs of ${corpus.seconds} s, the solo rendered) | songs per minute | vs 1 thread |`);
    rows.push('|---|---:|---:|');
    rows.push(`| 1 worker thread | ${fmt(c.threads1, 1)} | 1.00× |`);
    rows.push(`| 2 worker threads | ${fmt(c.threads2, 1)} | ${fmt(c.threads2 / c.threads1, 2)}× |`);
    rows.push(c.queue2 === null ? '| 2 BullMQ workers on one machine | skipped (no redis-server) | — |' : `| 2 BullMQ workers on one machine (real Redis) | ${fmt(c.queue2, 1)} | ${fmt(c.queue2 / c.threads1, 2)}× |`);
    rows.push(`\n1,000 songs at the 2-thread rate: ${fmt(1000 / c.threads2, 0)} min. `);
  }
}
// 8. long recordings, read block by block
if (section('long')) {
  log('long recordings: audio info and analyze of a 20-minute stereo FLAC, streamed and whole…');
  const long = await longRecording(1200);
  results['long'] = long;
  rows.push('');
  rows.push(`| a ${long.minutes}-minute stereo 44.1 kHz FLAC (${fmt(long.fileMB, 0)} MB; every channel decoded: ${fmt(long.decodedMB, 0)} MB), fresh process | peak memory above start, streamed (MB) | decoded whole first (MB) | ratio | time streamed / whole | target |`);
  rows.push('|---|---:|---:|---:|---:|---|');
  for (const [name, m] of Object.entries(long.runs)) rows.push(`| ${name} | ${fmt(m.streamed.memoryMB, 0)} | ${fmt(m.whole.memoryMB, 0)} | ${fmt(m.streamed.memoryMB / m.whole.memoryMB, 2)} | ${fmt(m.streamed.seconds / m.whole.seconds, 2)} | ${name === 'audio info' ? 'memory ≤ 0.25 × whole' : 'memory ≤ 0.6 × whole'} |`);
}
rows.push('');
rows.push(`Reference: wasm matmul ${fmt(gflops, 1)} GFLOP/s (1024×1024×1024, best of 5).`);

process.stdout.write(rows.join('\n') + '\n');
if (jsonOut) await fs.writeFile(jsonOut, JSON.stringify(results, null, 2));
