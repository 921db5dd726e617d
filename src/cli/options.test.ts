import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkOption, readOptions, type OptionSpec, type OptionTable } from '../options.js';
import { TRAIN_OPTIONS } from '../model/training/options.js';
import { REMIX_OPTIONS } from '../remix/options.js';
import { EVAL_OPTIONS } from '../eval/options.js';
import { IMPORT_OPTIONS, SYNTH_OPTIONS } from '../dataset/options.js';
import { SERVE_OPTIONS } from '../server/options.js';
import { DEMO_OPTIONS } from '../demo/options.js';
import { PRESET_NAMES } from '../model/config.js';
import { WEB_TRAIN_OPTIONS } from '../server/app.js';
import { parseSplit, assignSplits } from '../dataset/split.js';
import { progressWords, trainingTotals } from '../progress.js';
import { commandFlags } from './program.js';

const TABLES: [string, OptionTable][] = [
  ['train', TRAIN_OPTIONS],
  ['remix', REMIX_OPTIONS],
  ['eval', EVAL_OPTIONS],
  ['dataset synth', SYNTH_OPTIONS],
  ['dataset import', IMPORT_OPTIONS],
  ['serve', SERVE_OPTIONS],
  ['demo', DEMO_OPTIONS],
];

/** A value `spec` must refuse. */
function badValue(spec: OptionSpec): unknown {
  switch (spec.type) {
    case 'integer':
      return spec.min !== undefined ? spec.min - 1 : 0.5;
    case 'number':
      return Number.NaN;
    case 'choice':
      return 'no-such-choice';
    case 'string':
      return '';
    case 'boolean':
      return 'maybe';
    case 'list':
      return [''];
  }
}

/** Flags named in text: `--name` not glued to a word or an expression before it (a clip id `SONG--c2` is no flag). */
const flagsIn = (message: string) => [...message.matchAll(/(?<![\w}])--[a-z][a-z0-9-]*/g)].map((m) => m[0]);

test('every option table is the CLI: each flag exists on its command, and its refusal names that flag', () => {
  const flags = commandFlags();
  for (const [command, table] of TABLES) {
    const cli = flags.get(command);
    assert.ok(cli, `command ${command}`);
    for (const spec of table) {
      const flag = spec.type === 'boolean' && spec.default === true ? `--no-${spec.flag.slice(2)}` : spec.flag;
      assert.ok(cli.has(flag), `${command} has ${flag}`);
      assert.throws(() => checkOption(spec, badValue(spec)), (e: Error) => {
        for (const named of flagsIn(e.message)) assert.ok(cli.has(named) || cli.has(`--no-${named.slice(2)}`), `"${e.message}" names ${named}, which ${command} has`);
        return e.message.startsWith(spec.flag);
      });
    }
  }
});

test('every flag the library names (in its errors, messages and comments) exists on some command', async () => {
  const known = new Set([...commandFlags().values()].flatMap((set) => [...set]).flatMap((flag) => [flag, flag.replace(/^--no-/, '--')]));
  const root = fileURLToPath(new URL('..', import.meta.url));
  const files = (await fs.readdir(root, { recursive: true })).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('cli/') && !f.startsWith('web/') && !f.startsWith('testing/'));
  const unknown: string[] = [];
  for (const file of files) {
    const text = await fs.readFile(join(root, file), 'utf8');
    for (const line of text.split('\n')) {
      for (const flag of flagsIn(line)) if (!known.has(flag)) unknown.push(`${file}: ${flag}`);
    }
  }
  assert.deepEqual(unknown, [], 'flags named in library errors but missing from the CLI');
});

test('the server reads the same table: its messages name the key, defaults stay the preset\'s', () => {
  assert.deepEqual(readOptions(WEB_TRAIN_OPTIONS, { epochs: '', architecture: 'one2one' }), { architecture: 'one2one' }, 'an empty field is "not given" (the preset decides)');
  assert.deepEqual(readOptions(WEB_TRAIN_OPTIONS, { epochs: '12', learningRate: 0.01 }), { epochs: 12, learningRate: 0.01 });
  assert.throws(() => readOptions(WEB_TRAIN_OPTIONS, { dropout: 1 }), (e: Error) => e.message === 'dropout must be a number >= 0 and < 1 (got 1)');
  assert.throws(() => readOptions(WEB_TRAIN_OPTIONS, { preset: '__proto__' }), (e: Error) => e.message === `preset must be one of ${PRESET_NAMES.join(', ')} (got "__proto__")`);
  assert.ok(!WEB_TRAIN_OPTIONS.some((s) => s.key === 'out' || s.key === 'data'), 'paths are the server\'s to choose');
});

test('--split allows an evaluation-only dataset and says what it needs', () => {
  assert.deepEqual(parseSplit('0/0/100'), { train: 0, validation: 0, test: 1 });
  const splits = assignSplits(['a', 'b', 'c', 'd'], parseSplit('0/0/100'), 1);
  assert.deepEqual([...splits.values()], ['test', 'test', 'test', 'test']);
  assert.equal([...assignSplits(['a', 'b', 'c', 'd'], parseSplit('80/10/10'), 1).values()].filter((s) => s === 'train').length, 2);
  assert.throws(() => parseSplit('0/0/0'), /none negative and not all zero/);
  assert.throws(() => parseSplit('80/-10/30'), /none negative/);
  assert.throws(() => parseSplit('80//20'), /expected three numbers/);
});

test('split training progress is whole steps over every sub-model', () => {
  const part = (name: string, epoch: number, step: number) => ({ part: name, epoch, epochs: 40, step, steps: 75, loss: null });
  const totals = trainingTotals([part('drums', 14, 74), part('bass', 13, 0), part('piano', 1, 0), part('other', 1, 0)]);
  assert.deepEqual(totals, { done: 13 * 75 + 74 + 12 * 75, total: 4 * 40 * 75 });
  assert.ok(Number.isInteger(totals.done));
});

test('progress in words: counts a person reads, percent alone for samples', () => {
  assert.equal(progressWords({ phase: 'generating stems', done: 3, total: 10 }), 'generating stems: 3 of 10 (30 %)');
  assert.equal(progressWords({ phase: 'mastering', done: 1_215_000, total: 2_646_000 }), 'mastering: 46 %');
  assert.equal(progressWords({ phase: 'loading solo', done: 0, total: 0 }), 'loading solo: 0 of 0 (0 %)');
});

test('plain progress lines keep their ETA across stop() (the CLI stops the bar to print each epoch)', async () => {
  const { EtaClock, progressDisplay } = await import('./progress-display.js');
  let time = 0;
  const lines: string[] = [];
  const stream = { isTTY: false, write: (line: string) => void lines.push(line) } as unknown as NodeJS.WriteStream;
  const display = progressDisplay('train', stream, new EtaClock(() => time));
  const phase = 'training 4 sub-models, 2 at a time (steps)';
  display.update({ phase, done: 0, total: 1000 });
  time = 60_000;
  display.update({ phase, done: 250, total: 1000 });
  display.stop();
  time = 65_000;
  display.update({ phase, done: 350, total: 1000 });
  assert.match(lines.at(-1)!, /350\/1000 \(35%\) ETA 2 min 01 s/, lines.join(''));
});

test('an option on by default is offered as its negation, and its help says what the negation does', async () => {
  const { Command } = await import('commander');
  const { addOptions } = await import('./options.js');
  const command = addOptions(new Command('remix'), REMIX_OPTIONS);
  const mp3 = command.options.find((o) => o.long === '--no-mp3');
  assert.ok(mp3, '--no-mp3 exists');
  assert.equal(mp3.description, 'do not write remix.mp3 beside the WAV');
});
