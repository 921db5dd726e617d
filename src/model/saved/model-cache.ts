/**
 * Loaded models kept between jobs by a long-lived thread (the server's pool, a queue
 * worker): a model is loaded again only when its files change (the mtimes of
 * remixer.json and of every part's model.json, which names the best weights). A few are
 * kept; the least recently used one is disposed.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { RemixModel } from './remix-model.js';
import { readModelFile } from './model-dir.js';
import { MODEL_JSON, REMIXER_JSON } from './names.js';

const KEPT_MODELS = 3;

interface Kept {
  stamp: string;
  model: Promise<RemixModel>;
}

const kept = new Map<string, Kept>();

async function stampOf(dir: string): Promise<string> {
  const file = await readModelFile(dir);
  const paths = [join(dir, REMIXER_JSON), ...file.parts.map((part) => join(dir, part.dir, MODEL_JSON))];
  const times = await Promise.all(paths.map((path) => fs.stat(path).then((s) => s.mtimeMs, () => -1)));
  return times.join(',');
}

/** The model at `dir`, loaded once while its files stay the same. The caller must not dispose it. */
export async function cachedRemixModel(dir: string): Promise<RemixModel> {
  const stamp = await stampOf(dir);
  const entry = kept.get(dir);
  if (entry && entry.stamp === stamp) {
    kept.delete(dir);
    kept.set(dir, entry);
    return entry.model;
  }
  if (entry) {
    kept.delete(dir);
    void entry.model.then((m) => m.dispose(), () => undefined);
  }
  const model = RemixModel.load(dir);
  kept.set(dir, { stamp, model });
  model.catch(() => kept.get(dir)?.model === model && kept.delete(dir));
  while (kept.size > KEPT_MODELS) {
    const [oldest, old] = kept.entries().next().value as [string, Kept];
    kept.delete(oldest);
    void old.model.then((m) => m.dispose(), () => undefined);
  }
  return model;
}
