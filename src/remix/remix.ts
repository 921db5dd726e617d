/**
 * `remixer remix`: a solo recording in, the four stems and a mastered remix out,
 * in five steps, each a function below:
 *
 * 1. decode: the solo file to samples (any supported format and rate);
 * 2. fit: mono at the model's rate, looped or trimmed to the duration;
 * 3. generate and mix: the stems window by window (generate.ts), streamed to WAV files,
 *    and the gain-weighted remix summed into a temporary float WAV while its loudness is metered;
 * 4. master: the gain that brings the remix to the loudness target (ITU-R BS.1770,
 *    default -14 LUFS) and a peak limiter (default -1 dBFS ceiling);
 * 5. write: remix.wav (16-bit) and remix.mp3, then every output is renamed into place;
 *    analysis.json (the listening module's tempo, beats, key, chords and feature grid) beside them.
 *
 * Every file is written to a temporary name and renamed only when the whole remix
 * succeeded; on any error nothing is left behind.
 */
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import { STEMS, type Stem } from '../config.js';
import { RemixerError } from '../errors.js';
import { checkOptions } from '../options.js';
import { decodeAudioFile, type DecodedAudio } from '../io/decode.js';
import { conformAudio } from '../io/load.js';
import { readWavBlocks, WavStreamWriter } from '../io/wav.js';
import { Mp3StreamWriter, MP3_SAMPLE_RATES } from '../io/mp3.js';
import { LoudnessMeter } from '../dsp/loudness.js';
import { PeakLimiter } from '../dsp/limiter.js';
import { fromDb, toDb } from '../dsp/levels.js';
import { RemixModel } from '../model/saved/remix-model.js';
import { generateStems } from './generate.js';
import { trackGains, type Track } from './mix-options.js';
import { ANALYSIS_FILE, DEFAULT_CEILING_DB, DEFAULT_OVERLAP, DEFAULT_TARGET_LUFS, REMIX_OPTIONS, type RemixOptions } from './options.js';
import { analyse, type Analysis } from '../analysis/analyse.js';
import { analysisJson, summariseAnalysis } from '../analysis/chart.js';
import type { AnalysisSummary } from '../analysis/summary.js';
import { writeFileAtomic } from '../io/atomic.js';

export type { RemixOptions } from './options.js';

export interface RemixResult {
  remix: string;
  mp3: string | null;
  stems: Partial<Record<Stem, string>>;
  /** The solo as mixed, when `writeSolo` was set. */
  solo: string | null;
  sampleRate: number;
  seconds: number;
  /** Loudness and peak of the final remix. */
  loudnessLufs: number;
  peakDb: number;
  /** Gain applied to reach the loudness target, dB. */
  gainDb: number;
  /** Processing time over audio duration (below 1: faster than real time). */
  realTimeFactor: number;
  /** What the listening module heard in the solo (null when asked not to, or when it heard no beat). */
  analysis: AnalysisSummary | null;
  /** analysis.json beside the remix, when written. */
  analysisPath: string | null;
  /** Why there is no analysis, when the solo gave none. */
  analysisError: string | null;
}

/** Step 2: the solo as the model hears it: mono at its rate, fitted to `seconds` by looping. */
async function fitSolo(decoded: DecodedAudio, model: RemixModel, options: RemixOptions): Promise<Float32Array> {
  const { sampleRate } = model.config;
  if (options.sampleRate !== undefined && options.sampleRate !== sampleRate) {
    throw new RemixerError(`${model.dir}: the model was trained at ${sampleRate} Hz and cannot produce ${options.sampleRate} Hz stems (omit --sample-rate, or train a model at ${options.sampleRate} Hz)`);
  }
  options.onProgress?.({ phase: 'loading solo', done: 0, total: 1 });
  return (await conformAudio(decoded, { sampleRate, ...(options.seconds !== undefined ? { seconds: options.seconds, extend: 'loop' as const } : {}) })).samples;
}

/** What the listening module hears in the solo; a solo it cannot hear a beat in still gets a remix. */
async function listen(solo: Float32Array, sampleRate: number, options: RemixOptions): Promise<{ analysis: Analysis | null; error: string | null }> {
  if (options.analysis === false) return { analysis: null, error: null };
  options.onProgress?.({ phase: 'listening to the solo', done: 0, total: 1 });
  try {
    return { analysis: await analyse(solo, sampleRate, { name: basename(options.solo) }), error: null };
  } catch (error) {
    if (error instanceof RemixerError) return { analysis: null, error: error.message };
    throw error;
  }
}

/** Every file a remix writes, open under temporary names until `commit`. */
class RemixOutputs {
  readonly rawMixPath = join(tmpdir(), `remixer-mix-${process.pid}-${randomBytes(4).toString('hex')}.wav`);
  rawMix: WavStreamWriter | null = null;
  readonly stems = new Map<Stem, WavStreamWriter>();
  solo: WavStreamWriter | null = null;
  finalWav: WavStreamWriter | null = null;
  finalMp3: Mp3StreamWriter | null = null;
  private createdStemsDir = false;

  constructor(
    private readonly options: RemixOptions,
    readonly sampleRate: number,
    readonly mp3Path: string | null,
  ) {}

  async open(): Promise<void> {
    const { stemsDir, out, writeSolo } = this.options;
    await fs.mkdir(dirname(out), { recursive: true });
    if (stemsDir) {
      this.createdStemsDir = !(await fs.stat(stemsDir).then(() => true, () => false));
      await fs.mkdir(stemsDir, { recursive: true });
      for (const stem of STEMS) this.stems.set(stem, await WavStreamWriter.open(join(stemsDir, `${stem}.wav`), this.sampleRate, 1, 'float32'));
      if (writeSolo) this.solo = await WavStreamWriter.open(join(stemsDir, 'solo.wav'), this.sampleRate, 1, 'float32');
    }
    this.rawMix = await WavStreamWriter.open(this.rawMixPath, this.sampleRate, 1, 'float32');
  }

  async openFinal(): Promise<void> {
    this.finalWav = await WavStreamWriter.open(this.options.out, this.sampleRate, 1, 'int16');
    this.finalMp3 = this.mp3Path ? await Mp3StreamWriter.open(this.mp3Path, this.sampleRate) : null;
  }

  /** The remix, its MP3, then the stems and the analysis. */
  async commit(analysis: Analysis | null): Promise<string | null> {
    await this.finalWav?.close();
    await this.finalMp3?.close();
    for (const writer of this.stems.values()) await writer.close();
    await this.solo?.close();
    if (!analysis) return null;
    const path = join(dirname(this.options.out), ANALYSIS_FILE);
    await writeFileAtomic(path, JSON.stringify(analysisJson(analysis)) + '\n');
    return path;
  }

  async abort(): Promise<void> {
    for (const writer of this.stems.values()) await writer.abort();
    await this.solo?.abort();
    await this.rawMix?.abort();
    await this.finalWav?.abort();
    await this.finalMp3?.abort();
    if (this.createdStemsDir && this.options.stemsDir) await fs.rmdir(this.options.stemsDir).catch(() => {});
  }

  async removeTemporaries(): Promise<void> {
    await fs.rm(this.rawMixPath, { force: true });
  }
}

/** Step 3: generates the stems, writes them, and sums the gain-weighted remix (metered) into the raw mix. */
async function generateAndMix(model: RemixModel, solo: Float32Array, gains: Record<Track, number>, outputs: RemixOutputs, options: RemixOptions): Promise<number> {
  const meter = new LoudnessMeter(outputs.sampleRate);
  let soloOffset = 0;
  await generateStems(
    model,
    solo,
    async (block) => {
      const length = block[STEMS[0]].length;
      const mix = new Float32Array(length);
      for (let i = 0; i < length; i++) mix[i] = gains.solo * solo[soloOffset + i]!;
      for (const stem of STEMS) {
        const g = gains[stem];
        const samples = block[stem];
        if (g) for (let i = 0; i < length; i++) mix[i]! += g * samples[i]!;
        await outputs.stems.get(stem)?.append([samples]);
      }
      await outputs.solo?.append([solo.subarray(soloOffset, soloOffset + length)]);
      soloOffset += length;
      meter.push(mix);
      await outputs.rawMix!.append([mix]);
    },
    { overlap: options.overlap ?? DEFAULT_OVERLAP, generateSource: options.generateSource, onProgress: options.onProgress },
  );
  await outputs.rawMix!.close();
  return meter.integrated();
}

/** Steps 4 and 5: the raw mix brought to the loudness target, limited, and written as remix.wav / remix.mp3. */
async function masterAndWrite(outputs: RemixOutputs, measuredLufs: number, totalSamples: number, options: RemixOptions): Promise<{ gainDb: number; peak: number; loudnessLufs: number }> {
  const gainDb = Number.isFinite(measuredLufs) ? (options.targetLufs ?? DEFAULT_TARGET_LUFS) - measuredLufs : 0;
  const gain = fromDb(gainDb);
  const limiter = new PeakLimiter(fromDb(options.ceilingDb ?? DEFAULT_CEILING_DB), outputs.sampleRate);
  const meter = new LoudnessMeter(outputs.sampleRate);
  let peak = 0;
  await outputs.openFinal();
  const write = async (samples: Float32Array) => {
    for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
    meter.push(samples);
    await outputs.finalWav!.append([samples]);
    await outputs.finalMp3?.append(samples);
  };
  let mastered = 0;
  await readWavBlocks(outputs.rawMixPath, async ([block]) => {
    for (let i = 0; i < block!.length; i++) block![i]! *= gain;
    await write(limiter.process(block!));
    mastered += block!.length;
    options.onProgress?.({ phase: 'mastering', done: mastered, total: totalSamples });
  });
  await write(limiter.flush());
  return { gainDb, peak, loudnessLufs: meter.integrated() };
}

export async function remix(options: RemixOptions): Promise<RemixResult> {
  const started = performance.now();
  checkOptions(REMIX_OPTIONS, options);
  if (extname(options.out).toLowerCase() !== '.wav') throw new RemixerError(`--out ${options.out}: the remix is written as WAV; give a .wav path`);
  // Check every input before writing anything: step 1, decode, and the model.
  const decoded = await decodeAudioFile(options.solo);
  const model = typeof options.model === 'string' ? await RemixModel.load(options.model) : options.model;
  try {
    const solo = await fitSolo(decoded, model, options);
    const { sampleRate, sourceStem } = model.config;
    const listened = await listen(solo, sampleRate, options);
    const gains = trackGains(sourceStem, !options.generateSource, options.gains ?? {}, options.mute ?? []);
    const mp3Path = options.mp3 === false || !MP3_SAMPLE_RATES.includes(sampleRate) ? null : join(dirname(options.out), `${basename(options.out, extname(options.out))}.mp3`);
    const outputs = new RemixOutputs(options, sampleRate, mp3Path);
    try {
      await outputs.open();
      const measured = await generateAndMix(model, solo, gains, outputs, options);
      const mastered = await masterAndWrite(outputs, measured, solo.length, options);
      const analysisPath = await outputs.commit(listened.analysis);
      const seconds = solo.length / sampleRate;
      return {
        remix: options.out,
        mp3: mp3Path,
        stems: Object.fromEntries([...outputs.stems.entries()].map(([stem, w]) => [stem, w.path])),
        solo: outputs.solo?.path ?? null,
        sampleRate,
        seconds,
        loudnessLufs: mastered.loudnessLufs,
        peakDb: toDb(mastered.peak),
        gainDb: mastered.gainDb,
        realTimeFactor: (performance.now() - started) / 1000 / seconds,
        analysis: listened.analysis ? summariseAnalysis(listened.analysis) : null,
        analysisPath,
        analysisError: listened.error,
      };
    } catch (error) {
      await outputs.abort();
      throw error;
    } finally {
      await outputs.removeTemporaries();
    }
  } finally {
    if (typeof options.model === 'string') model.dispose();
  }
}
