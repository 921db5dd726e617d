/**
 * The verdict a person reads at the end of the demo, derived from the report's own
 * medians (so it cannot contradict the table): for the first model, on each fit
 * metric and on each stem's note onsets and spectral distance, whether it beats each
 * baseline that bounds it — the template band, another song's band, the echo.
 */
import { METRIC_INFO, type EvalReport, type FitMetric, type Metric, type StemMetric } from './report.js';
import type { Stem } from '../config.js';

export const VERDICT_BASELINES = ['template-band', 'another-song', 'echo', 'retrieval', 'mean-spectrum'] as const;

export interface Claim {
  model: string;
  baseline: string;
  metric: Metric;
  stem: Stem | null;
  modelValue: number;
  baselineValue: number;
  /** The model's median is better than the baseline's. */
  better: boolean;
}

export function verdictClaims(report: EvalReport): Claim[] {
  const model = report.systems.find((s) => s.kind === 'model')?.name;
  if (!model) return [];
  const median = (system: string, metric: Metric, stem: Stem | null) =>
    (stem === null ? report.summary[system]?.fit[metric as FitMetric] : report.summary[system]?.stems[stem]?.[metric as StemMetric])?.median;
  const claims: Claim[] = [];
  const targets: [Metric, Stem | null][] = [['harmonicFit', null], ['rhythmicFit', null], ...report.stems.flatMap((stem) => [['onsetF1', stem], ['spectralDistance', stem]] as [Metric, Stem][])];
  for (const [metric, stem] of targets) {
    for (const baseline of VERDICT_BASELINES) {
      const [m, b] = [median(model, metric, stem), median(baseline, metric, stem)];
      if (m === undefined || b === undefined || m === null || b === null) continue;
      claims.push({ model, baseline, metric, stem, modelValue: m, baselineValue: b, better: METRIC_INFO[metric].higherIsBetter ? m > b : m < b });
    }
  }
  return claims;
}

/** One line per metric: which baselines the model beats and which it does not, with the medians. */
export function formatVerdict(report: EvalReport): string[] {
  const claims = verdictClaims(report);
  const groups = new Map<string, Claim[]>();
  for (const c of claims) {
    const key = `${c.stem ? `${c.stem} ` : ''}${METRIC_INFO[c.metric].label}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.entries()].map(([what, list]) => {
    const digits = METRIC_INFO[list[0]!.metric].digits;
    const f = (x: number) => x.toFixed(digits);
    const beats = list.filter((c) => c.better).map((c) => `${c.baseline} ${f(c.baselineValue)}`);
    const loses = list.filter((c) => !c.better).map((c) => `${c.baseline} ${f(c.baselineValue)}`);
    return `${what}: ${list[0]!.model} ${f(list[0]!.modelValue)}; better than ${beats.length ? beats.join(', ') : 'none'}; not better than ${loses.length ? loses.join(', ') : 'none'}`;
  });
}
