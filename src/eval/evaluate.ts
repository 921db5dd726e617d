/**
 * `remixer eval`: one or more models and the baselines (baselines.ts) on a split of a
 * dataset. Per song, each system's stems are compared with the true stems (onset F1,
 * chroma, spectral distance, SI-SDR) and its accompaniment is scored for fit to the
 * solo on the split's shuffled-pair scale (fit.ts). Songs run in parallel worker
 * threads (run-songs.ts); the report gives medians with quartiles, the best value per
 * column, paired per-song comparisons with bootstrap intervals, and pictures.
 */
import { promises as fs } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { STEMS, type Stem } from '../config.js';
import { RemixerError } from '../errors.js';
import { checkOptions } from '../options.js';
import { openDataset } from '../dataset/loader.js';
import { buildDirectoryAtomic, exists } from '../io/atomic.js';
import { checkOutFolder, type FolderKind } from '../io/out-folder.js';
import { readModelFile } from '../model/saved/model-dir.js';
import { REPORT_JSON, REPORT_MD } from '../model/saved/names.js';
import { startWorker } from '../workers/start.js';
import { awaitWorker } from '../workers/protocol.js';
import type { Progress } from '../progress.js';
import { EVAL_OPTIONS, type EvalOptions } from './options.js';
import { spread } from './summary.js';
import { songReference, type SongReference } from './song-eval.js';
import { fitScale, harmonicSimilarity, rhythmicSimilarity } from './fit.js';
import { pairedBootstrap } from './bootstrap.js';
import { runSongs, type SongTask, type TaskResult } from './run-songs.js';
import { formatReport } from './format.js';
import { FIT_METRICS, measureKey, MUSICIANSHIP_MEASURES, REPORT_FORMAT, REPORT_VERSION, STEM_METRICS, type Comparison, type EvalReport, type FitScores, type Metric, type SilentParts, type SongResult, type StemMetric, type SystemSummary } from './report.js';
import { measureValue, type Musicianship } from './musicianship.js';

export type { EvalOptions } from './options.js';

/** An evaluation's report folder, as the rule for folders written whole recognises it (an earlier report is replaced). */
export const REPORT_FOLDER: FolderKind = { what: 'evaluation report', manifest: REPORT_JSON, format: REPORT_FORMAT };
export { formatReport } from './format.js';
export { spread } from './summary.js';

export { PICTURES_DIR } from './pictures-dir.js';
import { PICTURES_DIR } from './pictures-dir.js';

/** Where the baselines come from: the option, else the first model's training data, else the evaluated dataset. */
async function baselinesSource(options: EvalOptions, recorded: string | undefined): Promise<{ dir: string; why: string }> {
  if (options.baselinesFrom) return { dir: options.baselinesFrom, why: 'given with --baselines-from' };
  if (recorded && (await exists(join(recorded, 'dataset.json')))) return { dir: recorded, why: "the first model's training data" };
  return { dir: options.data, why: recorded ? `the evaluated dataset (the model's training data at ${recorded} is not there)` : "the evaluated dataset (the model does not record where its training data is)" };
}

/** Fit scores of every system on every song, on the split's shuffled-pair scale. */
function fitScores(runs: TaskResult['songs'], references: Map<string, SongReference>): Map<string, Record<string, FitScores>> {
  const out = new Map<string, Record<string, FitScores>>();
  const ids = [...references.keys()];
  for (const run of runs) {
    const own = references.get(run.id)!;
    const others = ids.filter((id) => id !== run.id).map((id) => references.get(id)!);
    const harmonicOwn = harmonicSimilarity(own.solo, own.band);
    const harmonicOthers = others.map((o) => harmonicSimilarity(own.solo, o.band));
    const rhythmicOwn = rhythmicSimilarity(own.bandBeats, own.songBeats);
    const rhythmicOthers = others.map((o) => rhythmicSimilarity(o.bandBeats, own.songBeats));
    const scores: Record<string, FitScores> = {};
    for (const [name, result] of Object.entries(run.systems)) {
      scores[name] = {
        harmonicSim: result.harmonicSim,
        rhythmicSim: result.rhythmicSim,
        harmonicFit: fitScale(result.harmonicSim, harmonicOwn, harmonicOthers),
        rhythmicFit: fitScale(result.rhythmicSim, rhythmicOwn, rhythmicOthers),
      };
    }
    out.set(run.id, scores);
  }
  return out;
}

const finite = (values: (number | null | undefined)[]) => values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v));

/** Musicianship over songs: each measure's spread, and how often each part is silent against the true part (songs with both). */
function musicianshipSummary(songs: readonly SongResult[], of: (song: SongResult) => Musicianship | undefined): Pick<SystemSummary, 'musicianship' | 'silent'> {
  const measured = songs.filter((song) => of(song));
  if (measured.length === 0) return {};
  const musicianship = Object.fromEntries(MUSICIANSHIP_MEASURES.map((m) => [measureKey(m), spread(finite(measured.map((song) => measureValue(of(song), m))))]));
  const silent: SilentParts = { songs: 0, silentWhereTruePlays: {}, silentWhereTrueSilent: {}, trueSilent: {} };
  for (const song of measured) {
    if (!song.truth) continue;
    silent.songs++;
    for (const stem of ['bass', 'piano', 'other'] as const) {
      const mine = of(song)![stem], real = song.truth[stem];
      if (!mine || !real) continue;
      const add = (counts: Partial<Record<Stem, number>>) => (counts[stem] = (counts[stem] ?? 0) + 1);
      if (real.silent) add(silent.trueSilent);
      if (mine.silent) add(real.silent ? silent.silentWhereTrueSilent : silent.silentWhereTruePlays);
    }
  }
  return { musicianship, ...(silent.songs ? { silent } : {}) };
}

/** Paired comparisons of each model with each other model and with the baselines that bound it. */
function comparisons(report: Omit<EvalReport, 'comparisons'>): Comparison[] {
  const models = report.systems.filter((s) => s.kind === 'model').map((s) => s.name);
  const against = [...models, ...['template-band', 'template-truth', 'another-song', 'echo', 'retrieval', 'mean-spectrum'].filter((b) => report.systems.some((s) => s.name === b))];
  const value = (song: SongResult, system: string, metric: Metric, stem: Stem | null) =>
    stem === null ? song.systems[system]?.fit[metric as keyof FitScores] : song.systems[system]?.stems[stem]?.[metric as StemMetric];
  const out: Comparison[] = [];
  for (const a of models) {
    for (const b of against) {
      if (a === b || (models.includes(b) && models.indexOf(b) < models.indexOf(a))) continue;
      const metrics: [Metric, Stem | null][] = [...FIT_METRICS.map((m) => [m, null] as [Metric, null]), ...report.stems.flatMap((stem) => STEM_METRICS.filter((m) => m !== 'siSdr').map((m) => [m, stem] as [Metric, Stem]))];
      for (const [metric, stem] of metrics) {
        const differences = finite(report.songs.map((song) => {
          const x = value(song, a, metric, stem), y = value(song, b, metric, stem);
          return typeof x === 'number' && typeof y === 'number' ? x - y : null;
        }));
        const result = pairedBootstrap(differences, out.length);
        if (result) out.push({ a, b, metric, stem, ...result, songs: differences.length });
      }
    }
  }
  return out;
}

export async function evaluate(options: EvalOptions): Promise<EvalReport> {
  const started = performance.now();
  checkOptions(EVAL_OPTIONS, options);
  const split = options.split ?? 'test';
  const dataset = await openDataset(options.data);
  if (options.out) await checkOutFolder(options.out, { force: true, kind: REPORT_FOLDER, inputs: [{ path: options.data, what: 'the dataset', whole: true }, ...options.models.map((dir) => ({ path: dir, what: 'the model' }))] });
  const configs = await Promise.all(options.models.map((dir) => readModelFile(dir)));
  const first = configs[0]!;
  for (const [i, config] of configs.entries()) {
    if (config.sampleRate !== dataset.sampleRate) throw new RemixerError(`${options.models[i]}: the model was trained at ${config.sampleRate} Hz but the dataset ${options.data} is ${dataset.sampleRate} Hz`);
    if (config.sourceStem !== first.sourceStem) throw new RemixerError(`${options.models[i]}: listens to the ${config.sourceStem}, but ${options.models[0]} listens to the ${first.sourceStem}; one report compares models of one solo`);
  }
  let entries = dataset.songs(split);
  if (options.songs?.length) entries = entries.filter((e) => options.songs!.includes(e.id));
  if (entries.length === 0) throw new RemixerError(`${options.data}: no songs in the ${split} split to evaluate`);
  const sourceStem = first.sourceStem;
  const names = options.models.map((dir) => basename(resolve(dir)));
  const uniqueNames = names.map((name, i) => (names.indexOf(name) === i ? name : `${name}-${i + 1}`));
  const baselines = options.baselines === false ? null : await baselinesSource(options, first.dataset.dir);

  // The split's references: each song's solo, true band and beats (for the fit scale).
  const references = new Map<string, SongReference>();
  for (const [i, entry] of entries.entries()) {
    const loaded = await dataset.loadSong(entry, STEMS);
    const score = await dataset.loadScore(entry);
    references.set(entry.id, await songReference(entry.id, loaded.stems[sourceStem], loaded.stems, sourceStem, dataset.sampleRate, score?.beats ?? null));
    options.onProgress?.({ phase: 'listening to the true bands', done: i + 1, total: entries.length });
  }

  // Songs in parallel: each worker loads the models and the baselines once.
  const pictures = options.pictures ?? 2;
  const jobs = entries.map((e, i) => ({ id: e.id, songBeats: references.get(e.id)!.songBeats, picture: i < pictures && options.out !== undefined }));
  // Pictures need somewhere to go.
  const workerCount = Math.max(1, Math.min(options.workers ?? Math.min(4, availableParallelism()), jobs.length));
  const base: Omit<SongTask, 'songs'> = { models: options.models.map((dir, i) => ({ dir, name: uniqueNames[i]! })), data: options.data, split, baselinesFrom: baselines?.dir ?? null, ...(options.baselinesSplit ? { baselinesSplit: options.baselinesSplit } : {}), ...(options.baselineNames ? { baselineNames: options.baselineNames } : {}), ...(options.sound === false ? { sound: false } : {}), ...(options.listener ? { listener: options.listener } : {}), ...(options.trueBeats ? { trueBeats: true } : {}), sourceStem, splitIds: entries.map((e) => e.id), style: options.style ?? 'auto' };
  const shares = Array.from({ length: workerCount }, (_, w) => jobs.filter((_, i) => i % workerCount === w));
  const progress = new Map<number, Progress>();
  const report = () => {
    const done = [...progress.values()].reduce((n, p) => n + p.done, 0);
    options.onProgress?.({ phase: `evaluating songs (${workerCount} in parallel)`, done, total: jobs.length });
  };
  const results: TaskResult[] = workerCount <= 1
    ? [await runSongs({ ...base, songs: jobs }, (p) => { progress.set(0, p); report(); })]
    : await Promise.all(shares.map((songs, w) => awaitWorker<TaskResult>(startWorker(import.meta.url, './eval-worker', { ...base, songs }), { onProgress: (p) => { progress.set(w, p); report(); } }, 'evaluation')));
  const runs = results.flatMap((r) => r.songs).sort((a, b) => jobs.findIndex((j) => j.id === a.id) - jobs.findIndex((j) => j.id === b.id));
  const systems = results[0]!.systems;
  const fits = fitScores(runs, references);
  const songs: SongResult[] = runs.map((run) => ({
    id: run.id,
    systems: Object.fromEntries(Object.entries(run.systems).map(([name, r]) => [name, { stems: r.stems, fit: fits.get(run.id)![name]!, ...(r.musicianship ? { musicianship: r.musicianship } : {}) }])),
    ...(run.truth ? { truth: run.truth } : {}),
  }));
  const scored = STEMS.filter((s) => s !== sourceStem);
  const leftOut = runs.flatMap((run) => run.leftOut.map((l) => ({ song: run.id, ...l })));
  // Medians and comparisons are over the songs every system could play.
  const complete = songs.filter((song) => !leftOut.some((l) => l.song === song.id));
  if (complete.length === 0) throw new RemixerError(`${options.data}: no song of the ${split} split could be played by every system (${leftOut[0]!.song}, ${leftOut[0]!.system}: ${leftOut[0]!.reason})`);
  const summary: Record<string, SystemSummary> = {};
  for (const system of systems) {
    const stems: SystemSummary['stems'] = {};
    for (const stem of scored) stems[stem] = Object.fromEntries(STEM_METRICS.map((m) => [m, spread(finite(complete.map((s) => s.systems[system.name]?.stems[stem]?.[m])))]));
    summary[system.name] = { stems, fit: Object.fromEntries(FIT_METRICS.map((m) => [m, spread(finite(complete.map((s) => s.systems[system.name]?.fit[m])))])), ...musicianshipSummary(complete, (song) => song.systems[system.name]?.musicianship) };
  }
  const truth = musicianshipSummary(complete, (song) => song.truth);
  const pictureName = (id: string, i: number) => `${PICTURES_DIR}/${id}${i ? '-notes' : ''}.svg`;
  const pictureFiles = runs.flatMap((r) => r.pictures.map((_, i) => ({ song: r.id, file: pictureName(r.id, i) })));
  const partial: Omit<EvalReport, 'comparisons'> = {
    format: REPORT_FORMAT,
    version: REPORT_VERSION,
    dataset: { dir: options.data, split, songs: entries.length },
    baselinesFrom: baselines ?? { dir: '', why: 'no baselines (--no-baselines)' },
    sourceStem,
    sampleRate: dataset.sampleRate,
    systems,
    stems: scored,
    summary,
    pictures: pictureFiles,
    songs,
    ...(leftOut.length ? { leftOut } : {}),
    ...(truth.musicianship ? { truth: truth.musicianship } : {}),
    seconds: 0,
  };
  const full: EvalReport = { ...partial, comparisons: comparisons({ ...partial, songs: complete }), seconds: (performance.now() - started) / 1000 };
  if (options.out) {
    // The report folder appears whole or not at all (a full disk leaves nothing half-made), replacing an earlier report.
    await buildDirectoryAtomic(options.out, async (dir) => {
      await fs.mkdir(join(dir, PICTURES_DIR), { recursive: true });
      for (const run of runs) for (const [i, svg] of run.pictures.entries()) await fs.writeFile(join(dir, pictureName(run.id, i)), svg);
      await fs.writeFile(join(dir, REPORT_JSON), JSON.stringify(full, null, 2) + '\n');
      await fs.writeFile(join(dir, REPORT_MD), formatReport(full));
    }, { replace: true });
  }
  return full;
}
