/**
 * `remixer remix`: a solo recording in, the four stems and a mastered remix out.
 *
 * 1. decode the solo, downmix, resample to the model's rate, loop or trim to the duration;
 * 2. generate the stems window by window (generate.ts), streaming them to WAV files and
 *    summing the gain-weighted remix into a temporary file while metering its loudness;
 * 3. second pass: apply the gain that brings the remix to the loudness target
 *    (ITU-R BS.1770, default -14 LUFS), limit peaks to the ceiling (default -1 dBFS),
 *    and write remix.wav (16-bit) and remix.mp3.
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
import { decodeAudioFile } from '../io/decode.js';
import { conformAudio } from '../io/load.js';
import { WavStreamWriter } from '../io/wav.js';
import { Mp3StreamWriter, MP3_SAMPLE_RATES } from '../io/mp3.js';
import { LoudnessMeter } from '../dsp/loudness.js';
import { PeakLimiter } from '../dsp/limiter.js';
import { fromDb, toDb } from '../dsp/levels.js';
import { RemixModel } from '../model/remix-model.js';
import type { ProgressCallback } from '../progress.js';
import { generateStems } from './generate.js';
import { trackGains, type Track } from './mix-options.js';

export interface RemixOptions {
  solo: string;
  model: string | RemixModel;
  /** Output WAV path (remix.mp3 is written beside it unless `mp3` is false). */
  out: string;
  seconds?: number;
  gains?: Partial<Record<Track, number>>;
  mute?: Track[];
  /** Folder for the stem WAVs (default: none written). */
  stemsDir?: string;
  /** Also write the solo as mixed (resampled, fitted to the duration) as stemsDir/solo.wav. */
  writeSolo?: boolean;
  mp3?: boolean;
  /** Output sample rate; must be the model's. */
  sampleRate?: number;
  targetLufs?: number;
  ceilingDb?: number;
  generateSource?: boolean;
  overlap?: number;
  onProgress?: ProgressCallback;
}

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
}

const BLOCK = 16384;

async function readFloatWavBlocks(path: string, onBlock: (samples: Float32Array) => Promise<void>): Promise<void> {
  const handle = await fs.open(path, 'r');
  try {
    const buffer = Buffer.alloc(BLOCK * 4);
    for (let position = 44; ; ) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const block = new Float32Array(bytesRead / 4);
      for (let i = 0; i < block.length; i++) block[i] = buffer.readFloatLE(i * 4);
      await onBlock(block);
    }
  } finally {
    await handle.close();
  }
}

export async function remix(options: RemixOptions): Promise<RemixResult> {
  const started = performance.now();
  if (extname(options.out).toLowerCase() !== '.wav') throw new RemixerError(`--out ${options.out}: the remix is written as WAV; give a .wav path`);
  const targetLufs = options.targetLufs ?? -14;
  const ceiling = fromDb(options.ceilingDb ?? -1);
  if (options.seconds !== undefined && !(options.seconds > 0 && options.seconds <= 3600)) throw new RemixerError(`--seconds must be in (0, 3600] (got ${options.seconds})`);

  // Check every input before writing anything.
  const decoded = await decodeAudioFile(options.solo);
  const model = typeof options.model === 'string' ? await RemixModel.load(options.model) : options.model;
  try {
    const config = model.config;
    if (options.sampleRate !== undefined && options.sampleRate !== config.sampleRate) {
      throw new RemixerError(`${model.dir}: the model was trained at ${config.sampleRate} Hz and cannot produce ${options.sampleRate} Hz stems (omit --sample-rate, or train a model at ${options.sampleRate} Hz)`);
    }
    const sampleRate = config.sampleRate;
    options.onProgress?.({ phase: 'loading solo', done: 0, total: 1 });
    const solo = (await conformAudio(decoded, { sampleRate, ...(options.seconds !== undefined ? { seconds: options.seconds, extend: 'loop' as const } : {}) })).samples;
    const passthrough = !options.generateSource;
    const gains = trackGains(config.sourceStem, passthrough, options.gains ?? {}, options.mute ?? []);
    await fs.mkdir(dirname(options.out), { recursive: true });

    const createdStemsDir = options.stemsDir ? !(await fs.stat(options.stemsDir).then(() => true, () => false)) : false;
    if (options.stemsDir) await fs.mkdir(options.stemsDir, { recursive: true });
    const stemWriters = new Map<Stem, WavStreamWriter>();
    let soloWriter: WavStreamWriter | null = null;
    const rawMixPath = join(tmpdir(), `remixer-mix-${process.pid}-${randomBytes(4).toString('hex')}.wav`);
    let rawMix: WavStreamWriter | null = null;
    let finalWav: WavStreamWriter | null = null;
    let finalMp3: Mp3StreamWriter | null = null;
    const mp3Path = options.mp3 === false || !MP3_SAMPLE_RATES.includes(sampleRate) ? null : join(dirname(options.out), `${basename(options.out, extname(options.out))}.mp3`);
    try {
      if (options.stemsDir) for (const stem of STEMS) stemWriters.set(stem, await WavStreamWriter.open(join(options.stemsDir, `${stem}.wav`), sampleRate, 1, 'float32'));
      if (options.stemsDir && options.writeSolo) soloWriter = await WavStreamWriter.open(join(options.stemsDir, 'solo.wav'), sampleRate, 1, 'float32');
      rawMix = await WavStreamWriter.open(rawMixPath, sampleRate, 1, 'float32');
      const meter = new LoudnessMeter(sampleRate);
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
            await stemWriters.get(stem)?.append([samples]);
          }
          await soloWriter?.append([solo.subarray(soloOffset, soloOffset + length)]);
          soloOffset += length;
          meter.push(mix);
          await rawMix!.append([mix]);
        },
        { overlap: options.overlap, generateSource: options.generateSource, onProgress: options.onProgress },
      );
      await rawMix.close();

      const measured = meter.integrated();
      const gainDb = Number.isFinite(measured) ? targetLufs - measured : 0;
      const gain = fromDb(gainDb);
      const limiter = new PeakLimiter(ceiling, sampleRate);
      const finalMeter = new LoudnessMeter(sampleRate);
      let peak = 0;
      finalWav = await WavStreamWriter.open(options.out, sampleRate, 1, 'int16');
      finalMp3 = mp3Path ? await Mp3StreamWriter.open(mp3Path, sampleRate) : null;
      const write = async (samples: Float32Array) => {
        for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
        finalMeter.push(samples);
        await finalWav!.append([samples]);
        await finalMp3?.append(samples);
      };
      let mastered = 0;
      await readFloatWavBlocks(rawMixPath, async (block) => {
        for (let i = 0; i < block.length; i++) block[i]! *= gain;
        await write(limiter.process(block));
        mastered += block.length;
        options.onProgress?.({ phase: 'mastering', done: mastered, total: solo.length });
      });
      await write(limiter.flush());
      // Commit: the remix, its MP3, then the stems.
      await finalWav.close();
      await finalMp3?.close();
      for (const writer of stemWriters.values()) await writer.close();
      await soloWriter?.close();
      const audioSeconds = solo.length / sampleRate;
      return {
        remix: options.out,
        mp3: mp3Path,
        stems: Object.fromEntries([...stemWriters.entries()].map(([stem, w]) => [stem, w.path])),
        solo: soloWriter?.path ?? null,
        sampleRate,
        seconds: audioSeconds,
        loudnessLufs: finalMeter.integrated(),
        peakDb: toDb(peak),
        gainDb,
        realTimeFactor: (performance.now() - started) / 1000 / audioSeconds,
      };
    } catch (error) {
      for (const writer of stemWriters.values()) await writer.abort();
      await soloWriter?.abort();
      await rawMix?.abort();
      await finalWav?.abort();
      await finalMp3?.abort();
      if (createdStemsDir && options.stemsDir) await fs.rmdir(options.stemsDir).catch(() => {});
      throw error;
    } finally {
      await fs.rm(rawMixPath, { force: true });
    }
  } finally {
    if (typeof options.model === 'string') model.dispose();
  }
}
