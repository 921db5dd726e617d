#!/usr/bin/env node
// Runs every *.test.ts under src/ with node's test runner (Node 20 takes no globs), four
// files at a time on two cores: the browser, server and CLI tests wait on jobs, child
// processes and recordings, and the other files use the cores meanwhile (measured with 228
// tests: 4 min 56 s and 5 min 01 s at four against 6 min 16 s at three; at two, earlier,
// 5 min 12 s against 4 min 46 s at three).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}
// The quick tier (npm run test:quick): the unit tests, without the ones that train models, start
// servers, browsers or Redis, or run the CLI end to end (each of those takes 6 s or more alone).
const SLOW = [
  'analysis/analysis.test', 'analysis/analyze-cli', 'cli/foundation', 'cli/nothing-lost', 'cli/supervise', 'dataset/import/human-import',
  'dataset/import/import.test', 'dataset/import/midi-import', 'dataset/mma/', 'dataset/synth/generate', 'demo/', 'eval/analysis-eval',
  'eval/evaluate', 'eval/fit-remix', 'eval/fit.test', 'io/out-folder', 'listener/train-listener', 'model/training/resume', 'model/training/train.test',
  'practice/practice.test', 'queue/', 'remix/', 'server/browser', 'server/records', 'server/server.test',
];
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const filter = args.filter((a) => a !== '--quick');
const files = find('src').sort().filter((f) => (filter.length === 0 || filter.some((p) => f.includes(p))) && !(quick && SLOW.some((p) => f.includes(p))));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=4', ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
