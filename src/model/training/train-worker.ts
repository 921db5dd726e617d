/** Worker-thread entry: trains one split sub-model and reports back over the worker protocol. */
import { parentPort, workerData } from 'node:worker_threads';
import { workerReporter } from '../../workers/protocol.js';
import type { PartResult } from '../records.js';
import { trainPart, type PartJob } from './part-trainer.js';

const job = workerData as PartJob;
const report = workerReporter<PartResult>(parentPort!);
void report.settle(trainPart(job, report.progress, (record) => report.epoch(job.part.name, record)));
