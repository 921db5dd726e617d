/**
 * Pictures to look at: true and generated stems side by side, one SVG per song —
 * a row per stem, a column per system, each cell a log-frequency spectrogram
 * (30 Hz–8 kHz, 80 dB range, PNG via pngjs) or, for parts given as notes, a piano
 * roll — with the labels as text. Opens in a browser and in the web app.
 */
import pngjs from 'pngjs';
import type { Stem } from '../config.js';
import type { ScoreNote } from '../score/score.js';
import { stftMagnitude } from '../dsp/stft.js';

const { PNG } = pngjs;

export const CELL = { width: 360, height: 110 } as const;
const LABEL_WIDTH = 70;
const HEADER = 22;
const GAP = 6;
const SPECTROGRAM = { nFft: 2048, minHz: 30, maxHz: 8000, rangeDb: 80 } as const;
const SILENT_DB = -120;

export type Cell = { kind: 'audio'; signal: Float32Array; sampleRate: number } | { kind: 'notes'; notes: readonly ScoreNote[]; seconds: number; drums: boolean };

/** A perceptual dark-to-bright ramp (black → purple → orange → yellow), t in [0, 1]. */
function colour(t: number): [number, number, number] {
  const stops: [number, number, number][] = [[0, 0, 4], [80, 18, 123], [182, 54, 121], [251, 136, 97], [252, 253, 191]];
  const x = Math.max(0, Math.min(1, t)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const [a, b] = [stops[i]!, stops[i + 1]!];
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

function spectrogramPng(signal: Float32Array, sampleRate: number): Buffer {
  const { width, height } = CELL;
  const hop = Math.max(1, Math.floor(signal.length / width));
  const { frames, bins, data } = stftMagnitude(signal, SPECTROGRAM.nFft, hop);
  const png = new PNG({ width, height });
  const values = new Float32Array(width * height);
  let top = -Infinity;
  for (let x = 0; x < width; x++) {
    const frame = Math.min(frames - 1, x);
    for (let y = 0; y < height; y++) {
      const fraction = 1 - y / (height - 1);
      const hz = SPECTROGRAM.minHz * (SPECTROGRAM.maxHz / SPECTROGRAM.minHz) ** fraction;
      const k = Math.min(bins - 1, Math.round((hz * SPECTROGRAM.nFft) / sampleRate));
      const db = 20 * Math.log10(data[frame * bins + k]! + 1e-9);
      values[y * width + x] = db;
      top = Math.max(top, db);
    }
  }
  // A silent stem (nothing above -120 dBFS) is drawn dark, not at the top of its own scale.
  const silent = top < SILENT_DB;
  for (let i = 0; i < values.length; i++) {
    const [r, g, b] = colour(silent ? 0 : 1 - (top - values[i]!) / SPECTROGRAM.rangeDb);
    png.data.set([r, g, b, 255], i * 4);
  }
  return PNG.sync.write(png);
}

function pianoRollPng(notes: readonly ScoreNote[], seconds: number, drums: boolean): Buffer {
  const { width, height } = CELL;
  const png = new PNG({ width, height });
  for (let i = 0; i < width * height; i++) png.data.set([16, 16, 24, 255], i * 4);
  const pitches = notes.map((n) => n.pitch);
  const low = pitches.length ? Math.min(...pitches) - 2 : 36;
  const high = pitches.length ? Math.max(...pitches) + 2 : 84;
  const rowHeight = height / (high - low + 1);
  for (const note of notes) {
    const x0 = Math.floor((note.start / seconds) * width);
    const x1 = Math.max(x0 + 1, Math.ceil(((note.start + (drums ? 0.08 : note.duration)) / seconds) * width));
    const y0 = Math.floor((high - note.pitch) * rowHeight);
    const y1 = Math.max(y0 + 1, Math.floor((high - note.pitch + 1) * rowHeight));
    const [r, g, b] = colour(0.45 + 0.55 * note.velocity);
    for (let y = Math.max(0, y0); y < Math.min(height, y1); y++) for (let x = Math.max(0, x0); x < Math.min(width, x1); x++) png.data.set([r, g, b, 255], (y * width + x) * 4);
  }
  return PNG.sync.write(png);
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An SVG grid: `rows` (stems) × `columns` (systems), `cells[row][column]`. */
export function stemsPicture(title: string, rows: readonly Stem[], columns: readonly string[], cells: (Cell | null)[][]): string {
  const width = LABEL_WIDTH + columns.length * (CELL.width + GAP);
  const height = HEADER * 2 + rows.length * (CELL.height + GAP);
  const parts = [`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="13">`, `<rect width="100%" height="100%" fill="white"/>`, `<text x="4" y="16" font-weight="bold">${escape(title)}</text>`];
  columns.forEach((column, c) => parts.push(`<text x="${LABEL_WIDTH + c * (CELL.width + GAP)}" y="${HEADER + 14}">${escape(column)}</text>`));
  rows.forEach((row, r) => {
    const y = HEADER * 2 + r * (CELL.height + GAP);
    parts.push(`<text x="4" y="${y + CELL.height / 2}">${escape(row)}</text>`);
    columns.forEach((_, c) => {
      const cell = cells[r]?.[c];
      if (!cell) return;
      const png = cell.kind === 'audio' ? spectrogramPng(cell.signal, cell.sampleRate) : pianoRollPng(cell.notes, cell.seconds, cell.drums);
      parts.push(`<image x="${LABEL_WIDTH + c * (CELL.width + GAP)}" y="${y}" width="${CELL.width}" height="${CELL.height}" href="data:image/png;base64,${png.toString('base64')}"/>`);
    });
  });
  parts.push('</svg>');
  return parts.join('\n');
}

export { spectrogramPng, pianoRollPng };
