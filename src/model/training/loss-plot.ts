/** Loss curves as standalone SVG (the paper's figures 4-7, with validation added). */

export interface LossPoint {
  epoch: number;
  loss: number;
  valLoss: number;
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min || 1;
  const step = 10 ** Math.floor(Math.log10(span / count));
  const factor = [1, 2, 5, 10].find((f) => span / (f * step) <= count) ?? 10;
  const unit = factor * step;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / unit) * unit; v <= max + unit * 1e-9; v += unit) ticks.push(Number(v.toPrecision(12)));
  return ticks;
}

export function lossCurveSvg(history: readonly LossPoint[], title: string): string {
  const width = 640, height = 360;
  const left = 70, right = 20, top = 36, bottom = 46;
  const plotW = width - left - right, plotH = height - top - bottom;
  const values = history.flatMap((h) => [h.loss, h.valLoss]).filter((v) => Number.isFinite(v) && v > 0);
  const logScale = values.length > 0 && Math.max(...values) / Math.min(...values) > 30;
  const f = (v: number) => (logScale ? Math.log10(v) : v);
  const lo = values.length ? f(Math.min(...values)) : 0;
  const hi = values.length ? f(Math.max(...values)) : 1;
  const pad = (hi - lo) * 0.05 || 0.5;
  const y0 = lo - pad, y1 = hi + pad;
  const maxEpoch = Math.max(1, ...history.map((h) => h.epoch));
  const x = (epoch: number) => left + (maxEpoch === 1 ? plotW / 2 : ((epoch - 1) / (maxEpoch - 1)) * plotW);
  const y = (v: number) => top + plotH - ((f(v) - y0) / (y1 - y0)) * plotH;
  const line = (key: 'loss' | 'valLoss') =>
    history.filter((h) => Number.isFinite(h[key]) && h[key] > 0).map((h, i) => `${i ? 'L' : 'M'}${x(h.epoch).toFixed(1)},${y(h[key]).toFixed(1)}`).join(' ');
  const best = history.reduce<LossPoint | null>((b, h) => (Number.isFinite(h.valLoss) && (!b || h.valLoss < b.valLoss) ? h : b), null);
  const yTicks = logScale ? niceTicks(y0, y1, 5).map((t) => 10 ** t) : niceTicks(y0, y1, 6);
  const xTicks = niceTicks(1, maxEpoch, 8).filter((t) => Number.isInteger(t) && t >= 1);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="20" text-anchor="middle" font-size="14">${escape(title)}</text>`,
    `<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" fill="none" stroke="#888"/>`,
    ...yTicks.map((t) => `<line x1="${left}" x2="${left + plotW}" y1="${y(t).toFixed(1)}" y2="${y(t).toFixed(1)}" stroke="#eee"/><text x="${left - 6}" y="${(y(t) + 4).toFixed(1)}" text-anchor="end">${t.toPrecision(3)}</text>`),
    ...xTicks.map((t) => `<text x="${x(t).toFixed(1)}" y="${top + plotH + 16}" text-anchor="middle">${t}</text>`),
    `<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle">epoch</text>`,
    `<text transform="translate(16 ${top + plotH / 2}) rotate(-90)" text-anchor="middle">MSE loss${logScale ? ' (log scale)' : ''}</text>`,
    `<path d="${line('loss')}" fill="none" stroke="#1f77b4" stroke-width="2"/>`,
    `<path d="${line('valLoss')}" fill="none" stroke="#ff7f0e" stroke-width="2"/>`,
    best ? `<circle cx="${x(best.epoch).toFixed(1)}" cy="${y(best.valLoss).toFixed(1)}" r="4" fill="#ff7f0e"><title>best: epoch ${best.epoch}, ${best.valLoss}</title></circle>` : '',
    `<g transform="translate(${left + plotW - 150} ${top + 10})"><rect width="140" height="40" fill="white" stroke="#ccc"/>`,
    `<line x1="8" x2="28" y1="13" y2="13" stroke="#1f77b4" stroke-width="2"/><text x="34" y="17">training</text>`,
    `<line x1="8" x2="28" y1="30" y2="30" stroke="#ff7f0e" stroke-width="2"/><text x="34" y="34">validation</text></g>`,
    '</svg>',
  ];
  return parts.join('\n') + '\n';
}
