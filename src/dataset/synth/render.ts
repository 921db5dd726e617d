/**
 * Renders one synthetic song: compose a score, draw a timbre, render the four
 * stems, mix them at producer-style levels, and quantise to 16 bits so that the
 * mix is exactly the integer sum of the stems.
 */
import { Random } from '../../random.js';
import { STEMS, type Stem } from '../../config.js';
import { reverb } from '../../dsp/filters.js';
import { fromDb, rms, toDb } from '../../dsp/levels.js';
import { toInt16 } from '../../io/wav.js';
import { composeSong, type SongScore } from './score.js';
import { drawTimbre, renderBass, renderDrums, renderOther, renderPiano, type Timbre } from './instruments.js';

/** Target RMS level of each stem in the mix (dBFS), before the song's own offsets. */
const STEM_LEVEL_DB: Record<Stem, number> = { drums: -17, bass: -19, piano: -20, other: -21 };
/** The mix never peaks above this (-1 dBFS), so the integer sum of stems cannot overflow. */
const MIX_PEAK_CEILING = 0.89;

export interface RenderedSong {
  score: SongScore;
  timbre: Timbre;
  /** 16-bit stems; `mix[i]` equals the sum of the stems' samples at i exactly. */
  stems: Record<Stem, Int16Array>;
  mix: Int16Array;
  /** RMS level of each stem in the final mix, dBFS. */
  levelsDb: Record<Stem, number>;
}

export function renderSong(seed: number, index: number, seconds: number, sampleRate: number): RenderedSong {
  const random = new Random(seed, `song-${index}`);
  const score = composeSong(random.fork('score'), seconds);
  const timbre = drawTimbre(random.fork('timbre'));
  const length = Math.round(seconds * sampleRate);
  const mixing = random.fork('mix');

  const dry: Record<Stem, Float32Array> = {
    drums: renderDrums(score.drums, timbre, sampleRate, length, random.fork('drums')),
    bass: renderBass(score.bass, timbre, sampleRate, length),
    piano: renderPiano(score.piano, timbre, sampleRate, length, random.fork('piano')),
    other: renderOther(score.other, score.otherKind, timbre, sampleRate, length),
  };
  // Reverb sends: a little room on piano and other, as a producer would.
  const sends: Partial<Record<Stem, number>> = { piano: mixing.uniform(0.1, 0.22), other: mixing.uniform(0.15, 0.3) };
  for (const stem of STEMS) {
    const send = sends[stem];
    if (!send) continue;
    const wet = reverb(dry[stem], sampleRate, mixing.uniform(0.9, 1.8));
    const signal = dry[stem];
    for (let i = 0; i < length; i++) signal[i]! += send * wet[i]!;
  }
  // Level each stem to its target, then keep the mix under the ceiling.
  const gains = {} as Record<Stem, number>;
  for (const stem of STEMS) {
    const level = rms(dry[stem]);
    const target = fromDb(STEM_LEVEL_DB[stem] + mixing.uniform(-1.5, 1.5));
    gains[stem] = level > 0 ? target / level : 0;
  }
  let mixPeak = 0;
  for (let i = 0; i < length; i++) {
    let sum = 0;
    for (const stem of STEMS) sum += gains[stem] * dry[stem][i]!;
    mixPeak = Math.max(mixPeak, Math.abs(sum));
  }
  const trim = mixPeak > MIX_PEAK_CEILING ? MIX_PEAK_CEILING / mixPeak : 1;

  const stems = {} as Record<Stem, Int16Array>;
  const levelsDb = {} as Record<Stem, number>;
  const mix = new Int16Array(length);
  for (const stem of STEMS) {
    const quantised = new Int16Array(length);
    const g = gains[stem] * trim;
    const signal = dry[stem];
    for (let i = 0; i < length; i++) {
      quantised[i] = toInt16(g * signal[i]!);
      mix[i]! += quantised[i]!;
    }
    stems[stem] = quantised;
    levelsDb[stem] = Number(toDb(rms(Float32Array.from(quantised, (v) => v / 32768))).toFixed(2));
  }
  return { score, timbre, stems, mix, levelsDb };
}
