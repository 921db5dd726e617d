/**
 * Finding songs in real stem datasets. Each layout turns a source directory into
 * a list of songs, each saying which files make up its mix and each stem.
 *
 * - musdb:  MUSDB18-HQ folders (mixture.wav, drums.wav, bass.wav, other.wav,
 *           vocals.wav); vocals join "other"; there is no piano stem.
 * - slakh:  Slakh2100 tracks (mix.flac, stems/Sxx.flac, metadata.yaml whose
 *           inst_class says Drums, Bass or Piano; every other class joins "other").
 * - folder: one folder per song holding files named by stem (drums, bass,
 *           piano, other, and optionally mix or mixture) in any supported format.
 */
import { promises as fs } from 'node:fs';
import { join, relative, extname, basename } from 'node:path';
import YAML from 'yaml';
import { STEMS, type Stem } from '../../config.js';
import { fileError, RemixerError, oneLine } from '../../errors.js';
import { AUDIO_EXTENSIONS } from '../../io/decode.js';

/** Audio layouts (this module) and General MIDI files (midi-import.ts). */
export type AudioLayout = 'musdb' | 'slakh' | 'folder';
export type ImportLayout = AudioLayout | 'midi';
export const IMPORT_LAYOUTS: readonly ImportLayout[] = ['musdb', 'slakh', 'folder', 'midi'];

export interface SourceSong {
  /** Name to derive the song id from (folder path relative to the source). */
  name: string;
  /** Files to sum for the mix; empty means "sum of the stems". */
  mix: string[];
  /** Files to sum for each stem; an empty list means the stem is missing. */
  stems: Record<Stem, string[]>;
}

const emptyStems = (): Record<Stem, string[]> => ({ drums: [], bass: [], piano: [], other: [] });

async function isFile(path: string): Promise<boolean> {
  return fs.stat(path).then((s) => s.isFile(), () => false);
}

/** Directories under `root` (itself included, depth-first, sorted) that satisfy `test`. */
async function findDirs(root: string, test: (dir: string, files: string[]) => boolean, maxDepth = 3): Promise<string[]> {
  const found: string[] = [];
  async function walk(dir: string, depth: number): Promise<void> {
    let entries;
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (error) {
      throw fileError(dir, `cannot read directory (${oneLine(error)})`);
    }
    const files = entries.filter((e) => e.isFile()).map((e) => e.name);
    if (test(dir, files)) {
      found.push(dir);
      return;
    }
    if (depth >= maxDepth) return;
    const dirs = entries.filter((e) => e.isDirectory() && !e.name.startsWith('.')).map((e) => e.name).sort();
    for (const name of dirs) await walk(join(dir, name), depth + 1);
  }
  await walk(root, 0);
  return found;
}

async function findMusdb(root: string): Promise<SourceSong[]> {
  const dirs = await findDirs(root, (_, files) => files.includes('mixture.wav'));
  return Promise.all(
    dirs.map(async (dir) => {
      const stems = emptyStems();
      for (const [stem, files] of [['drums', ['drums.wav']], ['bass', ['bass.wav']], ['other', ['other.wav', 'vocals.wav']]] as const) {
        for (const file of files) if (await isFile(join(dir, file))) stems[stem].push(join(dir, file));
      }
      return { name: relative(root, dir) || basename(dir), mix: [join(dir, 'mixture.wav')], stems };
    }),
  );
}

const SLAKH_CLASSES: Record<string, Stem> = { drums: 'drums', bass: 'bass', piano: 'piano' };

async function findSlakh(root: string): Promise<SourceSong[]> {
  const dirs = await findDirs(root, (_, files) => files.includes('metadata.yaml'));
  const songs: SourceSong[] = [];
  for (const dir of dirs) {
    const metadataPath = join(dir, 'metadata.yaml');
    let metadata: { stems?: Record<string, { inst_class?: string; audio_rendered?: boolean }> };
    try {
      metadata = YAML.parse(await fs.readFile(metadataPath, 'utf8')) as typeof metadata;
    } catch (error) {
      throw fileError(metadataPath, `corrupt metadata.yaml (${oneLine(error)})`);
    }
    if (!metadata || typeof metadata.stems !== 'object' || metadata.stems === null) throw fileError(metadataPath, 'has no "stems" section');
    const stems = emptyStems();
    for (const [key, info] of Object.entries(metadata.stems).sort(([a], [b]) => a.localeCompare(b))) {
      if (info?.audio_rendered === false) continue;
      const file = await firstExisting(join(dir, 'stems'), key);
      if (!file) continue;
      const stem = SLAKH_CLASSES[String(info?.inst_class ?? '').toLowerCase()] ?? 'other';
      stems[stem].push(file);
    }
    const mix = await firstExisting(dir, 'mix');
    songs.push({ name: relative(root, dir) || basename(dir), mix: mix ? [mix] : [], stems });
  }
  return songs;
}

/** `dir/name.<ext>` for the first supported extension that exists. */
async function firstExisting(dir: string, name: string): Promise<string | null> {
  for (const ext of AUDIO_EXTENSIONS) if (await isFile(join(dir, name + ext))) return join(dir, name + ext);
  return null;
}

async function findFolders(root: string): Promise<SourceSong[]> {
  const isSongDir = (_: string, files: string[]) =>
    files.some((f) => AUDIO_EXTENSIONS.includes(extname(f).toLowerCase()) && (STEMS as readonly string[]).includes(basename(f, extname(f)).toLowerCase()));
  const dirs = await findDirs(root, isSongDir, 2);
  return Promise.all(
    dirs.map(async (dir) => {
      const stems = emptyStems();
      for (const stem of STEMS) {
        const file = await firstExisting(dir, stem);
        if (file) stems[stem].push(file);
      }
      const mix = (await firstExisting(dir, 'mix')) ?? (await firstExisting(dir, 'mixture'));
      return { name: relative(root, dir) || basename(dir), mix: mix ? [mix] : [], stems };
    }),
  );
}

/** The songs of `root` in `layout`, sorted by name; errors if there are none. */
export async function findSourceSongs(root: string, layout: AudioLayout): Promise<SourceSong[]> {
  const stat = await fs.stat(root).catch(() => null);
  if (!stat) throw fileError(root, 'source directory not found');
  if (!stat.isDirectory()) throw fileError(root, 'is not a directory');
  const finder = { musdb: findMusdb, slakh: findSlakh, folder: findFolders }[layout];
  if (!finder) throw new RemixerError(`unknown layout "${layout}" (expected ${IMPORT_LAYOUTS.join(', ')})`);
  const songs = (await finder(root)).sort((a, b) => a.name.localeCompare(b.name));
  if (songs.length === 0) {
    const hint = { musdb: 'folders with mixture.wav', slakh: 'track folders with metadata.yaml', folder: 'folders with drums/bass/piano/other audio files' }[layout];
    throw fileError(root, `no songs found for layout ${layout} (looked for ${hint})`);
  }
  return songs;
}
