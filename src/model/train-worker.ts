/** Worker-thread entry: trains one split sub-model and reports back over the port. */
import { parentPort, workerData } from 'node:worker_threads';
import { trainPart, type PartJob } from './part-trainer.js';

const port = parentPort!;
trainPart(
  workerData as PartJob,
  (progress) => port.postMessage({ type: 'progress', progress }),
  (record) => port.postMessage({ type: 'epoch', record }),
).then(
  (result) => port.postMessage({ type: 'done', result }),
  (error: Error) => port.postMessage({ type: 'error', message: error.message, isUserError: error.name === 'RemixerError' }),
);
