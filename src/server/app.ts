/**
 * The web app's HTTP API (Hono) and the static page. Every name or id in a path
 * or body is checked before it touches the file system; uploads are decoded
 * before a job is created; files are written through temporary names.
 */
import { bandFacts } from '../model/representation/band-facts.js';
import { promises as fs } from 'node:fs';
import { basename, join } from 'node:path';
import { Hono, type Context } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { RemixerError, oneLine, type ErrorKind } from '../errors.js';
import { readOptions } from '../options.js';
import { writeJsonAtomic, exists } from '../io/atomic.js';
import { openDataset, summarizeDataset } from '../dataset/loader.js';
import { MANIFEST_FILE } from '../dataset/layout.js';
import { readModelFile } from '../model/saved/model-dir.js';
import { SHIPPED_BAND_DIR } from '../model/saved/shipped.js';
import { EVAL_DIR, HISTORY_JSON, MODEL_JSON, REMIXER_JSON, REPORT_JSON, WEIGHTS_FILE } from '../model/saved/names.js';
import { TRAIN_OPTIONS, WEB_TRAIN_OPTIONS, type TrainOptionKey, type TrainOptions } from '../model/training/options.js';
import { planTraining } from '../model/training/train.js';
import { MAX_REMIX_SECONDS } from '../remix/options.js';
import { PICTURES_DIR } from '../eval/pictures-dir.js';
import { HttpError, checkId, inside, isId } from './http-error.js';
import { modelLabel } from './model-label.js';
import { registerRemixRoutes } from './remix-routes.js';
import { RemixStore, REMIXES_DIR } from './remix-store.js';
import { JobStore, newJobId, type Job } from './jobs.js';
import type { DatasetListing, ModelListing, ModelStage, PublicJob, TrainingState } from './api-types.js';

export interface AppOptions {
  modelsDir: string;
  dataDir: string;
  /** Where uploads, job outputs and the training job record live. */
  workDir: string;
  /** The built page (dist/web); null serves a note instead. */
  webRoot: string | null;
  maxUploadBytes?: number;
  maxSoloSeconds?: number;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 50 * 1024 * 1024;
const TRAIN_RECORD = 'train-job.json';

export { WEB_TRAIN_OPTIONS };

export type WebTrainOptions = Omit<TrainOptions, 'onProgress' | 'onEpoch'>;

export interface TrainRecord {
  id: string;
  status: 'running' | 'done' | 'failed' | 'stopped';
  error: string | null;
  model: string;
  options: WebTrainOptions;
}

/** The remix history of a server's work folder. */
export const remixStore = (options: Pick<AppOptions, 'workDir'>) => new RemixStore(join(options.workDir, REMIXES_DIR));

/** The HTTP status of an error, chosen by its kind. */
const STATUS_OF_KIND: Record<ErrorKind, 400 | 404 | 409 | 415 | 500 | 503> = {
  user: 400,
  'unsupported-format': 415,
  'not-found': 404,
  conflict: 409,
  'out-of-memory': 503,
  internal: 500,
};

/** The entries of `root` whose names are valid ids and which `open` can read, by name. */
async function listNamed<T>(root: string, open: (dir: string, id: string) => Promise<T>): Promise<T[]> {
  const names = await fs.readdir(root).catch(() => [] as string[]);
  const found: T[] = [];
  for (const name of names.sort()) {
    if (!isId(name)) continue;
    const entry = await open(join(root, name), name).catch(() => null);
    if (entry) found.push(entry);
  }
  return found;
}

/** The id the shipped band model has in the web app, unless the models folder has a model of that name. */
export const SHIPPED_MODEL_ID = basename(SHIPPED_BAND_DIR);

/** The folder of model `id`: one in the models folder, else the shipped band model for its id. */
async function modelFolder(modelsDir: string, id: string): Promise<string | null> {
  const dir = inside(modelsDir, checkId(id, 'model'));
  if (await exists(join(dir, REMIXER_JSON))) return dir;
  return id === SHIPPED_MODEL_ID && (await exists(join(SHIPPED_BAND_DIR, REMIXER_JSON))) ? SHIPPED_BAND_DIR : null;
}

/**
 * Where a model's evaluation is kept: its own eval/ folder, except for the shipped model,
 * whose folder is part of the installed package and is never written: the server's work folder.
 */
const evalFolder = (workDir: string, dir: string) => (dir === SHIPPED_BAND_DIR ? join(workDir, SHIPPED_EVALS_DIR, SHIPPED_MODEL_ID) : join(dir, EVAL_DIR));
const SHIPPED_EVALS_DIR = 'shipped-model-evals';

/** The shipped band model first (when the models folder has no model of its name), then the folder's models by name. */
async function listModels(modelsDir: string, workDir: string, training: string | null): Promise<ModelListing[]> {
  const own = await listNamed(modelsDir, (dir, id) => modelListing(dir, id, workDir, training));
  if (own.some((m) => m.id === SHIPPED_MODEL_ID)) return own;
  const shipped = await modelListing(SHIPPED_BAND_DIR, SHIPPED_MODEL_ID, workDir, training).catch(() => null);
  return shipped ? [shipped, ...own] : own;
}

/** `training`: the model a training job is running for now (null: none). */
async function modelListing(dir: string, id: string, workDir: string, training: string | null): Promise<ModelListing> {
  const file = await readModelFile(dir);
  const shipped = dir === SHIPPED_BAND_DIR;
  // Epochs trained: the longest part's history (a model still training has no summary yet).
  const histories = await partHistories(dir).then((h) => Object.values(h.histories), () => []);
  const epochs = Math.max(0, ...file.summary.parts.map((p) => p.epochs), ...histories.map((h) => h.length));
  const stage: ModelStage = shipped ? 'shipped' : file.summary.status === 'trained' ? 'finished' : training === id ? 'training' : 'stopped';
  return {
    id,
    ...modelLabel(file, id, { stage, epochs }),
    stage,
    epochs,
    playsNotes: bandFacts(file.representation).playsNotes,
    architecture: file.architecture,
    representation: file.representation.type,
    sourceStem: file.sourceStem,
    sampleRate: file.sampleRate,
    preset: file.preset,
    status: file.summary.status,
    parts: file.summary.parts,
    hasEval: await exists(join(evalFolder(workDir, dir), REPORT_JSON)),
    trained: await exists(join(dir, file.parts[0]!.dir, MODEL_JSON)),
    shipped,
    styles: [...bandFacts(file.representation).styles],
  };
}

const listDatasets = (dataDir: string) =>
  listNamed(dataDir, async (dir, id): Promise<DatasetListing> => {
    const summary = await summarizeDataset(await openDataset(dir));
    return { id, songs: summary.songs, bySplit: summary.bySplit, sampleRate: summary.sampleRate, clipSeconds: summary.clipSeconds, origin: summary.origin };
  });

async function partHistories(modelDir: string) {
  const file = await readModelFile(modelDir);
  const histories: TrainingState['histories'] = {};
  for (const part of file.parts) {
    const path = join(modelDir, part.dir, HISTORY_JSON);
    const text = await fs.readFile(path, 'utf8').catch(() => '[]');
    try {
      const history = JSON.parse(text) as TrainingState['histories'][string];
      if (!Array.isArray(history)) throw new Error('not a list of epochs');
      histories[part.name] = history;
    } catch (error) {
      throw new HttpError(409, `model "${basename(modelDir)}": its training history ${join(part.dir, HISTORY_JSON)} is damaged (${oneLine(error)})`);
    }
  }
  return { file, histories };
}

export function createApp(options: AppOptions, jobs: JobStore): Hono {
  const publicJob = (job: Job): PublicJob => ({ id: job.id, kind: job.kind, status: job.status, progress: job.progress, error: job.error, result: job.status === 'done' ? job.result : null, info: job.info, createdAt: job.createdAt, queuePosition: jobs.queuePosition(job.id), ...noticeFor(job) });
  const noticeFor = (job: Job) => {
    const notice = job.status === 'queued' || job.status === 'running' ? jobs.notice() : null;
    return notice ? { notice } : {};
  };
  const app = new Hono();
  const maxUpload = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const maxSeconds = Math.min(MAX_REMIX_SECONDS, options.maxSoloSeconds ?? 600);

  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json({ error: error.message }, error.status, error.headers);
    if (error instanceof RemixerError) return c.json({ error: error.message }, STATUS_OF_KIND[error.kind]);
    process.stderr.write(`remixer serve: ${error.stack ?? error.message}\n`);
    return c.json({ error: 'internal error' }, 500);
  });

  app.get('/api/health', (c) => c.json({ ok: true }));
  app.get('/api/models', async (c) => c.json(await listModels(options.modelsDir, options.workDir, jobs.activeTraining ? String(jobs.activeTraining.info['model']) : null)));
  app.get('/api/datasets', async (c) => c.json(await listDatasets(options.dataDir)));

  const modelDir = async (id: string) => {
    const dir = await modelFolder(options.modelsDir, id);
    if (!dir) throw new HttpError(404, `no model "${id}"`);
    return dir;
  };

  app.get('/api/models/:id', async (c) => {
    const dir = await modelDir(c.req.param('id'));
    const { file, histories } = await partHistories(dir);
    return c.json({ id: c.req.param('id'), config: file, histories });
  });

  app.get('/api/models/:id/eval', async (c) => {
    const dir = await modelDir(c.req.param('id'));
    const text = await fs.readFile(join(evalFolder(options.workDir, dir), REPORT_JSON), 'utf8').catch(() => null);
    if (!text) throw new HttpError(404, `model "${c.req.param('id')}" has no evaluation yet`);
    return c.body(text, 200, { 'content-type': 'application/json' });
  });

  /** The evaluation's pictures (SVG). */
  app.get('/api/models/:id/eval/pictures/:file', async (c) => {
    const dir = await modelDir(c.req.param('id'));
    const file = c.req.param('file');
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*\.svg$/.test(file)) throw new HttpError(404, 'no such picture');
    const bytes = await fs.readFile(inside(evalFolder(options.workDir, dir), PICTURES_DIR, file)).catch(() => null);
    if (!bytes) throw new HttpError(404, 'no such picture');
    return c.body(bytes, 200, { 'content-type': 'image/svg+xml' });
  });

  /** The model's files, for tf.loadLayersModel in the browser (model.json and its weights). */
  app.get('/api/models/:id/files/:part/:file', async (c) => {
    const dir = await modelDir(c.req.param('id'));
    const part = c.req.param('part') === 'all' ? '.' : checkId(c.req.param('part'), 'part');
    const file = c.req.param('file');
    if (file !== MODEL_JSON && !WEIGHTS_FILE.test(file)) throw new HttpError(404, 'no such model file');
    const bytes = await fs.readFile(inside(dir, part, file)).catch(() => null);
    if (!bytes) throw new HttpError(404, 'no such model file');
    return c.body(bytes, 200, { 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
  });

  app.post('/api/models/:id/eval', async (c) => {
    const id = c.req.param('id');
    const dir = await modelDir(id);
    const body = (await c.req.json().catch(() => null)) as { dataset?: unknown } | null;
    const dataset = inside(options.dataDir, checkId(body?.dataset, 'dataset'));
    if (!(await exists(join(dataset, MANIFEST_FILE)))) throw new HttpError(404, `no dataset "${String(body?.dataset)}"`);
    const job = jobs.enqueue({ kind: 'eval', options: { models: [dir], data: dataset, out: evalFolder(options.workDir, dir) } }, { model: id, dataset: body?.dataset });
    return c.json(publicJob(job), 202);
  });

  registerRemixRoutes(app, { store: remixStore(options), jobs, modelDir, maxUploadBytes: maxUpload, maxSeconds, publicJob: (job) => publicJob(job as Job) });

  app.get('/api/jobs/:id', (c) => {
    const job = jobs.get(checkId(c.req.param('id'), 'job'));
    if (!job) throw new HttpError(404, `no job "${c.req.param('id')}"`);
    return c.json(publicJob(job));
  });

  app.post('/api/train', async (c) => {
    const body = (await c.req.json().catch(() => null)) as Record<string, unknown> | null;
    if (!body || typeof body !== 'object') throw new HttpError(400, 'expected a JSON body');
    const dataset = checkId(body['dataset'], 'dataset');
    const name = checkId(body['name'], 'model name');
    // Unset options take the preset's values, exactly as on the command line.
    const settings = readOptions(WEB_TRAIN_OPTIONS as typeof TRAIN_OPTIONS, body) as Partial<Record<TrainOptionKey, unknown>>;
    const dataPath = inside(options.dataDir, dataset);
    if (!(await exists(join(dataPath, MANIFEST_FILE)))) throw new HttpError(404, `no dataset "${dataset}"`);
    if (jobs.activeTraining) throw new HttpError(409, `a training job is already running (${String(jobs.activeTraining.info['model'])}); one at a time`);
    const out = inside(options.modelsDir, name);
    if (await exists(out)) throw new HttpError(409, `a model named "${name}" already exists`);
    // Sizes that cannot train are refused now, with the estimate, not after minutes in a worker.
    await planTraining({ ...(settings as Partial<WebTrainOptions>), data: dataPath, out });
    const record: TrainRecord = { id: newJobId(), status: 'running', error: null, model: name, options: { ...(settings as Partial<WebTrainOptions>), data: dataPath, out } };
    const job = await startTrainingJob(options, jobs, record);
    return c.json(publicJob(job), 202);
  });

  /** Stops the training job; its checkpoint stays and POST /api/train/resume continues it. */
  app.post('/api/train/stop', async (c) => {
    if (!(await jobs.stopTraining())) throw new HttpError(409, 'no training job is running');
    return c.json({ stopped: true });
  });

  app.post('/api/train/resume', async (c) => {
    if (jobs.activeTraining) throw new HttpError(409, `a training job is already running (${String(jobs.activeTraining.info['model'])}); one at a time`);
    const record = await readTrainRecord(options.workDir);
    if (!record || record.status === 'done') throw new HttpError(404, 'no stopped training job to resume');
    if (!(await exists(join(record.options.out, REMIXER_JSON)))) throw new HttpError(409, `model "${record.model}" has no checkpoint yet; start it again`);
    const job = await startTrainingJob(options, jobs, { ...record, status: 'running', error: null, options: { ...record.options, resume: true } });
    return c.json(publicJob(job), 202);
  });

  app.get('/api/train', async (c) => {
    const job = jobs.lastTraining;
    if (!job) {
      // After a restart: a training stopped (or failed) before is still there to resume, from its record.
      const record = await readTrainRecord(options.workDir);
      if (!record || (record.status !== 'stopped' && record.status !== 'failed')) return c.json({ job: null, histories: {} } satisfies TrainingState);
      const dir = inside(options.modelsDir, record.model);
      const histories = (await exists(join(dir, REMIXER_JSON))) ? (await partHistories(dir)).histories : {};
      const createdAt = (await fs.stat(join(options.workDir, TRAIN_RECORD))).mtime.toISOString();
      const kept: PublicJob = { id: record.id, kind: 'train', status: record.status, progress: null, error: record.error, result: null, info: { model: record.model, options: record.options, resumed: false }, createdAt, queuePosition: null };
      return c.json({ job: kept, histories } satisfies TrainingState);
    }
    const dir = inside(options.modelsDir, String(job.info['model']));
    const histories = (await exists(join(dir, REMIXER_JSON))) ? (await partHistories(dir)).histories : {};
    return c.json({ job: publicJob(job), histories } satisfies TrainingState);
  });

  app.all('/api/*', (c) => c.json({ error: `no API route ${c.req.method} ${c.req.path}` }, 404));

  if (options.webRoot) {
    app.use('/*', serveStatic({ root: options.webRoot }));
    app.get('*', async (c: Context) => c.html(await fs.readFile(join(options.webRoot!, 'index.html'), 'utf8')));
  } else {
    app.get('*', (c) => c.text('The web page is not built: run `npm run build`.', 503));
  }
  return app;
}

/** The training job's record (null when there is none); a damaged one is a 409 naming it. */
async function readTrainRecord(workDir: string): Promise<TrainRecord | null> {
  const text = await fs.readFile(join(workDir, TRAIN_RECORD), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const record = JSON.parse(text) as TrainRecord;
    if (!record || typeof record !== 'object' || typeof record.status !== 'string' || !record.options || typeof record.options.out !== 'string') throw new Error('not a training job record');
    return record;
  } catch (error) {
    throw new HttpError(409, `the training job record ${TRAIN_RECORD} is damaged (${oneLine(error)}): start the training again`);
  }
}

/** Starts (or, after a restart, resumes) a training job and keeps its record on disk. */
export async function startTrainingJob(options: AppOptions, jobs: JobStore, record: TrainRecord): Promise<Job> {
  const recordPath = join(options.workDir, TRAIN_RECORD);
  await fs.mkdir(options.workDir, { recursive: true });
  await writeJsonAtomic(recordPath, record);
  return jobs.startTraining(
    { kind: 'train', options: { ...record.options } },
    { model: record.model, options: record.options, resumed: record.options.resume === true },
    {
      onEnd: async (job) => {
        // An interrupted job keeps its 'running' record, so the next server start resumes it.
        if (job.status === 'interrupted') return;
        await writeJsonAtomic(recordPath, { ...record, status: job.status === 'done' ? 'done' : job.status === 'stopped' ? 'stopped' : 'failed', error: job.error });
      },
    },
    record.id,
  );
}

/** After a restart: a training job that was running continues from its last checkpoint. */
export async function resumeInterruptedTraining(options: AppOptions, jobs: JobStore): Promise<Job | null> {
  const record = await readTrainRecord(options.workDir).catch((error: unknown) => {
    // A damaged record does not stop the server: it is said, and Resume answers with the same line.
    process.stderr.write(`remixer: ${oneLine(error)}\n`);
    return null;
  });
  if (!record || record.status !== 'running') return null;
  const resume = await exists(join(record.options.out, REMIXER_JSON));
  return startTrainingJob(options, jobs, { ...record, options: { ...record.options, resume } });
}

