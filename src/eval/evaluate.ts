/**
 * `remixer eval`: for each song of a split, the source stem goes in and each
 * system's stems are compared with the true stems (metrics.ts). Reports medians
 * over songs with their spread, as Markdown and JSON.
 */
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { STEMS, WINDOW_SECONDS, type Stem } from '../config.js';
import { RemixerError } from '../errors.js';
import { checkOptions } from '../options.js';
import { EVAL_OPTIONS, type EvalOptions } from './options.js';
import { spread } from './summary.js';
import { openDataset } from '../dataset/loader.js';
import { writeFileAtomic, writeJsonAtomic } from '../io/atomic.js';
import { RemixModel } from '../model/saved/remix-model.js';
import { REPORT_JSON, REPORT_MD } from '../model/saved/names.js';
import { METRICS, METRIC_LABELS, AGREEMENT, type Metric, type StemScores, type SongResult, type Spread, type EvalReport } from './report.js';
import { chromaSimilarity, onsetF1, siSdr, spectralDistance } from './metrics.js';
import { meanSpectrumSystem, modelSystem, retrievalSystem, silenceSystem, trueStemsSystem, type StemSystem } from './systems.js';

export { METRICS, METRIC_LABELS, AGREEMENT, type Metric, type StemScores, type SongResult, type Spread, type EvalReport } from './report.js';

export type { EvalOptions } from './options.js';

export function scoreStem(stem: Stem, estimate: Float32Array, reference: Float32Array, sampleRate: number): StemScores {
  return {
    siSdr: siSdr(estimate, reference),
    spectralDistance: spectralDistance(estimate, reference),
    agreement: stem === 'drums' ? onsetF1(estimate, reference, sampleRate) : chromaSimilarity(estimate, reference, sampleRate),
  };
}

export { spread } from './summary.js';

export async function evaluate(options: EvalOptions): Promise<EvalReport> {
  const started = performance.now();
  checkOptions(EVAL_OPTIONS, options);
  const split = options.split ?? 'test';
  const dataset = await openDataset(options.data);
  const model = await RemixModel.load(options.model);
  try {
    const config = model.config;
    if (dataset.sampleRate !== config.sampleRate) {
      throw new RemixerError(`${options.model}: the model was trained at ${config.sampleRate} Hz but the dataset ${options.data} is ${dataset.sampleRate} Hz`);
    }
    let entries = dataset.songs(split);
    if (options.songs?.length) entries = entries.filter((e) => options.songs!.includes(e.id));
    if (entries.length === 0) throw new RemixerError(`${options.data}: no songs in the ${split} split to evaluate`);
    const windowSamples = 2 * Math.round((WINDOW_SECONDS * dataset.sampleRate) / 2);
    const systems: StemSystem[] = [modelSystem(model)];
    if (options.baselines !== false) {
      options.onProgress?.({ phase: 'preparing baselines', done: 0, total: 2 });
      systems.push(await retrievalSystem(dataset, config.sourceStem, windowSamples));
      options.onProgress?.({ phase: 'preparing baselines', done: 1, total: 2 });
      systems.push(await meanSpectrumSystem(dataset), silenceSystem, trueStemsSystem(windowSamples));
      options.onProgress?.({ phase: 'preparing baselines', done: 2, total: 2 });
    }
    const scored = STEMS.filter((s) => s !== config.sourceStem);
    const songs: SongResult[] = [];
    const total = entries.length * systems.length;
    options.onProgress?.({ phase: 'evaluating', done: 0, total });
    for (const entry of entries) {
      const song = await dataset.loadSong(entry, STEMS);
      const result: SongResult = { id: entry.id, systems: {} };
      for (const system of systems) {
        const generated = await system.generate(song.stems[config.sourceStem], song.stems);
        const scores: Partial<Record<Stem, StemScores>> = {};
        for (const stem of scored) {
          if (entry.missingStems.includes(stem)) continue;
          scores[stem] = scoreStem(stem, generated[stem], song.stems[stem], dataset.sampleRate);
        }
        result.systems[system.name] = scores;
        options.onProgress?.({ phase: 'evaluating', done: songs.length * systems.length + Object.keys(result.systems).length, total, values: { song: entry.id, system: system.name } });
      }
      songs.push(result);
    }
    const summary: EvalReport['summary'] = {};
    for (const system of systems) {
      summary[system.name] = {};
      for (const stem of scored) {
        const row: Partial<Record<Metric, Spread | null>> = {};
        for (const metric of METRICS) {
          const values = songs.map((s) => s.systems[system.name]?.[stem]?.[metric]).filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
          row[metric] = spread(values);
        }
        summary[system.name]![stem] = row;
      }
    }
    const report: EvalReport = {
      model: { dir: options.model, architecture: config.architecture, representation: config.representation.type, sourceStem: config.sourceStem, sampleRate: config.sampleRate, preset: config.preset },
      dataset: { dir: options.data, split, songs: entries.length },
      systems: systems.map((s) => s.name),
      stems: scored,
      summary,
      songs,
      seconds: (performance.now() - started) / 1000,
    };
    if (options.out) {
      await fs.mkdir(options.out, { recursive: true });
      await writeJsonAtomic(join(options.out, REPORT_JSON), report);
      await writeFileAtomic(join(options.out, REPORT_MD), formatReport(report));
    }
    return report;
  } finally {
    model.dispose();
  }
}

const cell = (s: Spread | null | undefined, digits: number) =>
  s ? (s.n > 1 ? `${s.median.toFixed(digits)} [${s.q1.toFixed(digits)}, ${s.q3.toFixed(digits)}]` : s.median.toFixed(digits)) : '—';

/** Markdown: one table per stem (systems × metrics), medians with [q1, q3] over songs. */
export function formatReport(report: EvalReport): string {
  const lines: string[] = [
    `# Evaluation: ${report.model.architecture}, ${report.model.representation}, ${report.model.sourceStem} → stems`,
    '',
    `Model \`${report.model.dir}\` (preset ${report.model.preset}, ${report.model.sampleRate} Hz) on the ${report.dataset.split} split of \`${report.dataset.dir}\` (${report.dataset.songs} songs).`,
    'Each cell: median over songs [first quartile, third quartile]. ↑ higher is better, ↓ lower is better.',
    '',
  ];
  for (const stem of report.stems) {
    lines.push(`## ${stem} (musical agreement: ${AGREEMENT[stem]})`, '', `| system | ${METRICS.map((m) => METRIC_LABELS[m]).join(' | ')} |`, `|---|${METRICS.map(() => '---:').join('|')}|`);
    for (const system of report.systems) {
      const row = report.summary[system]?.[stem] ?? {};
      lines.push(`| ${system} | ${cell(row.siSdr, 1)} | ${cell(row.spectralDistance, 1)} | ${cell(row.agreement, 3)} |`);
    }
    lines.push('');
  }
  lines.push(`Evaluated in ${report.seconds.toFixed(0)} s.`);
  return lines.join('\n') + '\n';
}
