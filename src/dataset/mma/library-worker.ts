/** Worker-thread entry: makes a share of a library corpus's songs, reporting each over the worker protocol. */
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { workerReporter } from '../../workers/protocol.js';
import { makeLibrarySong, type LibrarySongResult, type LibrarySongTask } from './library-song.js';

const { tasks, songsDir } = workerData as { tasks: LibrarySongTask[]; songsDir: string };
const report = workerReporter<LibrarySongResult[]>(parentPort!);

async function run(): Promise<LibrarySongResult[]> {
  const results: LibrarySongResult[] = [];
  for (const task of tasks) {
    results.push(await makeLibrarySong(task, join(songsDir, task.id)));
    report.progress({ phase: 'MMA songs', done: results.length, total: tasks.length });
  }
  return results;
}

void report.settle(run());
