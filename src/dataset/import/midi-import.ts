/**
 * `remixer dataset import SRC --layout midi`: a dataset from a collection of
 * General MIDI files (the Lakh MIDI dataset, a user's own, or the MMA generator's).
 * Each file is split into the four stems (midi-stems.ts), each stem rendered through
 * a SoundFont (render/midi-render.ts, dry, with the shared room of render/room.ts) at
 * the dataset rate, mono, clipped or padded to
 * the clip length; the mix is the sum of the stems; the stems' notes, tempo map and
 * meter are kept as the song's score.json.
 *
 * A corrupt file, one with no notes, or one without the solo stem stops the import
 * with a one-line error naming the file, or with --skip-bad is skipped and listed in
 * the manifest. The import builds in DIR.partial/, one song folder at a time (each
 * renamed into place when complete): a killed import leaves no half-written song, and
 * --resume continues from the songs already there. DIR appears only when complete.
 */
import { promises as fs } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import { PROJECT_SAMPLE_RATE, STEMS, type Stem } from '../../config.js';
import { RemixerError, fileError, oneLine } from '../../errors.js';
import { checkOutFolder, checkPartialFolder } from '../../io/out-folder.js';
import { checkOutputsSpareInputs } from '../../io/inputs-outputs.js';
import { acquireTempPath, sweepDeadRuns } from '../../io/scratch.js';
import { writeError } from '../../io/write-error.js';
import { loadSoundBank } from '../../render/soundbank.js';
import { writeWav } from '../../io/wav.js';
import { peak } from '../../dsp/levels.js';
import { noProgress, type ProgressCallback } from '../../progress.js';
import { renderMidi } from '../../render/midi-render.js';
import { roomFor } from '../../render/room.js';
import { DATASET_FOLDER, MANIFEST_FILE, newManifest, songDir, uniqueIds, type DatasetManifest, type SongEntry } from '../layout.js';
import { SCORE_FILE, type Score, type ScoreChord } from '../../score/score.js';
import { assignSplits, DEFAULT_SPLIT, type SplitFractions } from '../split.js';
import { readMidiFile, scoreOfMidi, stemMidi } from './midi-stems.js';

export const MIDI_EXTENSIONS = ['.mid', '.midi'];
/** A sidecar beside NAME.mid, NAME.truth.json = { key?, chords? }, gives what the file cannot say (a generator's chart). */
export const TRUTH_SUFFIX = '.truth.json';
const PARTIAL_SUFFIX = '.partial';
const SONG_DONE = 'song.json';

export interface MidiImportOptions {
  source: string;
  out: string;
  seconds?: number;
  sampleRate?: number;
  seed?: number;
  split?: SplitFractions;
  /** The stem every song must have notes in (the solo the models will listen to). */
  soloStem?: Stem;
  /** A .sf2/.sf3 bank (default: FluidR3Mono). */
  soundFont?: string;
  /** General MIDI programs per stem, 0-based, replacing the files' own when rendering. */
  programs?: Partial<Record<Stem, number>>;
  skipBad?: boolean;
  resume?: boolean;
  force?: boolean;
  /** How the dataset came to be, for the manifest (default: midi, from the folder's name). */
  originLayout?: 'midi' | 'mma';
  originSource?: string;
  onProgress?: ProgressCallback;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

async function findMidiFiles(root: string): Promise<string[]> {
  const stat = await fs.stat(root).catch(() => null);
  if (!stat) throw fileError(root, 'source directory not found', undefined, 'not-found');
  if (!stat.isDirectory()) throw fileError(root, 'is not a directory');
  const found: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (MIDI_EXTENSIONS.includes(extname(entry.name).toLowerCase())) found.push(path);
    }
  };
  await walk(root);
  if (found.length === 0) throw fileError(root, `no MIDI files found (looked for ${MIDI_EXTENSIONS.join(', ')})`);
  return found;
}

async function readTruth(file: string): Promise<{ key?: Score['key']; chords?: ScoreChord[] }> {
  const path = file.slice(0, -extname(file).length) + TRUTH_SUFFIX;
  const text = await fs.readFile(path, 'utf8').catch(() => null);
  if (text === null) return {};
  try {
    return JSON.parse(text) as { key?: Score['key']; chords?: ScoreChord[] };
  } catch (error) {
    throw fileError(path, `corrupt truth file (${oneLine(error)})`);
  }
}

/** Renders one MIDI file into song folder `folder` (built under a temporary name, renamed when complete). */
async function importSong(file: string, folder: string, id: string, options: Required<Pick<MidiImportOptions, 'seconds' | 'sampleRate' | 'soloStem'>> & MidiImportOptions): Promise<number> {
  const midi = readMidiFile(new Uint8Array(await fs.readFile(file)), file);
  const score = scoreOfMidi(midi, options.seconds, await readTruth(file));
  const noteCount = STEMS.reduce((n, s) => n + score.stems[s].length, 0);
  if (noteCount === 0) throw fileError(file, `no notes in the first ${options.seconds} s`);
  if (score.stems[options.soloStem].length === 0) throw fileError(file, `no ${options.soloStem} part (the solo stem: General MIDI programs ${options.soloStem === 'piano' ? '1-8' : options.soloStem === 'bass' ? '33-40' : options.soloStem === 'drums' ? 'on channel 10' : 'outside piano and bass'}) in the first ${options.seconds} s`);
  const length = Math.round(options.seconds * options.sampleRate);
  const stems = {} as Record<Stem, Float32Array>;
  for (const stem of STEMS) {
    stems[stem] = score.stems[stem].length === 0
      ? new Float32Array(length)
      : roomFor(stem, options.sampleRate)((await renderMidi(stemMidi(midi, stem, options.programs?.[stem]), { sampleRate: options.sampleRate, channels: 1, length, name: file, effects: false, ...(options.soundFont ? { soundFont: options.soundFont } : {}) }))[0]!);
  }
  const mix = new Float32Array(length);
  for (const stem of STEMS) for (let i = 0; i < length; i++) mix[i]! += stems[stem][i]!;
  // Keep the mix under 0 dBFS: scale every stem alike, so the mix stays their sum.
  const top = peak(mix);
  const gain = top > 0.99 ? 0.99 / top : 1;
  if (gain < 1) for (const signal of [mix, ...STEMS.map((s) => stems[s])]) for (let i = 0; i < length; i++) signal[i]! *= gain;
  const scratch = await acquireTempPath(folder);
  const temp = scratch.path;
  try {
    await fs.mkdir(temp, { recursive: true });
    for (const stem of STEMS) await writeWav(join(temp, `${stem}.wav`), stems[stem], options.sampleRate, 'float32');
    await writeWav(join(temp, 'mix.wav'), mix, options.sampleRate, 'float32');
    await fs.writeFile(join(temp, SCORE_FILE), JSON.stringify(score) + '\n');
    const lastNote = Math.max(...STEMS.flatMap((s) => score.stems[s].map((n) => n.start + n.duration)));
    const metadata = { id, origin: { layout: options.originLayout ?? 'midi', file: basename(file) }, gain, seconds: Math.min(options.seconds, lastNote), notes: Object.fromEntries(STEMS.map((s) => [s, score.stems[s].length])) };
    await fs.writeFile(join(temp, SONG_DONE), JSON.stringify(metadata, null, 1) + '\n');
    await fs.rm(folder, { recursive: true, force: true });
    await fs.rename(temp, folder);
  } catch (error) {
    await fs.rm(temp, { recursive: true, force: true });
    throw await writeError(folder, error);
  } finally {
    await scratch.release();
  }
  return Number(Math.min(options.seconds, Math.max(0, ...STEMS.flatMap((s) => score.stems[s].map((n) => n.start + n.duration)))).toFixed(3));
}

export async function importMidiDataset(options: MidiImportOptions): Promise<DatasetManifest> {
  const settings = { seconds: options.seconds ?? 30, sampleRate: options.sampleRate ?? PROJECT_SAMPLE_RATE, soloStem: options.soloStem ?? 'piano', ...options };
  const onProgress = options.onProgress ?? noProgress;
  const partial = options.out.replace(/\/+$/, '') + PARTIAL_SUFFIX;
  const songsDir = join(partial, 'songs');
  await checkOutFolder(options.out, { force: options.force === true, kind: DATASET_FOLDER, inputs: [{ path: options.source, what: 'the source', whole: true }] });
  await checkOutputsSpareInputs([{ path: options.source, what: 'the source', whole: true }], [{ path: options.out, what: '--out', whole: true }, { path: partial, what: 'the import under way', whole: true }]);
  await checkPartialFolder(partial, ['songs', MANIFEST_FILE]);
  // What every song needs is checked before anything is written: a bad SoundFont is
  // its own error, never a bad MIDI file to skip.
  const files = await findMidiFiles(options.source);
  await loadSoundBank(options.soundFont);
  // A run killed in the middle of a song left its temporary folder: it goes now.
  await sweepDeadRuns([songsDir]);
  const done = (await fs.readdir(songsDir).catch(() => [] as string[])).filter((name) => !name.startsWith('.')).length;
  if (done > 0 && !options.resume) {
    if (!options.force) throw new RemixerError(`${partial}: an interrupted import is there with ${done} song${done === 1 ? '' : 's'} done (use --resume to continue it or --force to start over)`, { kind: 'conflict' });
  }
  if (!options.resume || done === 0) await fs.rm(partial, { recursive: true, force: true });
  const ids = uniqueIds(files.map((f) => relative(options.source, f).replace(/\.(mid|midi)$/i, '')));
  await fs.mkdir(songsDir, { recursive: true }).catch(async (error) => { throw await writeError(songsDir, error); });
  const skipped: SkippedFile[] = [];
  const imported: { id: string; seconds: number }[] = [];
  /** A failed import keeps the songs it finished (for --resume) and leaves nothing when there are none. */
  const fail = async (error: unknown): Promise<never> => {
    const kept = (await fs.readdir(songsDir).catch(() => [] as string[])).filter((name) => !name.startsWith('.')).length;
    if (kept === 0) {
      await fs.rm(partial, { recursive: true, force: true });
      throw error;
    }
    if (!(error instanceof RemixerError)) throw error;
    throw new RemixerError(`${error.message} (the ${kept} song${kept === 1 ? '' : 's'} imported are kept in ${partial}: run again with --resume${options.skipBad ? '' : ', and --skip-bad to skip such files'})`, { kind: error.kind });
  };
  onProgress({ phase: 'MIDI files', done: 0, total: files.length });
  try {
    for (const [index, file] of files.entries()) {
      const id = ids[index]!;
      const folder = join(partial, songDir(id));
      const finished = await fs.readFile(join(folder, SONG_DONE), 'utf8').then((t) => JSON.parse(t) as { seconds: number }, () => null);
      if (finished) imported.push({ id, seconds: finished.seconds });
      else {
        try {
          imported.push({ id, seconds: await importSong(file, folder, id, settings) });
        } catch (error) {
          if (!(error instanceof RemixerError) || !options.skipBad || !error.message.startsWith(`${file}: `)) throw error;
          skipped.push({ file: relative(options.source, file), reason: error.message.slice(file.length + 2) });
        }
      }
      onProgress({ phase: 'MIDI files', done: index + 1, total: files.length, values: { song: id } });
    }
    if (imported.length === 0) {
      const first = skipped[0] ? `; the first: ${skipped[0].file}: ${skipped[0].reason}` : '';
      throw new RemixerError(`${options.source}: no MIDI file could be imported (${skipped.length} skipped${first})`);
    }
  } catch (error) {
    return fail(error);
  }
  const fractions = options.split ?? DEFAULT_SPLIT;
  const seed = options.seed ?? 0;
  const splits = assignSplits(imported.map((s) => s.id), fractions, seed);
  const songs: SongEntry[] = imported.map((s) => ({ id: s.id, dir: songDir(s.id), split: splits.get(s.id)!, seconds: s.seconds, missingStems: [] }));
  const manifest = newManifest({
    sampleRate: settings.sampleRate,
    clipSeconds: settings.seconds,
    sampleFormat: 'float32',
    origin: { kind: 'import', layout: options.originLayout ?? 'midi', source: options.originSource ?? basename(options.source.replace(/\/+$/, '')) },
    split: { seed, fractions },
    songs,
    ...(skipped.length ? { skipped } : {}),
  });
  await fs.writeFile(join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n').catch(async (error) => { throw await writeError(join(partial, MANIFEST_FILE), error); });
  if (options.force) await fs.rm(options.out, { recursive: true, force: true });
  await fs.mkdir(dirname(options.out), { recursive: true });
  await fs.rm(options.out, { recursive: true, force: true }).catch(() => {});
  await fs.rename(partial, options.out);
  return manifest;
}
