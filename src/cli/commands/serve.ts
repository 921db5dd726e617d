import type { Command } from 'commander';
import { SERVE_OPTIONS, SERVE_DEFAULTS } from '../../server/options.js';
import { addOptions, optionValues } from '../options.js';
import { action } from '../run-action.js';

export function registerServe(program: Command): void {
  const command = program.command('serve').description('start the web app: remix, mix, train and compare from a browser');
  addOptions(command, SERVE_OPTIONS).action(
    action(async (parsed: Record<string, unknown>) => {
      const opts = { ...SERVE_DEFAULTS, ...optionValues(SERVE_OPTIONS, parsed) } as { -readonly [K in keyof typeof SERVE_DEFAULTS]: (typeof SERVE_DEFAULTS)[K] extends number ? number : string };
      const { startServer } = await import('../../server/server.js');
      // A folder named on the command line must be there; the defaults are made when missing.
      const { existingFolder } = await import('../../io/folders.js');
      for (const [key, flag] of [['modelsDir', '--models'], ['dataDir', '--data']] as const) if (opts[key] !== SERVE_DEFAULTS[key]) await existingFolder(opts[key], flag);
      const server = await startServer({ port: opts.port, host: opts.host, modelsDir: opts.modelsDir, dataDir: opts.dataDir, workDir: opts.workDir, maxUploadBytes: opts.maxUploadMb * 2 ** 20, workers: opts.workers, maxQueue: opts.maxQueue, ...(opts.queue ? { queue: opts.queue } : {}) });
      process.stdout.write(`Remixer is serving ${server.url}/ (models: ${opts.modelsDir}, datasets: ${opts.dataDir}; jobs ${opts.queue ? `go to the queue at ${opts.queue}` : 'run here'}); Ctrl-C stops it.\n`);
      let stopping = false;
      const stop = () => {
        if (stopping) process.exit(130); // a second Ctrl-C stops now
        stopping = true;
        void server.close().then(() => process.exit(0));
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
      await new Promise(() => {});
    }),
  );
}
