/**
 * Chord charts for Musical MIDI Accompaniment (MMA, Debian's `mma`): a key, a
 * diatonic progression (the synthetic generator's progressions, with or without
 * sevenths), a tempo and one of MMA's styles, written as an MMA file; and the truth
 * that MIDI cannot carry — the key and the chords over time — for the song's score.
 */
import type { Random } from '../../random.js';
import { chordQualityOf, type ScoreChord } from '../../score/score.js';
import { MAJOR, MINOR, MAJOR_PROGRESSIONS, MINOR_PROGRESSIONS, chordOnDegree, noteName } from '../synth/score.js';

/** MMA styles (their default grooves) with drums, bass and a piano part, by beats per bar. Checked with mma 21.09. */
export const MMA_STYLES: Record<3 | 4, readonly string[]> = {
  4: [
    '50srock', '8beat', 'bebop', 'beguine', 'blues', 'countryblues', 'evansish', 'fastblues', 'foxtrot', 'jazzcombo',
    'jazzrock', 'jive', 'lfusion', 'mellowjazz', 'merengue', 'modernjazz', 'nitejazz', 'pianoballad', 'popballad', 'quickstep',
    'rhumba', 'samba', 'shuffleboggie', 'ska', 'slowjazz', 'softrock', 'softshoe', 'spiritual', 'twist',
  ],
  3: ['fastwaltz', 'jazzwaltz', 'latinwaltz', 'modernjazzwaltz', 'waltz'],
};

export interface MmaChart {
  style: string;
  tempo: number;
  beatsPerBar: 3 | 4;
  /** The MMA file. */
  text: string;
  truth: { key: { tonic: number; mode: 'major' | 'minor' }; chords: ScoreChord[] };
}

/** MMA's name for a chord (its half-diminished seventh is "m7b5"). */
function mmaChordName(root: number, tones: readonly number[], name: string): string {
  const intervals = tones.map((t) => (((t - root) % 12) + 12) % 12).sort((a, b) => a - b).join(',');
  return intervals === '0,3,6,10' ? `${noteName(root)}m7b5` : name;
}

export function composeChart(random: Random, seconds: number, seed: number): MmaChart {
  const beatsPerBar = random.chance(0.2) ? 3 : 4;
  const style = random.pick(MMA_STYLES[beatsPerBar]);
  const tempo = random.int(beatsPerBar === 3 ? 90 : 80, beatsPerBar === 3 ? 180 : 160);
  const mode = random.chance(0.65) ? 'major' : 'minor';
  const tonic = random.int(0, 11);
  const scale = mode === 'major' ? MAJOR : MINOR;
  const degrees = random.pick(mode === 'major' ? MAJOR_PROGRESSIONS : MINOR_PROGRESSIONS);
  const sevenths = random.chance(0.5);
  const harmonicV = mode === 'minor' && random.chance(0.6);
  const barsPerChord = tempo > 135 ? 2 : 1;
  const bar = (beatsPerBar * 60) / tempo;
  const bars = Math.ceil(seconds / bar) + 1;
  const lines = [`// Remixer chart (seed ${seed})`, `RndSeed ${seed}`, `Tempo ${tempo}`, `Groove ${style}`, `KeySig ${noteName(tonic)} ${mode}`];
  const chords: ScoreChord[] = [];
  for (let b = 0; b < bars; b++) {
    const degree = degrees[Math.floor(b / barsPerChord) % degrees.length]!;
    const chord = chordOnDegree(tonic, scale, degree, sevenths, harmonicV);
    lines.push(`${b + 1} ${mmaChordName(chord.root, chord.tones, chord.name)}`);
    const start = b * bar;
    const last = chords[chords.length - 1];
    const quality = chordQualityOf(chord.tones.map((t) => t - chord.root));
    if (last && last.root === chord.root && last.quality === quality && Math.abs(last.end - start) < 1e-9) last.end = Math.min(seconds, start + bar);
    else if (start < seconds) chords.push({ start, end: Math.min(seconds, start + bar), root: chord.root, quality });
  }
  return { style, tempo, beatsPerBar, text: lines.join('\n') + '\n', truth: { key: { tonic, mode }, chords } };
}
