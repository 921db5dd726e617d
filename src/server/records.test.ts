/**
 * Nothing lost on the server: one job per remix at a time (two replays or new takes at once:
 * one is refused before it changes anything), damaged records on disk named instead of
 * "internal error" (and still deletable), start-up mistakes as one line.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { encodeWav } from '../io/wav.js';
import { RemixerError } from '../errors.js';
import { beatGrid, pianoChords } from '../testing/music.js';
import { serverFixture, type ServerFixture } from '../testing/server-fixture.js';
import { until } from '../testing/until.js';
import type { PublicJob, RemixRecord } from './api-types.js';

let fixture: ServerFixture;
before(async () => {
  fixture = await serverFixture({ score: true, waveform: false });
});

const solo = () => {
  const beats = beatGrid(6, 120);
  return encodeWav([pianoChords(beats, [[0, 4, 7], [5, 9, 12]], 4, 6)], 16000, 'int16');
};

async function upload(url: string): Promise<PublicJob> {
  const form = new FormData();
  form.append('file', new Blob([solo()]), 'take.wav');
  form.append('model', 'tiny-score');
  const response = await fetch(`${url}/api/remix`, { method: 'POST', body: form });
  assert.equal(response.status, 202, await response.clone().text());
  return (await response.json()) as PublicJob;
}

const finishedJob = (url: string, id: string) => until(async () => {
  const job = (await (await fetch(`${url}/api/jobs/${id}`)).json()) as PublicJob;
  return job.status === 'done' || job.status === 'failed' ? job : null;
});

const idle = (url: string, remix: string) => until(async () => {
  const record = (await (await fetch(`${url}/api/remixes/${remix}`)).json()) as RemixRecord;
  return record.status === 'running' ? null : record;
});

test('two replays or two new takes of one remix at once: one runs, the other is refused before it changes anything', async () => {
  const server = await fixture.start({ workers: 2 });
  try {
    const job = await upload(server.url);
    await finishedJob(server.url, job.id);
    const remix = String(job.info['remix']);
    const post = (path: string, body: unknown) => fetch(`${server.url}/api/remixes/${remix}/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const [a, b] = await Promise.all([post('replay', { tempo: 60, meter: 3, chords: 'Bb Eb' }), post('replay', { tempo: 90, meter: 4, chords: 'E A' })]);
    assert.deepEqual([a.status, b.status].sort(), [202, 409]);
    const refused = (a.status === 409 ? a : b);
    assert.match(((await refused.json()) as { error: string }).error, /is still being made/);
    const record = await idle(server.url, remix);
    const chart = await fs.readFile(join(fixture.workDir, 'remixes', remix, 'chart.txt'), 'utf8');
    assert.equal(chart.trim(), record.settings.corrections!.chords, 'the chart the audio plays is the one the record says');
    const [c, d] = await Promise.all([post('stems/bass/regenerate', { seed: 5 }), post('stems/bass/regenerate', { seed: 9 })]);
    assert.deepEqual([c.status, d.status].sort(), [202, 409]);
    const after = await idle(server.url, remix);
    assert.equal(after.settings.seeds['bass'], c.status === 202 ? 5 : 9, 'the seed kept is the take that ran');
    // Once it is done, the next one runs.
    const next = await post('replay', { tempo: 100 });
    assert.equal(next.status, 202);
    await idle(server.url, remix);
  } finally {
    await server.close();
  }
});

test('damaged records are named and deletable; a damaged history or training record is a line, not an internal error', async () => {
  const workDir = join(fixture.root, 'work-damaged');
  const server = await fixture.start({ workDir });
  try {
    const job = await upload(server.url);
    await finishedJob(server.url, job.id);
    const remix = String(job.info['remix']);
    const record = join(workDir, 'remixes', remix, 'remix.json');
    await fs.writeFile(record, (await fs.readFile(record, 'utf8')).slice(0, 40));
    const got = await fetch(`${server.url}/api/remixes/${remix}`);
    assert.equal(got.status, 409);
    assert.match(((await got.json()) as { error: string }).error, new RegExp(`remix "${remix}": its record remix.json is damaged`));
    const list = (await (await fetch(`${server.url}/api/remixes`)).json()) as RemixRecord[];
    assert.deepEqual(list.map((r) => [r.id, r.status]), [[remix, 'damaged']], 'the history shows it, as damaged');
    const deleted = await fetch(`${server.url}/api/remixes/${remix}`, { method: 'DELETE' });
    assert.equal(deleted.status, 200);
    await assert.rejects(fs.stat(join(workDir, 'remixes', remix)));
    // A damaged training history of a model.
    const modelsDir = join(fixture.root, 'models-damaged');
    await fs.cp(fixture.modelsDir, modelsDir, { recursive: true });
    const history = (await fs.readdir(join(modelsDir, 'tiny-score'), { recursive: true })).find((f) => String(f).endsWith('history.json'))!;
    await fs.writeFile(join(modelsDir, 'tiny-score', String(history)), '[{"epoch": 1,');
    const other = await fixture.start({ modelsDir, workDir });
    try {
      const model = await fetch(`${other.url}/api/models/tiny-score`);
      assert.equal(model.status, 409);
      assert.match(((await model.json()) as { error: string }).error, /model "tiny-score": its training history .*history\.json is damaged/);
    } finally {
      await other.close();
    }
  } finally {
    await server.close();
  }
  // A damaged training job record: the server starts all the same, and Resume says what is wrong.
  await fs.writeFile(join(workDir, 'train-job.json'), '{"status": "runn');
  const restarted = await fixture.start({ workDir });
  try {
    const resume = await fetch(`${restarted.url}/api/train/resume`, { method: 'POST' });
    assert.equal(resume.status, 409);
    assert.match(((await resume.json()) as { error: string }).error, /the training job record train-job\.json is damaged/);
  } finally {
    await restarted.close();
  }
});

test('start-up mistakes are one line: a port in use, --work naming a file, a host that is no address here', async () => {
  const busy = createServer();
  await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
  const port = (busy.address() as { port: number }).port;
  try {
    const fresh = join(fixture.root, 'never-started');
    await assert.rejects(fixture.start({ port, workDir: fresh }), (e: Error) => e instanceof RemixerError && e.message === `port ${port} on 127.0.0.1 is in use (another server?): choose another with --port`);
    await assert.rejects(fs.stat(fresh), 'a server that never started leaves no folder behind');
    const file = join(fixture.root, 'a-file');
    await fs.writeFile(file, 'x');
    const { startServer } = await import('./server.js');
    // Every folder is checked before one is made: the models and data folders it would make stay unmade.
    const [models, data] = [join(fixture.root, 'models-unmade'), join(fixture.root, 'data-unmade')];
    await assert.rejects(startServer({ port: 0, workDir: file, modelsDir: models, dataDir: data, webRoot: null }), (e: Error) => e instanceof RemixerError && /a-file: is a file, not a folder \(--work names a folder\)/.test(e.message));
    for (const dir of [models, data]) await assert.rejects(fs.stat(dir), `${dir} not made`);
    await assert.rejects(startServer({ port: 0, host: '999.1.1.1', workDir: join(fixture.root, 'w3'), modelsDir: fixture.modelsDir, dataDir: fixture.dataDir, webRoot: null }), (e: Error) => e instanceof RemixerError && /--host 999\.1\.1\.1: not an address of this machine/.test(e.message));
  } finally {
    busy.close();
  }
});
