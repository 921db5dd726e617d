import type { Command } from 'commander';
import { startServer } from '../../server/server.js';
import { action, numberOption } from '../run-action.js';

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('start the web app: remix, mix, train and compare from a browser')
    .option('--port <n>', 'port', numberOption('--port', { integer: true, min: 0, max: 65535 }), 8080)
    .option('--host <address>', 'address to bind (default: loopback only)', '127.0.0.1')
    .option('--models <dir>', 'folder of model directories', 'models')
    .option('--data <dir>', 'folder of datasets', 'data')
    .option('--work <dir>', 'folder for uploads, job outputs and the training job record', '.remixer-server')
    .option('--max-upload-mb <n>', 'upload size limit in MB', numberOption('--max-upload-mb', { min: 1, max: 2048 }), 50)
    .action(
      action(async (opts: { port: number; host: string; models: string; data: string; work: string; maxUploadMb: number }) => {
        const server = await startServer({ port: opts.port, host: opts.host, modelsDir: opts.models, dataDir: opts.data, workDir: opts.work, maxUploadBytes: opts.maxUploadMb * 2 ** 20 });
        process.stdout.write(`Remixer is serving ${server.url}/ (models: ${opts.models}, datasets: ${opts.data}); Ctrl-C stops it.\n`);
        const stop = () => void server.close().then(() => process.exit(0));
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
        await new Promise(() => {});
      }),
    );
}
