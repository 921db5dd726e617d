/**
 * Loops on bar lines, set from the keyboard at the playhead: `[` a start, `]` an end, each
 * snapped to the nearest bar line (the heard downbeats, with the recording's start and end as
 * lines too), and a loop said in times and bars. Pure (tested in Node).
 *
 * Bars are numbered from 1 at the first downbeat; time before it is bar 0 (a pickup).
 */
export interface Loop {
  start: number;
  end: number;
}

/** The bar lines of a recording of `duration` seconds: 0, the downbeats inside it, and the end. */
export function barLines(downbeats: readonly number[], duration: number): number[] {
  return [...new Set([0, ...downbeats.filter((t) => t > 0 && t < duration), duration])].sort((a, b) => a - b);
}

/** The bar line nearest `t`. */
export function nearestBarLine(t: number, lines: readonly number[]): number {
  return lines.reduce((best, line) => (Math.abs(line - t) < Math.abs(best - t) ? line : best), lines[0] ?? 0);
}

/** `[` at `t`: the loop starts at the nearest bar line and keeps its end when that is later, else ends a bar later. */
export function loopFromStart(t: number, loop: Loop | null, lines: readonly number[]): Loop | null {
  const start = nearestBarLine(t, lines);
  const end = loop && loop.end > start ? loop.end : lines.find((line) => line > start);
  return end === undefined ? null : { start, end };
}

/** `]` at `t`: the loop ends at the nearest bar line and keeps its start when that is earlier, else starts a bar before. */
export function loopFromEnd(t: number, loop: Loop | null, lines: readonly number[]): Loop | null {
  let end = nearestBarLine(t, lines);
  if (end === lines[0]) end = lines[1] ?? end; // a loop cannot end at the very start
  const start = loop && loop.start < end ? loop.start : [...lines].reverse().find((line) => line < end);
  return start === undefined ? null : { start, end };
}

/** The bar (1 from the first downbeat, 0 before it) that time `t` falls in. */
export function barAt(t: number, downbeats: readonly number[]): number {
  let bar = 0;
  for (const d of downbeats) if (d <= t + 1e-6) bar++;
  return bar;
}

/** "loop 0:02.00–0:06.00, bars 2–3" (the bars it covers); "no loop" for none. */
export function loopWords(loop: Loop | null, downbeats: readonly number[]): string {
  if (!loop) return 'no loop';
  const time = (t: number) => `${Math.floor(t / 60)}:${(t % 60).toFixed(2).padStart(5, '0')}`;
  const first = barAt(loop.start, downbeats);
  const last = barAt(loop.end - 1e-3, downbeats);
  const bars = downbeats.length ? `, bar${first === last ? ` ${first}` : `s ${first}–${last}`}` : '';
  return `loop ${time(loop.start)}–${time(loop.end)}${bars}`;
}
