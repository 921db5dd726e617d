/**
 * The long jobs Remixer runs away from the caller's thread — a remix, a training run,
 * an evaluation, one song of a corpus — as one request type, and the one function that
 * runs a request. The server's thread pool, the command line's corpus builder and
 * `remixer worker` (a BullMQ queue on Redis) all run requests through `runTask`, so a
 * job gives the same result wherever it runs.
 */
import type { RemixOptions } from '../remix/remix.js';
import type { TrainOptions } from '../model/training/train.js';
import type { EvalOptions } from '../eval/evaluate.js';
import type { LibrarySongTask } from '../dataset/mma/library-song.js';
import type { Progress } from '../progress.js';
import type { EpochRecord } from '../model/records.js';
import type { PracticeSettings } from '../practice/options.js';
import { cachedRemixModel } from '../model/saved/model-cache.js';

export type TaskRequest =
  | { kind: 'remix'; options: Omit<RemixOptions, 'onProgress' | 'model'> & { model: string } }
  | { kind: 'train'; options: Omit<TrainOptions, 'onProgress' | 'onEpoch'> }
  | { kind: 'eval'; options: Omit<EvalOptions, 'onProgress'> }
  | { kind: 'corpus-song'; task: LibrarySongTask; folder: string }
  | { kind: 'practice'; options: PracticeTaskOptions };

/** A practice version of a finished remix: its files (OUT.wav with OUT.mid and OUT.analysis.json beside it, the stems with solo.wav), and where to write. */
export interface PracticeTaskOptions {
  remix: string;
  stems: string;
  out: string;
  settings: PracticeSettings;
}

export type TaskKind = TaskRequest['kind'];

export interface TaskReporter {
  progress(progress: Progress): void;
  epoch(part: string, record: EpochRecord): void;
}

/** Runs one request here, in this thread; its result is plain data (it crosses threads and Redis). */
export async function runTask(request: TaskRequest, report: TaskReporter): Promise<unknown> {
  switch (request.kind) {
    case 'remix': {
      const { remix } = await import('../remix/remix.js');
      // A warm thread keeps the model loaded between remixes (the SoundFont and the listener are kept by their own modules).
      const model = await cachedRemixModel(request.options.model);
      return remix({ ...request.options, model, onProgress: report.progress });
    }
    case 'train': {
      const { trainModel } = await import('../model/training/train.js');
      const result = await trainModel({ ...request.options, onProgress: report.progress, onEpoch: report.epoch });
      return { modelDir: result.modelDir, parts: result.parts.map(({ history: _h, ...rest }) => rest) };
    }
    case 'eval': {
      const { evaluate } = await import('../eval/evaluate.js');
      const evaluation = await evaluate({ ...request.options, onProgress: report.progress });
      return { systems: evaluation.systems, seconds: evaluation.seconds };
    }
    case 'practice': {
      const [{ practiceInputFromRemix }, { makePractice }, { writePractice }] = await Promise.all([import('../practice/from-remix.js'), import('../practice/practice.js'), import('../practice/write-practice.js')]);
      const { remix, stems, out, settings } = request.options;
      report.progress({ phase: 'practice version', done: 0, total: 1 });
      const result = await makePractice(await practiceInputFromRemix({ remix, stems }), settings);
      const files = await writePractice(result, out);
      report.progress({ phase: 'practice version', done: 1, total: 1 });
      return { ...files, seconds: result.seconds };
    }
    case 'corpus-song': {
      const { makeLibrarySong } = await import('../dataset/mma/library-song.js');
      return makeLibrarySong(request.task, request.folder);
    }
  }
}
