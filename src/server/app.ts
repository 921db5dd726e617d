/**
 * The web app's HTTP API (Hono) and the static page. Every name or id in a path
 * or body is checked before it touches the file system; uploads are decoded
 * before a job is created; files are written through temporary names.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { serveStatic } from '@hono/node-server/serve-static';
import { STEMS } from '../config.js';
import { RemixerError, type ErrorKind } from '../errors.js';
import { readOptions } from '../options.js';
import { decodeAudioBytes } from '../io/decode.js';
import { writeFileAtomic, writeJsonAtomic, exists } from '../io/atomic.js';
import { openDataset, summarizeDataset } from '../dataset/loader.js';
import { MANIFEST_FILE } from '../dataset/layout.js';
import { readModelFile } from '../model/saved/model-dir.js';
import { EVAL_DIR, HISTORY_JSON, MODEL_JSON, REMIXER_JSON, REPORT_JSON, WEIGHTS_FILE } from '../model/saved/names.js';
import { TRAIN_OPTIONS, type TrainOptionKey, type TrainOptions } from '../model/training/options.js';
import { MAX_REMIX_SECONDS } from '../remix/options.js';
import { PICTURES_DIR } from '../eval/pictures-dir.js';
import { HttpError, checkId, inside, isId } from './http-error.js';
import { JobStore, newJobId, type Job } from './jobs.js';
import type { DatasetListing, ModelListing, PublicJob, TrainingState } from './api-types.js';

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
const TRACKS = ['solo', ...STEMS, 'remix'] as const;

/** The options the web app's Train form may set: the library's own table, less paths and process settings. */
export const WEB_TRAIN_OPTIONS = TRAIN_OPTIONS.filter((spec) => !['data', 'out', 'resume', 'force', 'workers', 'lstm'].includes(spec.key));

export type WebTrainOptions = Omit<TrainOptions, 'onProgress' | 'onEpoch'>;

export interface TrainRecord {
  id: string;
  status: 'running' | 'done' | 'failed';
  error: string | null;
  model: string;
  options: WebTrainOptions;
}

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

const listModels = (modelsDir: string) =>
  listNamed(modelsDir, async (dir, id): Promise<ModelListing> => {
    const file = await readModelFile(dir);
    return {
      id,
      architecture: file.architecture,
      representation: file.representation.type,
      sourceStem: file.sourceStem,
      sampleRate: file.sampleRate,
      preset: file.preset,
      status: file.summary.status,
      parts: file.summary.parts,
      hasEval: await exists(join(dir, EVAL_DIR, REPORT_JSON)),
      trained: await exists(join(dir, file.parts[0]!.dir, MODEL_JSON)),
    };
  });

const listDatasets = (dataDir: string) =>
  listNamed(dataDir, async (dir, id): Promise<DatasetListing> => {
    const summary = await summarizeDataset(await openDataset(dir));
    return { id, songs: summary.songs, bySplit: summary.bySplit, sampleRate: summary.sampleRate, clipSeconds: summary.clipSeconds, origin: summary.origin };
  });

async function partHistories(modelDir: string) {
  const file = await readModelFile(modelDir);
  const histories: TrainingState['histories'] = {};
  for (const part of file.parts) {
    histories[part.name] = JSON.parse(await fs.readFile(join(modelDir, part.dir, HISTORY_JSON), 'utf8').catch(() => '[]')) as TrainingState['histories'][string];
  }
  return { file, histories };
}

const publicJob = (job: Job): PublicJob => ({ id: job.id, kind: job.kind, status: job.status, progress: job.progress, error: job.error, result: job.status === 'done' ? job.result : null, info: job.info, createdAt: job.createdAt });

export function createApp(options: AppOptions, jobs: JobStore): Hono {
  const app = new Hono();
  const maxUpload = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const maxSeconds = Math.min(MAX_REMIX_SECONDS, options.maxSoloSeconds ?? 600);
  const jobsDir = join(options.workDir, 'jobs');

  app.onError((error, c) => {
    if (error instanceof HttpError) return c.json({ error: error.message }, error.status);
    if (error instanceof RemixerError) return c.json({ error: error.message }, STATUS_OF_KIND[error.kind]);
    process.stderr.write(`remixer serve: ${error.stack ?? error.message}\n`);
    return c.json({ error: 'internal error' }, 500);
  });

  app.get('/api/health', (c) => c.json({ ok: true }));
  app.get('/api/models', async (c) => c.json(await listModels(options.modelsDir)));
  app.get('/api/datasets', async (c) => c.json(await listDatasets(options.dataDir)));

  const modelDir = async (id: string) => {
    const dir = inside(options.modelsDir, checkId(id, 'model'));
    if (!(await exists(join(dir, REMIXER_JSON)))) throw new HttpError(404, `no model "${id}"`);
    return dir;
  };

  app.get('/api/models/:id', async (c) => {
    const dir = await modelDir(c.req.param('id'));
    const { file, histories } = await partHistories(dir);
    return c.json({ id: c.req.param('id'), config: file, histories });
  });

  app.get('/api/models/:id/eval', async (c) => {
    const dir = await modelDir(c.req.param('id'));
    const text = await fs.readFile(join(dir, EVAL_DIR, REPORT_JSON), 'utf8').catch(() => null);
    if (!text) throw new HttpError(404, `model "${c.req.param('id')}" has no evaluation yet`);
    return c.body(text, 200, { 'content-type': 'application/json' });
  });

  /** The evaluation's pictures (SVG). */
  app.get('/api/models/:id/eval/pictures/:file', async (c) => {
    const dir = await modelDir(c.req.param('id'));
    const file = c.req.param('file');
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*\.svg$/.test(file)) throw new HttpError(404, 'no such picture');
    const bytes = await fs.readFile(inside(dir, EVAL_DIR, PICTURES_DIR, file)).catch(() => null);
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
    const job = jobs.enqueue({ kind: 'eval', options: { models: [dir], data: dataset, out: join(dir, EVAL_DIR) } }, { model: id, dataset: body?.dataset });
    return c.json(publicJob(job), 202);
  });

  app.post(
    '/api/remix',
    bodyLimit({ maxSize: maxUpload, onError: (c) => c.json({ error: `upload too large (the limit is ${Math.round(maxUpload / 2 ** 20)} MB)` }, 413) }),
    async (c) => {
      const body = await c.req.parseBody().catch(() => {
        throw new HttpError(400, 'expected a multipart form with a "file" field');
      });
      const file = body['file'];
      if (!(file instanceof File)) throw new HttpError(400, 'no audio file in the "file" field');
      if (file.size === 0) throw new HttpError(400, `${file.name}: file is empty (0 bytes)`);
      const model = checkId(body['model'], 'model');
      const modelPath = await modelDir(model);
      const config = await readModelFile(modelPath);
      const secondsField = body['seconds'];
      const seconds = secondsField === undefined || secondsField === '' ? undefined : Number(secondsField);
      if (seconds !== undefined && !(seconds > 0 && seconds <= maxSeconds)) throw new HttpError(400, `seconds must be between 0 and ${maxSeconds}`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const name = file.name.replace(/[^\w.-]/g, '_').slice(0, 80) || 'upload';
      const audio = await decodeAudioBytes(bytes, name);
      const duration = audio.channels[0]!.length / audio.sampleRate;
      if (duration > maxSeconds && seconds === undefined) throw new HttpError(400, `${name}: ${duration.toFixed(0)} s is longer than the ${maxSeconds} s limit`);
      const id = newJobId();
      const dir = inside(jobsDir, id);
      await fs.mkdir(dir, { recursive: true });
      const extension = { wav: '.wav', mp3: '.mp3', flac: '.flac', ogg: '.ogg' }[audio.format];
      const soloFile = join(dir, `upload${extension}`);
      await writeFileAtomic(soloFile, bytes);
      const generateSource = body['generateSource'] === 'true';
      const job = jobs.enqueue(
        { kind: 'remix', options: { solo: soloFile, model: modelPath, out: join(dir, 'remix.wav'), stemsDir: join(dir, 'stems'), writeSolo: true, generateSource, ...(seconds !== undefined ? { seconds } : {}) } },
        { model, fileName: name, sourceStem: config.sourceStem, generateSource, tracks: ['solo', ...STEMS.filter((s) => generateSource || s !== config.sourceStem)] },
        { onEnd: async (job) => { if (job.status !== 'done') await fs.rm(dir, { recursive: true, force: true }); } },
        id,
      );
      return c.json(publicJob(job), 202);
    },
  );

  app.get('/api/jobs/:id', (c) => {
    const job = jobs.get(checkId(c.req.param('id'), 'job'));
    if (!job) throw new HttpError(404, `no job "${c.req.param('id')}"`);
    return c.json(publicJob(job));
  });

  app.get('/api/jobs/:id/audio/:track', async (c) => {
    const id = checkId(c.req.param('id'), 'job');
    const job = jobs.get(id);
    if (!job || job.kind !== 'remix') throw new HttpError(404, `no remix job "${id}"`);
    if (job.status !== 'done') throw new HttpError(409, `job ${id} is ${job.status}`);
    const track = c.req.param('track').replace(/\.(wav|mp3)$/, '');
    const format = c.req.param('track').endsWith('.mp3') ? 'mp3' : 'wav';
    if (!(TRACKS as readonly string[]).includes(track) || (format === 'mp3' && track !== 'remix')) throw new HttpError(404, `no track "${c.req.param('track')}"`);
    const path = track === 'remix' ? inside(jobsDir, id, `remix.${format}`) : inside(jobsDir, id, 'stems', `${track}.wav`);
    const bytes = await fs.readFile(path).catch(() => null);
    if (!bytes) throw new HttpError(404, `no track "${track}"`);
    return c.body(bytes, 200, { 'content-type': format === 'mp3' ? 'audio/mpeg' : 'audio/wav' });
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
    const record: TrainRecord = { id: newJobId(), status: 'running', error: null, model: name, options: { ...(settings as Partial<WebTrainOptions>), data: dataPath, out } };
    const job = await startTrainingJob(options, jobs, record);
    return c.json(publicJob(job), 202);
  });

  app.get('/api/train', async (c) => {
    const job = jobs.lastTraining;
    if (!job) return c.json({ job: null, histories: {} } satisfies TrainingState);
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
        await writeJsonAtomic(recordPath, { ...record, status: job.status === 'done' ? 'done' : 'failed', error: job.error });
      },
    },
    record.id,
  );
}

/** After a restart: a training job that was running continues from its last checkpoint. */
export async function resumeInterruptedTraining(options: AppOptions, jobs: JobStore): Promise<Job | null> {
  const text = await fs.readFile(join(options.workDir, TRAIN_RECORD), 'utf8').catch(() => null);
  if (!text) return null;
  const record = JSON.parse(text) as TrainRecord;
  if (record.status !== 'running') return null;
  const resume = await exists(join(record.options.out, REMIXER_JSON));
  return startTrainingJob(options, jobs, { ...record, options: { ...record.options, resume } });
}

