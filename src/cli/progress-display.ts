/**
 * Shows library progress callbacks in a terminal: a cli-progress bar with ETA
 * on a TTY; otherwise plain lines, at most one per 10% step and per 5 seconds,
 * and always the line that completes a phase.
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

export function progressDisplay(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  return stream.isTTY ? barDisplay(label, stream) : lineDisplay(label, stream);
}

function barDisplay(label: string, stream: NodeJS.WriteStream): ProgressDisplay {
  let bar: cliProgress.SingleBar | null = null;
  let phase = '';
  return {
    update(p) {
      if (!bar || p.phase !== phase) {
        bar?.stop();
        phase = p.phase;
        bar = new cliProgress.SingleBar(
          {
            stream,
            format: `${label} ${p.phase} [{bar}] {percentage}% {value}/{total} | ETA {eta_formatted} {extra}`,
            barsize: 24,
            hideCursor: true,
            etaBuffer: 20,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(p.total, p.done, { extra: formatValues(p.values) });
      } else {
        bar.setTotal(p.total);
        bar.update(p.done, { extra: formatValues(p.values) });
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

function lineDisplay(label: string, stream: NodeJS.WriteStream): ProgressDisplay {
  let phase = '';
  let lastDecile = -1;
  let lastLine = 0;
  let started = Date.now();
  return {
    update(p) {
      const now = Date.now();
      if (p.phase !== phase) {
        phase = p.phase;
        lastDecile = -1;
        lastLine = 0;
        started = now;
      }
      const fraction = p.total > 0 ? p.done / p.total : 1;
      const decile = Math.floor(fraction * 10);
      const complete = p.done >= p.total;
      if (decile === lastDecile || (!complete && now - lastLine < LINE_INTERVAL_MS)) return;
      lastDecile = decile;
      lastLine = now;
      const elapsed = (now - started) / 1000;
      const eta = fraction > 0 && fraction < 1 ? ` ETA ${Math.round((elapsed / fraction) * (1 - fraction))} s` : '';
      stream.write(`${label} ${p.phase}: ${p.done}/${p.total} (${Math.round(fraction * 100)}%)${eta} ${formatValues(p.values)}\n`);
    },
    stop() {
      phase = '';
    },
  };
}
