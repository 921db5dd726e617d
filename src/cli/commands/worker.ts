import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { WORKER_OPTIONS, WORKER_DEFAULTS } from '../../queue/options.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';

export function registerWorker(program: Command): void {
  const command = program.command('worker').description('take remix, training, evaluation and corpus jobs from a BullMQ queue on Redis (run on any number of machines)');
  addOptions(command, WORKER_OPTIONS).action(
    action(async (parsed: Record<string, unknown>) => {
      const opts = { ...WORKER_DEFAULTS, ...optionValues(WORKER_OPTIONS, parsed) } as { queue: string; work: string; concurrency: number; lockSeconds: number };
      const { startQueueWorker } = await import('../../queue/queue-worker.js');
      const { existingFolder } = await import('../../io/folders.js');
      await existingFolder(opts.work, '--work');
      const concurrency = opts.concurrency || availableParallelism();
      const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);
      const worker = await startQueueWorker({ ...opts, concurrency, log });
      log(`worker ${process.pid} takes jobs from ${opts.queue} (${concurrency} at once; work folder ${opts.work}); Ctrl-C stops it after its jobs, twice stops it now`);
      let stopping = false;
      const stop = () => {
        // A second Ctrl-C (or a worker whose Redis is gone, which BullMQ cannot close) stops now; its jobs go to another worker.
        if (stopping) process.exit(130);
        stopping = true;
        log('stopping after the jobs under way (Ctrl-C again to stop now)');
        void worker.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      await new Promise(() => {});
    }),
  );
}
