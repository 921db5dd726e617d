/**
 * `remixer eval-analysis`: the listening module against the scores a dataset carries
 * (score.json, or the synthetic generator's score). For each song of a split the
 * source stem (the solo) is analysed and compared with its score (analysis-metrics.ts);
 * the report gives medians with quartiles over songs, and every song's row.
 */
import { join } from 'node:path';
import { promises as fs } from 'node:fs';
import { STEMS, type Stem } from '../config.js';
import { RemixerError } from '../errors.js';
import { checkOptions, type OptionTable } from '../options.js';
import type { ProgressCallback } from '../progress.js';
import { openDataset } from '../dataset/loader.js';
import { SPLITS, type Split } from '../dataset/split.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic.js';
import { analyse } from '../analysis/analyse.js';
import { keyName } from '../analysis/key.js';
import { beatFMeasure, chordScores, keyScore, tempoRelation, type TempoRelation } from './analysis-metrics.js';
import { spread, type Spread } from './summary.js';

/** A split, or every song of the dataset. */
export type SplitOrAll = Split | 'all';

export interface AnalysisEvalOptions {
  data: string;
  split?: SplitOrAll;
  source?: Stem;
  out?: string;
  onProgress?: ProgressCallback;
}

export type AnalysisEvalKey = 'data' | 'split' | 'source' | 'out';

export const ANALYSIS_EVAL_OPTIONS: OptionTable<AnalysisEvalKey> = [
  { key: 'data', flag: '--data', type: 'string', placeholder: 'dir', required: true, help: 'dataset directory (its songs need scores: synthetic or MIDI-made)' },
  { key: 'split', flag: '--split', type: 'choice', choices: [...SPLITS, 'all'], default: 'test', placeholder: 'split', help: 'split to evaluate (all: every song, for a held-out dataset)' },
  { key: 'source', flag: '--source', type: 'choice', choices: STEMS, default: 'piano', placeholder: 'stem', help: 'the stem analysed as the solo' },
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', help: 'write report.md and report.json here' },
];

export interface AnalysisSongResult {
  id: string;
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
}

export interface AnalysisReport {
  dataset: { dir: string; split: SplitOrAll; songs: number; source: Stem };
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
  songs: AnalysisSongResult[];
}

const numbers = (values: (number | null)[]) => values.filter((v): v is number => v !== null && Number.isFinite(v));

export async function evaluateAnalysis(options: AnalysisEvalOptions): Promise<AnalysisReport> {
  checkOptions(ANALYSIS_EVAL_OPTIONS, options);
  const split = options.split ?? 'test';
  const source = options.source ?? 'piano';
  const dataset = await openDataset(options.data);
  const entries = dataset.songs(split === 'all' ? undefined : split);
  if (entries.length === 0) throw new RemixerError(`${options.data}: no songs in the ${split} split`);
  const songs: AnalysisSongResult[] = [];
  options.onProgress?.({ phase: 'analysing songs', done: 0, total: entries.length });
  for (const [index, entry] of entries.entries()) {
    const score = await dataset.loadScore(entry);
    if (!score) throw new RemixerError(`${options.data}: song ${entry.id} has no score to compare with (eval-analysis needs synthetic or MIDI-made datasets)`);
    const audio = (await dataset.loadSong(entry, [source])).stems[source];
    const started = performance.now();
    const analysis = await analyse(audio, dataset.sampleRate, { name: entry.id });
    const seconds = (performance.now() - started) / 1000;
    const referenceBpm = score.tempo[0]!.bpm;
    const chords = score.chords ? chordScores(score.chords, analysis.chords) : { root: null, majmin: null };
    songs.push({
      id: entry.id,
      referenceBpm,
      bpm: analysis.tempo.bpm,
      tempo: tempoRelation(referenceBpm, analysis.tempo.bpm),
      beatF: beatFMeasure(score.beats, analysis.beats),
      downbeatF: beatFMeasure(score.downbeats, analysis.downbeats),
      key: score.key ? { reference: keyName(score.key.tonic, score.key.mode), estimate: analysis.key.name, score: keyScore(score.key, analysis.key) } : null,
      chordRoot: chords.root,
      chordMajmin: chords.majmin,
      seconds,
      audioSeconds: audio.length / dataset.sampleRate,
      warnings: analysis.warnings,
    });
    options.onProgress?.({ phase: 'analysing songs', done: index + 1, total: entries.length, values: { song: entry.id } });
  }
  const relations: TempoRelation[] = ['exact', 'double', 'half', 'triple', 'third', 'other'];
  const keyScores = numbers(songs.map((s) => s.key?.score ?? null));
  const report: AnalysisReport = {
    dataset: { dir: options.data, split, songs: songs.length, source },
    tempo: Object.fromEntries(relations.map((r) => [r, songs.filter((s) => s.tempo === r).length / songs.length])) as Record<TempoRelation, number>,
    beatF: spread(numbers(songs.map((s) => s.beatF))),
    downbeatF: spread(numbers(songs.map((s) => s.downbeatF))),
    key: spread(keyScores),
    keyMean: keyScores.length ? keyScores.reduce((a, b) => a + b, 0) / keyScores.length : null,
    chordRoot: spread(numbers(songs.map((s) => s.chordRoot))),
    chordMajmin: spread(numbers(songs.map((s) => s.chordMajmin))),
    secondsPer30s: spread(songs.map((s) => (30 * s.seconds) / s.audioSeconds)),
    songs,
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

/** The targets of the listening issue, for the report's last column. */
export const ANALYSIS_TARGETS = { tempo: 0.95, beatF: 0.9, downbeatF: 0.75, key: 0.9, chordMajmin: 0.8, secondsPer30s: 1 } as const;

export function formatAnalysisReport(report: AnalysisReport): string {
  const met = (ok: boolean) => (ok ? 'met' : 'missed');
  const lines = [
    `# Listening: ${report.dataset.source} solo of ${report.dataset.split === 'all' ? 'every song' : `the ${report.dataset.split} split`} of \`${report.dataset.dir}\` (${report.dataset.songs} songs)`,
    '',
    'Each cell: median over songs [first quartile, third quartile]. Beats and downbeats: F-measure within ±70 ms, beats before 5 s ignored (mir_eval). Key: MIREX weighted score. Chords: weighted chord symbol recall over time.',
    '',
    '| measure | value | target |',
    '|---|---:|---|',
    `| tempo within 4 % | ${percent(report.tempo.exact)} (×2 ${percent(report.tempo.double)}, ×½ ${percent(report.tempo.half)}, ×3 ${percent(report.tempo.triple)}, ×⅓ ${percent(report.tempo.third)}, other ${percent(report.tempo.other)}) | ≥ 95 %: ${met(report.tempo.exact >= ANALYSIS_TARGETS.tempo)} |`,
    `| beat F | ${cell(report.beatF)} | ≥ 0.90: ${met((report.beatF?.median ?? 0) >= ANALYSIS_TARGETS.beatF)} |`,
    `| downbeat F | ${cell(report.downbeatF)} | ≥ 0.75: ${met((report.downbeatF?.median ?? 0) >= ANALYSIS_TARGETS.downbeatF)} |`,
    `| key (mean ${report.keyMean?.toFixed(3) ?? '—'}) | ${cell(report.key)} | mean ≥ 0.90: ${report.keyMean === null ? 'no key in the scores' : met(report.keyMean >= ANALYSIS_TARGETS.key)} |`,
    `| chords, root | ${cell(report.chordRoot)} | — |`,
    `| chords, major/minor | ${cell(report.chordMajmin)} | ≥ 0.80: ${report.chordMajmin ? met(report.chordMajmin.median >= ANALYSIS_TARGETS.chordMajmin) : 'no chords in the scores'} |`,
    `| seconds per 30 s of audio | ${cell(report.secondsPer30s, 2)} | < 1 s: ${met((report.secondsPer30s?.median ?? Infinity) < ANALYSIS_TARGETS.secondsPer30s)} |`,
    '',
    '| song | tempo (score → heard) | beat F | downbeat F | key (score → heard, score) | chord root | major/minor |',
    '|---|---|---:|---:|---|---:|---:|',
    ...report.songs.map((s) => `| ${s.id} | ${s.referenceBpm.toFixed(0)} → ${s.bpm.toFixed(1)} (${s.tempo}) | ${s.beatF?.toFixed(2) ?? '—'} | ${s.downbeatF?.toFixed(2) ?? '—'} | ${s.key ? `${s.key.reference} → ${s.key.estimate}, ${s.key.score}` : '—'} | ${s.chordRoot?.toFixed(2) ?? '—'} | ${s.chordMajmin?.toFixed(2) ?? '—'} |`),
  ];
  return lines.join('\n') + '\n';
}
