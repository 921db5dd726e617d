/**
 * A Doom WAD file read as a collection of MIDI songs (Freedoom keeps its music this way).
 *
 * Layout (little-endian): a 12-byte header — "IWAD" or "PWAD", the number of lumps
 * (int32), the directory's offset (int32) — and a directory of 16-byte entries: the
 * lump's offset (int32), size (int32) and 8-byte name (ASCII, NUL-padded). Music lumps
 * are named D_*; a Standard MIDI File starts with "MThd" (Doom's own MUS format, "MUS\x1a",
 * is not read).
 */
import { fileError } from '../../errors.js';

export const WAD_EXTENSION = '.wad';
const HEADER_BYTES = 12;
const ENTRY_BYTES = 16;
const MUSIC_PREFIX = 'D_';

export interface WadLump {
  name: string;
  offset: number;
  size: number;
}

/** The directory of a WAD held in `bytes`; `file` names it in errors. */
export function wadDirectory(bytes: Uint8Array, file: string): WadLump[] {
  if (bytes.length < HEADER_BYTES) throw fileError(file, `truncated WAD (${bytes.length} bytes, shorter than its 12-byte header)`);
  const ident = String.fromCharCode(...bytes.subarray(0, 4));
  if (ident !== 'IWAD' && ident !== 'PWAD') throw fileError(file, `not a WAD file (it starts with ${JSON.stringify(ident)}, not "IWAD" or "PWAD")`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getInt32(4, true);
  const at = view.getInt32(8, true);
  if (count < 0 || at < HEADER_BYTES || at + count * ENTRY_BYTES > bytes.length) {
    throw fileError(file, `truncated WAD (its directory of ${count} lumps at byte ${at} runs past the end of the file, ${bytes.length} bytes)`);
  }
  const lumps: WadLump[] = [];
  for (let i = 0; i < count; i++) {
    const entry = at + i * ENTRY_BYTES;
    const offset = view.getInt32(entry, true);
    const size = view.getInt32(entry + 4, true);
    let name = '';
    for (let c = 0; c < 8; c++) {
      const code = bytes[entry + 8 + c]!;
      if (code === 0) break;
      name += String.fromCharCode(code);
    }
    if (size > 0 && (offset < 0 || size < 0 || offset + size > bytes.length)) {
      throw fileError(file, `truncated WAD (lump ${name} at byte ${offset}, ${size} bytes, runs past the end of the file, ${bytes.length} bytes)`);
    }
    lumps.push({ name, offset, size });
  }
  return lumps;
}

/** The music lumps (D_*) of a WAD, in directory order; an error names the file when it has none. */
export function wadMusicLumps(bytes: Uint8Array, file: string): WadLump[] {
  const music = wadDirectory(bytes, file).filter((lump) => lump.name.toUpperCase().startsWith(MUSIC_PREFIX) && lump.size > 0);
  if (music.length === 0) throw fileError(file, 'a WAD without music (no D_* lumps)');
  return music;
}

/** A lump's bytes as a MIDI file; a lump in another format is an error naming the file and the lump. */
export function wadMidiLump(bytes: Uint8Array, lump: WadLump, file: string): Uint8Array {
  const data = bytes.subarray(lump.offset, lump.offset + lump.size);
  const magic = String.fromCharCode(...data.subarray(0, 4));
  if (magic !== 'MThd') {
    const what = magic === 'MUS\x1a' ? "Doom's MUS format" : `it starts with ${JSON.stringify(magic)}`;
    throw fileError(`${file}:${lump.name}`, `the lump is not a MIDI file (${what}, not "MThd")`);
  }
  return data;
}
