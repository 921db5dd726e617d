/**
 * `remixer eval-analysis`: listeners against the scores a dataset carries (score.json,
 * or the synthetic generator's score). Each song's solo — its score's solo stem, or
 * --source — is heard by every listener asked for (by default the learned one and the
 * DSP one) and compared with its score (analysis-metrics.ts). The report gives, per
 * listener, medians with quartiles over songs, the same by style family and by solo
 * instrument, paired per-song differences between the listeners with bootstrap 95 %
 * intervals, the split (and the families it holds out), and every song's row.
 */
import { join } from 'node:path';
import { promises as fs } from 'node:fs';
import { STEMS, type Stem } from '../config.js';
import { RemixerError, oneLine } from '../errors.js';
import { checkOptions, type OptionTable } from '../options.js';
import type { ProgressCallback } from '../progress.js';
import { openDataset } from '../dataset/loader.js';
import { SPLITS, type Split } from '../dataset/split.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic.js';
import { analyse } from '../listen/analyse.js';
import { keyName } from '../analysis/key.js';
import { defaultListener, learnedListener } from '../listener/open.js';
import { beatFMeasure, chordScores, keyScore, tempoRelation, type TempoRelation } from './analysis-metrics.js';
import { pairedBootstrap } from './bootstrap.js';
import { spread, type Spread } from './summary.js';

/** A split, or every song of the dataset. */
export type SplitOrAll = Split | 'all';

export interface AnalysisEvalOptions {
  data: string;
  split?: SplitOrAll;
  /** The stem heard as the solo; 'auto': each song's score says (dataset mma), else the piano. */
  source?: Stem | 'auto';
  /** Listeners to compare: 'learned', 'dsp', or listener folders (default: learned and dsp). */
  listeners?: string[];
  out?: string;
  /** Only these songs (ids). */
  songs?: readonly string[];
  onProgress?: ProgressCallback;
}

export type AnalysisEvalKey = 'data' | 'split' | 'source' | 'listeners' | 'out';

export const ANALYSIS_EVAL_OPTIONS: OptionTable<AnalysisEvalKey> = [
  { key: 'data', flag: '--data', type: 'string', placeholder: 'dir', required: true, help: 'dataset directory (its songs need scores: synthetic or MIDI-made)' },
  { key: 'split', flag: '--split', type: 'choice', choices: [...SPLITS, 'all'], default: 'test', placeholder: 'split', help: 'split to evaluate (all: every song, for a held-out dataset)' },
  { key: 'source', flag: '--source', type: 'choice', choices: ['auto', ...STEMS], default: 'auto', placeholder: 'stem', help: "the stem heard as the solo (auto: the song's score says which, else the piano)" },
  { key: 'listeners', flag: '--listener', type: 'list', placeholder: 'name', help: 'a listener to measure: learned, dsp, or a listener folder (repeat to compare; default: learned and dsp)' },
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', help: 'write report.md and report.json here' },
];

export interface AnalysisSongResult {
  id: string;
  listener: string;
  family: string;
  instrument: string;
  referenceBpm: number;
  bpm: number;
  tempo: TempoRelation;
  beatF: number | null;
  downbeatF: number | null;
  key: { reference: string; estimate: string; score: number } | null;
  chordRoot: number | null;
  chordMajmin: number | null;
  seconds: number;
  audioSeconds: number;
  warnings: string[];
  /** Why the listener heard nothing (a silent solo), when it did not. */
  error: string | null;
}

export interface ListenerSummary {
  songs: number;
  /** Share of songs per tempo relation. */
  tempo: Record<TempoRelation, number>;
  beatF: Spread | null;
  downbeatF: Spread | null;
  key: Spread | null;
  keyMean: number | null;
  chordRoot: Spread | null;
  chordMajmin: Spread | null;
  /** Analysis time per 30 s of audio, seconds. */
  secondsPer30s: Spread | null;
}

export interface AnalysisComparison {
  a: string;
  b: string;
  measure: 'tempo' | 'beatF' | 'downbeatF' | 'key' | 'chordMajmin';
  mean: number;
  low: number;
  high: number;
  songs: number;
}

export interface AnalysisReport {
  dataset: { dir: string; split: SplitOrAll; songs: number; source: Stem | 'auto'; heldOutFamilies: string[] };
  listeners: string[];
  summary: Record<string, ListenerSummary>;
  byFamily: Record<string, Record<string, ListenerSummary>>;
  byInstrument: Record<string, Record<string, ListenerSummary>>;
  comparisons: AnalysisComparison[];
  songs: AnalysisSongResult[];
  /** Songs that could not be read, with why (the figures are over the others). */
  leftOut?: { song: string; reason: string }[];
}

const numbers = (values: (number | null)[]) => values.filter((v): v is number => v !== null && Number.isFinite(v));
const RELATIONS: TempoRelation[] = ['exact', 'double', 'half', 'triple', 'third', 'other'];

export function summarise(rows: readonly AnalysisSongResult[]): ListenerSummary {
  const keyScores = numbers(rows.map((s) => s.key?.score ?? null));
  return {
    songs: rows.length,
    tempo: Object.fromEntries(RELATIONS.map((r) => [r, rows.filter((s) => s.tempo === r).length / Math.max(1, rows.length)])) as Record<TempoRelation, number>,
    beatF: spread(numbers(rows.map((s) => s.beatF))),
    downbeatF: spread(numbers(rows.map((s) => s.downbeatF))),
    key: spread(keyScores),
    keyMean: keyScores.length ? keyScores.reduce((a, b) => a + b, 0) / keyScores.length : null,
    chordRoot: spread(numbers(rows.map((s) => s.chordRoot))),
    chordMajmin: spread(numbers(rows.map((s) => s.chordMajmin))),
    secondsPer30s: spread(rows.filter((s) => s.error === null).map((s) => (30 * s.seconds) / s.audioSeconds)),
  };
}

const groupBy = (rows: readonly AnalysisSongResult[], key: (r: AnalysisSongResult) => string, listeners: readonly string[]) => {
  const out: Record<string, Record<string, ListenerSummary>> = {};
  for (const group of [...new Set(rows.map(key))].sort()) out[group] = Object.fromEntries(listeners.map((l) => [l, summarise(rows.filter((r) => key(r) === group && r.listener === l))]));
  return out;
};

const MEASURES: AnalysisComparison['measure'][] = ['tempo', 'beatF', 'downbeatF', 'key', 'chordMajmin'];
const valueOf = (row: AnalysisSongResult, measure: AnalysisComparison['measure']) =>
  measure === 'tempo' ? (row.tempo === 'exact' ? 1 : 0) : measure === 'key' ? row.key?.score ?? null : row[measure];

export async function evaluateAnalysis(options: AnalysisEvalOptions): Promise<AnalysisReport> {
  checkOptions(ANALYSIS_EVAL_OPTIONS, options);
  const split = options.split ?? 'test';
  const source = options.source ?? 'auto';
  const listeners = options.listeners?.length ? options.listeners : [...new Set([defaultListener(), 'dsp'])];
  const dataset = await openDataset(options.data);
  const entries = dataset.songs(split === 'all' ? undefined : split).filter((e) => !options.songs || options.songs.includes(e.id));
  if (entries.length === 0) throw new RemixerError(`${options.data}: no songs in the ${split} split`);
  // Every listener asked for is there before any song is heard (a wrong name is one line, never a report of zeros).
  for (const listener of listeners) if (listener !== 'dsp') await learnedListener(listener).catch((error: unknown) => { throw error instanceof RemixerError ? error : new RemixerError(`--listener ${listener}: ${oneLine(error)}`); });
  const songs: AnalysisSongResult[] = [];
  const leftOut: { song: string; reason: string }[] = [];
  options.onProgress?.({ phase: 'analysing songs', done: 0, total: entries.length });
  for (const [index, entry] of entries.entries()) {
    // A song that cannot be read is left out, named with the reason (as eval does); the others are measured.
    let score, stem: Stem, audio: Float32Array;
    try {
      score = await dataset.loadScore(entry);
      if (!score) throw new RemixerError(`song ${entry.id} has no score to compare with (eval-analysis needs synthetic or MIDI-made datasets)`);
      stem = source === 'auto' ? score.solo?.stem ?? 'piano' : source;
      audio = (await dataset.loadSong(entry, [stem])).stems[stem];
    } catch (error) {
      if (!(error instanceof RemixerError)) throw error;
      leftOut.push({ song: entry.id, reason: error.message });
      options.onProgress?.({ phase: 'analysing songs', done: index + 1, total: entries.length, values: { song: entry.id } });
      continue;
    }
    const referenceBpm = score.tempo[0]!.bpm;
    for (const listener of listeners) {
      const started = performance.now();
      const base = { id: entry.id, listener, family: score.style?.family ?? 'synthetic', instrument: score.solo?.instrument ?? (stem === 'piano' ? 'piano' : stem), referenceBpm, audioSeconds: audio.length / dataset.sampleRate };
      try {
        const analysis = await analyse(audio, dataset.sampleRate, { name: entry.id, listener });
        const chords = score.chords ? chordScores(score.chords, analysis.chords) : { root: null, majmin: null };
        songs.push({
          ...base,
          bpm: analysis.tempo.bpm,
          tempo: tempoRelation(referenceBpm, analysis.tempo.bpm),
          beatF: beatFMeasure(score.beats, analysis.beats),
          downbeatF: beatFMeasure(score.downbeats, analysis.downbeats),
          key: score.key ? { reference: keyName(score.key.tonic, score.key.mode), estimate: analysis.key.name, score: keyScore(score.key, analysis.key) } : null,
          chordRoot: chords.root,
          chordMajmin: chords.majmin,
          seconds: (performance.now() - started) / 1000,
          warnings: analysis.warnings,
          error: null,
        });
      } catch (error) {
        if (!(error instanceof RemixerError)) throw error;
        // A song a listener hears nothing in scores zero on it, and says why.
        songs.push({ ...base, bpm: 0, tempo: 'other', beatF: 0, downbeatF: 0, key: null, chordRoot: 0, chordMajmin: 0, seconds: (performance.now() - started) / 1000, warnings: [], error: error.message });
      }
    }
    options.onProgress?.({ phase: 'analysing songs', done: index + 1, total: entries.length, values: { song: entry.id } });
  }
  const comparisons: AnalysisComparison[] = [];
  for (let i = 0; i < listeners.length; i++) {
    for (let j = i + 1; j < listeners.length; j++) {
      for (const measure of MEASURES) {
        const differences = numbers(entries.map((e) => {
          const a = songs.find((s) => s.id === e.id && s.listener === listeners[i]);
          const b = songs.find((s) => s.id === e.id && s.listener === listeners[j]);
          const x = a ? valueOf(a, measure) : null;
          const y = b ? valueOf(b, measure) : null;
          return x === null || y === null ? null : x - y;
        }));
        const result = pairedBootstrap(differences, comparisons.length);
        if (result) comparisons.push({ a: listeners[i]!, b: listeners[j]!, measure, ...result, songs: differences.length });
      }
    }
  }
  if (songs.length === 0) throw new RemixerError(`${options.data}: no song of the ${split} split could be heard (${leftOut[0]!.song}: ${leftOut[0]!.reason})`);
  const report: AnalysisReport = {
    dataset: { dir: options.data, split, songs: entries.length - leftOut.length, source, heldOutFamilies: dataset.manifest.styleSplit?.testFamilies ?? [] },
    listeners,
    summary: Object.fromEntries(listeners.map((l) => [l, summarise(songs.filter((s) => s.listener === l))])),
    byFamily: groupBy(songs, (r) => r.family, listeners),
    byInstrument: groupBy(songs, (r) => r.instrument, listeners),
    comparisons,
    songs,
    ...(leftOut.length ? { leftOut } : {}),
  };
  if (options.out) {
    await fs.mkdir(options.out, { recursive: true });
    await writeJsonAtomic(join(options.out, 'report.json'), report);
    await writeFileAtomic(join(options.out, 'report.md'), formatAnalysisReport(report));
  }
  return report;
}

const cell = (s: Spread | null, digits = 3) => (s ? `${s.median.toFixed(digits)} [${s.q1.toFixed(digits)}, ${s.q3.toFixed(digits)}]` : '—');
const percent = (x: number) => `${(100 * x).toFixed(0)} %`;

/** The targets of the listening issue (16), for the report's last row. */
export const ANALYSIS_TARGETS = { tempo: 0.95, beatF: 0.9, downbeatF: 0.8, key: 0.9, chordMajmin: 0.85, secondsPer30s: 1 } as const;

const HEADER = ['| listener | songs | tempo within 4 % | beat F | downbeat F | key (mean) | chords major/minor | chord root | s per 30 s |', '|---|---:|---|---|---|---|---|---|---|'];
const row = (name: string, s: ListenerSummary) =>
  `| ${name} | ${s.songs} | ${percent(s.tempo.exact)} (×2 ${percent(s.tempo.double)}, ×½ ${percent(s.tempo.half)}, other ${percent(s.tempo.other + s.tempo.triple + s.tempo.third)}) | ${cell(s.beatF)} | ${cell(s.downbeatF)} | ${s.keyMean?.toFixed(3) ?? '—'} | ${cell(s.chordMajmin)} | ${cell(s.chordRoot)} | ${cell(s.secondsPer30s, 2)} |`;

export function formatAnalysisReport(report: AnalysisReport): string {
  const d = report.dataset;
  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  const lines = [
    `# Listening: ${d.source === 'auto' ? "each song's solo" : `the ${d.source} solo`} of ${d.split === 'all' ? 'every song' : `the ${d.split} split`} of \`${d.dir}\` (${d.songs} songs)${d.heldOutFamilies.length ? `; the test split is the held-out style families ${d.heldOutFamilies.join(', ')}` : ''}`,
    '',
    'Each cell: median over songs [first quartile, third quartile]. Tempo: the first tempo of the score, within 4 % (other columns: octave errors). Beats and downbeats: F-measure within ±70 ms, beats before 5 s ignored (mir_eval). Key: MIREX weighted score, mean over songs. Chords: weighted chord symbol recall over time, major/minor and root (mir_eval).',
    '',
    ...HEADER,
    ...report.listeners.map((l) => row(l, report.summary[l]!)),
    '',
  ];
  const first = report.summary[report.listeners[0]!]!;
  lines.push(
    `Targets (issue 16) for ${report.listeners[0]}: tempo ≥ 95 % ${met(first.tempo.exact >= ANALYSIS_TARGETS.tempo)}; beat F ≥ 0.90 ${met((first.beatF?.median ?? 0) >= ANALYSIS_TARGETS.beatF)}; downbeat F ≥ 0.80 ${met((first.downbeatF?.median ?? 0) >= ANALYSIS_TARGETS.downbeatF)}; key ≥ 0.90 ${first.keyMean === null ? '(no key in the scores)' : met(first.keyMean >= ANALYSIS_TARGETS.key)}; chords ≥ 0.85 ${first.chordMajmin ? met(first.chordMajmin.median >= ANALYSIS_TARGETS.chordMajmin) : '(no chords in the scores)'}; < 1 s per 30 s ${met((first.secondsPer30s?.median ?? Infinity) < ANALYSIS_TARGETS.secondsPer30s)}.`,
    '',
  );
  for (const [title, groups] of [['By style family', report.byFamily], ['By solo instrument', report.byInstrument]] as const) {
    if (Object.keys(groups).length < 2) continue;
    lines.push(`## ${title}`, '', ...HEADER);
    for (const [group, byListener] of Object.entries(groups)) for (const l of report.listeners) lines.push(row(`${group}: ${l}`, byListener[l]!));
    lines.push('');
  }
  if (report.comparisons.length) {
    lines.push('## Paired comparisons', '', 'Mean per-song difference (first minus second) with a bootstrap 95 % interval; tempo counts 1 for a tempo within 4 %.', '');
    for (const c of report.comparisons) lines.push(`- ${c.a} vs ${c.b}: ${c.measure} ${c.mean >= 0 ? '+' : ''}${c.mean.toFixed(3)} [${c.low >= 0 ? '+' : ''}${c.low.toFixed(3)}, ${c.high >= 0 ? '+' : ''}${c.high.toFixed(3)}] (${c.songs} songs)`);
    lines.push('');
  }
  if (report.leftOut?.length) {
    lines.push('## Left out', '', 'Songs that could not be heard, and why (the figures are over the others):', '');
    for (const l of report.leftOut) lines.push(`- ${l.song}: ${l.reason}`);
    lines.push('');
  }
  lines.push('## Songs', '', '| song | listener | family | solo | tempo (score → heard) | beat F | downbeat F | key (score → heard, score) | major/minor |', '|---|---|---|---|---|---:|---:|---|---:|');
  for (const s of report.songs) {
    lines.push(`| ${s.id} | ${s.listener} | ${s.family} | ${s.instrument} | ${s.error ? `— (${s.error})` : `${s.referenceBpm.toFixed(0)} → ${s.bpm.toFixed(1)} (${s.tempo})`} | ${s.beatF?.toFixed(2) ?? '—'} | ${s.downbeatF?.toFixed(2) ?? '—'} | ${s.key ? `${s.key.reference} → ${s.key.estimate}, ${s.key.score}` : '—'} | ${s.chordMajmin?.toFixed(2) ?? '—'} |`);
  }
  return lines.join('\n') + '\n';
}
