import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireTempPath, OWN_SCRATCH_NAME, SCRATCH_PREFIX, sweepDeadRuns } from './scratch.js';
import { tempDir } from '../testing/fixtures.js';

const SCRATCH = fileURLToPath(new URL('./scratch.ts', import.meta.url));

/** Starts a process that puts a temporary file in `dir` and waits to be killed; resolves once the file is there. */
async function runKilledMidWrite(dir: string, runs: string): Promise<void> {
  const script = `const m = await import(${JSON.stringify(SCRATCH)}); const t = await m.acquireTempPath(${JSON.stringify(join(dir, 'remix.wav'))}); (await import('node:fs')).writeFileSync(t.path, 'half'); console.log('ready'); setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env: { ...process.env, REMIXER_RUNS_DIR: runs }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
    child.on('exit', () => reject(new Error('the writer ended before it was killed')));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

test('temporary files live in one hidden folder per run beside the output, gone once released', async () => {
  const dir = await tempDir();
  const a = await acquireTempPath(join(dir, 'a.wav'));
  const b = await acquireTempPath(join(dir, 'b.wav'));
  assert.equal(join(a.path, '..'), join(dir, OWN_SCRATCH_NAME));
  assert.equal(join(b.path, '..'), join(dir, OWN_SCRATCH_NAME), 'one folder for the run');
  await fs.writeFile(a.path, 'x');
  await a.release();
  assert.deepEqual(await fs.readdir(dir), [OWN_SCRATCH_NAME], 'kept while b is in use');
  await b.release();
  assert.deepEqual(await fs.readdir(dir), [], 'gone with the last release');
});

test('a run killed with SIGKILL leaves its temporary folder; the next run removes it, by its registry or by name', async () => {
  const dir = await tempDir();
  const runs = join(dir, 'runs');
  const out = join(dir, 'out');
  await fs.mkdir(out);
  await runKilledMidWrite(out, runs);
  const left = (await fs.readdir(out)).filter((n) => n.startsWith(SCRATCH_PREFIX));
  assert.equal(left.length, 1, 'the killed run left its folder');
  const previous = process.env['REMIXER_RUNS_DIR'];
  process.env['REMIXER_RUNS_DIR'] = runs;
  try {
    const removed = await sweepDeadRuns();
    assert.deepEqual(removed, [join(out, left[0]!)], 'found through the registry');
    assert.deepEqual(await fs.readdir(out), []);
    // A registry lost (a reboot empties /tmp): the folder is still found by name in the folder written to.
    await runKilledMidWrite(out, runs);
    await fs.rm(runs, { recursive: true, force: true });
    assert.equal((await fs.readdir(out)).length, 1);
    await sweepDeadRuns([out]);
    assert.deepEqual(await fs.readdir(out), [], 'found by name');
  } finally {
    if (previous === undefined) delete process.env['REMIXER_RUNS_DIR'];
    else process.env['REMIXER_RUNS_DIR'] = previous;
  }
});
