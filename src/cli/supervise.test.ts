/** Stopping works: Ctrl-C stops a command within a second even mid-computation; a supervisor killed outright takes its command along. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, singleErrorLine } from '../testing/cli.js';
import { tempDir, writeWavFixture } from '../testing/fixtures.js';
import { snapshot } from '../testing/snapshot.js';
import { clickTrack, beatGrid } from '../testing/music.js';

const MAIN = fileURLToPath(new URL('./main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** Process ids whose command line holds `marker`. */
function processesWith(marker: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
/** A long solo: the analysis of it keeps the command's thread busy for seconds. */
async function longSolo(root: string, seconds = 240): Promise<string> {
  const path = join(root, `long-${process.pid}-${seconds}.wav`);
  await writeWavFixture(path, [clickTrack(beatGrid(seconds, 100), seconds)], 22050, '16');
  return path;
}

test('a supervised command passes its exit code and its one line through', async () => {
  const root = await tempDir();
  const result = await runCli(['audio', 'info', join(root, 'missing.wav')], { supervised: true });
  assert.equal(result.code, 1);
  assert.match(singleErrorLine(result) ?? '', /missing\.wav: file not found/);
});

test('Ctrl-C stops a command within a second mid-computation and leaves nothing; kill -9 of the supervisor takes the command along', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const root = await tempDir();
  const solo = await longSolo(root);
  const before = await snapshot(root);
  for (const [signal, wantCode] of [['SIGINT', 130], ['SIGKILL', null]] as const) {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, 'analyze', solo, '--json', join(root, 'heard.json')], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait until the command itself runs (a second process holding the solo's name), then a little into its listening.
    for (let waited = 0; processesWith(solo).length < 2 && waited < 30_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    assert.equal(processesWith(solo).length, 2, 'the supervisor and the command');
    await new Promise((r) => setTimeout(r, 1500));
    const sent = performance.now();
    child.kill(signal);
    const code = await exited;
    for (let waited = 0; processesWith(solo).length > 0 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - sent) / 1000;
    assert.equal(processesWith(solo).length, 0, `${signal}: no process left`);
    assert.ok(seconds < 1.5, `${signal}: stopped in ${seconds.toFixed(2)} s`);
    if (wantCode !== null) assert.equal(code, wantCode);
    if (signal === 'SIGINT') assert.deepEqual(await snapshot(root), before, 'nothing written, no temporary file left');
  }
});

test('Ctrl-C during a remix, or kill -9 of its supervisor, leaves no stems folder it made, no temporary file, no output', { skip: process.platform !== 'linux' && 'reads /proc' }, async () => {
  const root = await tempDir();
  // 20 s to listen to, looped to two minutes for the band to play (it is stopped meanwhile).
  const solo = await longSolo(root, 20);
  const before = await snapshot(root);
  const stems = join(root, 'stems');
  for (const [signal, wantCode] of [['SIGINT', 130], ['SIGKILL', null]] as const) {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, 'remix', solo, '--out', join(root, 'r.wav'), '--stems', stems, '--seconds', '120'], { stdio: 'ignore' });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Stop it once it writes its stems (after listening).
    for (let waited = 0; !(await fs.stat(stems).then(() => true, () => false)) && waited < 60_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
    child.kill(signal);
    assert.equal(await exited, wantCode);
    for (let waited = 0; processesWith(solo).length > 0 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    assert.equal(processesWith(solo).length, 0, `${signal}: no process left`);
    // No other command runs meanwhile: what is gone, the stopped command removed itself.
    assert.deepEqual(await snapshot(root), before, `${signal}: no stems folder, nothing hidden, no output`);
  }
});
