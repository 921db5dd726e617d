/**
 * The model directory's own file, remixer.json: the config plus what training
 * achieved. Models written before the representation became an object (version 1)
 * are read and upgraded.
 */
import { isAbsolute, join } from 'node:path';
import { writeJsonAtomic } from '../../io/atomic.js';
import { parseJsonFile, readFolderFile } from '../../io/folder-file.js';
import { fileError } from '../../errors.js';
import { ARCHITECTURES, MODEL_CONFIG_VERSION, type ModelConfig } from '../config.js';
import { isStem, STEMS } from '../../config.js';
import { REPRESENTATION_TYPES } from '../representation/spec.js';
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
  const upgraded = upgrade(file);
  checkModelFields(upgraded, path);
  return upgraded;
}

const shown = (value: unknown) => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
};
const isStemList = (value: unknown) => Array.isArray(value) && value.length > 0 && value.every((s) => isStem(s));

/**
 * The fields a model is loaded and played by, checked before anything trusts them: a
 * hand-edited or damaged remixer.json is one line naming the field and what it should be.
 */
function checkModelFields(file: ModelFile, path: string): void {
  const bad = (field: string, what: string, value: unknown) => fileError(path, `${field} must be ${what} (got ${shown(value)})`);
  if (!(ARCHITECTURES as readonly unknown[]).includes(file.architecture)) throw bad('architecture', `one of ${ARCHITECTURES.join(', ')}`, file.architecture);
  const representation = file.representation as { type?: unknown; styles?: unknown } | undefined;
  if (!representation || typeof representation !== 'object' || !(REPRESENTATION_TYPES as readonly unknown[]).includes(representation.type)) throw bad('representation.type', `one of ${REPRESENTATION_TYPES.join(', ')}`, representation?.type);
  if (representation.styles !== undefined && !(Array.isArray(representation.styles) && representation.styles.every((s) => typeof s === 'string' && s.length > 0))) throw bad('representation.styles', 'a list of style names', representation.styles);
  if (!Number.isInteger(file.sampleRate) || file.sampleRate < 8000 || file.sampleRate > 192000) throw bad('sampleRate', 'a whole number of Hz from 8000 to 192000', file.sampleRate);
  if (!(typeof file.windowSeconds === 'number' && file.windowSeconds > 0 && file.windowSeconds <= 600)) throw bad('windowSeconds', 'a number of seconds above 0', file.windowSeconds);
  if (!(Number.isInteger(file.timesteps) && file.timesteps >= 2)) throw bad('timesteps', 'a whole number of 2 or more', file.timesteps);
  if (!isStem(file.sourceStem)) throw bad('sourceStem', `one of ${STEMS.join(', ')}`, file.sourceStem);
  if (!isStemList(file.stems)) throw bad('stems', `a list of stems (${STEMS.join(', ')})`, file.stems);
  if (!file.normalisation || typeof file.normalisation !== 'object') throw bad('normalisation', 'the normalisation object training wrote', file.normalisation);
  const network = file.network as { featureUnits?: unknown; lstmUnits?: unknown } | undefined;
  for (const key of ['featureUnits', 'lstmUnits'] as const) if (!(Number.isInteger(network?.[key]) && (network![key] as number) >= 1)) throw bad(`network.${key}`, 'a whole number of 1 or more', network?.[key]);
  if (!Array.isArray(file.parts) || file.parts.length === 0) throw bad('parts', 'a list of the sub-models', file.parts);
  file.parts.forEach((part, i) => {
    if (!part || typeof part.name !== 'string' || typeof part.dir !== 'string' || part.dir.includes('..') || isAbsolute(part.dir)) throw bad(`parts[${i}]`, 'a sub-model { name, dir inside the model folder, stems }', part);
    if (!isStemList(part.stems)) throw bad(`parts[${i}].stems`, 'a list of stems', part.stems);
  });
}

export async function writeModelFile(dir: string, file: ModelFile): Promise<void> {
  await writeJsonAtomic(join(dir, REMIXER_JSON), file);
}
