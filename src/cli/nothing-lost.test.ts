/**
 * Nothing lost, round two, at the command line: each hostile or careless case is one line
 * naming the file and the problem, exit 1, and every file as it was (asserted byte for byte).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli, singleErrorLine } from '../testing/cli.js';
import { sine, tempDir, withTmpfs, writeWavFixture } from '../testing/fixtures.js';
import { snapshot } from '../testing/snapshot.js';

async function refuses(root: string, args: string[], problem: RegExp, options: { timeoutMs?: number } = {}): Promise<number> {
  const before = await snapshot(root);
  const started = performance.now();
  const result = await runCli(args, options);
  const seconds = (performance.now() - started) / 1000;
  assert.equal(result.code, 1, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
  const line = singleErrorLine(result);
  assert.ok(line, `one error line, got: ${result.stderr}`);
  assert.match(line, problem);
  assert.deepEqual(await snapshot(root), before, `${args.join(' ')} changed files`);
  return seconds;
}

test('a hostile --analysis is bounded by its solo: a million beats, beats too dense, more chords than beats, a huge file', async () => {
  const root = await tempDir();
  const solo = join(root, 'solo.wav');
  await writeWavFixture(solo, [sine(262, 30, 8000)], 8000, '16');
  const million = join(root, 'million.json');
  await fs.writeFile(million, JSON.stringify({ beats: Array.from({ length: 1_000_000 }, (_, i) => (i * 30) / 1_000_000), beatsPerBar: 4 }));
  const seconds = await refuses(root, ['remix', solo, '--out', join(root, 'r.wav'), '--analysis', million], /million\.json: beats\[1\] \(0\.00003\) is 0\.0 ms after beats\[0\]: at most 20 beats a second/);
  assert.ok(seconds < 20, `refused in ${seconds.toFixed(1)} s`);
  const beats = Array.from({ length: 60 }, (_, i) => i * 0.5);
  const chords = join(root, 'chords.json');
  await fs.writeFile(chords, JSON.stringify({ beats, beatsPerBar: 4, chords: Array.from({ length: 500 }, (_, i) => ({ start: i * 0.05, name: 'C' })) }));
  await refuses(root, ['remix', solo, '--out', join(root, 'r.wav'), '--analysis', chords], /chords\.json: chords lists 500 chords for 60 beats: at most one chord a beat/);
  const downbeats = join(root, 'downbeats.json');
  await fs.writeFile(downbeats, JSON.stringify({ beats, beatsPerBar: 4, downbeats: [0, 2, 1e308] }));
  await refuses(root, ['remix', solo, '--out', join(root, 'r.wav'), '--analysis', downbeats], /downbeats\.json: downbeats\[2\] must be a time in seconds inside the solo/);
  const huge = join(root, 'huge.json');
  await fs.writeFile(huge, Buffer.alloc(65 * 1024 * 1024, 32));
  await refuses(root, ['remix', solo, '--out', join(root, 'r.wav'), '--analysis', huge], /huge\.json: is 65 MB, too large for an analysis \(at most 64 MB\)/);
});

test('serve and worker check the folders they are given', async () => {
  const root = await tempDir();
  await refuses(root, ['serve', '--models', join(root, 'missing'), '--port', '0'], /missing: not found \(--models names a folder that must exist\)/);
  await fs.writeFile(join(root, 'file'), 'x');
  await refuses(root, ['serve', '--data', join(root, 'file'), '--port', '0'], /file: is a file, not a folder \(--data names a folder\)/);
  await refuses(root, ['worker', '--queue', 'redis://127.0.0.1:1', '--work', join(root, 'missing')], /missing: not found \(--work names a folder that must exist\)/);
});

test('a hand-edited or damaged model is refused, never played: a field that is not what it should be, weights that do not match their checksum', async () => {
  const root = await tempDir();
  const solo = join(root, 'solo.wav');
  await writeWavFixture(solo, [sine(262, 4, 22050)], 22050, '16');
  const shipped = fileURLToPath(new URL('../../models/band', import.meta.url));
  const copy = async (name: string, edit: (dir: string) => Promise<void>) => {
    const dir = join(root, name);
    await fs.cp(shipped, dir, { recursive: true });
    await edit(dir);
    return dir;
  };
  const json = async (dir: string, change: (config: Record<string, unknown>) => void) => {
    const config = JSON.parse(await fs.readFile(join(dir, 'remixer.json'), 'utf8')) as Record<string, unknown>;
    change(config);
    await fs.writeFile(join(dir, 'remixer.json'), JSON.stringify(config));
  };
  const styles = await copy('styles', (dir) => json(dir, (c) => ((c['representation'] as Record<string, unknown>)['styles'] = 'rock')));
  await refuses(root, ['remix', solo, '--out', join(root, 'r.wav'), '--model', styles], /styles\/remixer\.json: representation\.styles must be a list of style names \(got "rock"\)/);
  const rate = await copy('rate', (dir) => json(dir, (c) => (c['sampleRate'] = -5)));
  await refuses(root, ['remix', solo, '--out', join(root, 'r.wav'), '--model', rate], /rate\/remixer\.json: sampleRate must be a whole number of Hz from 8000 to 192000 \(got -5\)/);
  const weights = await copy('weights', async (dir) => {
    const file = (await fs.readdir(dir)).find((f) => /^weights-e\d+\.bin$/.test(f))!;
    const bytes = await fs.readFile(join(dir, file));
    bytes.set(Uint8Array.from({ length: 1024 }, (_, i) => (i * 7919 + 13) & 255), 0);
    await fs.writeFile(join(dir, file), bytes);
  });
  await refuses(root, ['remix', solo, '--out', join(root, 'r.wav'), '--model', weights], /weights-e\d+\.bin: damaged: its bytes do not match the checksum written when the model was saved/);
});

test('eval --out on a full disk leaves no half-made report; a folder of other files is never replaced by a report', async (t) => {
  const root = await tempDir();
  const data = join(root, 'data');
  assert.equal((await runCli(['dataset', 'synth', '--out', data, '--songs', '3', '--seconds', '6', '--seed', '4'])).code, 0);
  const model = fileURLToPath(new URL('../../models/band', import.meta.url));
  const args = (out: string) => ['eval', '--model', model, '--data', data, '--split', 'train', '--no-baselines', '--workers', '1', '--pictures', '1', '--out', out];
  const mine = join(root, 'mine');
  await fs.mkdir(mine);
  await fs.writeFile(join(mine, 'notes.txt'), 'keep');
  await refuses(root, args(mine), /mine: is not an evaluation report Remixer made/);
  const ran = await withTmpfs(48, async (disk) => {
    const result = await runCli(args(join(disk, 'report')));
    assert.equal(result.code, 1, result.stderr);
    assert.match(singleErrorLine(result) ?? result.stderr, /no space left on the device/);
    assert.deepEqual(await fs.readdir(disk), [], 'no report folder, no pictures, nothing hidden');
  });
  if (!ran) t.diagnostic('no tmpfs here (not root): the full-disk case was not run');
});

test('unusual paths are one line: a 300-character name, a loop of symbolic links', async () => {
  const root = await tempDir();
  const solo = join(root, 'solo.wav');
  await writeWavFixture(solo, [sine(262, 2, 22050)], 22050, '16');
  await fs.symlink('loop-b.wav', join(root, 'loop-a.wav'));
  await fs.symlink('loop-a.wav', join(root, 'loop-b.wav'));
  const long = 'a'.repeat(300);
  await refuses(root, ['analyze', solo, '--json', join(root, `${long}.json`)], /--json .*a{200}\.json: the name is too long \(305 bytes; a file or folder name holds at most 255\)/);
  await refuses(root, ['remix', solo, '--out', join(root, 'r.wav'), '--stems', join(root, long)], /the drums stem in --stems .*: the name is too long/);
  await refuses(root, ['dataset', 'synth', '--out', join(root, long), '--songs', '1', '--seconds', '1'], /the name is too long/);
  await refuses(root, ['remix', join(root, `${long}.wav`), '--out', join(root, 'r.wav')], /a{300}\.wav: the name is too long/);
  await refuses(root, ['remix', join(root, 'loop-a.wav'), '--out', join(root, 'r.wav')], /loop-a\.wav: a loop of symbolic links/);
  await refuses(root, ['audio', 'info', join(root, 'loop-a.wav')], /loop-a\.wav: a loop of symbolic links/);
});

test('a missing solo is said to be missing (not blamed on the MP3 beside --out); a rate MP3 cannot carry says why no MP3 was written', async () => {
  const root = await tempDir();
  await refuses(root, ['remix', join(root, 'missing.mp3'), '--out', join(root, 'missing.wav')], /missing\.mp3: file not found/);
  const solo = join(root, 'hi-res.wav');
  await writeWavFixture(solo, [sine(262, 2, 192000)], 192000, '16');
  const result = await runCli(['remix', solo, '--out', join(root, 'r.wav')]);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /remixer: warning: no MP3 written: MP3 carries 8-48 kHz and the remix is at 192 kHz/);
  assert.deepEqual((await fs.readdir(root)).sort(), ['hi-res.wav', 'r.analysis.json', 'r.mid', 'r.wav']);
});

test('eval-analysis: a listener that is not there is one line; a song that cannot be read is left out and named, the others measured', async () => {
  const root = await tempDir();
  const data = join(root, 'data');
  assert.equal((await runCli(['dataset', 'synth', '--out', data, '--songs', '3', '--seconds', '8', '--seed', '5'])).code, 0);
  await refuses(root, ['eval-analysis', '--data', data, '--split', 'all', '--listener', join(root, 'bogus')], /bogus\/listener\.json: no listener model here/);
  const damaged = join(data, 'songs', 'song-001', 'piano.wav');
  await fs.writeFile(damaged, (await fs.readFile(damaged)).subarray(0, 100));
  const result = await runCli(['eval-analysis', '--data', data, '--split', 'all', '--listener', 'dsp']);
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /## Left out[\s\S]*- song-001: .*piano\.wav: truncated WAV/);
  assert.match(result.stdout, /\| dsp \| 2 \|/, 'the two others are measured');
});
