/**
 * `remixer demo`: the whole system on the embedded default data, end to end —
 * generate the default synthetic dataset, train the default model briefly,
 * remix a held-out solo, evaluate against every baseline, report where the files are.
 * Re-running reuses what is already there (the dataset, a finished or resumable model).
 */
import { join } from 'node:path';
import { STEMS } from '../config.js';
import { openDataset } from '../dataset/loader.js';
import { songPartPath } from '../dataset/layout.js';
import { synthesizeDataset, SYNTH_DEFAULTS } from '../dataset/synth/generate.js';
import { evaluate, formatReport, type EvalReport } from '../eval/evaluate.js';
import { exists } from '../io/atomic.js';
import { readModelFile } from '../model/model-dir.js';
import { trainModel } from '../model/train.js';
import type { ProgressCallback } from '../progress.js';
import { remix, type RemixResult } from '../remix/remix.js';

export const DEMO_EPOCHS = 20;

export interface DemoOptions {
  out: string;
  epochs?: number;
  onProgress?: ProgressCallback;
  /** Status lines for the person watching. */
  log?: (line: string) => void;
}

export interface DemoResult {
  data: string;
  model: string;
  remix: RemixResult;
  report: EvalReport;
  reportDir: string;
}

async function datasetIsDefault(dir: string): Promise<boolean> {
  try {
    const m = (await openDataset(dir)).manifest;
    return m.origin.kind === 'synth' && m.origin.seed === SYNTH_DEFAULTS.seed && m.songs.length === SYNTH_DEFAULTS.songs && m.clipSeconds === SYNTH_DEFAULTS.seconds;
  } catch {
    return false;
  }
}

/** One line per stem: how the model compares with nearest-neighbour retrieval. */
export function verdict(report: EvalReport): string[] {
  return report.stems.map((stem) => {
    const model = report.summary['model']?.[stem];
    const retrieval = report.summary['retrieval']?.[stem];
    const d = [model?.spectralDistance?.median, retrieval?.spectralDistance?.median];
    const a = [model?.agreement?.median, retrieval?.agreement?.median];
    if (d.some((v) => v === undefined) || a.some((v) => v === undefined)) return `${stem}: no comparison`;
    const closer = d[0]! < d[1]! ? 'closer in spectrum than' : 'further in spectrum than';
    const agrees = a[0]! > a[1]! ? 'better musical agreement' : 'weaker musical agreement';
    return `${stem}: the model is ${closer} retrieval (${d[0]!.toFixed(1)} vs ${d[1]!.toFixed(1)} dB) with ${agrees} (${a[0]!.toFixed(3)} vs ${a[1]!.toFixed(3)})`;
  });
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? (() => {});
  const epochs = options.epochs ?? DEMO_EPOCHS;
  const data = join(options.out, 'data');
  const modelDir = join(options.out, 'model');
  log(`Remixer demo: about ${Math.round(1.5 + (epochs * 15) / 60)} minutes on a 2-core machine; files go to ${options.out}/`);
  log(`  1. the default synthetic dataset (${SYNTH_DEFAULTS.songs} songs × ${SYNTH_DEFAULTS.seconds} s)  2. the default model, ${epochs} epochs  3. a remix of a held-out solo  4. evaluation against the baselines`);

  if (await datasetIsDefault(data)) log(`dataset: reusing ${data}`);
  else {
    log(`dataset: generating ${data}`);
    await synthesizeDataset({ out: data, force: await exists(data), onProgress: options.onProgress });
  }

  const existing = await readModelFile(modelDir).catch(() => null);
  log(existing ? `model: continuing ${modelDir}` : `model: training ${modelDir}`);
  await trainModel({
    data,
    out: modelDir,
    epochs,
    resume: existing !== null,
    onProgress: options.onProgress,
    onEpoch: (_, r) => log(`  epoch ${r.epoch}: loss ${r.loss.toPrecision(3)}, validation ${r.valLoss.toPrecision(3)}${r.improved ? ' (best)' : ''}, ${r.seconds.toFixed(0)} s`),
  });
  const model = await readModelFile(modelDir);

  const dataset = await openDataset(data);
  const held = dataset.songs('test')[0]!;
  const solo = songPartPath(data, held, model.sourceStem);
  log(`remix: the ${model.sourceStem} of held-out song ${held.id} → ${options.out}/remix/`);
  const remixed = await remix({ solo, model: modelDir, out: join(options.out, 'remix', 'remix.wav'), stemsDir: join(options.out, 'remix', 'stems'), onProgress: options.onProgress });

  log('eval: the model and the baselines on the test split');
  const reportDir = join(options.out, 'eval');
  const report = await evaluate({ model: modelDir, data, out: reportDir, onProgress: options.onProgress });
  return { data, model: modelDir, remix: remixed, report, reportDir };
}

export function formatDemoResult(result: DemoResult): string {
  return [
    '',
    formatReport(result.report).trimEnd(),
    '',
    'Verdict against nearest-neighbour retrieval:',
    ...verdict(result.report).map((line) => `  ${line}`),
    '',
    'Files:',
    `  dataset  ${result.data}`,
    `  model    ${result.model} (remixer.json, model.json, loss.svg, history.json)`,
    `  remix    ${result.remix.remix}${result.remix.mp3 ? `, ${result.remix.mp3}` : ''} (${result.remix.loudnessLufs.toFixed(1)} LUFS)`,
    `  stems    ${STEMS.map((s) => result.remix.stems[s]).filter(Boolean).join(', ')}`,
    `  report   ${result.reportDir}/report.md, ${result.reportDir}/report.json`,
  ].join('\n') + '\n';
}
