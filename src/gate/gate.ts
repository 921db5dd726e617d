/**
 * `npm run gate` (`remixer gate`): the release gate. The shipped defaults — the learned
 * listener and the band model, style auto — or candidates given with --band/--listener,
 * on the human development set (the test songs of `dataset human`, never trained or tuned
 * on), piano and guitar solos, beside the template band given the same analysis, the
 * template band given the true beats and chords, the previous shipped band (when one is
 * kept), and the true parts' musicianship; the learned listener beside the DSP one. One
 * table, then a pass/fail line per criterion (criteria.ts). A shipped model changes only
 * when every criterion passes.
 *
 * The development sets are built on first use in --work (`dataset human --only test`,
 * about a minute each) and reused. Each test song gives up to CLIPS_PER_SONG clips, taken
 * at the quarter points of the song's clips (not its intro alone); every figure is over
 * clips, piano and guitar pooled, with the clips of both solos paired for the intervals.
 */
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { RemixerError } from '../errors.js';
import type { ProgressCallback } from '../progress.js';
import { openDataset } from '../dataset/loader.js';
import { DATASET_FOLDER, songOf, type SongEntry } from '../dataset/layout.js';
import { isFolderOf } from '../io/out-folder.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic.js';
import { buildHumanDataset } from '../dataset/human/human.js';
import { HUMAN_DEFAULTS } from '../dataset/human/collections.js';
import type { SoloFamily } from '../dataset/import/solo-families.js';
import { evaluate } from '../eval/evaluate.js';
import { TRUE_BEATS_SUFFIX } from '../eval/options.js';
import { evaluateAnalysis, type AnalysisReport } from '../eval/analysis-eval.js';
import { measureKey, MUSICIANSHIP_MEASURES, type EvalReport, type Spread } from '../eval/report.js';
import { measureValue, type Musicianship } from '../eval/musicianship.js';
import { spread } from '../eval/summary.js';
import { pairedBootstrap } from '../eval/bootstrap.js';
import { SHIPPED_BAND_DIR } from '../model/saved/shipped.js';
import { defaultListener } from '../listener/open.js';
import { checkCriteria, type CriterionResult, type Difference, type GateFigures } from './criteria.js';

export const GATE_SOLOS: readonly SoloFamily[] = ['piano', 'guitar'];
export const CLIPS_PER_SONG = 2;
/** The previous shipped band, kept beside the shipped one until a new one passes the gate. */
export const PREVIOUS_BAND_DIR = resolve(SHIPPED_BAND_DIR, '..', 'band-previous');
export const DEFAULT_GATE_WORK = 'gate-work';
const TRUE_BEATS = TRUE_BEATS_SUFFIX;

export interface GateOptions {
  /** The band model to gate (default: the shipped one). */
  band?: string;
  /** The listener to gate (default: the shipped learned listener). */
  listener?: string;
  /** The previous band to show beside it (default: models/band-previous when kept, or the shipped band when a candidate is gated). */
  previous?: string;
  /** Where the development sets are kept. */
  work?: string;
  /** Where report.md, report.json and the evaluations go (default: WORK/report). */
  out?: string;
  solos?: readonly SoloFamily[];
  clipsPerSong?: number;
  workers?: number;
  onProgress?: ProgressCallback;
}

/** The band figures of one system, pooled over the clips. */
export interface GateRow {
  name: string;
  what: string;
  cells: Record<string, Spread | null>;
  /** Clips where a part is silent while the true part plays. */
  silent: Record<string, number>;
}

export interface GateReport {
  clips: Record<string, { songs: number; clips: number }>;
  rows: GateRow[];
  listening: { listener: string; clips: number; tempoWithin4: number; beatF: Spread | null; downbeatF: Spread | null; rightTempoOffBeat: number; secondsPer30s: Spread | null }[];
  figures: GateFigures;
  criteria: CriterionResult[];
  pass: boolean;
  seconds: number;
}

/** The band metrics of the table: stem metrics and fit, by key. */
const BAND_METRICS = [
  { key: 'drums.onsetF1', label: 'drums onset F1', digits: 3 },
  { key: 'bass.onsetF1', label: 'bass onset F1', digits: 3 },
  { key: 'other.onsetF1', label: 'other onset F1', digits: 3 },
  { key: 'other.chroma', label: 'other chroma', digits: 3 },
  { key: 'fit.harmonicFit', label: 'harmonic fit', digits: 2 },
] as const;

type SongRow = EvalReport['songs'][number];

function metricOf(song: SongRow, system: string, key: string): number | null {
  const entry = song.systems[system];
  if (!entry) return null;
  const [part, metric] = key.split('.') as [string, string];
  const value = part === 'fit' ? (entry.fit as unknown as Record<string, number | null>)[metric] : (entry.stems as Record<string, Record<string, number | null> | undefined>)[part]?.[metric];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

const numbers = (values: (number | null)[]) => values.filter((v): v is number => v !== null);

/** The parts a band may leave silent, and whether it did on a clip. */
const SILENT_PARTS = ['drums', 'bass', 'other'] as const;
function silentPart(m: Musicianship | undefined, part: (typeof SILENT_PARTS)[number]): boolean | null {
  if (!m) return null;
  if (part === 'drums') return m.drums ? m.drums.hitsPerBar === 0 : null;
  return m[part]?.silent ?? null;
}

/** A row of the table: every band metric and musicianship measure of `of(song)` over the clips. */
function row(name: string, what: string, songs: readonly SongRow[], system: string | null): GateRow {
  const cells: Record<string, Spread | null> = {};
  for (const metric of BAND_METRICS) cells[metric.key] = system ? spread(numbers(songs.map((s) => metricOf(s, system, metric.key)))) : null;
  const musicianshipOf = (s: SongRow) => (system ? s.systems[system]?.musicianship : s.truth);
  for (const m of MUSICIANSHIP_MEASURES) cells[measureKey(m)] = spread(numbers(songs.map((s) => measureValue(musicianshipOf(s), m))));
  const silent: Record<string, number> = {};
  for (const part of SILENT_PARTS) silent[part] = songs.filter((s) => silentPart(musicianshipOf(s), part) === true && (system === null || silentPart(s.truth, part) === false)).length;
  return { name, what, cells, silent };
}

/** Up to `count` clips per song, at the quarter points of its clips in time order. */
export function chooseClips(entries: readonly SongEntry[], count: number): string[] {
  const bySong = new Map<string, SongEntry[]>();
  for (const entry of entries) bySong.set(songOf(entry), [...(bySong.get(songOf(entry)) ?? []), entry]);
  const chosen: string[] = [];
  for (const clips of bySong.values()) {
    const sorted = [...clips].sort((a, b) => (a.start ?? 0) - (b.start ?? 0));
    const k = Math.min(count, sorted.length);
    for (let j = 0; j < k; j++) chosen.push(sorted[Math.floor(((j + 0.5) * sorted.length) / k)]!.id);
  }
  return chosen;
}

/** The development set of one solo, built on first use. */
async function developmentSet(work: string, solo: SoloFamily, onProgress?: ProgressCallback): Promise<string> {
  const dir = join(work, `human-dev-${solo}`);
  if (await isFolderOf(dir, DATASET_FOLDER)) {
    const dataset = await openDataset(dir);
    const m = dataset.manifest;
    if (m.solo !== solo || m.split.seed !== HUMAN_DEFAULTS.seed) throw new RemixerError(`${dir}: is not the human development set of the ${solo} (its manifest says solo ${m.solo}, seed ${m.split.seed}); remove it`);
    return dir;
  }
  await buildHumanDataset({ out: dir, solo, only: 'test', ...(onProgress ? { onProgress: (p) => onProgress({ ...p, phase: `building the ${solo} development set: ${p.phase}` }) } : {}) });
  return dir;
}

export async function runGate(options: GateOptions = {}): Promise<GateReport> {
  const started = performance.now();
  const work = resolve(options.work ?? DEFAULT_GATE_WORK);
  const out = options.out ?? join(work, 'report');
  const band = options.band ?? SHIPPED_BAND_DIR;
  const listener = options.listener ?? defaultListener();
  const previous = options.previous ?? (options.band ? SHIPPED_BAND_DIR : (await isFolderOf(PREVIOUS_BAND_DIR, { what: 'model', manifest: 'remixer.json', format: 'remixer-model' })) ? PREVIOUS_BAND_DIR : null);
  const solos = options.solos ?? GATE_SOLOS;
  const perSong = options.clipsPerSong ?? CLIPS_PER_SONG;
  await fs.mkdir(work, { recursive: true });
  const bandReports: EvalReport[] = [];
  const listening: AnalysisReport[] = [];
  const clips: GateReport['clips'] = {};
  for (const solo of solos) {
    const data = await developmentSet(work, solo, options.onProgress);
    const dataset = await openDataset(data);
    const songs = chooseClips(dataset.songs('test'), perSong);
    clips[solo] = { songs: new Set(dataset.songs('test').filter((e) => songs.includes(e.id)).map(songOf)).size, clips: songs.length };
    const progress = (what: string): ProgressCallback | undefined => (options.onProgress ? (p) => options.onProgress!({ ...p, phase: `${solo} solos: ${what}` }) : undefined);
    const analysisProgress = progress('listening');
    listening.push(await evaluateAnalysis({ data, split: 'test', songs, listeners: [listener, 'dsp'], out: join(out, `listening-${solo}`), ...(analysisProgress ? { onProgress: analysisProgress } : {}) }));
    const bandProgress = progress('the bands');
    bandReports.push(await evaluate({
      models: [band, ...(previous ? [previous] : [])],
      data,
      split: 'test',
      songs,
      baselinesFrom: data,
      baselinesSplit: 'test',
      baselineNames: ['template-band', 'template-truth'],
      sound: false,
      trueBeats: true,
      listener,
      pictures: 4,
      out: join(out, `band-${solo}`),
      ...(options.workers !== undefined ? { workers: options.workers } : {}),
      ...(bandProgress ? { onProgress: bandProgress } : {}),
    }));
  }
  const songRows = bandReports.flatMap((r) => r.songs);
  const names = bandReports[0]!.systems.filter((s) => s.kind === 'model').map((s) => s.name);
  const [candidate, prior] = names.filter((n) => !n.endsWith(TRUE_BEATS)) as [string, string | undefined];
  const rows = [
    row(candidate, options.band ? `the candidate band (${options.band})` : 'the shipped band', songRows, candidate),
    row(`${candidate}${TRUE_BEATS}`, 'the same band given the true beats and bars (the listening measured apart; chords heard on them)', songRows, `${candidate}${TRUE_BEATS}`),
    ...(prior ? [row(prior, 'the previous shipped band', songRows, prior)] : []),
    row('template-band', 'the template band given the same analysis', songRows, 'template-band'),
    row('template-truth', 'the template band given the true beats and chords', songRows, 'template-truth'),
    row('true parts', 'what the people who wrote the songs played', songRows, null),
  ];
  const differences: Record<string, Difference | null> = {};
  for (const [i, metric] of BAND_METRICS.entries()) {
    const paired = numbers(songRows.map((s) => {
      const a = metricOf(s, candidate, metric.key), b = metricOf(s, 'template-band', metric.key);
      return a === null || b === null ? null : a - b;
    }));
    const result = pairedBootstrap(paired, i);
    differences[metric.key] = result ? { ...result, clips: paired.length } : null;
  }
  const heard = listening.flatMap((r) => r.songs);
  const listenerRows = [listener, 'dsp'].map((name) => {
    const mine = heard.filter((s) => s.listener === name);
    return {
      listener: name,
      clips: mine.length,
      tempoWithin4: mine.filter((s) => s.tempo === 'exact').length / Math.max(1, mine.length),
      beatF: spread(numbers(mine.map((s) => s.beatF))),
      downbeatF: spread(numbers(mine.map((s) => s.downbeatF))),
      rightTempoOffBeat: mine.filter((s) => s.tempo === 'exact' && (s.beatF ?? 0) < 0.2).length / Math.max(1, mine.length),
      secondsPer30s: spread(mine.filter((s) => s.error === null).map((s) => (30 * s.seconds) / s.audioSeconds)),
    };
  });
  const learned = listenerRows[0]!;
  const figures: GateFigures = {
    differences,
    band: rows[0]!.cells,
    truth: rows[rows.length - 1]!.cells,
    silentWhereTruePlays: rows[0]!.silent,
    listening: { clips: learned.clips, tempoWithin4: learned.tempoWithin4, beatF: learned.beatF, downbeatF: learned.downbeatF, rightTempoOffBeat: learned.rightTempoOffBeat },
  };
  const criteria = checkCriteria(figures);
  const report: GateReport = { clips, rows, listening: listenerRows, figures, criteria, pass: criteria.every((c) => c.pass), seconds: (performance.now() - started) / 1000 };
  await fs.mkdir(out, { recursive: true });
  await writeJsonAtomic(join(out, 'report.json'), report);
  await writeFileAtomic(join(out, 'report.md'), formatGate(report));
  return report;
}

const cell = (s: Spread | null | undefined, digits: number) => (s ? `${s.median.toFixed(digits)} [${s.q1.toFixed(digits)}, ${s.q3.toFixed(digits)}]` : '—');

/** The gate's table and its criteria, as Markdown (also what the command prints). */
export function formatGate(report: GateReport): string {
  const columns = [...BAND_METRICS.map((m) => ({ key: m.key, label: m.label, digits: m.digits })), ...MUSICIANSHIP_MEASURES.filter((m) => m.key !== 'pitchRange').map((m) => ({ key: measureKey(m), label: m.label, digits: m.digits }))];
  const clipText = Object.entries(report.clips).map(([solo, c]) => `${c.clips} ${solo} clips of ${c.songs} songs`).join(', ');
  const lines = [
    `# Release gate: the human development set (${clipText}; medians [quartiles] over clips)`,
    '',
    `| system | ${columns.map((c) => c.label).join(' | ')} | silent where the true part plays (drums, bass, other) |`,
    `|---|${columns.map(() => '---:').join('|')}|---|`,
    ...report.rows.map((r) => `| ${r.name} | ${columns.map((c) => cell(r.cells[c.key], c.digits)).join(' | ')} | ${r.name === 'true parts' ? `silent in ${r.silent['drums']}, ${r.silent['bass']}, ${r.silent['other']} clips` : `${r.silent['drums']}, ${r.silent['bass']}, ${r.silent['other']}`} |`),
    '',
    ...report.rows.map((r) => `- ${r.name}: ${r.what}`),
    '',
    '| listener | clips | tempo within 4 % | beat F | downbeat F | right tempo, beat F < 0.2 | s per 30 s |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...report.listening.map((l) => `| ${l.listener} | ${l.clips} | ${(100 * l.tempoWithin4).toFixed(0)} % | ${cell(l.beatF, 3)} | ${cell(l.downbeatF, 3)} | ${(100 * l.rightTempoOffBeat).toFixed(0)} % | ${cell(l.secondsPer30s, 2)} |`),
    '',
    `Band − template band (paired bootstrap 95 % intervals): ${Object.entries(report.figures.differences).map(([k, d]) => (d ? `${k} ${d.mean >= 0 ? '+' : ''}${d.mean.toFixed(3)} [${d.low.toFixed(3)}, ${d.high.toFixed(3)}]` : `${k} —`)).join('; ')}`,
    '',
    ...report.criteria.map((c) => `${c.pass ? 'PASS' : 'FAIL'}  ${c.from}: ${c.text} — ${c.value}`),
    '',
    `${report.pass ? 'GATE PASSED' : 'GATE FAILED'}: ${report.criteria.filter((c) => c.pass).length} of ${report.criteria.length} criteria (${report.seconds.toFixed(0)} s)`,
  ];
  return lines.join('\n') + '\n';
}
