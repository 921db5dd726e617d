/**
 * `remixer demo`: the whole system on the embedded default data, end to end —
 * generate the default synthetic dataset, train the default model briefly,
 * remix a held-out solo with it and with the band model Remixer ships, evaluate both
 * against every baseline, report where the files are.
 * Re-running reuses what is already there (the dataset, a finished or resumable model).
 *
 *   OUT/datasets/default/          the dataset        (a folder of datasets, for `remixer serve --data`)
 *   OUT/models/default/            the model          (a folder of models, for `remixer serve --models`)
 *   OUT/models/default/eval/       report.md, report.json (shown in the web app's Compare tab)
 *   OUT/remix/                     remix.wav, remix.mp3, stems/   (the model trained here)
 *   OUT/remix-shipped/             remix.wav, remix.mp3, stems/   (the shipped band model)
 */
import { join } from 'node:path';
import { PROJECT_SAMPLE_RATE, STEMS } from '../config.js';
import { openDataset } from '../dataset/loader.js';
import { songPartPath } from '../dataset/layout.js';
import { synthesizeDataset, SYNTH_DEFAULTS, type SynthOptions } from '../dataset/synth/generate.js';
import { evaluate, formatReport } from '../eval/evaluate.js';
import type { EvalReport } from '../eval/report.js';
import { formatVerdict } from '../eval/verdict.js';
import { exists } from '../io/atomic.js';
import { readModelFile } from '../model/saved/model-dir.js';
import { SHIPPED_BAND_DIR } from '../model/saved/shipped.js';
import { trainModel, type TrainOptions } from '../model/training/train.js';
import type { ProgressCallback } from '../progress.js';
import { remix, type RemixResult } from '../remix/remix.js';
import { DEFAULT_PRESET, PRESETS } from '../model/config.js';
import { DEFAULT_CHOICE } from './options.js';

export { DEMO_EPOCHS } from './options.js';
import { DEMO_EPOCHS } from './options.js';

export interface DemoOptions {
  out: string;
  epochs?: number;
  /** The dataset to generate (default: the embedded default, SYNTH_DEFAULTS at the project rate). */
  dataset?: Pick<SynthOptions, 'songs' | 'seconds' | 'sampleRate' | 'split'>;
  /** Training settings on top of the default preset (tests shrink the model with these). */
  training?: Omit<TrainOptions, 'data' | 'out' | 'epochs' | 'resume' | 'force' | 'onProgress' | 'onEpoch'>;
  onProgress?: ProgressCallback;
  /** Status lines for the person watching. */
  log?: (line: string) => void;
}

export interface DemoResult {
  data: string;
  model: string;
  remix: RemixResult;
  /** The same solo remixed by the band model Remixer ships. */
  shippedRemix: RemixResult;
  report: EvalReport;
  reportDir: string;
  /** The command that opens the demo's model and dataset in the web app. */
  serveCommand: string;
}

/** Where the demo puts things: folders of datasets and models, as `remixer serve` reads them. */
export function demoPaths(out: string) {
  const model = join(out, 'models', 'default');
  return { datasets: join(out, 'datasets'), models: join(out, 'models'), data: join(out, 'datasets', 'default'), model, remix: join(out, 'remix'), shippedRemix: join(out, 'remix-shipped'), eval: join(model, 'eval') };
}

async function datasetMatches(dir: string, wanted: { songs: number; seconds: number; sampleRate: number }): Promise<boolean> {
  try {
    const m = (await openDataset(dir)).manifest;
    return m.origin.kind === 'synth' && m.origin.seed === SYNTH_DEFAULTS.seed && m.songs.length === wanted.songs && m.clipSeconds === wanted.seconds && m.sampleRate === wanted.sampleRate;
  } catch {
    return false;
  }
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const log = options.log ?? (() => {});
  const epochs = options.epochs ?? DEMO_EPOCHS;
  const paths = demoPaths(options.out);
  const wanted = { songs: options.dataset?.songs ?? SYNTH_DEFAULTS.songs, seconds: options.dataset?.seconds ?? SYNTH_DEFAULTS.seconds, sampleRate: options.dataset?.sampleRate ?? PROJECT_SAMPLE_RATE };
  log(`Remixer demo: about ${Math.round(1.5 + (epochs * 15) / 60)} minutes on a 2-core machine; files go to ${options.out}/`);
  log(`  1. the default synthetic dataset (${wanted.songs} songs × ${wanted.seconds} s)  2. the default model, ${epochs} epochs  3. a remix of a held-out solo  4. evaluation against the baselines`);
  log(`  The default model is the ${DEFAULT_PRESET} preset: ${PRESETS[DEFAULT_PRESET].description}.`);
  log(`  Why: of the three representations it fits the solo best (harmonic fit ${DEFAULT_CHOICE.harmonic}, against ${DEFAULT_CHOICE.spectralHarmonic} for the spectral model, on ${DEFAULT_CHOICE.measuredOn}; README, "Three representations").`);

  if (await datasetMatches(paths.data, wanted)) log(`dataset: reusing ${paths.data}`);
  else {
    log(`dataset: generating ${paths.data}`);
    await synthesizeDataset({ ...options.dataset, out: paths.data, force: await exists(paths.data), onProgress: options.onProgress });
  }

  const existing = await readModelFile(paths.model).catch(() => null);
  log(existing ? `model: continuing ${paths.model}` : `model: training ${paths.model}`);
  await trainModel({
    ...options.training,
    data: paths.data,
    out: paths.model,
    epochs,
    resume: existing !== null,
    onProgress: options.onProgress,
    onEpoch: (_, r) => log(`  epoch ${r.epoch}: loss ${r.loss.toPrecision(3)}, validation ${r.valLoss.toPrecision(3)}${r.improved ? ' (best)' : ''}, ${r.seconds.toFixed(0)} s`),
  });
  const model = await readModelFile(paths.model);

  const dataset = await openDataset(paths.data);
  const held = dataset.songs('test')[0]!;
  const solo = songPartPath(paths.data, held, model.sourceStem);
  log(`remix: the ${model.sourceStem} of held-out song ${held.id} → ${paths.remix}/`);
  const remixed = await remix({ solo, model: paths.model, out: join(paths.remix, 'remix.wav'), stemsDir: join(paths.remix, 'stems'), onProgress: options.onProgress });
  log(`remix: the same solo with the band model Remixer ships (no training; ${SHIPPED_BAND_DIR}) → ${paths.shippedRemix}/`);
  const shippedRemix = await remix({ solo, out: join(paths.shippedRemix, 'remix.wav'), stemsDir: join(paths.shippedRemix, 'stems'), onProgress: options.onProgress });

  // The shipped model is evaluated beside the one trained here when it hears at the dataset's rate.
  const shipped = await readModelFile(SHIPPED_BAND_DIR);
  const models = shipped.sampleRate === dataset.sampleRate && shipped.sourceStem === model.sourceStem ? [paths.model, SHIPPED_BAND_DIR] : [paths.model];
  log(`eval: ${models.length === 2 ? 'the model trained here, the shipped band model' : 'the model'} and the baselines on the test split`);
  const report = await evaluate({ models, data: paths.data, out: paths.eval, onProgress: options.onProgress });
  const serveCommand = `node bin/remixer.js serve --models ${paths.models} --data ${paths.datasets}`;
  return { data: paths.data, model: paths.model, remix: remixed, shippedRemix, report, reportDir: paths.eval, serveCommand };
}

export function formatDemoResult(result: DemoResult): string {
  return [
    '',
    formatReport(result.report).trimEnd(),
    '',
    'Verdict, from the medians above (fit first, then each stem):',
    ...formatVerdict(result.report).map((line) => `  ${line}`),
    '',
    'Files:',
    `  dataset  ${result.data}`,
    `  model    ${result.model} (remixer.json, model.json, loss.svg, history.json)`,
    `  remix    ${result.remix.remix}${result.remix.mp3 ? `, ${result.remix.mp3}` : ''} (${result.remix.loudnessLufs.toFixed(1)} LUFS)`,
    `  shipped  ${result.shippedRemix.remix} (the band model Remixer ships${result.shippedRemix.style ? `, style ${result.shippedRemix.style} chosen from the solo` : ''})`,
    `  stems    ${STEMS.map((s) => result.remix.stems[s]).filter(Boolean).join(', ')}`,
    ...(result.remix.analysisPath ? [`  heard    ${result.remix.analysisPath} (tempo, beats, key, chords)`] : []),
    ...(result.remix.midi ? [`  MIDI     ${result.remix.midi} (the band's parts on the solo's tempo map)`] : []),
    `  report   ${result.reportDir}/report.md, ${result.reportDir}/report.json`,
    '',
    `Open them in the web app: ${result.serveCommand}`,
  ].join('\n') + '\n';
}
