/**
 * Stopping works whatever a command is doing: the command runs in a child process that
 * this one watches. Ctrl-C or a polite kill reaches the child (a terminal sends Ctrl-C to
 * both; a kill aimed at this process is passed on); the child ends itself, removing its
 * temporary files, as soon as its thread is free. One that is busy in a long computation
 * past STOP_GRACE_MS is killed outright, and its temporary files are removed here (the
 * run registry of io/scratch.ts names them). The exit code is the child's, or 130/143.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { runsDir, sweepDeadRuns, SCRATCH_PREFIX } from '../io/scratch.js';

/** How long a stopped command may take to end itself. */
export const STOP_GRACE_MS = 800;
/** Set in the child: it runs the command itself. */
export const SUPERVISED_ENV = 'REMIXER_SUPERVISED';
/** Set in the child: the supervisor's process id, which the child watches (watchSupervisor). */
export const SUPERVISOR_PID_ENV = 'REMIXER_SUPERVISOR_PID';
/** How often a child checks that its supervisor is alive. */
const WATCH_MS = 150;

const SIGNAL_CODES: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

export async function supervise(): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, process.argv[1]!, ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, [SUPERVISED_ENV]: '1', [SUPERVISOR_PID_ENV]: String(process.pid) } });
  let stopped: NodeJS.Signals | null = null;
  for (const signal of Object.keys(SIGNAL_CODES) as NodeJS.Signals[]) {
    process.on(signal, () => {
      if (stopped) return;
      stopped = signal;
      child.kill(signal);
      setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS).unref();
    });
  }
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  // A child killed outright could not remove its temporary files: they go now.
  if (signal) await sweepDeadRuns().catch(() => {});
  if (code !== null) return code;
  return SIGNAL_CODES[stopped ?? signal ?? 'SIGTERM'] ?? 1;
}

/**
 * In a supervised child: a supervisor killed outright (kill -9) cannot stop it, so a thread of
 * its own — free while the command computes — ends the process when the supervisor is gone.
 * Before it does, it removes the temporary folders of every run of this process that the run
 * registry names (io/scratch.ts: `RUNS/<pid>-<token>.json` = { folders, made }), and the
 * folders it made for outputs while they are still empty, so nothing is left behind.
 */
export function watchSupervisor(): void {
  const pid = Number(process.env[SUPERVISOR_PID_ENV]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  const code = `
    const { readdirSync, readFileSync, rmdirSync, rmSync } = require('node:fs');
    const { basename, join } = require('node:path');
    const runs = ${JSON.stringify(runsDir())};
    setInterval(() => {
      if (process.ppid === ${pid}) return;
      try {
        for (const file of readdirSync(runs)) {
          if (!file.startsWith(process.pid + '-')) continue;
          const record = JSON.parse(readFileSync(join(runs, file), 'utf8'));
          for (const folder of record.folders) if (basename(folder).startsWith(${JSON.stringify(SCRATCH_PREFIX)})) rmSync(folder, { recursive: true, force: true });
          for (const dir of (record.made || []).reverse()) try { rmdirSync(dir); } catch {}
          rmSync(join(runs, file), { force: true });
        }
      } catch {}
      process.kill(process.pid, 'SIGKILL');
    }, ${WATCH_MS});`;
  void import('node:worker_threads').then(({ Worker }) => new Worker(code, { eval: true }).unref());
}
