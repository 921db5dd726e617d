#!/usr/bin/env node
// Typechecks the library and tests, and the web page, side by side (two cores, one wait).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const run = (project) =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', project], { stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
const codes = await Promise.all(['tsconfig.test.json', 'src/web/tsconfig.json'].map(run));
process.exit(codes.some((c) => c !== 0) ? 1 : 0);
