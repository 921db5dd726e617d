/**
 * "Correct what was heard, and play it again": the Mix view's editor of a remix's
 * analysis — the heard beats halved, doubled or moved half a beat where they are (their
 * timing kept), or a steady tempo typed; beats per bar, the first
 * downbeat, and the chord chart, one chord per bar (typed, or by clicking a bar of the
 * chart above). The fields' bounds are the remix options' own (CORRECTION_OPTIONS);
 * the server checks them again and plays the band again with every part's seed kept.
 */
import { CORRECTION_OPTIONS } from '../analysis/correction-options';
import type { AnalysisSummary } from '../analysis/summary';
import type { RemixCorrections } from '../server/api-types';

/** The chart as heard: the chord at each downbeat, bars joined by " | " (what --chords reads). */
export function heardChart(analysis: AnalysisSummary): string {
  return analysis.downbeats
    .map((t) => {
      const names = analysis.chords.filter((c) => c.end > t + 0.01 && c.start <= t + 0.01).map((c) => c.name);
      return names[0] ?? 'N';
    })
    .join(' | ');
}

/** The chart's bars, one chord name each. */
const barsOf = (chart: string) => chart.split(/\s*\|\s*|\s+/).filter(Boolean);

/** The chart with bar `bar` (1-based, from the first downbeat) set to `chord`. */
export function setBar(chart: string, bar: number, chord: string): string {
  const bars = barsOf(chart);
  while (bars.length < bar) bars.push('%');
  bars[bar - 1] = chord;
  return bars.join(' | ');
}

export class AnalysisEditor {
  private analysis: AnalysisSummary | null = null;

  constructor(
    private readonly form: HTMLFormElement,
    private readonly onSubmit: (corrections: RemixCorrections) => void,
  ) {
    for (const spec of CORRECTION_OPTIONS) {
      const input = form.querySelector<HTMLInputElement>(`input[name=${spec.key}]`);
      if (!input || (spec.type !== 'number' && spec.type !== 'integer')) continue;
      if ('min' in spec && spec.min !== undefined) input.min = String(spec.min);
      if ('max' in spec && spec.max !== undefined) input.max = String(spec.max);
      input.step = spec.type === 'integer' ? '1' : 'any';
      input.title = spec.help;
    }
    const tempo = this.field('tempo');
    // ½×, 2× and "½ beat later" change the heard beats where they are (never a rounded tempo):
    // one of them at a time, pressed again to let go; a typed tempo takes their place.
    for (const button of form.querySelectorAll<HTMLButtonElement>('[data-beats]')) {
      button.addEventListener('click', () => this.setBeats(this.field('beats').value === button.dataset['beats'] ? '' : button.dataset['beats']!));
    }
    tempo.addEventListener('input', () => {
      if (tempo.value !== '') this.setBeats('');
    });
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const corrections: RemixCorrections = {};
      const beats = this.field('beats').value;
      if (beats !== '') corrections.beats = beats as NonNullable<RemixCorrections['beats']>;
      for (const key of ['tempo', 'meter', 'firstDownbeat'] as const) if (this.field(key).value !== '') corrections[key] = Number(this.field(key).value);
      const chart = this.field('chords').value.trim();
      if (this.analysis && chart !== '' && chart !== heardChart(this.analysis)) corrections.chords = chart;
      this.onSubmit(corrections);
    });
  }

  /** One beat change pressed (or none): the hidden field the form sends, the buttons' state, and no typed tempo beside it. */
  private setBeats(change: string): void {
    this.field('beats').value = change;
    for (const button of this.form.querySelectorAll<HTMLButtonElement>('[data-beats]')) button.setAttribute('aria-pressed', String(button.dataset['beats'] === change));
    if (change !== '') this.field('tempo').value = '';
  }

  private field(name: string): HTMLInputElement | HTMLTextAreaElement {
    return this.form.querySelector<HTMLInputElement | HTMLTextAreaElement>(`[name=${name}]`)!;
  }

  /** Shows what was heard (as placeholders, and the chart as text to edit). */
  show(analysis: AnalysisSummary | null, given: RemixCorrections | undefined): void {
    this.analysis = analysis;
    if (!analysis) return;
    const tempo = this.field('tempo');
    tempo.value = given?.tempo !== undefined ? String(given.tempo) : '';
    this.setBeats(given?.beats ?? '');
    tempo.placeholder = analysis.tempo.bpm.toFixed(1);
    const meter = this.field('meter');
    meter.value = given?.meter !== undefined ? String(given.meter) : '';
    meter.placeholder = String(analysis.beatsPerBar);
    const first = this.field('firstDownbeat');
    first.value = given?.firstDownbeat !== undefined ? String(given.firstDownbeat) : '';
    first.placeholder = (analysis.downbeats[0] ?? 0).toFixed(2);
    this.field('chords').value = given?.chords ?? heardChart(analysis);
  }

  /** A bar of the chart above was clicked: an input in the bar takes its chord, written into the chart. */
  editBar(cell: HTMLElement): void {
    const bar = Number(cell.dataset['bar']);
    if (!(bar >= 1) || cell.querySelector('input')) return;
    const before = cell.textContent ?? '';
    const input = Object.assign(document.createElement('input'), { type: 'text', value: before === '·' ? '' : before.split(' ')[0], size: 5, title: 'the chord of this bar (C, Am, G7, Fmaj7, Bm7, Bdim, Dsus4; N for none); Enter to keep it' });
    input.setAttribute('aria-label', `bar ${bar}: chord`);
    cell.replaceChildren(input);
    input.focus();
    input.select();
    let done = false;
    const finish = (keep: boolean) => {
      if (done) return;
      done = true;
      const chord = input.value.trim();
      cell.textContent = keep && chord !== '' ? chord : before;
      if (!keep || chord === '') return;
      const chart = this.field('chords');
      chart.value = setBar(chart.value, bar, chord);
      this.form.closest('details')?.setAttribute('open', '');
    };
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') finish(true);
      if (event.key === 'Escape') finish(false);
    });
    input.addEventListener('blur', () => finish(true));
  }
}
