/**
 * The model directory's own file, remixer.json: the config plus what training
 * achieved. Models written before the representation became an object (version 1)
 * are read and upgraded.
 */
import { join } from 'node:path';
import { writeJsonAtomic } from '../../io/atomic.js';
import { parseJsonFile, readFolderFile } from '../../io/folder-file.js';
import { fileError } from '../../errors.js';
import { MODEL_CONFIG_VERSION, type ModelConfig } from '../config.js';
import type { ModelSummary } from '../records.js';
import { upgradeLegacyRepresentation, type LegacyRepresentation } from '../representation/legacy.js';
import { MODEL_FORMAT, REMIXER_JSON } from './names.js';

export type { ModelSummary } from '../records.js';

export interface ModelFile extends ModelConfig {
  summary: ModelSummary;
}

type ModelFileV1 = Omit<ModelFile, 'version' | 'representation' | 'normalisation'> & LegacyRepresentation & { version: 1 };

/** Version 1 → 2: the representation's name and settings become one spec (representation/legacy.ts). */
function upgrade(file: ModelFileV1 | ModelFile): ModelFile {
  if (file.version !== 1) return file;
  const { spectral, normalisation, representation, ...rest } = file;
  return { ...rest, version: MODEL_CONFIG_VERSION, ...upgradeLegacyRepresentation({ spectral, normalisation, representation }) };
}

export async function readModelFile(dir: string): Promise<ModelFile> {
  const { path, text } = await readFolderFile(dir, REMIXER_JSON, 'model');
  const file = parseJsonFile<ModelFileV1 | ModelFile>(path, text, 'model description');
  if (file === null || file.format !== MODEL_FORMAT || !Array.isArray(file.parts)) throw fileError(path, 'not a remixer-model description');
  const version = file.version as number;
  if (version !== 1 && version !== MODEL_CONFIG_VERSION) throw fileError(path, `model format version ${String(version)} is newer than this Remixer reads (${MODEL_CONFIG_VERSION})`);
  return upgrade(file);
}

export async function writeModelFile(dir: string, file: ModelFile): Promise<void> {
  await writeJsonAtomic(join(dir, REMIXER_JSON), file);
}
