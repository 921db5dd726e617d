/** Piano rolls of a score model's generated parts: one canvas per stem, time across, pitch up. */
import type { RemixRecord } from './api';

export function renderPianoRolls(container: HTMLElement, record: RemixRecord): void {
  container.replaceChildren();
  const notes = record.result?.notes ?? {};
  const seconds = record.result?.seconds ?? 1;
  for (const [stem, list] of Object.entries(notes)) {
    if (!list || list.length === 0) continue;
    const figure = document.createElement('figure');
    figure.className = 'piano-roll';
    figure.dataset['stem'] = stem;
    figure.dataset['notes'] = String(list.length);
    figure.innerHTML = `<figcaption>${stem}: ${list.length} notes</figcaption>`;
    const canvas = document.createElement('canvas');
    canvas.width = 1000;
    canvas.height = 120;
    figure.append(canvas);
    container.append(figure);
    const g = canvas.getContext('2d');
    if (!g) continue;
    g.fillStyle = '#10101a';
    g.fillRect(0, 0, canvas.width, canvas.height);
    const low = Math.min(...list.map((n) => n.pitch)) - 1;
    const high = Math.max(...list.map((n) => n.pitch)) + 1;
    const row = canvas.height / (high - low + 1);
    for (const n of list) {
      g.fillStyle = `hsl(${30 + 200 * (1 - n.velocity)}, 80%, ${40 + 30 * n.velocity}%)`;
      const x = (n.start / seconds) * canvas.width;
      const w = Math.max(2, ((stem === 'drums' ? 0.08 : n.duration) / seconds) * canvas.width);
      g.fillRect(x, (high - n.pitch) * row, w, Math.max(2, row - 1));
    }
  }
}
