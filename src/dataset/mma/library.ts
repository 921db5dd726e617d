/**
 * `remixer dataset mma` over MMA's whole library: every style file that plays what
 * the songs need, in 3/4 and 4/4, charts with song form (compose.ts), the solo played
 * by a piano or a seeded mix of instruments (solo.ts), rendered through one of several
 * SoundFonts with augmentation, in worker threads. Splits hold out *style families*:
 * the test split is songs of families no other split has (`testFamilies`), the
 * validation split songs of styles the train split does not have; the manifest records
 * both. Built in OUT.partial/ a song at a time (killed and resumed, nothing is lost or
 * done twice), renamed to OUT when complete.
 */
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { PROJECT_SAMPLE_RATE } from '../../config.js';
import { RemixerError } from '../../errors.js';
import { Random } from '../../random.js';
import { checkOutFolder, checkPartialFolder } from '../../io/out-folder.js';
import { SCRATCH_PREFIX, sweepDeadRuns } from '../../io/scratch.js';
import { writeError } from '../../io/write-error.js';
import { startWorker } from '../../workers/start.js';
import { awaitWorker } from '../../workers/protocol.js';
import { loadSoundBank, defaultSoundFont } from '../../render/soundbank.js';
import type { ProgressCallback } from '../../progress.js';
import { DATASET_FOLDER, MANIFEST_FILE, newManifest, songDir, type DatasetManifest } from '../layout.js';
import { assignSplits, DEFAULT_SPLIT, SPLITS, type GeneratedDatasetOptions, type Split } from '../split.js';
import { DEFAULT_TEST_FAMILIES, isBandGroove, mmaCatalog, STYLE_FAMILIES, type MmaStyle, type StyleFamily } from './catalog.js';

export { DEFAULT_TEST_FAMILIES } from './catalog.js';
import { usableStyles } from './compose.js';
import { SONG_DONE, type LibrarySongResult, type LibrarySongTask } from './library-song.js';

/** Debian's General MIDI banks, used for variety when installed (never needed). */
export const OPTIONAL_SOUNDFONTS = ['/usr/share/sounds/sf2/TimGM6mb.sf2', '/usr/share/sounds/sf3/MuseScore_General.sf3'];

export interface MmaLibraryOptions extends GeneratedDatasetOptions {
  /** Which stems to render: the solo only (listening, score training), or every part and the mix. */
  stems?: 'solo' | 'all';
  /** The solo: a piano, a seeded mix of instruments (listening), or one instrument of solo.ts by name. */
  solos?: string;
  /** Style families whose songs are the test split and nothing else. */
  testFamilies?: readonly StyleFamily[];
  /** Banks to render with (default: FluidR3Mono, and Debian's optional banks when installed); test songs use the first. */
  soundFonts?: string[];
  augment?: boolean;
  workers?: number;
  /** A Redis URL: each song is a job on the BullMQ queue, made by `remixer worker`s instead of threads here. */
  queue?: string;
  /** With `queue`: the shared folder every worker sees (default: the output's folder); the output must be inside it. */
  work?: string;
  /** Restrict the library to these style files (`stdlib/bossanova`): a small corpus for tests. */
  onlyStyles?: readonly string[];
  mma: string;
  mmaVersion: string;
  force?: boolean;
  resume?: boolean;
  onProgress?: ProgressCallback;
}

/** The styles of each split: test families whole; of the others, a seeded tenth of the styles for validation. */
export function splitStyles(styles: readonly MmaStyle[], testFamilies: readonly StyleFamily[], seed: number): Record<Split, MmaStyle[]> {
  const test = styles.filter((s) => testFamilies.includes(s.family));
  const rest = new Random(seed, 'style-split').shuffle(styles.filter((s) => !testFamilies.includes(s.family)));
  const validationCount = rest.length >= 10 ? Math.round(rest.length / 10) : rest.length > 1 ? 1 : 0;
  return { train: rest.slice(validationCount), validation: rest.slice(0, validationCount), test };
}

export async function generateMmaLibraryDataset(options: MmaLibraryOptions): Promise<DatasetManifest> {
  const songs = options.songs ?? 24;
  const seconds = options.seconds ?? 30;
  const seed = options.seed ?? 100;
  const sampleRate = options.sampleRate ?? PROJECT_SAMPLE_RATE;
  const stems = options.stems ?? 'solo';
  const testFamilies = options.testFamilies ?? DEFAULT_TEST_FAMILIES;
  for (const family of testFamilies) if (!STYLE_FAMILIES.includes(family)) throw new RemixerError(`--test-families: unknown family "${family}" (families: ${STYLE_FAMILIES.join(', ')})`);
  await checkOutFolder(options.out, { force: options.force === true, kind: DATASET_FOLDER });
  const work = resolve(options.work ?? dirname(resolve(options.out)));
  if (options.queue) {
    if (!resolve(options.out).startsWith(work + sep)) throw new RemixerError(`--out ${options.out}: with --queue the corpus is written inside --work ${options.work} (the folder every worker sees)`);
    // A queue that is not there is said before anything is written.
    const { queueConnection, checkReachable } = await import('../../queue/connection.js');
    queueConnection(options.queue);
    await checkReachable(options.queue);
  }
  const soundFonts = options.soundFonts ?? [defaultSoundFont(), ...OPTIONAL_SOUNDFONTS.filter((f) => existsSync(f))];
  for (const font of soundFonts) await loadSoundBank(font);

  const catalog = await mmaCatalog({ program: options.mma, version: options.mmaVersion, ...(options.onlyStyles ? { only: options.onlyStyles } : {}), ...(options.onProgress ? { onProgress: options.onProgress } : {}) });
  const usable = usableStyles(catalog.styles, stems === 'all' ? isBandGroove : (g) => g.parts.includes('chord') || g.parts.includes('arpeggio'));
  if (usable.length === 0) throw new RemixerError('no MMA style plays what the songs need');
  const byStyle = splitStyles(usable, testFamilies, seed);
  const fractions = options.split ?? DEFAULT_SPLIT;
  const ids = Array.from({ length: songs }, (_, i) => `mma-${String(i).padStart(5, '0')}`);
  const splits = assignSplits(ids, fractions, seed);
  for (const split of SPLITS) {
    if (byStyle[split].length === 0 && ids.some((id) => splits.get(id) === split)) throw new RemixerError(`the ${split} split has songs but no style (test families: ${testFamilies.join(', ') || 'none'}; styles: ${usable.length}): hold out other families, or give the split no songs`);
  }

  const partial = options.out.replace(/\/+$/, '') + '.partial';
  const songsDir = join(partial, 'songs');
  await checkPartialFolder(partial, ['songs', MANIFEST_FILE]);
  await sweepDeadRuns([songsDir]);
  const done = new Set((await fs.readdir(songsDir).catch(() => [] as string[])).filter((n) => !n.startsWith('.')));
  if (done.size && !options.resume && !options.force) throw new RemixerError(`${partial}: an interrupted build is there with ${done.size} songs done (use --resume to continue it or --force to start over)`, { kind: 'conflict' });
  if (!options.resume) await fs.rm(partial, { recursive: true, force: true });
  await fs.mkdir(songsDir, { recursive: true }).catch(async (error) => { throw await writeError(songsDir, error); });

  const base: Omit<LibrarySongTask, 'id' | 'index' | 'split' | 'styles'> = { seed, seconds, sampleRate, stems, solos: options.solos ?? 'piano', soundFonts, augment: options.augment ?? false, mma: options.mma };
  const tasks: LibrarySongTask[] = ids.map((id, index) => ({ ...base, id, index, split: splits.get(id)!, styles: byStyle[splits.get(id)!] }));
  const results = new Map<string, LibrarySongResult>();
  for (const id of done) {
    const text = await fs.readFile(join(songsDir, id, SONG_DONE), 'utf8').catch(() => null);
    if (text) results.set(id, JSON.parse(text) as LibrarySongResult);
  }
  const todo = tasks.filter((t) => !results.has(t.id));
  const finished = options.queue ? await songsOnQueue(todo, songsDir, options.queue, work, results.size, songs, options.onProgress) : await songsInThreads(todo, songsDir, options.workers, results.size, songs, options.onProgress);
  for (const result of finished) results.set(result.id, result);
  // Every song is done: what a worker killed mid-song left (its hidden scratch folder, on any machine) is garbage.
  await removeLeftScratch(partial);

  const entries = ids.map((id) => results.get(id)!).filter(Boolean);
  const manifest = newManifest({
    sampleRate,
    clipSeconds: seconds,
    sampleFormat: 'int16',
    origin: { kind: 'import', layout: 'mma', source: `mma ${options.mmaVersion}, seed ${seed}, ${songs} charts over ${usable.length} styles, ${stems === 'all' ? 'every stem' : 'the solo only'}` },
    split: { seed, fractions },
    songs: entries.map((r) => ({ id: r.id, dir: songDir(r.id), split: r.split, seconds: r.seconds, missingStems: r.missingStems })),
    styleSplit: {
      testFamilies: [...testFamilies],
      styles: Object.fromEntries(SPLITS.map((s) => [s, byStyle[s].map((st) => st.name)])) as Record<Split, string[]>,
    },
  });
  await fs.writeFile(join(partial, MANIFEST_FILE), JSON.stringify(manifest, null, 2) + '\n').catch(async (error) => { throw await writeError(join(partial, MANIFEST_FILE), error); });
  if (options.force) await fs.rm(options.out, { recursive: true, force: true });
  await fs.rename(partial, options.out);
  return manifest;
}

/** Makes `todo`'s songs in worker threads here, a share per thread. */
/** Removes every run's scratch folder (io/scratch.ts) in `dir` and its song folders: called when no run writes there any more. */
async function removeLeftScratch(dir: string): Promise<void> {
  const folders = [dir, join(dir, 'songs'), ...(await fs.readdir(join(dir, 'songs')).catch(() => [] as string[])).map((id) => join(dir, 'songs', id))];
  for (const folder of folders) {
    for (const name of await fs.readdir(folder).catch(() => [] as string[])) {
      if (name.startsWith(SCRATCH_PREFIX)) await fs.rm(join(folder, name), { recursive: true, force: true });
    }
  }
}

async function songsInThreads(todo: LibrarySongTask[], songsDir: string, threads: number | undefined, done: number, songs: number, onProgress?: ProgressCallback): Promise<LibrarySongResult[]> {
  const workers = Math.max(1, Math.min(threads ?? availableParallelism(), todo.length || 1));
  const progress = new Map<number, number>();
  const report = () => onProgress?.({ phase: `MMA songs (${workers} in parallel)`, done: done + [...progress.values()].reduce((a, b) => a + b, 0), total: songs });
  report();
  const shares = Array.from({ length: workers }, (_, w) => todo.filter((_, i) => i % workers === w));
  const finished = await Promise.all(shares.filter((s) => s.length).map((share, w) =>
    awaitWorker<LibrarySongResult[]>(startWorker(import.meta.url, './library-worker', { tasks: share, songsDir }), { onProgress: (p) => { progress.set(w, p.done); report(); } }, 'MMA songs'),
  ));
  return finished.flat();
}

/** Makes `todo`'s songs as jobs on the BullMQ queue at `url` (a song a worker dies on is made again by another, atomically). */
async function songsOnQueue(todo: LibrarySongTask[], songsDir: string, url: string, work: string, done: number, songs: number, onProgress?: ProgressCallback): Promise<LibrarySongResult[]> {
  const { QueueRunner } = await import('../../queue/queue-runner.js');
  let unreachable: string | null = null;
  const runner = await QueueRunner.connect(url, work, {
    onQueueState: (state) => {
      unreachable = state.reachable ? null : state.line;
      report();
    },
  });
  let made = done;
  const report = () => onProgress?.({ phase: unreachable ? `MMA songs (${unreachable})` : 'MMA songs (on the queue)', done: made, total: songs });
  report();
  const run = randomBytes(4).toString('hex');
  try {
    return await Promise.all(todo.map(async (task) => {
      const result = (await runner.run(`song-${run}-${task.id}`, { kind: 'corpus-song', task, folder: join(songsDir, task.id) })) as LibrarySongResult;
      made++;
      report();
      return result;
    }));
  } finally {
    await runner.close();
  }
}

export const corpusName = (dir: string) => basename(dir.replace(/\/+$/, ''));
