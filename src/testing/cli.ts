/** Runs the CLI from source in a child process, as a user would run `remixer`. */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SUPERVISED_ENV } from '../cli/supervise.js';

const MAIN = fileURLToPath(new URL('../cli/main.ts', import.meta.url));
/** tsx by its address, so that the CLI starts from any working folder. */
const TSX = import.meta.resolve('tsx');

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], options: { env?: Record<string, string>; timeoutMs?: number; cwd?: string; supervised?: boolean } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', TSX, MAIN, ...args], {
      // The command runs in this child itself unless the supervisor is under test (cli/supervise.ts): half the start-up.
      env: { ...process.env, ...(options.supervised ? {} : { [SUPERVISED_ENV]: '1' }), ...options.env },
      ...(options.cwd ? { cwd: options.cwd } : {}),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Asserts-friendly check that stderr is exactly one "remixer: ..." line. */
export function singleErrorLine(result: CliResult): string | null {
  const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
  return lines.length === 1 && lines[0]!.startsWith('remixer: ') ? lines[0]! : null;
}
