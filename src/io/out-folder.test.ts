/**
 * Nothing lost: --force replaces only what Remixer made, never a folder holding an input or
 * the working folder; an output file is never written in a folder's place. Each case leaves
 * every file as it was (asserted byte for byte).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { runCli, singleErrorLine } from '../testing/cli.js';
import { sine, tempDir, writeWavFixture } from '../testing/fixtures.js';
import { snapshot } from '../testing/snapshot.js';
import { checkOutFolder, checkPartialFolder } from './out-folder.js';
import { DATASET_FOLDER } from '../dataset/layout.js';
import { MODEL_FOLDER } from '../model/saved/names.js';
import { LISTENER_FOLDER } from '../listener/saved.js';

/** Runs the CLI and asserts one error line matching `problem`, exit 1, and `root` byte-identical. */
async function refuses(root: string, args: string[], problem: RegExp, cwd?: string): Promise<void> {
  const before = await snapshot(root);
  const result = await runCli(args, cwd ? { cwd } : {});
  assert.equal(result.code, 1, `${args.join(' ')}: ${result.stdout}${result.stderr}`);
  const line = singleErrorLine(result);
  assert.ok(line, `one error line, got: ${result.stderr}`);
  assert.match(line, problem);
  assert.deepEqual(await snapshot(root), before, `${args.join(' ')} changed files`);
}

test('--force replaces a dataset, a model or a listener of the same kind only', async () => {
  const root = await tempDir();
  const mine = join(root, 'mine');
  await fs.mkdir(mine);
  await fs.writeFile(join(mine, 'notes.txt'), 'x');
  await fs.mkdir(join(root, 'model'));
  await fs.writeFile(join(root, 'model', 'remixer.json'), JSON.stringify({ format: MODEL_FOLDER.format }));
  await fs.mkdir(join(root, 'listener'));
  await fs.writeFile(join(root, 'listener', 'listener.json'), JSON.stringify({ format: LISTENER_FOLDER.format }));
  await fs.mkdir(join(root, 'fake'));
  await fs.writeFile(join(root, 'fake', 'dataset.json'), '{"format": "something else"}');
  for (const out of [mine, join(root, 'model'), join(root, 'listener'), join(root, 'fake')]) {
    await refuses(root, ['dataset', 'synth', '--out', out, '--songs', '2', '--seconds', '2', '--force'], /is not a dataset Remixer made .*--force will not replace it/);
    await refuses(root, ['dataset', 'import', join(root, 'nowhere'), '--layout', 'midi', '--out', out, '--force'], /is not a dataset Remixer made/);
  }
  for (const out of [mine, join(root, 'model')]) {
    await refuses(root, ['train-listener', '--data', join(root, 'nowhere'), '--out', out, '--force'], /is not a listener Remixer made/);
  }
  // A dataset Remixer made is replaced.
  const ds = join(root, 'ds');
  assert.equal((await runCli(['dataset', 'synth', '--out', ds, '--songs', '2', '--seconds', '2', '--seed', '1'])).code, 0);
  const again = await runCli(['dataset', 'synth', '--out', ds, '--songs', '2', '--seconds', '2', '--seed', '2', '--force']);
  assert.equal(again.code, 0, again.stderr);
  assert.equal(JSON.parse(await fs.readFile(join(ds, 'dataset.json'), 'utf8')).split.seed, 2);
});

test('--force never replaces a folder holding the command\'s input, nor the working folder', async () => {
  const root = await tempDir();
  const p = join(root, 'p');
  const ds = join(p, 'ds');
  assert.equal((await runCli(['dataset', 'synth', '--out', ds, '--songs', '10', '--seconds', '1'])).code, 0);
  await fs.writeFile(join(p, 'listener.json'), JSON.stringify({ format: LISTENER_FOLDER.format }));
  await refuses(root, ['train-listener', '--data', ds, '--out', p, '--force'], /--out .* holds the dataset .*: an output never replaces an input/);
  await refuses(root, ['train-listener', '--data', ds, '--out', ds, '--force'], /an output never replaces an input/);
  const mine = join(root, 'mine');
  await fs.mkdir(mine);
  await fs.writeFile(join(mine, 'notes.txt'), 'x');
  await refuses(root, ['train', '--data', ds, '--out', mine, '--force'], /is not a model Remixer made/);
  await refuses(root, ['train', '--data', ds, '--out', p, '--force'], /holds the dataset/);
  // `.` as --out: the working folder (a dataset, to make --force otherwise acceptable).
  await refuses(root, ['dataset', 'synth', '--out', '.', '--songs', '2', '--seconds', '2', '--force'], /is the working folder or holds it/, ds);
  await refuses(root, ['dataset', 'synth', '--out', '..', '--songs', '2', '--seconds', '2', '--force'], /is the working folder or holds it/, join(ds, 'songs'));
  // An interrupted build's name taken by a folder of the user's own.
  await fs.mkdir(join(root, 'out.partial'));
  await fs.writeFile(join(root, 'out.partial', 'mine.txt'), 'keep');
  await refuses(root, ['dataset', 'import', ds, '--layout', 'midi', '--out', join(root, 'out'), '--force'], /out\.partial: is not an interrupted build of Remixer's \(it holds mine\.txt\)/);
});

test('train-listener without --data is one line', async () => {
  const root = await tempDir();
  await refuses(root, ['train-listener', '--out', join(root, 'l')], /--data/);
});

test('remix and analyze refuse an output name that is a folder, before any work', async () => {
  const root = await tempDir();
  const solo = join(root, 'solo.wav');
  await writeWavFixture(solo, [sine(262, 2, 22050)], 22050, '16');
  for (const name of ['y.wav', 'y.mp3', 'y.mid', 'y.analysis.json']) {
    await fs.mkdir(join(root, name));
    await fs.writeFile(join(root, name, 'keep.txt'), 'keep');
    await refuses(root, ['remix', solo, '--out', join(root, 'y.wav'), '--seconds', '2'], new RegExp(`${name.replace('.', '\\.')} is a folder: a file is never written in a folder's place`));
    await fs.rm(join(root, name), { recursive: true });
  }
  await fs.mkdir(join(root, 'stems', 'bass.wav'), { recursive: true });
  await fs.writeFile(join(root, 'stems', 'bass.wav', 'keep.txt'), 'keep');
  await refuses(root, ['remix', solo, '--out', join(root, 'z.wav'), '--stems', join(root, 'stems')], /bass\.wav is a folder/);
  await refuses(root, ['analyze', solo, '--json', join(root, 'stems', 'bass.wav')], /bass\.wav is a folder/);
});

test('checkOutFolder: the rule by hand', async () => {
  const root = await tempDir();
  const inputs = [{ path: join(root, 'data', 'songs'), what: 'the dataset', whole: true }];
  await checkOutFolder(join(root, 'new'), { kind: DATASET_FOLDER });
  await fs.mkdir(join(root, 'empty'));
  await checkOutFolder(join(root, 'empty'), { kind: DATASET_FOLDER });
  await fs.mkdir(join(root, 'data', 'songs'), { recursive: true });
  await fs.writeFile(join(root, 'data', 'dataset.json'), JSON.stringify({ format: DATASET_FOLDER.format }));
  await assert.rejects(checkOutFolder(join(root, 'data'), { kind: DATASET_FOLDER }), /already exists and is not empty \(use --force/);
  await checkOutFolder(join(root, 'data'), { kind: DATASET_FOLDER, force: true });
  await assert.rejects(checkOutFolder(join(root, 'data'), { kind: DATASET_FOLDER, force: true, inputs }), /holds the dataset/);
  await assert.rejects(checkOutFolder(join(root, 'data'), { kind: MODEL_FOLDER, force: true }), /is not a model Remixer made \(no remixer\.json of one in it\)/);
  await checkPartialFolder(join(root, 'none.partial'), ['songs']);
  await fs.mkdir(join(root, 'p.partial', 'songs'), { recursive: true });
  await fs.mkdir(join(root, 'p.partial', '.remixer-tmp-1-ab'));
  await checkPartialFolder(join(root, 'p.partial'), ['songs']);
  await fs.writeFile(join(root, 'p.partial', 'x'), '');
  await assert.rejects(checkPartialFolder(join(root, 'p.partial'), ['songs']), /holds x/);
});
