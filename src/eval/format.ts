/**
 * report.md: what was compared and where the baselines come from; a table per stem
 * and one for fit, every column explained in a line, the best value of each column
 * in bold (models and baselines; true-stems is the reference); paired comparisons as
 * differences with bootstrap intervals — numbers, never a verdict that could
 * contradict them; and the pictures.
 */
import { bestSystem, FIT_METRICS, measureKey, METRIC_INFO, MUSICIANSHIP_MEASURES, STEM_METRICS, type EvalReport, type Metric, type SilentParts, type Spread } from './report.js';
import type { Stem } from '../config.js';

const cell = (s: Spread | null | undefined, digits: number, best: boolean) => {
  if (!s) return '—';
  const text = s.n > 1 ? `${s.median.toFixed(digits)} [${s.q1.toFixed(digits)}, ${s.q3.toFixed(digits)}]` : s.median.toFixed(digits);
  return best ? `**${text}**` : text;
};

const signed = (x: number, digits: number) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;

/** "score vs spectral: bass note onsets F1 +0.31 [+0.22, +0.40]". */
export function comparisonLine(c: EvalReport['comparisons'][number]): string {
  const info = METRIC_INFO[c.metric];
  const what = `${c.stem ? `${c.stem} ` : ''}${info.label.replace(/ [↑↓]$/, '')}`;
  return `${c.a} vs ${c.b}: ${what} ${signed(c.mean, info.digits)} [${signed(c.low, info.digits)}, ${signed(c.high, info.digits)}] (${c.songs} songs)`;
}

function table(report: EvalReport, metrics: readonly Metric[], stem: Stem | null): string[] {
  const lines = [`| system | ${metrics.map((m) => METRIC_INFO[m].label).join(' | ')} |`, `|---|${metrics.map(() => '---:').join('|')}|`];
  for (const system of report.systems) {
    const summary = report.summary[system.name];
    const values = metrics.map((m) => {
      const spread = stem === null ? summary?.fit[m as (typeof FIT_METRICS)[number]] : summary?.stems[stem]?.[m as (typeof STEM_METRICS)[number]];
      return cell(spread, METRIC_INFO[m].digits, bestSystem(report, m, stem) === system.name);
    });
    lines.push(`| ${system.kind === 'model' ? `**${system.name}**` : system.name} | ${values.join(' | ')} |`);
  }
  return lines;
}

/** "2 of 14" songs where a part is silent while the true part plays. */
const silentCell = (silent: SilentParts | undefined, stem: 'bass' | 'other') => (silent ? `${silent.silentWhereTruePlays[stem] ?? 0} of ${silent.songs - (silent.trueSilent[stem] ?? 0)}` : '—');

/** The musicianship table: every system that played notes, and the true parts (their quartiles are the range to be in). */
export function musicianshipTable(report: EvalReport): string[] {
  const players = report.systems.filter((s) => report.summary[s.name]?.musicianship);
  if (!players.length && !report.truth) return [];
  const measures = MUSICIANSHIP_MEASURES.filter((m) => report.stems.includes(m.part));
  const inside = (s: Spread | null | undefined, key: string) => {
    const range = report.truth?.[key];
    return s && range && range.n > 1 && s.median >= range.q1 - 1e-9 && s.median <= range.q3 + 1e-9;
  };
  const lines = [
    `| system | ${measures.map((m) => m.label).join(' | ')} | bass silent where the true bass plays | other silent where the true part plays |`,
    `|---|${measures.map(() => '---:').join('|')}|---:|---:|`,
  ];
  for (const system of players) {
    const summary = report.summary[system.name]!;
    const cells = measures.map((m) => {
      const key = measureKey(m);
      const text = cell(summary.musicianship?.[key], m.digits, false);
      return inside(summary.musicianship?.[key], key) ? `${text} ✓` : text;
    });
    lines.push(`| ${system.kind === 'model' ? `**${system.name}**` : system.name} | ${cells.join(' | ')} | ${silentCell(summary.silent, 'bass')} | ${silentCell(summary.silent, 'other')} |`);
  }
  if (report.truth) {
    const truthSilent = (stem: 'bass' | 'other') => {
      const silent = report.summary[players[0]?.name ?? '']?.silent;
      return silent ? `silent in ${silent.trueSilent[stem] ?? 0} of ${silent.songs}` : '—';
    };
    lines.push(`| *the true parts* | ${measures.map((m) => cell(report.truth![measureKey(m)], m.digits, false)).join(' | ')} | ${truthSilent('bass')} | ${truthSilent('other')} |`);
  }
  return lines;
}

const leftOutSongs = (report: EvalReport) => [...new Set((report.leftOut ?? []).map((l) => l.song))];

export function formatReport(report: EvalReport): string {
  const models = report.systems.filter((s) => s.kind === 'model');
  const lines: string[] = [
    `# Evaluation: ${models.map((m) => `${m.name} (${m.model?.representation}, ${m.model?.architecture})`).join(', ')}; ${report.sourceStem} solo → band`,
    '',
    `The ${report.dataset.split} split of \`${report.dataset.dir}\` (${report.dataset.songs} songs, ${report.sampleRate} Hz). Baselines from \`${report.baselinesFrom.dir}\`: ${report.baselinesFrom.why}.`,
    ...(report.leftOut?.length ? ['', `Left out: ${leftOutSongs(report).length} song(s) a system could not play (listed at the end); the figures are over the ${report.dataset.songs - leftOutSongs(report).length} songs every system played.`] : []),
    'Each cell: median over songs [first quartile, third quartile]; ↑ higher is better, ↓ lower is better; the best model or baseline per column in bold (true-stems is the reference, the best possible).',
    '',
    '## Systems',
    '',
    ...report.systems.map((s) => `- **${s.name}** (${s.kind}): ${s.description}`),
    '',
    '## Fit to the solo',
    '',
    ...FIT_METRICS.map((m) => `- ${METRIC_INFO[m].label}: ${METRIC_INFO[m].explanation}`),
    '',
    ...table(report, FIT_METRICS, null),
    '',
    'The echo row shows why fit is read beside the spectral distances: an echo of the solo fits its harmony by construction, and is no band.',
    '',
  ];
  const musicianship = musicianshipTable(report);
  if (musicianship.length) {
    lines.push(
      '## Musicianship',
      '',
      "Measured on the notes each band played, against the song's own beats and bars (not on what a beat tracker heard), beside the same measures of the true parts: timekeepers together — of the steps where a hi-hat or ride strikes, the share where two or more different ones strike; kick and snare together — of the kick-or-snare steps, the share with both; bar-to-bar repetition — Jaccard similarity of consecutive bars' drum patterns; hits and notes per bar; range — the 5th to 95th percentile of the part's pitches. ✓: the median is inside the true parts' interquartile range.",
      '',
      ...musicianship,
      '',
    );
  }
  lines.push('## Per stem', '', ...STEM_METRICS.map((m) => `- ${METRIC_INFO[m].label}: ${METRIC_INFO[m].explanation}`), '');
  for (const stem of report.stems) lines.push(`### ${stem}`, '', ...table(report, STEM_METRICS, stem), '');
  if (report.comparisons.length) {
    lines.push('## Paired comparisons', '', 'Mean per-song difference (first minus second) with a bootstrap 95 % interval; an interval that excludes 0 is a difference the songs support.', '');
    for (const c of report.comparisons) lines.push(`- ${comparisonLine(c)}`);
    lines.push('');
  }
  if (report.leftOut?.length) {
    lines.push('## Left out', '', 'Songs a system could not play, and why:', '');
    for (const l of report.leftOut) lines.push(`- ${l.song}, ${l.system}: ${l.reason}`);
    lines.push('');
  }
  if (report.pictures.length) {
    lines.push('## Pictures', '', 'True and generated stems side by side (log-frequency spectrograms; piano rolls for parts given as notes):', '');
    for (const p of report.pictures) lines.push(`- ${p.song}: ![${p.song}](${p.file})`);
    lines.push('');
  }
  lines.push(`Evaluated in ${report.seconds.toFixed(0)} s.`);
  return lines.join('\n') + '\n';
}
