/**
 * When a listener is unsure, the other readings a musician might mean, each as the
 * correction that picks it (corrections.ts) — so the CLI can print them with their flag and
 * the web app offer them as one-click choices before the band plays:
 *
 *   - the beat half a beat later (`--beats offbeat`) and twice the tempo (`--beats double`):
 *     the points halfway between the heard beats are strong too (a solo of off-beat stabs,
 *     a syncopated line, eighth notes);
 *   - half the tempo (`--beats half`): every other beat is much weaker than the rest;
 *   - the bars starting elsewhere (`--first-downbeat T`): another phase of the bar scores
 *     nearly as well (the listener's own phase scores, per bar).
 *
 * `strength(t)` is what the listener saw at a time: the beat network's P(beat or downbeat), or
 * the DSP listener's onset strength. The thresholds (ALTERNATIVE_THRESHOLDS) were looked at on
 * the human collections' validation songs (a solo heard on its off-beats shows its halfway
 * points at about 0.55 of its beats), never on their test songs.
 */
import type { AnalysisCorrections } from './corrections.js';
import { CORRECTION_OPTIONS } from './correction-options.js';

export interface Alternative {
  /** The correction that plays this reading. */
  corrections: AnalysisCorrections;
  /** The reading, in words. */
  text: string;
  /** How close it came to what was heard: 1 = as likely. */
  closeness: number;
}

export const ALTERNATIVE_THRESHOLDS = {
  /** Halfway points at least this strong against the beats: the off-beats may be the beat, or twice the tempo the song's (a solo heard on its off-beats shows ~0.55 here). */
  offbeat: 0.5,
  double: 0.5,
  /** The weaker of every other beat at most this strong against the other half: half the tempo may be. */
  half: 0.55,
  /** Another bar phase within this many nats a bar of the best. */
  downbeatNats: 0.35,
} as const;

const mean = (values: readonly number[]) => (values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0);

/** The readings of the beat a musician might mean, when the evidence allows them. */
export function beatAlternatives(beats: readonly number[], strength: (t: number) => number, bpm: number): Alternative[] {
  if (beats.length < 4) return [];
  const onBeats = mean(beats.map(strength));
  if (!(onBeats > 0)) return [];
  const halfway = mean(beats.slice(0, -1).map((t, i) => strength((t + beats[i + 1]!) / 2))) / onBeats;
  const even = mean(beats.filter((_, i) => i % 2 === 0).map(strength));
  const odd = mean(beats.filter((_, i) => i % 2 === 1).map(strength));
  const alternation = Math.min(even, odd) / Math.max(even, odd, 1e-9);
  const out: Alternative[] = [];
  if (halfway >= ALTERNATIVE_THRESHOLDS.offbeat) out.push({ corrections: { beats: 'offbeat' }, text: 'the beat half a beat later (the solo may play on its off-beats)', closeness: Math.min(1, halfway) });
  if (halfway >= ALTERNATIVE_THRESHOLDS.double && 2 * bpm <= 320) out.push({ corrections: { beats: 'double' }, text: `twice the tempo (${(2 * bpm).toFixed(0)} BPM)`, closeness: Math.min(1, halfway) });
  if (alternation <= ALTERNATIVE_THRESHOLDS.half && bpm / 2 >= 40) out.push({ corrections: { beats: 'half' }, text: `half the tempo (${(bpm / 2).toFixed(0)} BPM)`, closeness: 1 - alternation });
  return out;
}

/** Another start of the bars, when its phase scores nearly as well as the chosen one (scores per phase, summed over bars). */
export function downbeatAlternatives(beats: readonly number[], phaseScores: readonly number[], chosen: number, beatsPerBar: number): Alternative[] {
  const bars = Math.max(1, Math.floor(beats.length / beatsPerBar));
  const out: Alternative[] = [];
  phaseScores.forEach((score, phase) => {
    if (phase === chosen || beats[phase] === undefined) return;
    const behind = (phaseScores[chosen]! - score) / bars;
    if (behind <= ALTERNATIVE_THRESHOLDS.downbeatNats) out.push({ corrections: { firstDownbeat: Number(beats[phase]!.toFixed(3)) }, text: `the bars starting on beat ${((phase - chosen + beatsPerBar) % beatsPerBar) + 1} of the heard bars (the first downbeat at ${beats[phase]!.toFixed(2)} s)`, closeness: Math.max(0, 1 - behind / ALTERNATIVE_THRESHOLDS.downbeatNats) });
  });
  return out.sort((a, b) => b.closeness - a.closeness).slice(0, 2);
}

/** "also likely: twice the tempo (240 BPM) — play it with --beats double", one line each. */
export function alternativeLines(alternatives: readonly Alternative[] = []): string[] {
  return alternatives.map((a) => `also likely: ${a.text} — play it with ${correctionFlags(a.corrections)}`);
}

/** The flags of a correction, as the CLI takes them ("--beats double", "--first-downbeat 1.84"). */
export function correctionFlags(corrections: AnalysisCorrections): string {
  const given = corrections as Record<string, unknown>;
  return CORRECTION_OPTIONS.filter((spec) => given[spec.key] !== undefined).map((spec) => `${spec.flag} ${String(given[spec.key])}`).join(' ');
}
