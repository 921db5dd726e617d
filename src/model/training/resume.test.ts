import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../testing/cli.js';
import { tempDir } from '../../testing/fixtures.js';
import { tinyDataset } from '../../testing/tiny-dataset.js';

const MAIN = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
const EPOCHS = 4;

const trainArgs = (data: string, out: string) => [
  'train', '--data', data, '--out', out, '--arch', 'one2one', '--repr', 'waveform', '--epochs', String(EPOCHS),
  '--steps-per-epoch', '8', '--window', '0.25', '--units', '4', '--feature-units', '8', '--batch-size', '4', '--seed', '3',
];

async function readJson<T>(path: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(path, 'utf8')) as T;
  } catch {
    return null;
  }
}

interface Record {
  epoch: number;
  loss: number;
  valLoss: number;
  seconds: number;
}

test('a run killed with SIGKILL mid-epoch resumes to the same epochs and the same weights', async () => {
  const data = await tinyDataset();
  const root = await tempDir();
  const reference = join(root, 'uninterrupted');
  const killed = join(root, 'killed');

  const full = await runCli(trainArgs(data, reference));
  assert.equal(full.code, 0, full.stderr);

  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...trainArgs(data, killed)], { stdio: 'ignore', env: { ...process.env, REMIXER_SUPERVISED: '1' } });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
  let killedAt = 0;
  for (let waited = 0; waited < 120_000; waited += 20) {
    const pointer = await readJson<{ epoch: number }>(join(killed, 'checkpoint.json'));
    if (pointer && pointer.epoch >= 2) {
      const history = (await readJson<Record[]>(join(killed, 'history.json'))) ?? [];
      const epochSeconds = history.at(-1)?.seconds ?? 0.5;
      await new Promise((r) => setTimeout(r, Math.max(50, epochSeconds * 500)));
      killedAt = pointer.epoch;
      child.kill('SIGKILL');
      break;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.equal(await exited, 'SIGKILL', 'the run was killed');
  assert.ok(killedAt >= 2 && killedAt < EPOCHS, `killed after epoch ${killedAt}`);

  const resumed = await runCli([...trainArgs(data, killed), '--resume']);
  assert.equal(resumed.code, 0, resumed.stderr);
  const history = (await readJson<Record[]>(join(killed, 'history.json')))!;
  assert.deepEqual(history.map((h) => h.epoch), [1, 2, 3, 4], 'no epoch lost or repeated');
  const expected = (await readJson<Record[]>(join(reference, 'history.json')))!;
  assert.deepEqual(history.map((h) => [h.loss, h.valLoss]), expected.map((h) => [h.loss, h.valLoss]), 'the same losses as an uninterrupted run');
  const weights = (dir: string) => fs.readFile(join(dir, 'checkpoints', `epoch-000${EPOCHS}`, 'weights.bin'));
  assert.ok((await weights(killed)).equals(await weights(reference)), 'bit-identical final weights');
  const leftovers = [...(await fs.readdir(killed)), ...(await fs.readdir(join(killed, 'checkpoints')))].filter((n) => n.includes('.tmp-'));
  assert.deepEqual(leftovers, [], 'no temporary files left behind');
});
