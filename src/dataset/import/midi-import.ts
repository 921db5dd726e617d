/**
 * `remixer dataset import SRC… --layout midi`: a dataset from General MIDI songs — folders
 * of `.mid` files, single files, or Doom WAD files holding music lumps (midi-sources.ts),
 * read where they are installed.
 *
 * Each song's tracks are split into the four stems around the solo (`--solo`: an
 * instrument family, or `auto`; solo-families.ts), each stem rendered through a
 * SoundFont (render/midi-render.ts, dry, with the shared room of render/room.ts) at the
 * dataset rate, mono, 16-bit; the mix is the sum of the stems. A song gives clips
 * (`--clips whole`, the default): windows of `--seconds` over its whole length, each
 * starting on a bar line, leaving out those where the solo or the band plays fewer than
 * MIN_CLIP_NOTES notes (silence, an intro alone); `--clips first` takes its first window
 * only. A clip is a song folder of its own; every clip of a song is in the song's split
 * (the split is drawn over the songs, by seed, so one song never sits in two splits), and
 * the manifest says which song each clip is of. Its notes, tempo map and meter are kept as
 * the clip's score.json, with chords and key read from the notes where the file has none
 * (analysis/notes-harmony.ts). The same song twice (byte for byte) is imported once.
 *
 * A corrupt or truncated file, a lump that is not MIDI, a song with no notes or without
 * the solo stops the import with a one-line error naming the file (and lump), or with
 * --skip-bad is skipped and listed in the manifest. The import builds in DIR.partial/,
 * one song at a time (its clips, then a record that it is done): a killed import leaves
 * no half-written song, and --resume continues from the songs already there. DIR appears
 * only when complete.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { PROJECT_SAMPLE_RATE, STEMS, type Stem } from '../../config.js';
import { RemixerError, fileError, oneLine } from '../../errors.js';
import { checkOutFolder, checkPartialFolder } from '../../io/out-folder.js';
import { writeJsonAtomic } from '../../io/atomic.js';
import { acquireTempPath, sweepDeadRuns } from '../../io/scratch.js';
import { writeError } from '../../io/write-error.js';
import { loadSoundBank } from '../../render/soundbank.js';
import { writeWav } from '../../io/wav.js';
import { peak } from '../../dsp/levels.js';
import { noProgress, type ProgressCallback } from '../../progress.js';
import { renderMidi } from '../../render/midi-render.js';
import { roomFor } from '../../render/room.js';
import { withHarmonyOfNotes } from '../../analysis/notes-harmony.js';
import { DATASET_FOLDER, MANIFEST_FILE, newManifest, songDir, uniqueIds, type DatasetManifest, type SongEntry } from '../layout.js';
import { SCORE_FILE, type Score, type ScoreChord } from '../../score/score.js';
import { assignSplits, DEFAULT_SPLIT, type Split, type SplitFractions } from '../split.js';
import { readMidiFile, scoreOfMidi, stemMidi, trackFacts, type MidiFile, type TrackStems } from './midi-stems.js';
import { listMidiSongs, type MidiSongSource } from './midi-sources.js';
import { isDrumTrack, pickSoloFamily, SOLO_FAMILIES, SOLO_STEM, soloFamilyOf, stemOfTrackFor, type SoloChoice, type SoloFamily } from './solo-families.js';

export { MIDI_EXTENSIONS } from './midi-sources.js';
/** A sidecar beside NAME.mid, NAME.truth.json = { key?, chords? }, gives what the file cannot say (a generator's chart). */
export const TRUTH_SUFFIX = '.truth.json';
const PARTIAL_SUFFIX = '.partial';
const SONG_DONE = 'song.json';
/** Per source song, once all its clips are written: { clips: [{ id, seconds, start }], solo } or { skipped }. */
const SOURCES_DIR = 'sources';
/** A clip needs this many notes of the solo, and of the band, to be kept. */
export const MIN_CLIP_NOTES = 8;
/** The last clip of a song is kept only when this share of it is music. */
const MIN_LAST_CLIP_SHARE = 1 / 3;
/** Songs longer than this are read up to it. */
const MAX_SONG_SECONDS = 900;

export { CLIP_MODES, type ClipMode } from './clip-modes.js';
import type { ClipMode } from './clip-modes.js';

export interface MidiImportOptions {
  /** A folder of MIDI files, a MIDI file, or a WAD file. */
  source: string;
  /** More sources, imported as one collection (dataset human). */
  moreSources?: readonly string[];
  /** What each source is called in its songs' names (default: its file or folder name). */
  sourceNames?: readonly string[];
  out: string;
  seconds?: number;
  sampleRate?: number;
  seed?: number;
  split?: SplitFractions;
  /** Only the songs of these splits are rendered (the split is still drawn over every song). */
  onlySplits?: readonly Split[];
  /** Which part plays the solo (default piano). */
  solo?: SoloChoice;
  /** Clips over each song's whole length (default), or its first only. */
  clips?: ClipMode;
  /** A .sf2/.sf3 bank (default: FluidR3Mono). */
  soundFont?: string;
  /** General MIDI programs per stem, 0-based, replacing the files' own when rendering. */
  programs?: Partial<Record<Stem, number>>;
  skipBad?: boolean;
  resume?: boolean;
  force?: boolean;
  /** How the dataset came to be, for the manifest (default: midi, from the source's name). */
  originLayout?: 'midi' | 'mma' | 'human';
  originSource?: string;
  onProgress?: ProgressCallback;
}

export interface SkippedFile {
  file: string;
  reason: string;
}

interface ClipRecord {
  id: string;
  seconds: number;
  start: number;
}

type SongRecord = { clips: ClipRecord[]; solo: SoloFamily } | { skipped: string };

async function readTruth(file: string): Promise<{ key?: Score['key']; chords?: ScoreChord[] }> {
  if (!/\.(mid|midi)$/i.test(file)) return {};
  const path = file.slice(0, -extname(file).length) + TRUTH_SUFFIX;
  const text = await fs.readFile(path, 'utf8').catch(() => null);
  if (text === null) return {};
  try {
    return JSON.parse(text) as { key?: Score['key']; chords?: ScoreChord[] };
  } catch (error) {
    throw fileError(path, `corrupt truth file (${oneLine(error)})`);
  }
}

/** The end of the song's last note, in seconds. */
function songEnd(midi: MidiFile): number {
  let end = 0;
  for (const track of midi.tracks) for (const note of track.notes) end = Math.max(end, note.time + note.duration);
  return Math.min(end, MAX_SONG_SECONDS);
}

/**
 * Clip windows over the whole song: the first starts on the last bar line at or before
 * the first note, each next one on the last bar line inside the window's second half
 * (else right after it), until the music ends.
 */
export function clipWindows(midi: MidiFile, seconds: number): { start: number; seconds: number }[] {
  const end = songEnd(midi);
  let first = Infinity;
  for (const track of midi.tracks) for (const note of track.notes) first = Math.min(first, note.time);
  if (!Number.isFinite(first) || end <= 0) return [];
  const downbeats = scoreOfMidi(midi, { start: 0, seconds: end + seconds }).downbeats;
  const lastBarLine = (at: number, after: number) => {
    let found = -1;
    for (const d of downbeats) if (d <= at + 1e-6 && d > after) found = d;
    return found;
  };
  const windows: { start: number; seconds: number }[] = [];
  let t = Math.max(0, lastBarLine(first, -1) >= 0 ? lastBarLine(first, -1) : first);
  while (t < end && (windows.length === 0 || (end - t) / seconds >= MIN_LAST_CLIP_SHARE)) {
    windows.push({ start: t, seconds });
    const next = lastBarLine(t + seconds, t + seconds / 2);
    t = next > 0 ? next : t + seconds;
  }
  return windows;
}

interface SongPlan {
  midi: MidiFile;
  solo: SoloFamily;
  stems: TrackStems;
  clips: { window: { start: number; seconds: number }; score: Score }[];
}

const soloWords = (choice: SoloChoice) => (choice === 'auto' ? 'melodic part that could play the solo' : `${choice} part (General MIDI programs ${SOLO_FAMILIES[choice][0] + 1}-${SOLO_FAMILIES[choice][1] + 1}, the solo)`);

/** What a song gives: its solo, its stems and its clips' scores; a song that gives none is an error naming it. */
function planSong(midi: MidiFile, label: string, truth: { key?: Score['key']; chords?: ScoreChord[] }, settings: { seconds: number; solo: SoloChoice; clips: ClipMode }): SongPlan {
  const noteCount = midi.tracks.reduce((n, t) => n + t.notes.length, 0);
  if (noteCount === 0) throw fileError(label, 'no notes');
  const solo = pickSoloFamily(midi.tracks.map(trackFacts), settings.solo);
  if (solo === null) throw fileError(label, `no ${soloWords(settings.solo)}`);
  if (!midi.tracks.some((t) => t.notes.length > 0 && !isDrumTrack(trackFacts(t)) && soloFamilyOf(t.instrument.number) === solo)) throw fileError(label, `no ${soloWords(solo)}`);
  const stems = stemOfTrackFor(solo);
  const windows = settings.clips === 'first' ? [{ start: 0, seconds: settings.seconds }] : clipWindows(midi, settings.seconds);
  const clips: SongPlan['clips'] = [];
  for (const window of windows) {
    const score = scoreOfMidi(midi, window, truth, stems);
    const soloNotes = score.stems[SOLO_STEM].length;
    const bandNotes = STEMS.filter((s) => s !== SOLO_STEM).reduce((n, s) => n + score.stems[s].length, 0);
    if (settings.clips === 'first') {
      if (soloNotes + bandNotes === 0) throw fileError(label, `no notes in the first ${settings.seconds} s`);
      if (soloNotes === 0) throw fileError(label, `no ${soloWords(solo)} in the first ${settings.seconds} s`);
    } else if (soloNotes < MIN_CLIP_NOTES || bandNotes < MIN_CLIP_NOTES) continue;
    const played = Math.min(window.seconds, songEnd(midi) - window.start);
    clips.push({ window, score: withHarmonyOfNotes({ ...score, solo: { stem: SOLO_STEM, program: score.programs?.[SOLO_STEM] ?? SOLO_FAMILIES[solo][0], instrument: solo, part: 'as written' } }, played) });
  }
  if (clips.length === 0) throw fileError(label, `no ${settings.seconds}-s clip where the ${solo} and the band each play ${MIN_CLIP_NOTES} notes or more`);
  return { midi, solo, stems, clips };
}

/** Quantises to 16 bits as the WAV writer will (so the mix written is exactly the sum of the stems written). */
const to16 = (v: number) => Math.max(-32768, Math.min(32767, Math.round(v * 32768))) / 32768;

/** Renders a planned song and writes its clips as song folders under `songsDir` (each built under a temporary name, renamed when complete). */
async function writeSongClips(source: MidiSongSource, plan: SongPlan, ids: string[], songsDir: string, options: Required<Pick<MidiImportOptions, 'sampleRate'>> & MidiImportOptions): Promise<ClipRecord[]> {
  const rate = options.sampleRate;
  const last = plan.clips[plan.clips.length - 1]!.window;
  const total = Math.round((last.start + last.seconds) * rate);
  const rendered = {} as Record<Stem, Float32Array>;
  for (const stem of STEMS) {
    const playing = plan.clips.some((c) => c.score.stems[stem].length > 0) || plan.midi.tracks.some((t) => t.notes.length && plan.stems(trackFacts(t)) === stem);
    rendered[stem] = !playing
      ? new Float32Array(total)
      : roomFor(stem, rate)((await renderMidi(stemMidi(plan.midi, stem, options.programs?.[stem], plan.stems), { sampleRate: rate, channels: 1, length: total, name: source.label, effects: false, ...(options.soundFont ? { soundFont: options.soundFont } : {}) }))[0]!);
  }
  const records: ClipRecord[] = [];
  for (const [k, clip] of plan.clips.entries()) {
    const id = ids[k]!;
    const from = Math.round(clip.window.start * rate);
    const length = Math.round(clip.window.seconds * rate);
    const stems = {} as Record<Stem, Float32Array>;
    for (const stem of STEMS) {
      stems[stem] = new Float32Array(length);
      stems[stem].set(rendered[stem].subarray(from, Math.min(rendered[stem].length, from + length)));
    }
    // Keep the mix under 0 dBFS: scale every stem alike, so the mix stays their sum.
    const mix = new Float32Array(length);
    for (const stem of STEMS) for (let i = 0; i < length; i++) mix[i]! += stems[stem][i]!;
    const top = peak(mix);
    const gain = top > 0.99 ? 0.99 / top : 1;
    mix.fill(0);
    for (const stem of STEMS) {
      const signal = stems[stem];
      for (let i = 0; i < length; i++) {
        signal[i] = to16(signal[i]! * gain);
        mix[i]! += signal[i]!;
      }
    }
    const folder = join(songsDir, id);
    const scratch = await acquireTempPath(folder);
    const temp = scratch.path;
    try {
      await fs.mkdir(temp, { recursive: true });
      for (const stem of STEMS) await writeWav(join(temp, `${stem}.wav`), stems[stem], rate, 'int16');
      await writeWav(join(temp, 'mix.wav'), mix, rate, 'int16');
      await fs.writeFile(join(temp, SCORE_FILE), JSON.stringify(clip.score) + '\n');
      const lastNote = Math.max(0, ...STEMS.flatMap((s) => clip.score.stems[s].map((n) => n.start + n.duration)));
      const seconds = Number(Math.min(clip.window.seconds, lastNote).toFixed(3));
      const metadata = { id, song: source.name, clip: k + 1, start: Number(clip.window.start.toFixed(3)), origin: { layout: options.originLayout ?? 'midi', file: source.listed }, solo: plan.solo, gain, seconds, notes: Object.fromEntries(STEMS.map((s) => [s, clip.score.stems[s].length])) };
      await fs.writeFile(join(temp, SONG_DONE), JSON.stringify(metadata, null, 1) + '\n');
      await fs.rm(folder, { recursive: true, force: true });
      await fs.rename(temp, folder);
      records.push({ id, seconds, start: metadata.start });
    } catch (error) {
      await fs.rm(temp, { recursive: true, force: true });
      throw await writeError(folder, error);
    } finally {
      await scratch.release();
    }
  }
  return records;
}

/** The clip ids of a song: the song's id, and then SONG--cN when whole songs are cut in clips (a slug never holds a double hyphen). */
const clipIds = (songId: string, count: number, mode: ClipMode) => (mode === 'first' ? [songId] : Array.from({ length: count }, (_, k) => `${songId}--c${k + 1}`));

export async function importMidiDataset(options: MidiImportOptions): Promise<DatasetManifest> {
  const settings = { seconds: options.seconds ?? 30, sampleRate: options.sampleRate ?? PROJECT_SAMPLE_RATE, solo: options.solo ?? 'piano', clips: options.clips ?? 'whole', ...options };
  const onProgress = options.onProgress ?? noProgress;
  const sources = [options.source, ...(options.moreSources ?? [])];
  const partial = options.out.replace(/\/+$/, '') + PARTIAL_SUFFIX;
  const songsDir = join(partial, 'songs');
  const recordsDir = join(partial, SOURCES_DIR);
  const inputs = sources.map((path) => ({ path, what: 'the source', whole: true }));
  await checkOutFolder(options.out, { force: options.force === true, kind: DATASET_FOLDER, inputs });
  await checkPartialFolder(partial, ['songs', SOURCES_DIR, MANIFEST_FILE]);
  // What every song needs is checked before anything is written: an unreadable source or
  // a bad SoundFont is its own error, never a song to skip.
  const songs = await listMidiSongs(sources, options.sourceNames);
  await loadSoundBank(options.soundFont);
  // A run killed in the middle of a song left its temporary folder: it goes now.
  await sweepDeadRuns([songsDir, recordsDir]);
  const done = (await fs.readdir(recordsDir).catch(() => [] as string[])).filter((name) => !name.startsWith('.')).length;
  if (done > 0 && !options.resume && !options.force) throw new RemixerError(`${partial}: an interrupted import is there with ${done} song${done === 1 ? '' : 's'} done (use --resume to continue it or --force to start over)`, { kind: 'conflict' });
  if (!options.resume || done === 0) await fs.rm(partial, { recursive: true, force: true });
  // The same song twice (byte for byte) is one song: later copies are left out before the
  // split, so a song is never in two splits.
  const skipped: SkippedFile[] = [];
  const seen = new Map<string, string>();
  const unique: MidiSongSource[] = [];
  for (const source of songs) {
    const bytes = await source.read().catch(() => null);
    const hash = bytes ? createHash('sha256').update(bytes).digest('hex') : null;
    const twin = hash ? seen.get(hash) : undefined;
    if (twin) skipped.push({ file: source.listed, reason: `the same MIDI file as ${twin}` });
    else {
      if (hash) seen.set(hash, source.listed);
      unique.push(source);
    }
  }
  const ids = uniqueIds(unique.map((s) => s.name));
  const fractions = options.split ?? DEFAULT_SPLIT;
  const seed = options.seed ?? 0;
  // The split is drawn over every song of the sources, whatever is skipped later: the same
  // sources and seed give each song the same split, whichever instrument plays the solo.
  const splits = assignSplits(ids, fractions, seed);
  for (const dir of [songsDir, recordsDir]) await fs.mkdir(dir, { recursive: true }).catch(async (error) => { throw await writeError(dir, error); });
  const entries: SongEntry[] = [];
  /** A failed import keeps the songs it finished (for --resume) and leaves nothing when there are none. */
  const fail = async (error: unknown): Promise<never> => {
    // Songs imported, not the records of skipped files.
    let kept = 0;
    for (const name of await fs.readdir(recordsDir).catch(() => [] as string[])) {
      if (name.startsWith('.')) continue;
      const record = await fs.readFile(join(recordsDir, name), 'utf8').then((t) => JSON.parse(t) as SongRecord).catch(() => null);
      if (record && !('skipped' in record)) kept++;
    }
    if (kept === 0) {
      await fs.rm(partial, { recursive: true, force: true });
      throw error;
    }
    if (!(error instanceof RemixerError)) throw error;
    throw new RemixerError(`${error.message} (the ${kept} song${kept === 1 ? '' : 's'} imported are kept in ${partial}: run again with --resume${options.skipBad ? '' : ', and --skip-bad to skip such files'})`, { kind: error.kind });
  };
  const wanted = unique.map((_, i) => i).filter((i) => !options.onlySplits || options.onlySplits.includes(splits.get(ids[i]!)!));
  onProgress({ phase: 'MIDI songs', done: 0, total: wanted.length });
  try {
    for (const [n, index] of wanted.entries()) {
      const source = unique[index]!;
      const id = ids[index]!;
      const split = splits.get(id)!;
      const recordPath = join(recordsDir, `${id}.json`);
      // A record cut short (a kill while it was written) is no record: the song is made again.
      let record = await fs.readFile(recordPath, 'utf8').then((t) => JSON.parse(t) as SongRecord).catch(() => null);
      if (!record) {
        try {
          const midi = readMidiFile(await source.read(), source.label);
          const plan = planSong(midi, source.label, await readTruth(source.file), settings);
          record = { clips: await writeSongClips(source, plan, clipIds(id, plan.clips.length, settings.clips), songsDir, settings), solo: plan.solo };
        } catch (error) {
          if (!(error instanceof RemixerError) || !options.skipBad || !error.message.startsWith(`${source.label}: `)) throw error;
          record = { skipped: error.message.slice(source.label.length + 2) };
        }
        await writeJsonAtomic(recordPath, record);
      }
      if ('skipped' in record) skipped.push({ file: source.listed, reason: record.skipped });
      else {
        for (const clip of record.clips) {
          entries.push({ id: clip.id, dir: songDir(clip.id), split, seconds: clip.seconds, missingStems: [], ...(settings.clips === 'whole' ? { song: id, start: clip.start } : {}), solo: record.solo });
        }
      }
      onProgress({ phase: 'MIDI songs', done: n + 1, total: wanted.length, values: { song: id } });
    }
    if (entries.length === 0) {
      const first = skipped[0] ? `; the first: ${skipped[0].file}: ${skipped[0].reason}` : '';
      throw new RemixerError(`${sources.join(', ')}: no MIDI song could be imported (${skipped.length} skipped${first})`);
    }
  } catch (error) {
    return fail(error);
  }
  const manifest = newManifest({
    sampleRate: settings.sampleRate,
    clipSeconds: settings.seconds,
    sampleFormat: 'int16',
    origin: { kind: 'import', layout: options.originLayout ?? 'midi', source: options.originSource ?? sources.map((s) => s.replace(/\/+$/, '').split('/').pop()).join(', ') },
    split: { seed, fractions, by: settings.clips === 'whole' ? 'song' : 'clip', ...(options.onlySplits ? { only: [...options.onlySplits] } : {}) },
    songs: entries,
    solo: settings.solo,
    ...(skipped.length ? { skipped } : {}),
  });
  await fs.writeFile(join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n').catch(async (error) => { throw await writeError(join(partial, MANIFEST_FILE), error); });
  await fs.rm(recordsDir, { recursive: true, force: true });
  if (options.force) await fs.rm(options.out, { recursive: true, force: true });
  await fs.mkdir(dirname(options.out), { recursive: true });
  await fs.rm(options.out, { recursive: true, force: true }).catch(() => {});
  await fs.rename(partial, options.out);
  return manifest;
}
