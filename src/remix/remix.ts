/**
 * `remixer remix`: a solo recording in, the four stems, a mastered remix, the
 * analysis and (for score models) the band's MIDI out, in steps, each a function below:
 *
 * 1. decode: the solo file to samples (any supported format, rate and channels);
 * 2. fit: the solo at its own rate and channels for the mix, and mono at the model's
 *    rate for the model, looped or trimmed to the duration; listen to it (analysis);
 * 3. generate and mix: the stems window by window (generate.ts) at the output rate —
 *    the solo's own unless asked otherwise — streamed to WAV files, and the
 *    gain-weighted remix (the solo's channels, the stems centred in every channel)
 *    summed into a temporary float WAV while its loudness is metered;
 * 4. master: the gain that brings the remix to the loudness target (ITU-R BS.1770,
 *    default -14 LUFS) and a linked peak limiter (default -1 dBFS ceiling);
 * 5. write: OUT.wav (16-bit) and OUT.mp3, then every output is renamed into place;
 *    OUT.analysis.json and, for score models, OUT.mid (the band's parts on the solo's
 *    tempo map) beside them (remixFiles: every name follows --out).
 *
 * Before any work: no output may replace an input, and the folders written to must
 * have room for what the remix writes. Every file is written to a temporary name in
 * the run's hidden folder beside it (io/scratch.ts) and renamed only when the whole
 * remix succeeded; on any error nothing is left behind, and the files of an earlier
 * remix at the same names stay as they were.
 */
import { bandFacts, bandInstruments, bandPans } from '../model/representation/band-facts.js';
import { promises as fs } from 'node:fs';
import { dirname, extname, join, basename } from 'node:path';
import { STEMS, type Stem } from '../config.js';
import { RemixerError } from '../errors.js';
import { checkOptions } from '../options.js';
import { decodeAudioFile, type DecodedAudio } from '../io/decode.js';
import { conformAudio, conformChannels } from '../io/load.js';
import { readWavBlocks, WavStreamWriter } from '../io/wav.js';
import { Mp3StreamWriter, MP3_SAMPLE_RATES } from '../io/mp3.js';
import { AtomicFile, publishTogether } from '../io/atomic.js';
import { acquireTempPath, keepFolder, madeFolderForOutputs, type TempPath } from '../io/scratch.js';
import { checkOutputsSpareInputs, type NamedPath } from '../io/inputs-outputs.js';
import { checkFreeSpace } from '../io/write-error.js';
import { LoudnessMeter } from '../dsp/loudness.js';
import { PeakLimiter } from '../dsp/limiter.js';
import { downmix, fromDb, toDb } from '../dsp/levels.js';
import { RemixModel } from '../model/saved/remix-model.js';
import { DEFAULT_PROGRAMS } from '../render/programs.js';
import type { Analysis } from '../analysis/analyse.js';
import { analyse } from '../listen/analyse.js';
import { readAnalysisFile } from '../analysis/analysis-file.js';
import { checkCorrections, parseChart } from '../analysis/corrections.js';
import { analysisJson, summariseAnalysis } from '../analysis/chart.js';
import type { AnalysisSummary } from '../analysis/summary.js';
import type { ScoreNote } from '../score/score.js';
import { bandMidi } from './band-midi.js';
import { resolveStyle } from '../model/representation/score-style.js';
import { SHIPPED_BAND_DIR } from '../model/saved/shipped.js';
import { generateStems } from './generate.js';
import { trackGains, type Track } from './mix-options.js';
import { DEFAULT_CEILING_DB, DEFAULT_OVERLAP, DEFAULT_TARGET_LUFS, MASTER_RATE, MAX_REMIX_SECONDS, REMIX_OPTIONS, correctionsOf, remixFiles, type RemixOptions } from './options.js';

export type { RemixOptions } from './options.js';

export interface RemixResult {
  remix: string;
  mp3: string | null;
  /** Why no MP3 was written when one would have been (a rate or a channel count MP3 cannot carry). */
  mp3Skipped?: string;
  stems: Partial<Record<Stem, string>>;
  /** The solo as mixed, when `writeSolo` was set. */
  solo: string | null;
  sampleRate: number;
  channels: number;
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
  /** OUT.analysis.json beside the remix, when written. */
  analysisPath: string | null;
  /** Why there is no analysis, when the solo gave none. */
  analysisError: string | null;
  /** OUT.mid: the band's parts, for models that play notes. */
  midi: string | null;
  /** The notes of each generated stem, for models that play notes. */
  notes: Partial<Record<Stem, ScoreNote[]>>;
  /** The 0-based General MIDI program each generated pitched part plays, for models that play notes. */
  programs: Partial<Record<Stem, number>>;
  /** The style the band played (asked for, or chosen from the solo); null for models without styles. */
  style: string | null;
  /** When `auto` chose the style: how sure it was (0–1, the share of the nearest training songs in that style); null when it was asked for. */
  styleConfidence: number | null;
}

/** The rate a remix is mastered at unless asked: 44.1 kHz, or the solo's own when it is higher. */
export const masterRate = (soloRate: number) => Math.max(MASTER_RATE, soloRate);

/** Constant-power pan gains (left, right) for a pan of −1 … 1, unity in both channels at the centre. */
export function panGains(pan: number): [number, number] {
  const angle = ((Math.max(-1, Math.min(1, pan)) + 1) * Math.PI) / 4;
  return [Math.SQRT2 * Math.cos(angle), Math.SQRT2 * Math.sin(angle)];
}

/** The solo twice: at the master's rate and channels for the mix (stereo at least), mono at the model's rate for the model. */
interface FittedSolo {
  channels: Float32Array[];
  sampleRate: number;
  forModel: Float32Array;
}

/** Step 2: the solo fitted to the duration (looped), at the output rate and at the model's. */
async function fitSolo(decoded: DecodedAudio, model: RemixModel, options: RemixOptions): Promise<FittedSolo> {
  options.onProgress?.({ phase: 'loading solo', done: 0, total: 1 });
  const fit = options.seconds !== undefined ? { seconds: options.seconds, extend: 'loop' as const } : {};
  const sampleRate = options.sampleRate ?? masterRate(decoded.sampleRate);
  const solo = await conformChannels(decoded, { sampleRate, ...fit });
  // The band is stereo: a mono solo sits in the middle of a stereo remix.
  const channels = solo.length === 1 ? [solo[0]!, solo[0]!] : solo;
  const forModel = (await conformAudio(decoded, { sampleRate: model.config.sampleRate, ...fit })).samples;
  return { channels, sampleRate, forModel };
}

/** What the listening module hears in the solo; a solo it cannot hear a beat in still gets a remix from audio models. */
async function listen(solo: Float32Array, sampleRate: number, options: RemixOptions): Promise<{ analysis: Analysis | null; error: string | null }> {
  if (options.listen === false) return { analysis: null, error: null };
  options.onProgress?.({ phase: options.analysis ? 'reading the analysis' : 'listening to the solo', done: 0, total: 1 });
  const given = options.analysis ? await readAnalysisFile(options.analysis, solo.length / sampleRate) : undefined;
  try {
    return {
      analysis: await analyse(solo, sampleRate, {
        name: basename(options.solo),
        ...(options.listener ? { listener: options.listener } : {}),
        ...(given ? { given } : {}),
        corrections: correctionsOf(options),
      }),
      error: null,
    };
  } catch (error) {
    if (error instanceof RemixerError) return { analysis: null, error: error.message };
    throw error;
  }
}

/** Every file a remix writes, open under temporary names until `commit`. */
class RemixOutputs {
  private rawMixTemp: TempPath | null = null;
  /** The analysis and MIDI files, open while the remix commits. */
  private readonly extra: AtomicFile[] = [];
  rawMix: WavStreamWriter | null = null;
  readonly stems = new Map<Stem, WavStreamWriter>();
  solo: WavStreamWriter | null = null;
  finalWav: WavStreamWriter | null = null;
  finalMp3: Mp3StreamWriter | null = null;
  private createdStemsDir = false;

  constructor(
    private readonly options: RemixOptions,
    readonly sampleRate: number,
    readonly channels: number,
    readonly mp3Path: string | null,
  ) {}

  async open(): Promise<void> {
    const { stemsDir, out, writeSolo } = this.options;
    await fs.mkdir(dirname(out), { recursive: true });
    if (stemsDir) {
      this.createdStemsDir = !(await fs.stat(stemsDir).then(() => true, () => false));
      await fs.mkdir(stemsDir, { recursive: true });
      if (this.createdStemsDir) madeFolderForOutputs(stemsDir);
      for (const stem of STEMS) this.stems.set(stem, await WavStreamWriter.open(join(stemsDir, `${stem}.wav`), this.sampleRate, 1, 'float32'));
      if (writeSolo) this.solo = await WavStreamWriter.open(join(stemsDir, 'solo.wav'), this.sampleRate, this.channels, 'float32');
    }
    // The unmastered mix is temporary: it lives in the run's hidden folder beside the remix.
    this.rawMixTemp = await acquireTempPath(`${this.options.out}.unmastered.wav`);
    this.rawMix = await WavStreamWriter.open(this.rawMixTemp.path, this.sampleRate, this.channels, 'float32');
  }

  get rawMixPath(): string {
    return this.rawMix!.path;
  }

  async openFinal(): Promise<void> {
    this.finalWav = await WavStreamWriter.open(this.options.out, this.sampleRate, this.channels, 'int16');
    this.finalMp3 = this.mp3Path ? await Mp3StreamWriter.open(this.mp3Path, this.sampleRate, 192, this.channels === 1 ? 1 : 2) : null;
  }

  /** The remix, its MP3, the stems, the analysis and the band's MIDI, all finished first and then put in place together. */
  async commit(analysis: Analysis | null, midi: Uint8Array | null, style: { name: string | null; confidence: number | null }): Promise<{ analysis: string | null; midi: string | null }> {
    const files = remixFiles(this.options.out);
    const ready: AtomicFile[] = [];
    for (const writer of [this.finalWav, this.finalMp3, ...this.stems.values(), this.solo]) if (writer) ready.push(await writer.finish());
    const whole = async (path: string, data: Uint8Array | string) => {
      const file = await AtomicFile.open(path);
      this.extra.push(file);
      await file.write(typeof data === 'string' ? new TextEncoder().encode(data) : data);
      await file.prepare();
      ready.push(file);
    };
    // The analysis file says what the band played to it, and in which style (and whether auto chose it).
    const band = style.name ? { style: { name: style.name, chosen: style.confidence === null ? 'asked' : 'auto', ...(style.confidence === null ? {} : { confidence: Math.round(style.confidence * 1e4) / 1e4 }) } } : {};
    if (analysis) await whole(files.analysis, JSON.stringify({ ...analysisJson(analysis), ...band }) + '\n');
    if (midi) await whole(files.midi, midi);
    await publishTogether(ready);
    if (this.options.stemsDir) keepFolder(this.options.stemsDir);
    return { analysis: analysis ? files.analysis : null, midi: midi ? files.midi : null };
  }

  async abort(): Promise<void> {
    for (const file of this.extra) await file.abort();
    for (const writer of this.stems.values()) await writer.abort();
    await this.solo?.abort();
    await this.rawMix?.abort();
    await this.finalWav?.abort();
    await this.finalMp3?.abort();
    if (this.createdStemsDir && this.options.stemsDir) await fs.rmdir(this.options.stemsDir).catch(() => {});
  }

  async removeTemporaries(): Promise<void> {
    if (this.rawMix) await fs.rm(this.rawMix.path, { force: true });
    await this.rawMixTemp?.release();
  }
}

/** Step 3: generates the stems, writes them, and sums the gain-weighted remix (metered) into the raw mix. */
async function generateAndMix(model: RemixModel, solo: FittedSolo, analysis: Analysis | null, style: string | null, gains: Record<Track, number>, outputs: RemixOutputs, options: RemixOptions) {
  const meter = new LoudnessMeter(outputs.sampleRate);
  const n = model.config.normalisation;
  const stage = bandPans(n);
  const pans = Object.fromEntries(STEMS.map((stem) => [stem, panGains(stage[stem])])) as Record<Stem, [number, number]>;
  let offset = 0;
  const result = await generateStems(
    model,
    solo.forModel,
    async (block) => {
      const length = block[STEMS[0]].length;
      const mix = solo.channels.map((channel) => Float32Array.from({ length }, (_, i) => gains.solo * (channel[offset + i] ?? 0)));
      for (const stem of STEMS) {
        const g = gains[stem];
        const samples = block[stem];
        if (g) mix.forEach((channel, c) => {
          const gain = g * (mix.length === 2 ? pans[stem][c]! : 1);
          for (let i = 0; i < length; i++) channel[i]! += gain * samples[i]!;
        });
        await outputs.stems.get(stem)?.append([samples]);
      }
      await outputs.solo?.append(solo.channels.map((c) => c.subarray(offset, offset + length)));
      offset += length;
      meter.push(mix);
      await outputs.rawMix!.append(mix);
    },
    {
      overlap: options.overlap ?? DEFAULT_OVERLAP,
      generateSource: options.generateSource,
      onProgress: options.onProgress,
      analysis,
      style,
      passthrough: downmix(solo.channels),
      synthesis: {
        sampleRate: solo.sampleRate,
        temperature: options.temperature ?? 0,
        seed: options.seed ?? 0,
        ...(options.seeds ? { seeds: options.seeds } : {}),
        ...(options.temperatures ? { temperatures: options.temperatures } : {}),
        ...(options.programs ? { programs: options.programs } : {}),
        ...(options.soundFont ? { soundFont: options.soundFont } : {}),
      },
    },
  );
  await outputs.rawMix!.close();
  return { loudness: meter.integrated(), notes: result.notes, analysis: result.analysis, style: result.style, styleConfidence: result.styleConfidence };
}

/** Steps 4 and 5: the raw mix brought to the loudness target, limited, and written as remix.wav / remix.mp3. */
async function masterAndWrite(outputs: RemixOutputs, measuredLufs: number, totalSamples: number, options: RemixOptions): Promise<{ gainDb: number; peak: number; loudnessLufs: number }> {
  const gainDb = Number.isFinite(measuredLufs) ? (options.targetLufs ?? DEFAULT_TARGET_LUFS) - measuredLufs : 0;
  const gain = fromDb(gainDb);
  const limiter = new PeakLimiter(fromDb(options.ceilingDb ?? DEFAULT_CEILING_DB), outputs.sampleRate, 0.005, 0.08, outputs.channels);
  const meter = new LoudnessMeter(outputs.sampleRate);
  let peak = 0;
  await outputs.openFinal();
  const write = async (channels: Float32Array[]) => {
    for (const channel of channels) for (let i = 0; i < channel.length; i++) peak = Math.max(peak, Math.abs(channel[i]!));
    meter.push(channels);
    await outputs.finalWav!.append(channels);
    await outputs.finalMp3?.append(channels);
  };
  let mastered = 0;
  await readWavBlocks(outputs.rawMixPath, async (channels) => {
    for (const channel of channels) for (let i = 0; i < channel.length; i++) channel[i]! *= gain;
    await write(limiter.processChannels(channels));
    mastered += channels[0]!.length;
    options.onProgress?.({ phase: 'mastering', done: mastered, total: totalSamples });
  });
  await write(limiter.flushChannels());
  return { gainDb, peak, loudnessLufs: meter.integrated() };
}

/** Corrections are checked before any work: a wrong one is the user's one line, never a remix that ignored it. */
async function checkRemixCorrections(options: RemixOptions, duration: number): Promise<void> {
  const { chords: _chart, ...corrections } = correctionsOf(options);
  checkCorrections(corrections, duration);
  if (options.chords !== undefined) {
    const stat = await fs.stat(options.chords).catch(() => null);
    parseChart(stat?.isFile() ? await fs.readFile(options.chords, 'utf8') : options.chords, stat?.isFile() ? options.chords : '--chords');
  }
  if (options.analysis !== undefined) await readAnalysisFile(options.analysis, duration);
}

/** What a remix reads: the solo, the model, the SoundFont. */
function remixInputs(options: RemixOptions, modelPath: string): NamedPath[] {
  return [
    { path: options.solo, what: 'the solo' },
    ...(options.analysis ? [{ path: options.analysis, what: 'the analysis' }] : []),
    { path: modelPath, what: 'the model', whole: true },
    ...(options.soundFont ? [{ path: options.soundFont, what: 'the SoundFont' }] : []),
  ];
}

/** Every file a remix may write. */
function remixOutputList(options: RemixOptions): NamedPath[] {
  const files = remixFiles(options.out);
  return [
    { path: files.wav, what: '--out' },
    { path: files.mp3, what: 'the MP3 beside --out' },
    { path: files.midi, what: 'the MIDI beside --out' },
    { path: files.analysis, what: 'the analysis beside --out' },
    ...(options.stemsDir ? [...STEMS, 'solo'].map((name) => ({ path: join(options.stemsDir!, `${name}.wav`), what: `the ${name} stem in --stems` })) : []),
  ];
}

/** Room for the remix before it starts: the unmastered float mix, the 16-bit WAV and MP3 beside --out; float stems in --stems. */
async function checkRoom(options: RemixOptions, frames: number, channels: number): Promise<void> {
  await checkFreeSpace([
    { dir: dirname(options.out), bytes: frames * channels * (4 + 2) + frames * channels * 0.2, what: 'the remix' },
    ...(options.stemsDir ? [{ dir: options.stemsDir, bytes: frames * 4 * (STEMS.length + (options.writeSolo ? channels : 0)), what: 'its stems' }] : []),
  ]);
}

/** The General MIDI programs the band plays (0-based): the defaults, the model's own (its training songs' instruments), then the ones asked for. */
function bandPrograms(model: RemixModel, asked: Partial<Record<Stem, number>> = {}): Partial<Record<Stem, number>> {
  const n = model.config.normalisation;
  return { ...DEFAULT_PROGRAMS, ...bandInstruments(n), ...asked };
}

export async function remix(options: RemixOptions): Promise<RemixResult> {
  const started = performance.now();
  const modelPath = options.model === undefined ? SHIPPED_BAND_DIR : typeof options.model === 'string' ? options.model : options.model.dir;
  checkOptions(REMIX_OPTIONS, { ...options, model: modelPath });
  if (extname(options.out).toLowerCase() !== '.wav') throw new RemixerError(`--out ${options.out}: the remix is written as WAV; give a .wav path`);
  await checkOutputsSpareInputs(remixInputs(options, modelPath), remixOutputList(options));
  // Check every input before writing anything: step 1, decode, and the model.
  const decoded = await decodeAudioFile(options.solo, { maxSeconds: options.maxSoloSeconds ?? MAX_REMIX_SECONDS });
  await checkRemixCorrections(options, options.seconds ?? decoded.channels[0]!.length / decoded.sampleRate);
  const model = typeof options.model === 'object' ? options.model : await RemixModel.load(modelPath);
  try {
    const representation = model.config.representation;
    const style = resolveStyle(options.style, bandFacts(representation).styles, modelPath);
    const solo = await fitSolo(decoded, model, options);
    const { sourceStem } = model.config;
    const listened = await listen(solo.forModel, model.config.sampleRate, options);
    if (!listened.analysis && model.representation.rendersAtAnyRate) {
      throw new RemixerError(listened.error ?? `${options.solo}: a score model needs the solo's analysis (do not turn it off)`);
    }
    const gains = trackGains(sourceStem, !options.generateSource, options.gains ?? {}, options.mute ?? []);
    const channels = solo.channels.length;
    const mp3Skipped = options.mp3 === false ? null : !MP3_SAMPLE_RATES.includes(solo.sampleRate) ? `no MP3 written: MP3 carries ${MP3_SAMPLE_RATES[0]! / 1000}-${MP3_SAMPLE_RATES[MP3_SAMPLE_RATES.length - 1]! / 1000} kHz and the remix is at ${solo.sampleRate / 1000} kHz (the WAV has it all; --sample-rate 48000 for an MP3 too)` : channels > 2 ? `no MP3 written: MP3 carries at most two channels and the remix has ${channels}` : null;
    const mp3Path = options.mp3 === false || mp3Skipped ? null : remixFiles(options.out).mp3;
    await checkRoom(options, solo.channels[0]!.length, channels);
    const outputs = new RemixOutputs(options, solo.sampleRate, channels, mp3Path);
    try {
      await outputs.open();
      const generated = await generateAndMix(model, solo, listened.analysis, style, gains, outputs, options);
      const length = solo.channels[0]!.length;
      const mastered = await masterAndWrite(outputs, generated.loudness, length, options);
      const heard = generated.analysis ?? listened.analysis;
      const programs = bandPrograms(model, options.programs);
      const midi = Object.keys(generated.notes).length && heard ? bandMidi(generated.notes as Partial<Record<Stem, ScoreNote[]>>, heard, programs) : null;
      const written = await outputs.commit(heard, midi, { name: generated.style, confidence: generated.styleConfidence });
      const seconds = length / solo.sampleRate;
      return {
        remix: options.out,
        mp3: mp3Path,
        ...(mp3Skipped ? { mp3Skipped } : {}),
        stems: Object.fromEntries([...outputs.stems.entries()].map(([stem, w]) => [stem, w.path])),
        solo: outputs.solo?.path ?? null,
        sampleRate: solo.sampleRate,
        channels,
        seconds,
        loudnessLufs: mastered.loudnessLufs,
        peakDb: toDb(mastered.peak),
        gainDb: mastered.gainDb,
        realTimeFactor: (performance.now() - started) / 1000 / seconds,
        analysis: heard ? summariseAnalysis(heard) : null,
        analysisPath: written.analysis,
        analysisError: listened.error,
        midi: written.midi,
        notes: generated.notes,
        programs: Object.fromEntries(Object.keys(generated.notes).filter((stem) => stem !== 'drums').map((stem) => [stem, programs[stem as Stem]])),
        style: generated.style,
        styleConfidence: generated.styleConfidence,
      };
    } catch (error) {
      await outputs.abort();
      throw error;
    } finally {
      await outputs.removeTemporaries();
    }
  } finally {
    if (typeof options.model !== 'object') model.dispose();
  }
}
