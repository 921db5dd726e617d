/**
 * Starts a worker thread on a sibling module. From the compiled build the module
 * is plain JavaScript; from TypeScript sources (tests, tsx) a one-line bootstrap
 * registers tsx first, since workers do not inherit the tsx loader.
 */
import { Worker } from 'node:worker_threads';

export function startWorker(moduleUrl: string, relative: string, workerData: unknown): Worker {
  const fromSource = moduleUrl.endsWith('.ts');
  const url = new URL(`${relative}${fromSource ? '.ts' : '.js'}`, moduleUrl);
  if (!fromSource) return new Worker(url, { workerData });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
