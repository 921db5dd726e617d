/**
 * The remix routes: upload a solo and make a remix, list and open the history, play
 * and download its tracks (named after the solo and the model), a ZIP of everything,
 * regenerate one stem with a new seed (score models; the others keep theirs and come
 * out identical), delete one.
 */
import { bandFacts } from '../model/representation/band-facts.js';
import { SOLO_FAMILY_NAMES, type SoloFamily } from '../dataset/import/solo-families.js';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { downloadBase } from './download-name.js';
import { PRACTICE_OPTIONS, practiceSettings } from '../practice/options.js';
import { practiceFiles } from '../practice/write-practice.js';
import { checkName, keepTake, neighbourTake, renameTake, selectTake, takeFile, type TakeKind } from './takes.js';
import type { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { zipSync } from 'fflate';
import { STEMS, isStem, type Stem } from '../config.js';
import { checkAudioBytes, decodeAudioBytes } from '../io/decode.js';
import { encodeWav24 } from '../io/wav.js';
import { writeFileAtomic } from '../io/atomic.js';
import { readModelFile } from '../model/saved/model-dir.js';
import { CORRECTION_OPTIONS, REMIX_OPTIONS, remixFiles } from '../remix/options.js';
import { checkOption, optionSpec, readOptions, type NumberOption } from '../options.js';
import { parseChart } from '../analysis/corrections.js';
import type { RemixResult } from '../remix/remix.js';
import { HttpError, checkId, inside } from './http-error.js';
import { newJobId, type JobStore } from './jobs.js';
import { RemixStore, finished } from './remix-store.js';
import { modelLabel } from './model-label.js';
import { resolveStyle } from '../model/representation/score-style.js';
import type { RemixCorrections, RemixRecord, RemixSettings } from './api-types.js';

export const REMIX_WAV = 'remix.wav';
export const STEMS_DIR = 'stems';
/** The uploaded solo, under its own name. */
export const UPLOAD_DIR = 'upload';
/** The practice version of a remix, in its folder (its MIDI beside it: practice.mid). */
export const PRACTICE_WAV = 'practice.wav';
/** The chord chart a musician typed ("Play it again"), handed to the remix as a file (never read as a path). */
export const CHART_FILE = 'chart.txt';
/** The corrections the web app may send: the remix's own, less a whole analysis file (a path is the server's to choose). */
const WEB_CORRECTION_OPTIONS = CORRECTION_OPTIONS.filter((spec) => spec.key !== 'analysis');

export { downloadBase } from './download-name.js';

const attachment = (name: string) => ({ 'content-disposition': `attachment; filename="${name}"` });

export interface RemixRouteOptions {
  store: RemixStore;
  jobs: JobStore;
  modelDir: (id: string) => Promise<string>;
  maxUploadBytes: number;
  maxSeconds: number;
  /** Turns a job into what the client sees. */
  publicJob: (job: ReturnType<JobStore['get']> & object) => unknown;
}

/** The remix options of a record's corrections: the chart goes as the file the server wrote. */
function correctionOptions(corrections: RemixCorrections | undefined, dir: string): RemixCorrections {
  if (!corrections) return {};
  const { chords, ...numbers } = corrections;
  return { ...numbers, ...(chords !== undefined ? { chords: join(dir, CHART_FILE) } : {}) };
}

export function registerRemixRoutes(app: Hono, options: RemixRouteOptions): void {
  const { store, jobs } = options;

  /**
   * Runs `work` with `record` claimed for one job (remix-store.ts): a second replay or new take
   * of the same remix meanwhile is refused before it changes anything; the claim ends with the
   * job, or with `work` when it fails before starting one.
   */
  const claimed = async <T>(record: RemixRecord, work: () => Promise<T>): Promise<T> => {
    store.claim(record);
    try {
      return await work();
    } catch (error) {
      store.release(record.id);
      throw error;
    }
  };

  /** Makes (or makes again) the remix of `record` with its settings, in a job (the record claimed). */
  const start = async (record: RemixRecord, upload: string, onFailure: 'remove' | 'keep', kind: TakeKind) => {
    const dir = store.dir(record.id);
    const modelPath = await options.modelDir(record.model);
    const { settings } = record;
    const job = jobs.enqueue(
      {
        kind: 'remix',
        options: {
          solo: upload,
          model: modelPath,
          out: join(dir, REMIX_WAV),
          stemsDir: join(dir, STEMS_DIR),
          writeSolo: true,
          maxSoloSeconds: options.maxSeconds,
          generateSource: settings.generateSource,
          temperature: settings.temperature,
          temperatures: settings.temperatures,
          seeds: settings.seeds,
          programs: settings.programs,
          ...(settings.style !== undefined ? { style: settings.style } : {}),
          ...(settings.seconds !== null ? { seconds: settings.seconds } : {}),
          ...correctionOptions(settings.corrections, dir),
        },
      },
      { remix: record.id, model: record.model, fileName: record.fileName, tracks: record.tracks },
      {
        onEnd: async (job) => {
          try {
            if (job.status === 'done') {
              // A practice version of the remix as it was is no longer of this remix.
              const { practice: _old, ...made } = finished(record, 'done', job.result as RemixResult, null);
              for (const file of Object.values(practiceFiles(join(dir, PRACTICE_WAV)))) await fs.rm(file, { force: true });
              // Every remix, new take, replay and instrument change is a take to go back to.
              // (A take that cannot be kept — a full disk — leaves the remix done, without it.)
              await store.write(await keepTake(dir, made, kind).catch(() => made));
            }
            else if (onFailure === 'remove' && !record.result) await fs.rm(dir, { recursive: true, force: true });
            else await store.write(finished(record, record.result ? 'done' : 'failed', null, job.error));
          } finally {
            store.release(record.id);
          }
        },
      },
      newJobId(),
    );
    await store.write({ ...record, status: 'running', jobId: job.id });
    return job;
  };

  app.post(
    '/api/remix',
    bodyLimit({ maxSize: options.maxUploadBytes, onError: (c) => c.json({ error: `upload too large (the limit is ${Math.round(options.maxUploadBytes / 2 ** 20)} MB)` }, 413) }),
    async (c) => {
      const body = await c.req.parseBody().catch(() => {
        throw new HttpError(400, 'expected a multipart form with a "file" field');
      });
      const file = body['file'];
      if (!(file instanceof File)) throw new HttpError(400, 'no audio file in the "file" field');
      if (file.size === 0) throw new HttpError(400, `${file.name}: file is empty (0 bytes)`);
      const model = checkId(body['model'], 'model');
      const config = await readModelFile(await options.modelDir(model));
      const secondsField = body['seconds'];
      const seconds = secondsField === undefined || secondsField === '' ? null : Number(secondsField);
      if (seconds !== null && !(seconds > 0 && seconds <= options.maxSeconds)) throw new HttpError(400, `seconds must be between 0 and ${options.maxSeconds}`);
      const temperatureField = body['temperature'];
      const temperature = temperatureField === undefined || temperatureField === '' ? 0 : Number(temperatureField);
      checkOption(optionSpec(REMIX_OPTIONS, 'temperature'), temperature, 'key');
      const styleField = body['style'];
      const style = typeof styleField === 'string' && styleField !== '' ? styleField : undefined;
      if (style !== undefined) resolveStyle(style, bandFacts(config.representation).styles, model);
      // The instrument the musician says they play (the mixer calls the solo by it); absent: not said.
      const instrumentField = body['instrument'];
      const instrument = typeof instrumentField === 'string' && instrumentField !== '' ? instrumentField : undefined;
      if (instrument !== undefined && !(SOLO_FAMILY_NAMES as readonly string[]).includes(instrument)) throw new HttpError(400, `instrument must be one of ${SOLO_FAMILY_NAMES.join(', ')} (got ${JSON.stringify(instrument.slice(0, 40))})`);
      const bytes = new Uint8Array(await file.arrayBuffer());
      const name = file.name.replace(/[^\w.-]/g, '_').slice(0, 80) || 'upload';
      // The upload's format and length come from its headers: nothing is decoded on the
      // server's thread (the remix job decodes it in its worker, under the same limit).
      const audio = checkAudioBytes(bytes, name, { maxSeconds: options.maxSeconds });
      // A full queue refuses before anything is written.
      jobs.checkRoom();
      const id = newJobId();
      const dir = store.dir(id);
      await fs.mkdir(dir, { recursive: true });
      // Kept under its own name (with the extension of what it is), so messages about it name it.
      const extension = { wav: '.wav', mp3: '.mp3', flac: '.flac', ogg: '.ogg' }[audio.format];
      const upload = join(dir, UPLOAD_DIR, `${name.replace(/\.[^.]*$/, '') || 'upload'}${extension}`);
      await fs.mkdir(join(dir, UPLOAD_DIR), { recursive: true });
      await writeFileAtomic(upload, bytes);
      const generateSource = body['generateSource'] === 'true';
      const settings: RemixSettings = { seconds, generateSource, temperature, temperatures: {}, seeds: {}, programs: {}, ...(style !== undefined ? { style } : {}), ...(instrument !== undefined ? { instrument: instrument as SoloFamily } : {}) };
      const record: RemixRecord = {
        id,
        createdAt: new Date().toISOString(),
        fileName: name,
        model,
        modelLabel: modelLabel(config, model).label,
        sourceStem: config.sourceStem,
        playsNotes: bandFacts(config.representation).playsNotes,
        status: 'running',
        error: null,
        jobId: null,
        settings,
        tracks: ['solo', ...STEMS.filter((s) => generateSource || s !== config.sourceStem)],
        result: null,
      };
      const job = await claimed(record, () => start(record, upload, 'remove', 'remix')).catch(async (error: unknown) => {
        await fs.rm(dir, { recursive: true, force: true });
        throw error;
      });
      return c.json(options.publicJob(job), 202);
    },
  );

  app.get('/api/remixes', async (c) => c.json(await store.list()));
  app.get('/api/remixes/:id', async (c) => c.json(await store.read(c.req.param('id'))));

  /** Names a remix (the history and the Mix view show it). */
  app.patch('/api/remixes/:id', async (c) => {
    const record = await store.read(c.req.param('id'));
    const body = ((await c.req.json().catch(() => null)) ?? {}) as { name?: unknown };
    const named: RemixRecord = { ...record, name: checkName(body.name, "a remix's name") };
    await store.write(named);
    return c.json(named);
  });

  app.delete('/api/remixes/:id', async (c) => {
    await store.remove(c.req.param('id'));
    return c.json({ deleted: c.req.param('id') });
  });

  /** Regenerates one stem: a new seed (and optionally another program) for it; the others keep theirs. */
  app.post('/api/remixes/:id/stems/:stem/regenerate', async (c) => {
    const record = await store.read(c.req.param('id'));
    const stem = c.req.param('stem');
    if (!isStem(stem) || !record.tracks.includes(stem)) throw new HttpError(404, `remix "${record.id}" has no generated stem "${stem}"`);
    if (!record.playsNotes) throw new HttpError(400, `${record.modelLabel}: only score models draw new variations of a stem`);
    return claimed(record, async () => {
      const body = ((await c.req.json().catch(() => ({}))) ?? {}) as { seed?: unknown; program?: unknown; temperature?: unknown };
      // The next take's seed wraps inside the seed option's range (the CLI's bounds, one table).
      const seedSpec = optionSpec(REMIX_OPTIONS, 'seed') as NumberOption;
      const seed = body.seed === undefined ? ((record.settings.seeds[stem] ?? 0) + 1) % (seedSpec.max! + 1) : body.seed;
      checkOption(seedSpec, seed, 'key');
      const program = body.program === undefined || body.program === '' ? undefined : Number(body.program);
      if (program !== undefined && !(Number.isInteger(program) && program >= 0 && program <= 127)) throw new HttpError(400, 'program must be a General MIDI program from 0 to 127');
      const own = record.settings.temperatures[stem] ?? record.settings.temperature;
      // A new seed draws nothing new at temperature 0: a variation is drawn at 1 unless asked otherwise.
      const temperature = body.temperature === undefined ? (own > 0 ? own : 1) : Number(body.temperature);
      checkOption(optionSpec(REMIX_OPTIONS, 'temperature'), temperature, 'key');
      const settings: RemixSettings = {
        ...record.settings,
        temperatures: { ...record.settings.temperatures, [stem]: temperature },
        seeds: { ...record.settings.seeds, [stem]: seed as number },
        programs: { ...record.settings.programs, ...(program !== undefined ? { [stem]: program } : {}) },
      };
      const uploadDir = join(store.dir(record.id), UPLOAD_DIR);
      const upload = (await fs.readdir(uploadDir).catch(() => [] as string[]))[0];
      if (!upload) throw new HttpError(404, `remix "${record.id}" has lost its upload`);
      const job = await start({ ...record, settings }, join(uploadDir, upload), 'keep', program !== undefined ? 'instrument' : 'new take');
      return c.json(options.publicJob(job), 202);
    });
  });

  /**
   * Plays the remix again to a corrected analysis: a steady tempo, the meter, the first
   * downbeat, a chord chart (one chord per bar). Every stem keeps its seed, program and
   * temperature; the edited analysis becomes the remix's analysis.json (and is in its ZIP).
   */
  app.post('/api/remixes/:id/replay', async (c) => {
    const record = await store.read(c.req.param('id'));
    return claimed(record, async () => {
      if (!record.result?.analysis) throw new HttpError(400, `remix "${record.id}" has no analysis to correct`);
      const body = ((await c.req.json().catch(() => null)) ?? {}) as Record<string, unknown>;
      if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'expected a JSON object of corrections');
      const corrections = readOptions(WEB_CORRECTION_OPTIONS, body) as RemixCorrections;
      if (corrections.chords !== undefined) parseChart(corrections.chords, 'chords');
      if (corrections.firstDownbeat !== undefined && corrections.firstDownbeat >= record.result.seconds) throw new HttpError(400, `firstDownbeat ${corrections.firstDownbeat} s is past the end of the remix (${record.result.seconds.toFixed(1)} s)`);
      const dir = store.dir(record.id);
      if (corrections.chords !== undefined) await writeFileAtomic(join(dir, CHART_FILE), `${corrections.chords}\n`);
      const uploadDir = join(dir, UPLOAD_DIR);
      const upload = (await fs.readdir(uploadDir).catch(() => [] as string[]))[0];
      if (!upload) throw new HttpError(404, `remix "${record.id}" has lost its upload`);
      const job = await start({ ...record, settings: { ...record.settings, corrections } }, join(uploadDir, upload), 'keep', 'replay');
      return c.json(options.publicJob(job), 202);
    });
  });

  /**
   * A practice version of a finished remix (score models): transposed, slower or faster, with
   * a click, an intro and an ending (practice/options.ts); made in a job, the remix claimed
   * meanwhile. The last one made is practice.wav and practice.mid in the remix's folder.
   */
  app.post('/api/remixes/:id/practice', async (c) => {
    const record = await store.read(c.req.param('id'));
    if (!record.result) throw new HttpError(409, `remix "${record.id}" is ${record.status}`);
    if (!record.playsNotes || !record.result.midi) throw new HttpError(400, `${record.modelLabel}: a practice version needs a band that plays notes (a score model)`);
    const body = ((await c.req.json().catch(() => null)) ?? {}) as Record<string, unknown>;
    if (typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'expected a JSON object of practice settings');
    const settings = practiceSettings(readOptions(PRACTICE_OPTIONS, body));
    return claimed(record, async () => {
      const dir = store.dir(record.id);
      const job = jobs.enqueue(
        { kind: 'practice', options: { remix: join(dir, REMIX_WAV), stems: join(dir, STEMS_DIR), out: join(dir, PRACTICE_WAV), settings } },
        { remix: record.id, practice: settings },
        {
          onEnd: async (ended) => {
            try {
              if (ended.status === 'done') await store.write({ ...(await store.read(record.id)), practice: { settings, seconds: (ended.result as { seconds: number }).seconds } });
            } finally {
              store.release(record.id);
            }
          },
        },
      );
      return c.json(options.publicJob(job), 202);
    });
  });

  /** The practice version (practice.wav or practice.mid), named after the remix. */
  app.get('/api/remixes/:id/practice/:file', async (c) => {
    const record = await store.read(c.req.param('id'));
    const file = c.req.param('file');
    const files = practiceFiles(join(store.dir(record.id), PRACTICE_WAV));
    const path = file === 'practice.wav' ? files.wav : file === 'practice.mid' ? files.midi : null;
    if (!path || !record.practice) throw new HttpError(404, `remix "${record.id}" has no ${file}`);
    const bytes = await fs.readFile(path).catch(() => null);
    if (!bytes) throw new HttpError(404, `remix "${record.id}" has no ${file}`);
    const type = file.endsWith('.wav') ? 'audio/wav' : 'audio/midi';
    return c.body(bytes, 200, { 'content-type': type, ...attachment(`${downloadBase(record)}-practice.${file.endsWith('.wav') ? 'wav' : 'mid'}`) });
  });

  /** Goes to take `n` (its files, settings and result become the remix's); never while a job runs on the remix. */
  const goTo = async (record: RemixRecord, n: number) => {
    store.claim(record);
    try {
      const dir = store.dir(record.id);
      const { practice: _stale, ...chosen } = await selectTake(dir, record, n);
      for (const file of Object.values(practiceFiles(join(dir, PRACTICE_WAV)))) await fs.rm(file, { force: true });
      await store.write(chosen);
      return chosen;
    } finally {
      store.release(record.id);
    }
  };
  const takeNumber = (text: string) => {
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) throw new HttpError(400, `a take is a whole number from 1 (got "${text.slice(0, 20)}")`);
    return n;
  };

  app.post('/api/remixes/:id/takes/:n/select', async (c) => c.json(await goTo(await store.read(c.req.param('id')), takeNumber(c.req.param('n')))));
  /** Undo and redo: the take before or after the current one. */
  for (const [route, step, word] of [['undo', -1, 'before'], ['redo', 1, 'after']] as const) {
    app.post(`/api/remixes/:id/${route}`, async (c) => {
      const record = await store.read(c.req.param('id'));
      const n = neighbourTake(record, step);
      if (n === null) throw new HttpError(409, `remix "${record.id}" has no take ${word} the current one`);
      return c.json(await goTo(record, n));
    });
  }
  app.patch('/api/remixes/:id/takes/:n', async (c) => {
    const record = await store.read(c.req.param('id'));
    const body = ((await c.req.json().catch(() => null)) ?? {}) as { name?: unknown };
    const renamed = renameTake(record, takeNumber(c.req.param('n')), body.name);
    await store.write(renamed);
    return c.json(renamed);
  });
  /** A take's mastered remix, to compare two takes (A/B). */
  app.get('/api/remixes/:id/takes/:n/remix.wav', async (c) => {
    const record = await store.read(c.req.param('id'));
    const bytes = await fs.readFile(takeFile(store.dir(record.id), record, takeNumber(c.req.param('n')), 'remix.wav')).catch(() => null);
    if (!bytes) throw new HttpError(404, `take ${c.req.param('n')} has lost its remix.wav`);
    return c.body(bytes, 200, { 'content-type': 'audio/wav' });
  });

  /** A track to play: solo, a stem, or the mastered remix (WAV or MP3). */
  app.get('/api/remixes/:id/audio/:track', async (c) => {
    const record = await store.read(c.req.param('id'));
    if (!record.result) throw new HttpError(409, `remix "${record.id}" is ${record.status}`);
    const requested = c.req.param('track');
    const track = requested.replace(/\.(wav|mp3)$/, '');
    const format = requested.endsWith('.mp3') ? 'mp3' : 'wav';
    if (!(['remix', ...record.tracks] as string[]).includes(track) || (format === 'mp3' && track !== 'remix')) throw new HttpError(404, `no track "${requested}"`);
    const dir = store.dir(record.id);
    const path = track === 'remix' ? inside(dir, `remix.${format}`) : inside(dir, STEMS_DIR, `${track}.wav`);
    const bytes = await fs.readFile(path).catch(() => null);
    if (!bytes) throw new HttpError(404, `no track "${requested}"`);
    const base = downloadBase(record);
    return c.body(bytes, 200, { 'content-type': format === 'mp3' ? 'audio/mpeg' : 'audio/wav', ...attachment(track === 'remix' ? `${base}.${format}` : `${base}-${track}.wav`) });
  });

  app.get('/api/remixes/:id/midi', async (c) => {
    const record = await store.read(c.req.param('id'));
    const bytes = await fs.readFile(remixFiles(join(store.dir(record.id), REMIX_WAV)).midi).catch(() => null);
    if (!bytes) throw new HttpError(404, `remix "${record.id}" has no MIDI (only score models play notes)`);
    return c.body(bytes, 200, { 'content-type': 'audio/midi', ...attachment(`${downloadBase(record)}.mid`) });
  });

  /** Everything in one ZIP: the remix (WAV, MP3), its MIDI, the analysis and every track of the mix. */
  app.get('/api/remixes/:id/zip', async (c) => {
    const record = await store.read(c.req.param('id'));
    if (!record.result) throw new HttpError(409, `remix "${record.id}" is ${record.status}`);
    const dir = store.dir(record.id);
    const base = downloadBase(record);
    const entries: Record<string, Uint8Array> = {};
    const add = async (name: string, path: string, convert?: (bytes: Uint8Array) => Promise<Uint8Array>) => {
      const bytes = await fs.readFile(path).catch(() => null);
      if (bytes) entries[name] = convert ? await convert(new Uint8Array(bytes)) : new Uint8Array(bytes);
    };
    // Stems go out as 24-bit PCM, the format a DAW expects of exported tracks.
    const asPcm24 = async (bytes: Uint8Array) => {
      const audio = await decodeAudioBytes(bytes, 'stem.wav');
      return encodeWav24(audio.channels, audio.sampleRate);
    };
    const files = remixFiles(join(dir, REMIX_WAV));
    await add(`${base}.wav`, files.wav);
    await add(`${base}.mp3`, files.mp3);
    await add(`${base}.mid`, files.midi);
    await add('analysis.json', files.analysis);
    // The practice version, when one was made: its audio and MIDI.
    if (record.practice) {
      const practice = practiceFiles(join(dir, PRACTICE_WAV));
      await add(`${base}-practice.wav`, practice.wav);
      await add(`${base}-practice.mid`, practice.midi);
    }
    // The tracks of the mix: the solo and the stems played with it.
    for (const track of record.tracks) await add(`stems/${base}-${track}.wav`, join(dir, STEMS_DIR, `${track}.wav`), asPcm24);
    const zip = zipSync(Object.fromEntries(Object.entries(entries).map(([name, bytes]) => [name, [bytes, { level: 0 }]])));
    return c.body(zip, 200, { 'content-type': 'application/zip', ...attachment(`${base}.zip`) });
  });
}

export type { Stem };
