/** Worker-thread entry for the server's long tasks, so the HTTP server stays responsive. */
import { parentPort, workerData } from 'node:worker_threads';
import { remix, type RemixOptions } from '../remix/remix.js';
import { trainModel, type TrainOptions } from '../model/train.js';
import { evaluate, type EvalOptions } from '../eval/evaluate.js';

export type TaskRequest =
  | { kind: 'remix'; options: Omit<RemixOptions, 'onProgress' | 'model'> & { model: string } }
  | { kind: 'train'; options: Omit<TrainOptions, 'onProgress' | 'onEpoch'> }
  | { kind: 'eval'; options: Omit<EvalOptions, 'onProgress'> };

const port = parentPort!;
const request = workerData as TaskRequest;
const onProgress = (progress: unknown) => port.postMessage({ type: 'progress', progress });

async function run(): Promise<unknown> {
  switch (request.kind) {
    case 'remix':
      return remix({ ...request.options, onProgress });
    case 'train': {
      const result = await trainModel({ ...request.options, onProgress, onEpoch: (part, record) => port.postMessage({ type: 'epoch', part, record }) });
      return { modelDir: result.modelDir, parts: result.parts.map(({ history: _h, ...rest }) => rest) };
    }
    case 'eval': {
      const report = await evaluate({ ...request.options, onProgress });
      return { systems: report.systems, seconds: report.seconds };
    }
  }
}

run().then(
  (result) => port.postMessage({ type: 'done', result }),
  (error: Error) => port.postMessage({ type: 'error', message: error.message.split('\n')[0], userError: error.name === 'RemixerError' }),
);
