/** The model directory's own file, remixer.json: the config plus what training achieved. */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../io/atomic.js';
import { fileError } from '../errors.js';
import type { ModelConfig } from './config.js';
import type { PartResult } from './part-trainer.js';

export const REMIXER_JSON = 'remixer.json';

export interface ModelSummary {
  status: 'training' | 'trained';
  parts: Omit<PartResult, 'history'>[];
}

export interface ModelFile extends ModelConfig {
  summary: ModelSummary;
}

export async function readModelFile(dir: string): Promise<ModelFile> {
  const path = join(dir, REMIXER_JSON);
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError(path, `cannot read (${(error as Error).message})`);
    const isDir = await fs.stat(dir).then((s) => s.isDirectory(), () => false);
    throw isDir ? fileError(dir, `not a Remixer model directory (no ${REMIXER_JSON})`) : fileError(dir, 'model directory not found');
  }
  let file: ModelFile;
  try {
    file = JSON.parse(text) as ModelFile;
  } catch (error) {
    throw fileError(path, `corrupt model description (${(error as Error).message})`);
  }
  if (file.format !== 'remixer-model' || !Array.isArray(file.parts)) throw fileError(path, 'not a remixer-model description');
  return file;
}

export async function writeModelFile(dir: string, file: ModelFile): Promise<void> {
  await writeJsonAtomic(join(dir, REMIXER_JSON), file);
}
