/** `remixer gate`'s options, written once for the CLI and runGate. */
import type { OptionTable } from '../options.js';

export type GateOptionKey = 'band' | 'listener' | 'previous' | 'work' | 'out' | 'clipsPerSong' | 'workers';

export const GATE_OPTIONS: OptionTable<GateOptionKey> = [
  { key: 'band', flag: '--band', type: 'string', placeholder: 'dir', defaultText: 'the shipped band model', help: 'the band model to gate (a candidate to ship)' },
  { key: 'listener', flag: '--listener', type: 'string', placeholder: 'dir', defaultText: 'the shipped learned listener', help: 'the listener to gate (learned, or a listener folder)' },
  { key: 'previous', flag: '--previous', type: 'string', placeholder: 'dir', defaultText: 'models/band-previous when kept; the shipped band when a candidate is gated', help: 'the previous band, shown beside it' },
  { key: 'work', flag: '--work', type: 'string', placeholder: 'dir', defaultText: 'gate-work', help: 'where the human development sets are built (once) and kept' },
  { key: 'out', flag: '--out', type: 'string', placeholder: 'dir', defaultText: 'WORK/report', help: 'where report.md, report.json and the evaluations are written' },
  { key: 'clipsPerSong', flag: '--clips-per-song', type: 'integer', min: 1, max: 50, default: 2, placeholder: 'n', help: 'clips of each test song evaluated (at the quarter points of the song)' },
  { key: 'workers', flag: '--workers', type: 'integer', min: 0, max: 64, placeholder: 'n', defaultText: 'the cores, at most 4', help: 'clips evaluated in parallel worker threads' },
];
