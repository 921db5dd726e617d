/** Worker-thread entry for the server's long tasks, so the HTTP server stays responsive. */
import { parentPort, workerData } from 'node:worker_threads';
import { remix, type RemixOptions } from '../remix/remix.js';
import { trainModel, type TrainOptions } from '../model/training/train.js';
import { evaluate, type EvalOptions } from '../eval/evaluate.js';
import { workerReporter } from '../workers/protocol.js';

export type TaskRequest =
  | { kind: 'remix'; options: Omit<RemixOptions, 'onProgress' | 'model'> & { model: string } }
  | { kind: 'train'; options: Omit<TrainOptions, 'onProgress' | 'onEpoch'> }
  | { kind: 'eval'; options: Omit<EvalOptions, 'onProgress'> };

const request = workerData as TaskRequest;
const report = workerReporter<unknown>(parentPort!);

async function run(): Promise<unknown> {
  switch (request.kind) {
    case 'remix':
      return remix({ ...request.options, onProgress: report.progress });
    case 'train': {
      const result = await trainModel({ ...request.options, onProgress: report.progress, onEpoch: report.epoch });
      return { modelDir: result.modelDir, parts: result.parts.map(({ history: _h, ...rest }) => rest) };
    }
    case 'eval': {
      const evaluation = await evaluate({ ...request.options, onProgress: report.progress });
      return { systems: evaluation.systems, seconds: evaluation.seconds };
    }
  }
}

void report.settle(run());
