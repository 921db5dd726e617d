/**
 * Chord charts with song form, for MMA's whole library: a progression grammar
 * (sections A/B in AABA, ABAB, verse-chorus or a 12-bar blues form; turnarounds at
 * section ends; ii–V–I chains and secondary dominants in jazz; 12-bar and minor blues;
 * modal vamps; latin and pop loops), a harmonic rhythm (one or two chords a bar, or a
 * chord over two bars), a key of twelve, a tempo inside the style family's range, and
 * a groove plan over the style's grooves: a main groove and its variations by section,
 * a fill at section ends, sometimes an intro and an ending.
 *
 * The chart is written in MMA's language, one chord token per beat; its truth (key,
 * chords over time, the grooves played and the family) goes into the song's score.
 */
import type { Random } from '../../random.js';
import type { ChordQuality } from '../../analysis/chords.js';
import type { ScoreChord } from '../../score/score.js';
import { noteName } from '../synth/score.js';
import type { Groove, MmaStyle, StyleFamily } from './catalog.js';

/** A chord relative to the key: semitones above the tonic and its quality; m7b5 is written so, and labelled dim. */
interface Degree {
  offset: number;
  quality: ChordQuality | 'm7b5';
}

const d = (offset: number, quality: Degree['quality']): Degree => ({ offset, quality });

/** Four-bar phrases (one entry per bar; a pair is two chords in the bar), by mode and flavour. */
const PHRASES: Record<'pop' | 'jazz' | 'minor' | 'minorJazz' | 'modal', Degree[][][]> = {
  pop: [
    [[d(0, 'maj')], [d(9, 'min')], [d(5, 'maj')], [d(7, 'maj')]],
    [[d(0, 'maj')], [d(5, 'maj')], [d(7, 'maj')], [d(0, 'maj')]],
    [[d(0, 'maj')], [d(7, 'maj')], [d(9, 'min')], [d(5, 'maj')]],
    [[d(0, 'maj')], [d(9, 'min')], [d(2, 'min')], [d(7, '7')]],
    [[d(5, 'maj')], [d(0, 'maj')], [d(7, 'sus4'), d(7, 'maj')], [d(0, 'maj')]],
    [[d(0, 'maj')], [d(4, 'min')], [d(5, 'maj')], [d(7, 'maj')]],
    [[d(0, 'maj'), d(5, 'maj')], [d(0, 'maj'), d(7, 'maj')], [d(9, 'min'), d(5, 'maj')], [d(2, 'min'), d(7, '7')]],
    [[d(0, 'maj')], [d(10, 'maj')], [d(5, 'maj')], [d(0, 'maj')]],
    [[d(0, 'maj')], [d(2, '7')], [d(5, 'maj')], [d(7, 'sus4'), d(7, '7')]],
  ],
  jazz: [
    [[d(2, 'min7')], [d(7, '7')], [d(0, 'maj7')], [d(0, 'maj7')]],
    [[d(0, 'maj7')], [d(9, '7')], [d(2, 'min7')], [d(7, '7')]],
    [[d(4, 'min7')], [d(9, '7')], [d(2, 'min7')], [d(7, '7')]],
    [[d(0, 'maj7'), d(9, 'min7')], [d(2, 'min7'), d(7, '7')], [d(4, 'min7'), d(9, '7')], [d(2, 'min7'), d(7, '7')]],
    [[d(0, 'maj7')], [d(0, '7')], [d(5, 'maj7')], [d(5, 'min7'), d(10, '7')]],
    [[d(2, 'min7')], [d(7, '7')], [d(4, 'min7'), d(3, 'dim')], [d(2, 'min7'), d(7, '7')]],
    [[d(0, 'maj7')], [d(2, '7')], [d(2, 'min7')], [d(7, '7')]],
  ],
  minor: [
    [[d(0, 'min')], [d(5, 'min')], [d(7, '7')], [d(0, 'min')]],
    [[d(0, 'min')], [d(8, 'maj')], [d(3, 'maj')], [d(10, 'maj')]],
    [[d(0, 'min')], [d(10, 'maj')], [d(8, 'maj')], [d(7, '7')]],
    [[d(0, 'min')], [d(5, 'min')], [d(10, 'maj')], [d(3, 'maj')]],
    [[d(0, 'min'), d(8, 'maj')], [d(5, 'min'), d(7, '7')], [d(0, 'min')], [d(7, 'sus4'), d(7, '7')]],
  ],
  minorJazz: [
    [[d(2, 'm7b5')], [d(7, '7')], [d(0, 'min7')], [d(0, 'min7')]],
    [[d(0, 'min7')], [d(5, 'min7')], [d(2, 'm7b5'), d(7, '7')], [d(0, 'min7')]],
    [[d(0, 'min7')], [d(8, 'maj7')], [d(2, 'm7b5')], [d(7, '7')]],
  ],
  modal: [
    [[d(0, 'min7')], [d(5, '7')], [d(0, 'min7')], [d(5, '7')]],
    [[d(0, 'maj')], [d(10, 'maj')], [d(0, 'maj')], [d(10, 'maj')]],
    [[d(0, 'min')], [d(10, 'maj')], [d(8, 'maj')], [d(10, 'maj')]],
    [[d(0, '7')], [d(0, '7')], [d(10, 'maj'), d(5, 'maj')], [d(0, '7')]],
  ],
};

/** 12-bar blues, dominant and minor. */
const BLUES: Record<'major' | 'minor', Degree[][]> = {
  major: [[d(0, '7')], [d(5, '7')], [d(0, '7')], [d(0, '7')], [d(5, '7')], [d(5, '7')], [d(0, '7')], [d(0, '7')], [d(7, '7')], [d(5, '7')], [d(0, '7')], [d(7, '7')]],
  minor: [[d(0, 'min7')], [d(0, 'min7')], [d(0, 'min7')], [d(0, 'min7')], [d(5, 'min7')], [d(5, 'min7')], [d(0, 'min7')], [d(0, 'min7')], [d(8, '7')], [d(7, '7')], [d(0, 'min7')], [d(7, '7')]],
};

/** Tempo ranges (BPM of the beat MMA counts) a family is played at. */
export const FAMILY_TEMPI: Record<StyleFamily, [number, number]> = {
  latin: [88, 140], 'reggae-ska': [70, 160], 'jazz-swing': [90, 210], 'blues-shuffle': [68, 140], 'country-folk': [80, 160],
  'funk-soul': [80, 120], electronic: [100, 140], 'march-polka': [96, 132], ballad: [56, 90], waltz: [90, 200], 'rock-pop': [80, 160],
};

/** How a family's harmony is written: which phrases, and how often it takes sevenths or the blues. */
const FAMILY_HARMONY: Record<StyleFamily, { major: (keyof typeof PHRASES)[]; minor: (keyof typeof PHRASES)[]; blues: number; minorShare: number }> = {
  'jazz-swing': { major: ['jazz', 'jazz', 'pop'], minor: ['minorJazz', 'minor'], blues: 0.15, minorShare: 0.3 },
  'blues-shuffle': { major: ['pop', 'modal'], minor: ['minor'], blues: 0.7, minorShare: 0.25 },
  latin: { major: ['jazz', 'pop'], minor: ['minorJazz', 'minor', 'modal'], blues: 0, minorShare: 0.45 },
  'funk-soul': { major: ['modal', 'pop', 'jazz'], minor: ['modal', 'minor'], blues: 0.15, minorShare: 0.45 },
  'country-folk': { major: ['pop'], minor: ['minor'], blues: 0.1, minorShare: 0.15 },
  'reggae-ska': { major: ['pop', 'modal'], minor: ['minor', 'modal'], blues: 0, minorShare: 0.4 },
  electronic: { major: ['pop', 'modal'], minor: ['minor', 'modal'], blues: 0, minorShare: 0.55 },
  'march-polka': { major: ['pop'], minor: ['minor'], blues: 0, minorShare: 0.15 },
  ballad: { major: ['pop', 'jazz'], minor: ['minor', 'minorJazz'], blues: 0.05, minorShare: 0.35 },
  waltz: { major: ['pop', 'jazz'], minor: ['minor', 'minorJazz'], blues: 0, minorShare: 0.35 },
  'rock-pop': { major: ['pop', 'pop', 'modal'], minor: ['minor', 'modal'], blues: 0.1, minorShare: 0.35 },
};

const FORMS = ['AABA', 'ABAB', 'AAB', 'ABAC'] as const;

export interface ComposedChart {
  style: string;
  family: StyleFamily;
  tempo: number;
  beatsPerBar: number;
  form: string;
  /** The groove of each bar (1-based bars as in the chart). */
  grooves: string[];
  /** The MMA file. */
  text: string;
  truth: { key: { tonic: number; mode: 'major' | 'minor' }; chords: ScoreChord[] };
}

/** MMA's name of a chord: root name and MMA's suffix. */
function mmaChord(root: number, quality: Degree['quality']): string {
  const suffix: Record<Degree['quality'], string> = { maj: '', min: 'm', '7': '7', maj7: 'maj7', min7: 'm7', dim: 'dim', sus4: 'sus4', m7b5: 'm7b5' };
  return `${noteName(root)}${suffix[quality]}`;
}

/** A phrase's bars as per-beat chords, with a harmonic rhythm: `stretch` 2 plays each bar's chords over two bars. */
function phraseBeats(phrase: Degree[][], beatsPerBar: number, stretch: 1 | 2): Degree[][] {
  const bars: Degree[][] = [];
  for (const bar of phrase) {
    const beats: Degree[] = [];
    const span = beatsPerBar * stretch;
    bar.forEach((chord, i) => {
      const from = Math.round((i * span) / bar.length);
      const to = Math.round(((i + 1) * span) / bar.length);
      for (let b = from; b < to; b++) beats.push(chord);
    });
    for (let s = 0; s < stretch; s++) bars.push(beats.slice(s * beatsPerBar, (s + 1) * beatsPerBar));
  }
  return bars;
}

/** Grooves of a style that play `needs`, by role. */
function groovesFor(style: MmaStyle, needs: (g: Groove) => boolean) {
  const usable = style.grooves.filter(needs);
  const by = (...roles: Groove['role'][]) => usable.filter((g) => roles.includes(g.role));
  return { main: by('main', 'variation'), fill: by('fill'), intro: by('intro'), end: by('end') };
}

/** Styles a song can be written in: a main groove (or a variation) plays what it needs, in a meter the song may have. */
export function usableStyles(styles: readonly MmaStyle[], needs: (g: Groove) => boolean, meters: readonly number[] = [3, 4]): MmaStyle[] {
  return styles.filter((s) => meters.includes(s.beatsPerBar) && groovesFor(s, needs).main.length > 0);
}

export function composeMmaChart(random: Random, style: MmaStyle, seconds: number, needs: (g: Groove) => boolean, seed: number): ComposedChart {
  const family = style.family;
  const beatsPerBar = style.beatsPerBar;
  const [lo, hi] = FAMILY_TEMPI[family];
  const tempo = random.int(lo, hi);
  const harmony = FAMILY_HARMONY[family];
  const mode = random.chance(harmony.minorShare) ? 'minor' : 'major';
  const tonic = random.int(0, 11);
  const grooves = groovesFor(style, needs);
  if (grooves.main.length === 0) throw new Error(`${style.name}: no groove plays what the song needs`);
  const barSeconds = (beatsPerBar * 60) / tempo;
  const totalBars = Math.ceil(seconds / barSeconds) + 1;

  // The harmony: a 12-bar blues, or sections of four-bar phrases in a form.
  let form: string;
  const bars: Degree[][] = [];
  if (beatsPerBar === 4 && random.chance(harmony.blues)) {
    form = `blues (${mode})`;
    while (bars.length < totalBars) bars.push(...phraseBeats(BLUES[mode], beatsPerBar, 1));
  } else {
    form = random.pick(FORMS);
    const flavours = mode === 'major' ? harmony.major : harmony.minor;
    const sections = new Map<string, Degree[][]>();
    const stretch: 1 | 2 = tempo > 150 && random.chance(0.6) ? 2 : 1;
    for (let s = 0; bars.length < totalBars; s++) {
      const label = form[s % form.length]!;
      if (!sections.has(label)) {
        const phrases = PHRASES[random.pick(flavours)];
        const section = [...phraseBeats(random.pick(phrases), beatsPerBar, stretch), ...phraseBeats(random.pick(phrases), beatsPerBar, stretch)];
        sections.set(label, section);
      }
      bars.push(...sections.get(label)!);
    }
  }
  bars.length = totalBars;

  // The grooves: a main groove per section (sometimes a variation), a fill at section ends, maybe an intro and an ending.
  const plan: Groove[] = [];
  let current = random.pick(grooves.main);
  for (let b = 0; b < totalBars; b++) {
    if (b % 8 === 0 && b > 0 && random.chance(0.35)) current = random.pick(grooves.main);
    let groove = current;
    if (b === 0 && grooves.intro.length && random.chance(0.25)) groove = random.pick(grooves.intro);
    else if (b === totalBars - 1 && grooves.end.length && random.chance(0.25)) groove = random.pick(grooves.end);
    else if (b % 8 === 7 && grooves.fill.length && random.chance(0.5)) groove = random.pick(grooves.fill);
    plan.push(groove);
  }

  const lines = [`// Remixer chart (seed ${seed}): ${style.name}, ${form}`, `RndSeed ${seed}`, `Tempo ${tempo}`, `KeySig ${noteName(tonic)} ${mode}`];
  const chords: ScoreChord[] = [];
  let lastGroove = '';
  bars.forEach((beats, b) => {
    const groove = plan[b]!;
    if (groove.name !== lastGroove) lines.push(`Groove ${groove.name}`);
    lastGroove = groove.name;
    let previous = '';
    const tokens = beats.map((chord) => {
      const name = mmaChord((tonic + chord.offset) % 12, chord.quality);
      const token = name === previous ? '/' : name;
      previous = name;
      return token;
    });
    lines.push(`${b + 1} ${tokens.join(' ')}`);
    beats.forEach((chord, i) => {
      const start = b * barSeconds + (i * 60) / tempo;
      if (start >= seconds) return;
      const end = Math.min(seconds, start + 60 / tempo);
      const root = (tonic + chord.offset) % 12;
      const quality: ChordQuality = chord.quality === 'm7b5' ? 'dim' : chord.quality;
      const last = chords[chords.length - 1];
      if (last && last.root === root && last.quality === quality && Math.abs(last.end - start) < 1e-6) last.end = end;
      else chords.push({ start, end, root, quality });
    });
  });
  return {
    style: style.name,
    family,
    tempo,
    beatsPerBar,
    form,
    grooves: plan.map((g) => g.name),
    text: lines.join('\n') + '\n',
    truth: { key: { tonic, mode }, chords },
  };
}
