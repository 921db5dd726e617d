/** Worker-thread entry: evaluates a share of the songs and reports back over the worker protocol. */
import { parentPort, workerData } from 'node:worker_threads';
import { workerReporter } from '../workers/protocol.js';
import { runSongs, type SongTask, type TaskResult } from './run-songs.js';

const report = workerReporter<TaskResult>(parentPort!);
void report.settle(runSongs(workerData as SongTask, report.progress));
