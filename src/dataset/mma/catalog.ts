/**
 * What MMA's library offers, read from the installed library (never copied): every
 * style file's grooves (its `DefGroove` lines) and meter (`Time`), and for each groove
 * the parts it plays — found by rendering each style file once, every groove for two
 * bars in turn, and reading the MIDI's tracks (MMA names them Drum…, Bass…, Walk…,
 * Chord…, Arpeggio…, Scale…, Plectrum…, Solo…, Aria…). Each style has a family
 * (`styleFamily`): the unit the splits hold out, so that a model is measured on kinds
 * of music it never heard.
 *
 * Built once per installed library (keyed by mma's version and the library's files)
 * and kept in the cache folder (REMIXER_CACHE_DIR, else ~/.cache/remixer).
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { parseMidi } from 'midi-file';
import { RemixerError } from '../../errors.js';
import { writeJsonAtomic } from '../../io/atomic.js';
import { withTempPath } from '../../io/scratch.js';
import type { ProgressCallback } from '../../progress.js';

export const MMA_LIBRARY = '/usr/share/mma/lib';

/** The parts a groove can play, by MMA's track names. */
export const GROOVE_PARTS = ['drums', 'bass', 'chord', 'arpeggio'] as const;
export type GroovePart = (typeof GROOVE_PARTS)[number];

/** A track named after its instrument (some libraries do) gets its part from its General MIDI program. */
export function partOfProgram(program: number): GroovePart {
  if (program >= 32 && program <= 39) return 'bass';
  if (program <= 31 || (program >= 40 && program <= 55) || (program >= 88 && program <= 95)) return 'chord';
  return 'arpeggio';
}

const PART_OF_TRACK: [RegExp, GroovePart][] = [
  [/^drum/i, 'drums'],
  [/^(bass|walk)/i, 'bass'],
  [/^(chord|plectrum)/i, 'chord'],
  [/^(arpeggio|scale|solo|aria|melody)/i, 'arpeggio'],
];

/** Style families, the first rule that matches a style file's name wins; 3/4 grooves are waltzes whatever their name. */
export const STYLE_FAMILIES = ['latin', 'reggae-ska', 'jazz-swing', 'blues-shuffle', 'country-folk', 'funk-soul', 'electronic', 'march-polka', 'ballad', 'waltz', 'rock-pop'] as const;
export type StyleFamily = (typeof STYLE_FAMILIES)[number];

const FAMILY_RULES: [RegExp, StyleFamily][] = [
  [/bossa|samba|rhumba|rumba|mambo|salsa|merengue|chacha|beguine|bolero|tango|calypso|^son$|afro|latin|cubanguitar|quando/, 'latin'],
  [/reggae|ska/, 'reggae-ska'],
  [/swing|jazz|bebop|bigband|basie|dixie|charleston|softshoe|evansish|strut|gypsy|ragtime|showtune|broadway|foxtrot|quickstep|jive|descending|mellow|serenade/, 'jazz-swing'],
  [/blues|shuffle|boogie|boggie/, 'blues-shuffle'],
  [/country|cntry|western|bluegrass|folk|hillcountry|hymn|spiritual|lullaby|zydeco|desert/, 'country-folk'],
  [/funk|soul|rnb|r\+b|^rb|motown|disco|dsoul/, 'funk-soul'],
  [/dance|house|techno|trance|rave|dnb|hiphop|hip-hop|trip|ambient|electric|digital|boneym/, 'electronic'],
  [/march|polka|2beat/, 'march-polka'],
  [/ballad/, 'ballad'],
];

/** Style files that are no music to learn from (a click, silence, count-ins, bare endings). */
const NOT_STYLES = /^(metronome.*|none|count|ending|intro)$/;

/** Families held out as the test split unless told otherwise: three kinds of groove (straight, syncopated, two-feel) the models never hear. */
export const DEFAULT_TEST_FAMILIES: readonly StyleFamily[] = ['country-folk', 'funk-soul', 'march-polka'];

/** Whether a family is in three (only the waltzes are: every 3/4 groove is one, styleFamily). */
export function familyInThree(family: string): boolean {
  return family === 'waltz';
}

export function styleFamily(style: string, beatsPerBar: number): StyleFamily {
  if (beatsPerBar === 3) return 'waltz';
  return familyNamed(basename(style)) ?? 'rock-pop';
}

/**
 * The family a word names, or null: a family's name or a part of it ("swing", "rock"),
 * else the first family whose rule matches it as a style file's name ("bossa", "samba").
 */
export function familyNamed(word: string): StyleFamily | null {
  const name = word.toLowerCase().trim();
  if (name === '') return null;
  const byName = STYLE_FAMILIES.find((family) => family === name || family.split('-').includes(name));
  return byName ?? FAMILY_RULES.find(([rule]) => rule.test(name))?.[1] ?? null;
}

export interface Groove {
  /** MMA's extended groove name, as a chart uses it: `stdlib/bossanova:BossaNovaPlus`. */
  name: string;
  /** The groove's own name (`BossaNovaPlus`). */
  groove: string;
  /** What it is for: the style's main groove, a variation of it, or the start or end of a song. */
  role: 'main' | 'variation' | 'intro' | 'end' | 'fill';
  parts: GroovePart[];
}

export interface MmaStyle {
  /** `stdlib/bossanova` */
  name: string;
  family: StyleFamily;
  beatsPerBar: number;
  grooves: Groove[];
}

export interface MmaCatalog {
  format: 'remixer-mma-catalog';
  version: 1;
  mma: string;
  key: string;
  styles: MmaStyle[];
}

const grooveRole = (groove: string): Groove['role'] => (/intro/i.test(groove) ? 'intro' : /end/i.test(groove) ? 'end' : /fill/i.test(groove) ? 'fill' : /(sus|plus|\d)$/i.test(groove) || /\d/.test(groove) ? 'variation' : 'main');

/** The style files of the library, with their grooves and meter from their text. */
async function readStyleFiles(library: string, only?: readonly string[]): Promise<{ name: string; grooves: string[]; beatsPerBar: number }[]> {
  const out: { name: string; grooves: string[]; beatsPerBar: number }[] = [];
  for (const lib of (await fs.readdir(library, { withFileTypes: true })).filter((e) => e.isDirectory() && !e.name.startsWith('_')).map((e) => e.name).sort()) {
    for (const file of (await fs.readdir(join(library, lib))).filter((f) => f.endsWith('.mma')).sort()) {
      const style = file.slice(0, -4);
      if (NOT_STYLES.test(style.toLowerCase()) || (only && !only.includes(`${lib}/${style}`))) continue;
      const text = await fs.readFile(join(library, lib, file), 'latin1');
      const grooves = [...text.matchAll(/^\s*DefGroove\s+(\S+)/gim)].map((m) => m[1]!);
      const time = /^\s*Time\s+(\d+)/im.exec(text);
      if (grooves.length) out.push({ name: `${lib}/${style}`, grooves: [...new Set(grooves)], beatsPerBar: time ? Number(time[1]) : 4 });
    }
  }
  return out;
}

export function runMma(program: string, chart: string, midi: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['-f', midi, chart], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new RemixerError(`${chart}: mma failed (exit ${code}): ${stderr.trim().split('\n').pop() ?? ''}`))));
  });
}

/** Which parts each groove of a style plays: the style rendered once, two bars of C per groove, its tracks read by bar. */
async function probeStyle(program: string, style: { name: string; grooves: string[]; beatsPerBar: number }): Promise<Groove[]> {
  const barsEach = 2;
  const lines = ['Tempo 120', 'KeySig C major'];
  style.grooves.forEach((groove, g) => {
    lines.push(`Groove ${style.name}:${groove}`);
    for (let b = 0; b < barsEach; b++) lines.push(`${g * barsEach + b + 1} C`);
  });
  return withTempPath(join(MMA_LIBRARY_CACHE(), 'probe.mma'), async (chart) => {
    await fs.writeFile(chart, lines.join('\n') + '\n');
    const midiPath = `${chart}.mid`;
    try {
      await runMma(program, chart, midiPath);
      const midi = parseMidi(await fs.readFile(midiPath));
      const ppq = midi.header.ticksPerBeat ?? 192;
      // Bar boundaries from the time signatures (a groove may change the meter).
      const signatures: { tick: number; beats: number }[] = [];
      const parts = style.grooves.map(() => new Set<GroovePart>());
      for (const track of midi.tracks) {
        let tick = 0;
        let named: GroovePart | null = null;
        let programmed: GroovePart | null = null;
        for (const event of track) {
          tick += event.deltaTime;
          if (event.type === 'timeSignature') signatures.push({ tick, beats: (event.numerator * 4) / event.denominator });
          if (event.type === 'trackName') named = PART_OF_TRACK.find(([rule]) => rule.test(event.text))?.[1] ?? null;
          if (event.type === 'programChange') programmed = partOfProgram(event.programNumber);
          if (event.type === 'noteOn' && event.velocity > 0) {
            const channelPart = event.channel === 9 ? 'drums' : named ?? programmed;
            if (!channelPart) continue;
            const bar = barAt(tick, signatures, ppq);
            const g = Math.floor(bar / barsEach);
            if (g < parts.length) parts[g]!.add(channelPart);
          }
        }
      }
      return style.grooves.map((groove, g) => ({ name: `${style.name}:${groove}`, groove, role: grooveRole(groove), parts: GROOVE_PARTS.filter((p) => parts[g]!.has(p)) }));
    } finally {
      await fs.rm(midiPath, { force: true });
    }
  });
}

function barAt(tick: number, signatures: { tick: number; beats: number }[], ppq: number): number {
  const sorted = signatures.length ? [...signatures].sort((a, b) => a.tick - b.tick) : [{ tick: 0, beats: 4 }];
  let bar = 0;
  for (let i = 0; i < sorted.length; i++) {
    const from = sorted[i]!.tick;
    const to = Math.min(tick, sorted[i + 1]?.tick ?? Infinity);
    if (to <= from) break;
    bar += (to - from) / (sorted[i]!.beats * ppq);
  }
  return Math.floor(bar + 1e-6);
}

/** The cache folder (REMIXER_CACHE_DIR, else ~/.cache/remixer). */
export const MMA_LIBRARY_CACHE = () => process.env['REMIXER_CACHE_DIR'] ?? join(homedir(), '.cache', 'remixer');

/** A key for the installed library: mma's version and every style file's name, size and time. */
async function libraryKey(library: string, version: string): Promise<string> {
  const hash = createHash('sha256').update(version);
  for (const lib of (await fs.readdir(library)).sort()) {
    const dir = join(library, lib);
    for (const file of (await fs.readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.mma')).sort()) {
      const stat = await fs.stat(join(dir, file));
      hash.update(`${relative(library, join(dir, file))}:${stat.size}:${stat.mtimeMs}\n`);
    }
  }
  return hash.digest('hex').slice(0, 16);
}

/** The catalog of the installed library (from the cache when it is current; a corrupt cache entry is rebuilt). */
export async function mmaCatalog(options: { program?: string; version: string; library?: string; onProgress?: ProgressCallback; only?: readonly string[] }): Promise<MmaCatalog> {
  const library = options.library ?? MMA_LIBRARY;
  const program = options.program ?? 'mma';
  const key = createHash('sha256').update(`${await libraryKey(library, options.version)} ${(options.only ?? []).join(',')}`).digest('hex').slice(0, 16);
  const cached = join(MMA_LIBRARY_CACHE(), `mma-catalog-${key}.json`);
  const text = await fs.readFile(cached, 'utf8').catch(() => null);
  if (text) {
    try {
      const catalog = JSON.parse(text) as MmaCatalog;
      if (catalog.format === 'remixer-mma-catalog' && catalog.key === key && Array.isArray(catalog.styles)) return catalog;
    } catch {
      // rebuilt below
    }
  }
  const files = await readStyleFiles(library, options.only);
  const styles: MmaStyle[] = [];
  for (const [i, file] of files.entries()) {
    options.onProgress?.({ phase: 'reading MMA styles', done: i, total: files.length, values: { style: file.name } });
    const grooves = await probeStyle(program, file).catch(() => [] as Groove[]);
    if (grooves.length) styles.push({ name: file.name, family: styleFamily(file.name, file.beatsPerBar), beatsPerBar: file.beatsPerBar, grooves });
  }
  options.onProgress?.({ phase: 'reading MMA styles', done: files.length, total: files.length });
  const catalog: MmaCatalog = { format: 'remixer-mma-catalog', version: 1, mma: options.version, key, styles };
  await fs.mkdir(MMA_LIBRARY_CACHE(), { recursive: true });
  await writeJsonAtomic(cached, catalog);
  return catalog;
}

/** Grooves that play drums, bass and a chording part: a band to learn from. */
export const isBandGroove = (groove: Groove) => groove.parts.includes('drums') && groove.parts.includes('bass') && groove.parts.includes('chord');
