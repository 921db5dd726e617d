/**
 * The score of a synthetic song (synth/score.ts): its notes in the score format
 * (score/score.ts), with the General MIDI drum keys and programs nearest the synthetic
 * instruments. Older synthetic datasets without score.json are read through it too.
 */
import { SCORE_FORMAT, beatsOfTempoMap, chordQualityOf, type Score } from '../../score/score.js';
import type { DrumKind, SongScore } from './score.js';
import type { Timbre } from './instruments.js';

/** General MIDI percussion keys of the synthetic drum kinds. */
export const GM_DRUM_KEYS: Record<DrumKind, number> = { kick: 36, snare: 38, hatClosed: 42, hatOpen: 46, crash: 49, tom: 47 };

/** General MIDI programs (0-based) nearest the synthetic instruments: synth basses, the piano, a lead, pad or plucked square. */
export function synthPrograms(song: Pick<SongScore, 'otherKind'>, timbre?: Pick<Timbre, 'bass' | 'other'>): NonNullable<Score['programs']> {
  const bass = timbre?.bass.wave === 'square' ? 39 : 38;
  const other = song.otherKind === 'pad' ? 89 : song.otherKind === 'pluck-arpeggio' || timbre?.other.wave === 'square' ? 80 : 81;
  return { bass, piano: 0, other };
}

/** The score of a synthetic song (synth/score.ts): constant tempo, 4/4, chords and key known. */
export function scoreOfSynthSong(song: SongScore, timbre?: Pick<Timbre, 'bass' | 'other'>): Score {
  const tempo = [{ time: 0, bpm: song.tempo }];
  const meter = [{ time: 0, beatsPerBar: 4 }];
  const notes = (events: SongScore['bass']) => events.map(({ start, duration, pitch, velocity }) => ({ start, duration, pitch, velocity }));
  return {
    format: SCORE_FORMAT,
    version: 1,
    tempo,
    meter,
    ...beatsOfTempoMap(tempo, meter, song.seconds),
    key: { tonic: song.key.root, mode: song.key.mode },
    chords: song.chords.map((c) => ({ start: c.start, end: Math.min(c.end, song.seconds), root: c.root, quality: chordQualityOf(c.tones.map((t) => t - c.root)) })),
    stems: {
      drums: song.drums.map((hit) => ({ start: hit.start, duration: 0.1, pitch: GM_DRUM_KEYS[hit.kind], velocity: hit.velocity })),
      bass: notes(song.bass),
      piano: notes(song.piano),
      other: notes(song.other),
    },
    programs: synthPrograms(song, timbre),
  };
}

