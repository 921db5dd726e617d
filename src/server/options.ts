/** `remixer serve`'s options, written once for the CLI and startServer's defaults. */
import type { OptionTable } from '../options.js';

export const SERVE_DEFAULTS = { port: 8080, host: '127.0.0.1', modelsDir: 'models', dataDir: 'data', workDir: '.remixer-server', maxUploadMb: 50, workers: 0, maxQueue: 20, queue: '' } as const;

export type ServeOptionKey = keyof typeof SERVE_DEFAULTS;

export const SERVE_OPTIONS: OptionTable<ServeOptionKey> = [
  { key: 'port', flag: '--port', type: 'integer', min: 0, max: 65535, default: SERVE_DEFAULTS.port, placeholder: 'n', help: 'port (0: any free port)' },
  { key: 'host', flag: '--host', type: 'string', default: SERVE_DEFAULTS.host, placeholder: 'address', help: 'address to bind (default: loopback only)' },
  { key: 'modelsDir', flag: '--models', type: 'string', default: SERVE_DEFAULTS.modelsDir, placeholder: 'dir', help: 'folder of model directories' },
  { key: 'dataDir', flag: '--data', type: 'string', default: SERVE_DEFAULTS.dataDir, placeholder: 'dir', help: 'folder of datasets' },
  { key: 'workDir', flag: '--work', type: 'string', default: SERVE_DEFAULTS.workDir, placeholder: 'dir', help: 'folder for uploads, job outputs, the remix history and the training job record' },
  { key: 'workers', flag: '--workers', type: 'integer', min: 0, max: 256, default: SERVE_DEFAULTS.workers, placeholder: 'n', help: 'remixes and evaluations run at once, each in a thread that stays loaded (0: one per core)' },
  { key: 'maxQueue', flag: '--max-queue', type: 'integer', min: 0, max: 100000, default: SERVE_DEFAULTS.maxQueue, placeholder: 'n', help: 'jobs that may wait for a worker; past it a request is answered 503 with Retry-After' },
  { key: 'queue', flag: '--queue', type: 'string', default: SERVE_DEFAULTS.queue, placeholder: 'redis://host:port', help: 'send jobs to a BullMQ queue on Redis, taken by `remixer worker` on any machine (default: run them here)' },
  { key: 'maxUploadMb', flag: '--max-upload-mb', type: 'number', min: 1, max: 2048, default: SERVE_DEFAULTS.maxUploadMb, placeholder: 'n', help: 'upload size limit in MB' },
];
