/**
 * The part of an evaluation that runs per song, in a worker thread or in the caller's:
 * load the models and prepare the baselines once, then for each song score every
 * system (song-eval.ts) and draw the pictures asked for.
 */
import { STEMS, WINDOW_SECONDS, type Stem } from '../config.js';
import { RemixerError } from '../errors.js';
import { openDataset } from '../dataset/loader.js';
import type { Split } from '../dataset/split.js';
import { RemixModel } from '../model/saved/remix-model.js';
import type { ProgressCallback } from '../progress.js';
import { anotherSongSystem, echoSystem, modelSystem, prepareBaselines, silenceSystem, templateBandSystem, templateTruthSystem, trueStemsSystem, type EvalSong, type Generated, type StemSystem } from './baselines.js';
import type { Analysis } from '../analysis/analyse.js';
import { analyse } from '../listen/analyse.js';
import type { Score, ScoreNote } from '../score/score.js';
import type { Given } from '../analysis/corrections.js';
import { features } from './features.js';
import { scoreSystemOnSong, type SystemSongResult } from './song-eval.js';
import { stemsPicture, type Cell } from './pictures.js';
import type { SystemInfo } from './report.js';
import { TRUE_BEATS_SUFFIX, type EvalStyle } from './options.js';
import { musicianship, type Musicianship } from './musicianship.js';

export interface SongTask {
  models: { dir: string; name: string }[];
  data: string;
  split: Split;
  baselinesFrom: string | null;
  /** The split of it that gives the baselines' levels, and the baselines to run (all when absent). */
  baselinesSplit?: Split;
  baselineNames?: readonly string[];
  /** Who listens for the systems that listen (default: the default listener). */
  listener?: string;
  /** The first model also played on the score's true beats and bars (a row "NAME (true beats)"). */
  trueBeats?: boolean;
  /** Whether the sound is compared too (spectral distance, SI-SDR); false: notes, harmony and fit only. */
  sound?: boolean;
  sourceStem: Stem;
  /** Song ids of the split, in order (the index matters for another-song). */
  splitIds: string[];
  /** The songs this runner evaluates, with the song's beats (from the score or the true mix). */
  songs: { id: string; songBeats: number[]; picture: boolean }[];
  /** The style score models with styles play in (EvalOptions.style). */
  style: EvalStyle;
}

export interface SongRun {
  id: string;
  systems: Record<string, SystemSongResult>;
  /** Systems that refused the song (a user error: a silent solo, no beat to play to), with why. */
  leftOut: { system: string; reason: string }[];
  /** SVGs, when asked for: spectrograms, then piano rolls when a system played notes and the song has a score. */
  pictures: string[];
  /** The true parts' musicianship (when the song has a score). */
  truth?: Musicianship;
}

export interface TaskResult {
  systems: SystemInfo[];
  songs: SongRun[];
}

/** What a listener is given to play a song on its true beats and bars: the score's beats, meter and first downbeat. */
function trueBeatsOf(score: Score): Given {
  const first = score.downbeats[0];
  const index = first === undefined ? 0 : Math.max(0, score.beats.findIndex((t) => Math.abs(t - first) < 1e-3));
  return { beats: score.beats, beatsPerBar: score.meter[0]?.beatsPerBar ?? 4, firstDownbeat: index };
}

export async function runSongs(task: SongTask, onProgress?: ProgressCallback): Promise<TaskResult> {
  const dataset = await openDataset(task.data);
  const split = task.splitIds.map((id) => dataset.song(id));
  const models: RemixModel[] = [];
  try {
    for (const m of task.models) models.push(await RemixModel.load(m.dir));
    const systems: StemSystem[] = models.map((model, i) => modelSystem(model, task.models[i]!.name, task.style));
    if (task.trueBeats && models[0]) systems.push(modelSystem(models[0], `${task.models[0]!.name}${TRUE_BEATS_SUFFIX}`, task.style, 'true'));
    const windowSamples = 2 * Math.round((WINDOW_SECONDS * dataset.sampleRate) / 2);
    if (task.baselinesFrom !== null) {
      const heavy = !task.baselineNames || task.baselineNames.some((n) => n === 'retrieval' || n === 'mean-spectrum');
      const baselines = await prepareBaselines(await openDataset(task.baselinesFrom), task.sourceStem, 0, { ...(task.baselinesSplit ? { split: task.baselinesSplit } : {}), levelsOnly: !heavy });
      const all: StemSystem[] = [
        templateBandSystem(dataset.sampleRate, task.sourceStem, baselines.levels, baselines.programs),
        templateTruthSystem(dataset.sampleRate, task.sourceStem, baselines.levels, baselines.programs),
        echoSystem(baselines.levels),
        anotherSongSystem(dataset, split),
        baselines.retrieval,
        baselines.meanSpectrum,
        silenceSystem,
        trueStemsSystem(windowSamples),
      ];
      systems.push(...all.filter((s) => !task.baselineNames || task.baselineNames.includes(s.info.name)));
    }
    const scored = STEMS.filter((s) => s !== task.sourceStem);
    const runs: SongRun[] = [];
    for (const [done, job] of task.songs.entries()) {
      const entry = dataset.song(job.id);
      const loaded = await dataset.loadSong(entry, STEMS);
      const score = await dataset.loadScore(entry);
      let heard: Promise<Analysis> | null = null;
      let onTrueBeats: Promise<Analysis> | null = null;
      const source = loaded.stems[task.sourceStem];
      const listener = task.listener ? { listener: task.listener } : {};
      const song: EvalSong = {
        id: entry.id,
        index: task.splitIds.indexOf(entry.id),
        source,
        stems: loaded.stems,
        score,
        heard: () => (heard ??= analyse(source, dataset.sampleRate, { name: entry.id, ...listener })),
        ...(score && score.beats.length >= 2 ? { heardOnTrueBeats: () => (onTrueBeats ??= analyse(source, dataset.sampleRate, { name: entry.id, ...listener, given: trueBeatsOf(score) })) } : {}),
      };
      const truth = Object.fromEntries(STEMS.map((s) => [s, features(loaded.stems[s], dataset.sampleRate)])) as Record<Stem, ReturnType<typeof features>>;
      const reference = { solo: features(song.source, dataset.sampleRate), songBeats: job.songBeats };
      const results: Record<string, SystemSongResult> = {};
      const leftOut: SongRun['leftOut'] = [];
      const drawn: { name: string; generated: Generated }[] = [];
      for (const system of systems) {
        let scoredSong;
        try {
          scoredSong = await scoreSystemOnSong(system, song, truth, reference, scored, entry.missingStems, dataset.sampleRate, task.sourceStem, task.sound !== false);
        } catch (error) {
          // A song a system cannot play is left out of the report, named, with the reason; a bug still stops it.
          if (!(error instanceof RemixerError)) throw error;
          leftOut.push({ system: system.info.name, reason: error.message });
          continue;
        }
        const { result, generated } = scoredSong;
        results[system.info.name] = result;
        if (job.picture && (system.info.kind === 'model' || system.info.name === 'template-band' || system.info.name === 'template-truth')) drawn.push({ name: system.info.name, generated });
        onProgress?.({ phase: 'evaluating', done, total: task.songs.length, values: { song: entry.id, system: system.info.name } });
      }
      const pictures: string[] = [];
      if (job.picture) {
        const seconds = song.source.length / dataset.sampleRate;
        const columns = ['true', ...drawn.map((d) => d.name)];
        const audio = (signal: Float32Array): Cell => ({ kind: 'audio', signal, sampleRate: dataset.sampleRate });
        pictures.push(stemsPicture(`${entry.id}: true and generated stems (log-frequency spectrograms, 30 Hz-8 kHz)`, scored, columns, scored.map((stem) => [audio(loaded.stems[stem]), ...drawn.map((d) => audio(d.generated.stems[stem]))])));
        // Piano rolls: the score's notes beside every system that played notes.
        const players = drawn.filter((d) => d.generated.notes);
        if (score && players.length) {
          const roll = (stem: Stem, notes: readonly ScoreNote[] | undefined): Cell | null => (notes ? { kind: 'notes', notes, seconds, drums: stem === 'drums' } : null);
          pictures.push(stemsPicture(`${entry.id}: true and generated notes (piano rolls)`, scored, ['true', ...players.map((d) => d.name)], scored.map((stem) => [roll(stem, score.stems[stem]), ...players.map((d) => roll(stem, d.generated.notes![stem]))])));
        }
      }
      const duration = song.source.length / dataset.sampleRate;
      runs.push({ id: entry.id, systems: results, leftOut, pictures, ...(score ? { truth: musicianship(score.stems, score, duration, task.sourceStem) } : {}) });
      onProgress?.({ phase: 'evaluating', done: done + 1, total: task.songs.length, values: { song: entry.id } });
    }
    return { systems: systems.map((s) => s.info), songs: runs };
  } finally {
    for (const model of models) model.dispose();
  }
}
