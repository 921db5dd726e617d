/**
 * The analysis in words: a summary (tempo, meter, key with confidences), a chord
 * chart with one line per bar — `bar 5  | Am7 . . . |` — where each beat shows the
 * chord that starts on it or "." while the chord holds, and the analysis as JSON
 * (typed arrays as plain arrays).
 */
import type { Analysis } from './analyse.js';
import type { AnalysisSummary } from './summary.js';
import { notatedTempo } from './tempo-map.js';

export function formatSummary(analysis: Analysis): string {
  const percent = (x: number) => `${Math.round(100 * x)}%`;
  return [
    `tempo ${analysis.tempo.bpm.toFixed(1)} BPM (confidence ${percent(analysis.tempo.confidence)}), ${analysis.beats.length} beats`,
    `meter ${analysis.beatsPerBar}/4 (confidence ${percent(analysis.meterConfidence)}), first downbeat at ${analysis.downbeats[0]?.toFixed(2) ?? '?'} s`,
    `key ${analysis.key.name} (confidence ${percent(analysis.key.confidence)})`,
    `chords: confidence ${percent(analysis.chordConfidence)}`,
    ...(analysis.listener ? [`heard by the ${analysis.listener === 'learned' || analysis.listener === 'dsp' ? `${analysis.listener} listener` : `listener in ${analysis.listener}`}; tempo map ${notatedTempoWords(analysis.beats)}`] : []),
  ].join('\n');
}

/** The tempo a musician would notate, in words: "steady 120 BPM", "120 → 96 BPM (2 tempi)", … */
export function notatedTempoWords(beats: readonly number[]): string {
  const { segments } = notatedTempo(beats);
  if (segments.length === 0) return '—';
  const one = (s: (typeof segments)[number]) => (s.kind === 'steady' ? `${s.startBpm.toFixed(1)}` : `${s.startBpm.toFixed(1)}→${s.endBpm.toFixed(1)}`);
  return segments.length === 1 && segments[0]!.kind === 'steady' ? `steady ${one(segments[0]!)} BPM` : `${segments.map(one).join(', ')} BPM`;
}

/** One line per bar; beats before the first downbeat make a pickup bar "bar 0". */
export function formatChordChart(analysis: Analysis): string {
  const { beats, beatsPerBar } = analysis;
  const first = Math.max(0, beats.indexOf(analysis.downbeats[0] ?? beats[0]!));
  const chordOnBeat = new Map(analysis.chords.map((c) => [c.beat, c.name]));
  const symbols = beats.map((_, b) => chordOnBeat.get(b) ?? '.');
  const width = Math.max(3, ...symbols.map((s) => s.length));
  const lines: string[] = [];
  const bars = Math.ceil((beats.length - first) / beatsPerBar);
  const line = (label: string, from: number, to: number, lead: number) => {
    const cells = [...Array<string>(lead).fill(''), ...symbols.slice(from, to)].map((s) => s.padEnd(width));
    lines.push(`${label.padEnd(7)}| ${cells.join(' ')} |`);
  };
  if (first > 0) line('bar 0', 0, first, beatsPerBar - first);
  for (let bar = 0; bar < bars; bar++) line(`bar ${bar + 1}`, first + bar * beatsPerBar, Math.min(beats.length, first + (bar + 1) * beatsPerBar), 0);
  return lines.join('\n');
}

/** The analysis as a JSON-ready object: numbers rounded to what matters (ms, 1e-4). */
export function analysisJson(analysis: Analysis): Record<string, unknown> {
  const ms = (t: number) => Math.round(t * 1000) / 1000;
  const fine = (x: number) => Math.round(x * 1e4) / 1e4;
  const { grid } = analysis;
  return {
    format: 'remixer-analysis',
    version: 1,
    ...(analysis.listener ? { listener: analysis.listener } : {}),
    duration: ms(analysis.duration),
    tempoMap: notatedTempo(analysis.beats).segments.map((s) => ({ ...s, startBpm: fine(s.startBpm), endBpm: fine(s.endBpm) })),
    tempo: { bpm: fine(analysis.tempo.bpm), confidence: fine(analysis.tempo.confidence), curve: { times: analysis.tempo.curve.times.map(ms), bpm: analysis.tempo.curve.bpm.map(fine) } },
    beats: analysis.beats.map(ms),
    beatsPerBar: analysis.beatsPerBar,
    downbeats: analysis.downbeats.map(ms),
    meterConfidence: fine(analysis.meterConfidence),
    key: { ...analysis.key, confidence: fine(analysis.key.confidence) },
    chords: analysis.chords.map((c) => ({ ...c, start: ms(c.start), end: ms(c.end) })),
    chordConfidence: fine(analysis.chordConfidence),
    warnings: analysis.warnings,
    ...(analysis.alternatives?.length ? { alternatives: analysis.alternatives.map((a) => ({ ...a, closeness: fine(a.closeness) })) } : {}),
    grid: {
      subdivision: grid.subdivision,
      steps: grid.steps,
      times: Array.from(grid.times, ms),
      bar: Array.from(grid.bar),
      beatInBar: Array.from(grid.beatInBar),
      sub: Array.from(grid.sub),
      chroma: Array.from(grid.chroma, fine),
      bass: Array.from(grid.bass, fine),
      onset: Array.from(grid.onset, fine),
      loudness: Array.from(grid.loudness, fine),
    },
  };
}

/** The analysis without its feature grid, rounded, for job results and the web app. */
export function summariseAnalysis(analysis: Analysis): AnalysisSummary {
  const ms = (t: number) => Math.round(t * 1000) / 1000;
  const fine = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    duration: ms(analysis.duration),
    tempo: { bpm: fine(analysis.tempo.bpm), confidence: fine(analysis.tempo.confidence) },
    beats: analysis.beats.map(ms),
    beatsPerBar: analysis.beatsPerBar,
    downbeats: analysis.downbeats.map(ms),
    key: { name: analysis.key.name, confidence: fine(analysis.key.confidence) },
    chords: analysis.chords.map((c) => ({ start: ms(c.start), end: ms(c.end), name: c.name, beat: c.beat, root: c.root, quality: c.quality })),
    chordConfidence: fine(analysis.chordConfidence),
    warnings: analysis.warnings,
    ...(analysis.alternatives?.length ? { alternatives: analysis.alternatives.map((a) => ({ ...a, closeness: fine(a.closeness) })) } : {}),
  };
}
