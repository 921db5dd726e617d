/**
 * An analysis a user gives (`remix --analysis FILE`): the JSON Remixer writes beside a
 * remix (OUT.analysis.json, chart.ts's analysisJson), edited by hand or by the web
 * app. What is read — everything else in the file (confidences, the grid) is
 * recomputed from the solo:
 *
 *   beats        seconds, rising, at least two, within the solo, at most
 *                MAX_BEATS_PER_SECOND a second                           (required)
 *   beatsPerBar  a whole number from 1 to 16                             (required)
 *   downbeats    seconds; the first must be one of the beats             (optional: the first beat)
 *   chords       [{ start: seconds, name: "Bbm7" }] in time order        (optional: heard on the beats)
 *   key          { name: "E minor" } or { tonic: 0-11, mode }            (optional: heard)
 *
 * An invalid field is one line naming the file and the field. Everything is bounded by the
 * solo it goes with — times finite and inside it, at a musician's density at most, chords no
 * more than beats — so a hostile file costs no more than an honest one.
 */
import { promises as fs } from 'node:fs';
import { fileError } from '../errors.js';
import { formatSeconds } from '../format-seconds.js';
import { CHORD_NAME_HELP, parseChordName, type Given } from './corrections.js';
import { NOTE_NAMES } from './key.js';
import type { ChordSegment } from './chords.js';

export const ANALYSIS_FORMAT = 'remixer-analysis';
/** The most beats a second a musician plays (a beat at 1200 BPM). */
export const MAX_BEATS_PER_SECOND = 20;
/** The largest analysis file read: an hour of beats at that density, with its grid, is far less. */
export const MAX_ANALYSIS_BYTES = 64 * 1024 * 1024;

/** The index of the time in rising `times` nearest to `t`. */
function nearest(times: readonly number[], t: number): number {
  let low = 0, high = times.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (times[mid]! < t) low = mid + 1;
    else high = mid;
  }
  return low > 0 && Math.abs(times[low - 1]! - t) <= Math.abs(times[low]! - t) ? low - 1 : low;
}

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function givenFromAnalysisJson(value: unknown, path: string, duration: number): Given {
  const bad = (field: string, problem: string) => fileError(path, `${field} ${problem}`);
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw fileError(path, 'not an analysis (a JSON object with beats and beatsPerBar)');
  const json = value as Record<string, unknown>;
  if (json['format'] !== undefined && json['format'] !== ANALYSIS_FORMAT) throw bad('format', `must be "${ANALYSIS_FORMAT}" (got ${JSON.stringify(json['format'])})`);
  const beats = json['beats'];
  if (!Array.isArray(beats) || beats.length < 2) throw bad('beats', 'must list at least two beat times in seconds');
  beats.forEach((t, i) => {
    if (!isNumber(t) || t < 0) throw bad(`beats[${i}]`, `must be a time in seconds, 0 or more (got ${JSON.stringify(t)})`);
    if (t > duration + 0.05) throw bad(`beats[${i}]`, `is ${t} s, past the end of the solo (${formatSeconds(duration)})`);
    if (i > 0 && t <= (beats[i - 1] as number)) throw bad(`beats[${i}]`, `(${t}) must come after beats[${i - 1}] (${beats[i - 1] as number}): beats rise`);
    if (i > 0 && t - (beats[i - 1] as number) < 1 / MAX_BEATS_PER_SECOND - 1e-9) throw bad(`beats[${i}]`, `(${t}) is ${((t - (beats[i - 1] as number)) * 1000).toFixed(1)} ms after beats[${i - 1}]: at most ${MAX_BEATS_PER_SECOND} beats a second`);
  });
  const times = beats as number[];
  const beatsPerBar = json['beatsPerBar'];
  if (!isNumber(beatsPerBar) || !Number.isInteger(beatsPerBar) || beatsPerBar < 1 || beatsPerBar > 16) throw bad('beatsPerBar', `must be a whole number from 1 to 16 (got ${JSON.stringify(beatsPerBar)})`);
  let firstDownbeat = 0;
  const downbeats = json['downbeats'];
  if (downbeats !== undefined) {
    if (!Array.isArray(downbeats)) throw bad('downbeats', 'must list downbeat times in seconds');
    if (downbeats.length > times.length) throw bad('downbeats', `lists ${downbeats.length} downbeats for ${times.length} beats: a downbeat is a beat`);
    downbeats.forEach((t, i) => {
      if (!isNumber(t) || t < 0 || t > duration + 0.05) throw bad(`downbeats[${i}]`, `must be a time in seconds inside the solo (got ${JSON.stringify(t)})`);
      if (i > 0 && t <= (downbeats[i - 1] as number)) throw bad(`downbeats[${i}]`, 'must come after the downbeat before it');
    });
    if (downbeats.length > 0) {
      const first = nearest(times, downbeats[0] as number);
      firstDownbeat = Math.abs(times[first]! - (downbeats[0] as number)) < 0.002 ? first : -1;
      if (firstDownbeat < 0) throw bad('downbeats[0]', `(${downbeats[0] as number}) must be one of the beats`);
    }
  }
  const given: Given = { beats: times, beatsPerBar, firstDownbeat };
  const chords = json['chords'];
  if (chords !== undefined) {
    if (!Array.isArray(chords)) throw bad('chords', 'must list chords as { start, name }');
    if (chords.length > times.length + 1) throw bad('chords', `lists ${chords.length} chords for ${times.length} beats: at most one chord a beat`);
    const segments: ChordSegment[] = [];
    chords.forEach((c, i) => {
      const chord = c as Record<string, unknown>;
      if (!chord || typeof chord !== 'object' || !isNumber(chord['start']) || chord['start'] < 0 || chord['start'] > duration + 0.05) throw bad(`chords[${i}].start`, 'must be a time in seconds inside the solo');
      if (i > 0 && (chord['start'] as number) < segments[segments.length - 1]!.start) throw bad(`chords[${i}].start`, 'must not come before the chord before it');
      if (typeof chord['name'] !== 'string') throw bad(`chords[${i}].name`, `must be a chord name (${CHORD_NAME_HELP})`);
      const label = parseChordName(chord['name']);
      if (!label) throw bad(`chords[${i}].name`, `"${chord['name']}" is not a chord (${CHORD_NAME_HELP})`);
      const start = chord['start'] as number;
      const beat = nearest(times, start);
      if (segments.length) segments[segments.length - 1]!.end = times[beat]!;
      segments.push({ ...label, start: times[beat]!, end: duration, beat });
    });
    const kept = segments.filter((s, i) => i + 1 >= segments.length || segments[i + 1]!.beat !== s.beat);
    // Beats before the first chord have none.
    if (kept.length && kept[0]!.beat > 0) kept.unshift({ root: -1, quality: 'N', name: 'N', start: times[0]!, end: kept[0]!.start, beat: 0 });
    given.chords = kept;
  }
  const key = json['key'] as Record<string, unknown> | undefined;
  if (key !== undefined) {
    if (typeof key?.['name'] === 'string') {
      const match = /^([A-G][#b]?) (major|minor)$/.exec(key['name']);
      const tonic = match ? parseChordName(match[1]!)?.root : undefined;
      if (!match || tonic === undefined) throw bad('key.name', `must be like "E minor" or "Bb major" (got ${JSON.stringify(key['name'])})`);
      given.key = { tonic, mode: match[2] as 'major' | 'minor' };
    } else if (isNumber(key?.['tonic']) && (key?.['mode'] === 'major' || key?.['mode'] === 'minor')) {
      if (!Number.isInteger(key['tonic']) || key['tonic'] < 0 || key['tonic'] > 11) throw bad('key.tonic', `must be a pitch class 0-11 (${NOTE_NAMES.join(' ')})`);
      given.key = { tonic: key['tonic'], mode: key['mode'] };
    } else throw bad('key', 'must be { name: "E minor" } or { tonic, mode }');
  }
  return given;
}

export async function readAnalysisFile(path: string, duration: number): Promise<Given> {
  const unreadable = (error: unknown) => fileError(path, (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : 'cannot be read', error, 'not-found');
  const { size } = await fs.stat(path).catch((error: unknown) => { throw unreadable(error); });
  if (size > MAX_ANALYSIS_BYTES) throw fileError(path, `is ${(size / 1024 / 1024).toFixed(0)} MB, too large for an analysis (at most ${MAX_ANALYSIS_BYTES / 1024 / 1024} MB)`);
  const text = await fs.readFile(path, 'utf8').catch((error: unknown) => { throw unreadable(error); });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw fileError(path, `not valid JSON (${(error as Error).message})`);
  }
  return givenFromAnalysisJson(value, path, duration);
}
