/** `remixer worker`'s options, written once for the CLI and the library's defaults. */
import type { OptionTable } from '../options.js';

export const WORKER_DEFAULTS = { concurrency: 0, lockSeconds: 30 } as const;

export const WORKER_OPTIONS: OptionTable<'queue' | 'work' | 'concurrency' | 'lockSeconds'> = [
  { key: 'queue', flag: '--queue', type: 'string', required: true, placeholder: 'redis://host:port', help: 'the Redis the server or `dataset` command sends jobs to' },
  { key: 'work', flag: '--work', type: 'string', required: true, placeholder: 'dir', help: "this machine's path of the shared work folder (the server's or dataset command's --work)" },
  { key: 'concurrency', flag: '--concurrency', type: 'integer', min: 0, max: 256, default: WORKER_DEFAULTS.concurrency, placeholder: 'n', help: 'jobs run at once, each in a thread that stays loaded (0: one per core)' },
  { key: 'lockSeconds', flag: '--lock-seconds', type: 'number', min: 1, max: 3600, default: WORKER_DEFAULTS.lockSeconds, placeholder: 's', help: "a job's lock: if this worker dies, another takes its job after about this long" },
];
