/**
 * A long-lived worker thread of the thread pool: it runs one request at a time, as
 * often as it is given one, and answers over the worker protocol. What a task loads
 * (TensorFlow.js, the SoundFont, the listener, models) stays loaded for the next one.
 */
import { parentPort } from 'node:worker_threads';
import { workerReporter } from '../workers/protocol.js';
import { runTask, type TaskRequest } from './tasks.js';

const port = parentPort!;
const report = workerReporter<unknown>(port);

port.on('message', (request: TaskRequest) => {
  void report.settle(runTask(request, report));
});
