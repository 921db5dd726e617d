/**
 * What was heard, shown above the waveforms: tempo, meter, key with confidences and
 * warnings, and the chord chart as bars laid out on the same time axis as the
 * waveforms; bar lines are drawn over every waveform at the downbeats.
 */
import type { AnalysisSummary } from '../analysis/summary';
import { chordAt } from '../analysis/summary';
import { escape } from './escape';

const percent = (x: number) => `${Math.round(100 * x)}%`;

export function renderAnalysis(container: HTMLElement, analysis: AnalysisSummary | null, duration: number): void {
  container.replaceChildren();
  if (!analysis) {
    container.innerHTML = '<p class="note">No analysis: the solo gave no steady beat to listen to.</p>';
    return;
  }
  const summary = document.createElement('p');
  summary.className = 'heard';
  summary.innerHTML = `<b data-role="tempo">${analysis.tempo.bpm.toFixed(1)} BPM</b> (${percent(analysis.tempo.confidence)}) · <b data-role="meter">${analysis.beatsPerBar}/4</b> · <b data-role="key">${escape(analysis.key.name)}</b> (${percent(analysis.key.confidence)})`;
  container.append(summary);
  for (const warning of analysis.warnings) container.insertAdjacentHTML('beforeend', `<p class="note warning">${escape(warning)}</p>`);
  const chart = document.createElement('div');
  chart.className = 'chord-chart';
  chart.setAttribute('aria-label', 'chord chart, one box per bar');
  // A pickup before the first downbeat gets its own box (bar 0).
  const first = analysis.downbeats[0] ?? duration;
  const bars = first > 0.25 ? [0, ...analysis.downbeats] : analysis.downbeats;
  const offset = bars.length > analysis.downbeats.length ? 0 : 1;
  bars.forEach((start, i) => {
    const end = bars[i + 1] ?? Math.min(duration, start + (start - (bars[i - 1] ?? start - 2)));
    const cell = document.createElement('span');
    cell.className = 'bar';
    cell.dataset['bar'] = String(i + offset);
    cell.style.left = `${(100 * start) / duration}%`;
    cell.style.width = `${(100 * Math.max(0, end - start)) / duration}%`;
    // The chords that sound in the bar, in order (a bar may change chord).
    const names: string[] = [];
    for (const c of analysis.chords) if (c.end > start + 0.01 && c.start < end - 0.01 && c.name !== 'N' && names[names.length - 1] !== c.name) names.push(c.name);
    cell.textContent = names.length ? names.join(' ') : chordAt(analysis, start) === 'N' ? '·' : chordAt(analysis, start);
    chart.append(cell);
  });
  container.append(chart);
}

/** Thin lines at the downbeats over every waveform. */
export function drawBarLines(tracks: HTMLElement, analysis: AnalysisSummary | null, duration: number): void {
  for (const old of tracks.querySelectorAll('.bar-line')) old.remove();
  if (!analysis || duration <= 0) return;
  for (const waveform of tracks.querySelectorAll<HTMLElement>('.waveform')) {
    for (const t of analysis.downbeats) {
      const line = document.createElement('span');
      line.className = 'bar-line';
      line.style.left = `${(100 * t) / duration}%`;
      waveform.append(line);
    }
  }
}
