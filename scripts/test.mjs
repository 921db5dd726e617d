#!/usr/bin/env node
// Runs every *.test.ts under src/ with node's test runner, two files at a time, the longest
// first so that the two workers finish together (node --test sorts files by name, which put
// the two browser files, a third of the suite, at the very end). Arguments filter the files.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from 'node:test';
import { tap } from 'node:test/reporters';

// The test files are TypeScript: run again under tsx, which the runner's children inherit.
if (!process.execArgv.includes('tsx')) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

/** The slowest files (measured), slowest first; the rest follow by name. */
const LONGEST_FIRST = [
  'src/server/browser.test.ts',
  'src/server/browser-record-train.test.ts',
  'src/remix/remix.test.ts',
  'src/remix/score-remix.test.ts',
  'src/model/training/train.test.ts',
  'src/server/server.test.ts',
  'src/eval/evaluate.test.ts',
  'src/analysis/analyze-cli.test.ts',
  'src/remix/generate.test.ts',
  'src/cli/foundation.test.ts',
];
const rank = (file) => (LONGEST_FIRST.includes(file) ? LONGEST_FIRST.indexOf(file) : LONGEST_FIRST.length);

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}
const filter = process.argv.slice(2);
const files = find('src')
  .sort()
  .sort((a, b) => rank(a) - rank(b))
  .filter((f) => filter.length === 0 || filter.some((p) => f.includes(p)));
const stream = run({ files, concurrency: 2 });
stream.on('test:fail', () => (process.exitCode = 1));
stream.compose(tap).pipe(process.stdout);
