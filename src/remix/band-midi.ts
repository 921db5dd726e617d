/**
 * The band's parts as a Standard MIDI File for a DAW: a track per generated stem with
 * its General MIDI program (drums on channel 10), on the solo's tempo map from the
 * analysis (every tracked beat a quarter note, bars starting on its downbeats), with
 * its meter, key and chord markers.
 */
import { STEMS, type Stem } from '../config.js';
import type { ScoreNote } from '../score/score.js';
import type { Analysis } from '../analysis/analyse.js';
import { beatTicks, keySignature } from '../analysis/midi-map.js';
import { partsToMidi, type MidiPart } from '../render/score-midi.js';
import { DEFAULT_PROGRAMS } from '../render/programs.js';

export function bandMidi(notes: Partial<Record<Stem, ScoreNote[]>>, analysis: Analysis, programs: Partial<Record<Stem, number>> = {}): Uint8Array {
  const firstDownbeat = Math.max(0, analysis.beats.indexOf(analysis.downbeats[0] ?? analysis.beats[0]!));
  const { ticks, times, timeSignatures } = beatTicks(analysis.beats, firstDownbeat, analysis.beatsPerBar);
  const parts: MidiPart[] = STEMS.filter((s) => notes[s]).map((stem) => ({ name: stem, notes: notes[stem]!, drums: stem === 'drums', program: stem === 'drums' ? 0 : programs[stem] ?? DEFAULT_PROGRAMS[stem] }));
  const map = { ticks, times };
  const tickOf = (t: number) => {
    let i = 0;
    while (i + 2 < times.length && times[i + 1]! <= t) i++;
    return Math.round(ticks[i]! + ((t - times[i]!) * (ticks[i + 1]! - ticks[i]!)) / (times[i + 1]! - times[i]!));
  };
  return partsToMidi(parts, map, {
    timeSignatures,
    keySignature: keySignature(analysis.key.tonic, analysis.key.mode),
    markers: analysis.chords.filter((c) => c.quality !== 'N').map((c) => ({ ticks: tickOf(c.start), text: c.name })),
    name: 'Remixer band',
  });
}
