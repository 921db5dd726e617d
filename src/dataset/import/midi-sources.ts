/**
 * Where the MIDI songs of an import are: folders of `.mid` files (walked, hidden entries
 * skipped), single `.mid` files, and Doom WAD files (their music lumps, wad.ts), read
 * where they are installed. Each song has a name (its path inside its source, or the
 * WAD's name and the lump's; prefixed by the source's name when there are several
 * sources, or the source is a WAD) and a label naming it in messages (the file, or
 * `file.wad:D_LUMP`). A source that cannot be read at all (missing, a truncated WAD, a
 * WAD without music) stops the import before anything is written; a song that cannot be
 * read is the song's own error, skipped with --skip-bad.
 */
import { promises as fs } from 'node:fs';
import { basename, extname, join, relative } from 'node:path';
import { fileError } from '../../errors.js';
import { WAD_EXTENSION, wadMidiLump, wadMusicLumps } from './wad.js';

export const MIDI_EXTENSIONS = ['.mid', '.midi'];

export interface MidiSongSource {
  /** Names the song (its id is made from it). */
  name: string;
  /** Names it in messages: the file, or file.wad:D_LUMP. */
  label: string;
  /** How the manifest lists it when it is skipped: relative to its source. */
  listed: string;
  /** The file it comes from (the sidecar of a .mid is looked for beside it). */
  file: string;
  /** Its bytes, a Standard MIDI File; a lump in another format throws, naming it. */
  read(): Promise<Uint8Array>;
}

async function walkMidi(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (MIDI_EXTENSIONS.includes(extname(entry.name).toLowerCase())) found.push(path);
    }
  };
  await walk(root);
  return found;
}

const stem = (path: string) => basename(path).replace(/\.[^.]*$/, '');

/** The songs of every source, in order; one line naming a source that holds none. */
export async function listMidiSongs(sources: readonly string[], names: readonly string[] = []): Promise<MidiSongSource[]> {
  const songs: MidiSongSource[] = [];
  const prefixed = sources.length > 1;
  for (const [s, source] of sources.entries()) {
    const called = names[s] ?? (extname(source) ? stem(source) : basename(source));
    const stat = await fs.stat(source).catch(() => null);
    if (!stat) throw fileError(source, 'source not found', undefined, 'not-found');
    if (stat.isDirectory()) {
      const files = await walkMidi(source);
      if (files.length === 0) throw fileError(source, `no MIDI files found (looked for ${MIDI_EXTENSIONS.join(', ')})`);
      for (const file of files) {
        const inside = relative(source, file).replace(/\.(mid|midi)$/i, '');
        songs.push({ name: prefixed ? `${called}/${inside}` : inside, label: file, listed: relative(source, file), file, read: async () => new Uint8Array(await fs.readFile(file)) });
      }
    } else if (extname(source).toLowerCase() === WAD_EXTENSION) {
      const bytes = new Uint8Array(await fs.readFile(source));
      for (const lump of wadMusicLumps(bytes, source)) {
        songs.push({ name: `${called}/${lump.name}`, label: `${source}:${lump.name}`, listed: `${basename(source)}:${lump.name}`, file: source, read: async () => wadMidiLump(bytes, lump, source) });
      }
    } else if (MIDI_EXTENSIONS.includes(extname(source).toLowerCase())) {
      songs.push({ name: prefixed ? `${called}/${stem(source)}` : stem(source), label: source, listed: basename(source), file: source, read: async () => new Uint8Array(await fs.readFile(source)) });
    } else {
      throw fileError(source, `not a folder of MIDI files, a MIDI file or a WAD file (${[...MIDI_EXTENSIONS, WAD_EXTENSION].join(', ')})`);
    }
  }
  return songs;
}
