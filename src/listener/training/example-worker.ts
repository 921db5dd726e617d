/** Worker-thread entry: the training examples of a share of a dataset's songs (features are the slow part). */
import { parentPort, workerData } from 'node:worker_threads';
import { openDataset } from '../../dataset/loader.js';
import { workerReporter } from '../../workers/protocol.js';
import { songExamples, type SongExamples } from './examples.js';

const { songs } = workerData as { songs: { data: string; id: string }[] };
const report = workerReporter<SongExamples[]>(parentPort!);

async function run(): Promise<SongExamples[]> {
  const datasets = new Map<string, Awaited<ReturnType<typeof openDataset>>>();
  const out: SongExamples[] = [];
  for (const { data, id } of songs) {
    if (!datasets.has(data)) datasets.set(data, await openDataset(data));
    const dataset = datasets.get(data)!;
    out.push(await songExamples(dataset, dataset.song(id)));
    report.progress({ phase: 'listening examples', done: out.length, total: songs.length });
  }
  return out;
}

void report.settle(run());
