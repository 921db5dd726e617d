/**
 * The release gate's criteria: what the band and the listener must do on the human
 * development set before a shipped model changes — the "done when" of the band issue
 * (a band with memory) and of the listening issue, written once, as data and pure checks.
 */
import type { Spread } from '../eval/report.js';

/** A paired difference (candidate − template band) with its bootstrap 95 % interval. */
export interface Difference {
  mean: number;
  low: number;
  high: number;
  clips: number;
}

/** What the criteria read: the band's figures beside the template's, the true parts', and the listener's. */
export interface GateFigures {
  /** band − template band (the same analysis), per metric key ("bass.onsetF1", "fit.harmonicFit"). */
  differences: Record<string, Difference | null>;
  /** The band's musicianship and the true parts', per measure key ("drums.timekeepersTogether"). */
  band: Record<string, Spread | null>;
  truth: Record<string, Spread | null>;
  /** Clips where the band's part is silent while the true part plays, per part. */
  silentWhereTruePlays: Record<string, number>;
  listening: {
    clips: number;
    tempoWithin4: number;
    beatF: Spread | null;
    downbeatF: Spread | null;
    /** Share of clips heard at the right tempo but off the beat (beat F < 0.2). */
    rightTempoOffBeat: number;
  };
}

export interface Criterion {
  id: string;
  /** The issue it comes from, in words. */
  from: 'band' | 'listening';
  text: string;
  check(figures: GateFigures): { pass: boolean; value: string };
}

export interface CriterionResult {
  id: string;
  from: Criterion['from'];
  text: string;
  pass: boolean;
  value: string;
}

const signed = (x: number, digits = 3) => `${x >= 0 ? '+' : ''}${x.toFixed(digits)}`;
const interval = (d: Difference) => `${signed(d.mean)} [${signed(d.low)}, ${signed(d.high)}] (${d.clips} clips)`;

/** At least `margin` above the template, the interval above 0. */
const better = (key: string, label: string, margin = 0.05): Criterion => ({
  id: `band-${key}`,
  from: 'band',
  text: `${label}: ≥ ${margin} above the template band given the same analysis, interval above 0`,
  check: (f) => {
    const d = f.differences[key];
    return d ? { pass: d.mean >= margin && d.low > 0, value: interval(d) } : { pass: false, value: 'not measured' };
  },
});

/** No lower than the template: the interval includes or exceeds 0. */
const noLower = (key: string, label: string): Criterion => ({
  id: `band-${key}`,
  from: 'band',
  text: `${label}: no lower than the template band (interval includes or exceeds 0)`,
  check: (f) => {
    const d = f.differences[key];
    return d ? { pass: d.high >= 0, value: interval(d) } : { pass: false, value: 'not measured' };
  },
});

/** The band's median inside the true parts' interquartile range. */
const likeTheTruth = (key: string, label: string, digits: number): Criterion => ({
  id: `band-${key}`,
  from: 'band',
  text: `${label}: inside the true parts' interquartile range`,
  check: (f) => {
    const mine = f.band[key], real = f.truth[key];
    if (!mine || !real) return { pass: false, value: 'not measured' };
    return { pass: mine.median >= real.q1 - 1e-9 && mine.median <= real.q3 + 1e-9, value: `${mine.median.toFixed(digits)} (true parts ${real.q1.toFixed(digits)}-${real.q3.toFixed(digits)})` };
  },
});

export const GATE_CRITERIA: readonly Criterion[] = [
  better('bass.onsetF1', 'bass onset F1'),
  better('other.onsetF1', 'other onset F1'),
  better('other.chroma', 'other chroma'),
  noLower('drums.onsetF1', 'drums onset F1'),
  noLower('fit.harmonicFit', 'harmonic fit'),
  {
    id: 'band-timekeepers',
    from: 'band',
    text: 'timekeepers together ≤ 0.05 (one hi-hat or ride at a time)',
    check: (f) => {
      const s = f.band['drums.timekeepersTogether'];
      return s ? { pass: s.median <= 0.05, value: s.median.toFixed(2) } : { pass: false, value: 'not measured' };
    },
  },
  likeTheTruth('drums.kickSnareTogether', 'kick and snare together', 2),
  likeTheTruth('drums.barRepetition', 'bar-to-bar repetition', 2),
  likeTheTruth('drums.hitsPerBar', 'drum hits per bar', 1),
  likeTheTruth('bass.notesPerBar', 'bass notes per bar', 1),
  likeTheTruth('other.notesPerBar', 'other notes per bar', 1),
  {
    id: 'band-silent',
    from: 'band',
    text: 'a part silent only where the true part is silent',
    check: (f) => {
      const parts = Object.entries(f.silentWhereTruePlays).filter(([, n]) => n > 0);
      return { pass: parts.length === 0, value: parts.length ? parts.map(([part, n]) => `${part} silent in ${n} clip${n === 1 ? '' : 's'} where it plays`).join(', ') : 'none' };
    },
  },
  {
    id: 'listening-tempo',
    from: 'listening',
    text: 'tempo within 4 % on ≥ 90 % of clips',
    check: (f) => ({ pass: f.listening.tempoWithin4 >= 0.9, value: `${(100 * f.listening.tempoWithin4).toFixed(0)} % of ${f.listening.clips}` }),
  },
  {
    id: 'listening-beats',
    from: 'listening',
    text: 'beat F median ≥ 0.85',
    check: (f) => ({ pass: (f.listening.beatF?.median ?? 0) >= 0.85, value: f.listening.beatF?.median.toFixed(3) ?? '—' }),
  },
  {
    id: 'listening-off-beat',
    from: 'listening',
    text: 'right tempo but beat F < 0.2 on ≤ 5 % of clips',
    check: (f) => ({ pass: f.listening.rightTempoOffBeat <= 0.05, value: `${(100 * f.listening.rightTempoOffBeat).toFixed(0)} %` }),
  },
  {
    id: 'listening-downbeats',
    from: 'listening',
    text: 'downbeat F median ≥ 0.70',
    check: (f) => ({ pass: (f.listening.downbeatF?.median ?? 0) >= 0.7, value: f.listening.downbeatF?.median.toFixed(3) ?? '—' }),
  },
];

export function checkCriteria(figures: GateFigures, criteria: readonly Criterion[] = GATE_CRITERIA): CriterionResult[] {
  return criteria.map((c) => ({ id: c.id, from: c.from, text: c.text, ...c.check(figures) }));
}
