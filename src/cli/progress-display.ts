/**
 * Shows library progress callbacks in a terminal: a cli-progress bar on a TTY;
 * otherwise plain lines, at most one per 10% step and per 5 seconds, and always
 * the line that completes a phase. Both show an ETA from one clock per phase,
 * which survives `stop()` (the CLI stops the bar to print an epoch's line; the
 * estimate must not start over when the bar comes back).
 */
import cliProgress from 'cli-progress';
import type { Progress, ProgressCallback } from '../progress.js';

export interface ProgressDisplay {
  update: ProgressCallback;
  /** Ends the current bar; call before printing results. */
  stop(): void;
}

const formatValues = (values?: Progress['values']) =>
  values ? Object.entries(values).map(([k, v]) => `${k} ${typeof v === 'number' ? (Math.abs(v) < 0.01 && v !== 0 ? v.toExponential(2) : Number(v.toFixed(4))) : v}`).join('  ') : '';

/** "1 min 05 s", "42 s". */
export function formatSeconds(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return s >= 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s} s`;
}

/** Seconds left in each phase, from when the phase was first seen and how far it got since. */
export class EtaClock {
  private readonly phases = new Map<string, { at: number; done: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Seconds left, or null while there is nothing to go on yet. */
  secondsLeft(p: Progress): number | null {
    const time = this.now();
    let start = this.phases.get(p.phase);
    if (!start || p.done < start.done) {
      start = { at: time, done: p.done };
      this.phases.set(p.phase, start);
    }
    const progressed = p.done - start.done;
    const elapsed = (time - start.at) / 1000;
    if (progressed <= 0 || elapsed <= 0 || p.done >= p.total) return p.done >= p.total ? 0 : null;
    return (elapsed / progressed) * (p.total - p.done);
  }
}

export function progressDisplay(label: string, stream: NodeJS.WriteStream = process.stderr, clock = new EtaClock()): ProgressDisplay {
  return stream.isTTY ? barDisplay(label, stream, clock) : lineDisplay(label, stream, clock);
}

function barDisplay(label: string, stream: NodeJS.WriteStream, clock: EtaClock): ProgressDisplay {
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  return {
    update(p) {
      const eta = clock.secondsLeft(p);
      const payload = { extra: formatValues(p.values), left: eta === null ? '…' : formatSeconds(eta) };
      if (!bar || p.phase !== phase) {
        bar?.stop();
        phase = p.phase;
        bar = new cliProgress.SingleBar(
          { stream, format: `${label} ${p.phase} [{bar}] {percentage}% {value}/{total} | ETA {left} {extra}`, barsize: 24, hideCursor: true },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.done, payload);
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, payload);
      }
    },
    stop() {
      bar?.stop();
      bar = null;
      phase = '';
    },
  };
}

const LINE_INTERVAL_MS = 5000;

function lineDisplay(label: string, stream: NodeJS.WriteStream, clock: EtaClock, now: () => number = Date.now): ProgressDisplay {
  let phase = '';
  let lastDecile = -1;
  let lastLine = 0;
  return {
    update(p) {
      const eta = clock.secondsLeft(p);
      const time = now();
      if (p.phase !== phase) {
        phase = p.phase;
        lastDecile = -1;
        lastLine = 0;
      }
      const fraction = p.total > 0 ? p.done / p.total : 1;
      const decile = Math.floor(fraction * 10);
      const complete = p.done >= p.total;
      if (decile === lastDecile || (!complete && time - lastLine < LINE_INTERVAL_MS)) return;
      lastDecile = decile;
      lastLine = time;
      const left = eta !== null && !complete ? ` ETA ${formatSeconds(eta)}` : '';
      stream.write(`${label} ${p.phase}: ${p.done}/${p.total} (${Math.round(fraction * 100)}%)${left} ${formatValues(p.values)}\n`);
    },
    stop() {
      // The next update prints a line; the phase's clock keeps running.
      phase = '';
    },
  };
}
