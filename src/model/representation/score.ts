/**
 * The score representation: the paper's architectures write the band's notes on the
 * solo's beat grid, and real instruments play them.
 *
 * - timesteps are grid steps (sixteenth notes by default); a window of W seconds is
 *   2W beats (W seconds at 120 BPM): the score preset's 8 s are 4 bars of 4/4;
 * - input: the listening module's feature grid of the solo's audio plus the step's
 *   metrical position (score-classes.ts) — in training the grid is laid on the
 *   score's own beats, at inference on the analysis's, with the same code;
 * - targets: each stem's notes from the song's score, quantised to the nearest step,
 *   as note classes; the loss is cross-entropy (sigmoid for hits and notes, softmax
 *   for the bass), not a mean squared error;
 * - augmentation: every window in a random one of the twelve transpositions;
 * - output: decoded notes (score-decode.ts) rendered through a SoundFont at any rate.
 */
import { STEMS, type Stem } from '../../config.js';
import { RemixerError } from '../../errors.js';
import { Random } from '../../random.js';
import { resample } from '../../dsp/resample.js';
import { rms } from '../../dsp/levels.js';
import type { ScoreNote } from '../../score/score.js';
import { listeningSources } from '../../analysis/analyse.js';
import { analyse } from '../../listen/analyse.js';
import { ANALYSIS_RATE } from '../../analysis/settings.js';
import { featureGrid, GRID_FEATURES, stepFeatures, type FeatureGrid } from '../../analysis/grid.js';
import { renderStemBlocks } from '../../band/render.js';
import { tf } from '../tf.js';
import { expectNormalisation, framesOf, round7 } from './common.js';
import { BASS_HOLD, BASS_PITCH, BASS_REST, CHROMA_INPUTS, DRUM_CLASS_OF_KEY, MAX_BEATS_IN_BAR, OUTPUT_DIM, PITCH_CLASS_OUTPUTS, PITCHED_HOLD, PITCHED_ONSET, STEM_OUTPUT, BASS_LOWEST, BASS_PITCHES, ACCENT_VELOCITY, DRUM_ACCENT, DRUM_GHOST, GHOST_VELOCITY, bassClasses, bassRegisterPitch, drumOutputs, inputDim, styleOffset } from './score-classes.js';
import { AUTO_STYLE, chooseStyle, fitStyleExamples, styleFeatures } from './score-style.js';
import { fitMixLevels, levelsFor } from './score-mix.js';
import { feelFor, fitFeel, songFeel } from './score-feel.js';
import { perStyle } from './score-stats.js';
import { nearestStep } from './score-steps.js';
import { chordRootsOnSteps, chordTonesOnSteps, decodeStem } from './score-decode.js';
import type { FrameSynthesizer, RawTracks, Representation, SoloInput } from './representation.js';
import type { ScoreNormalisation, ScoreSpec } from './spec.js';

export { nearestStep } from './score-steps.js';

/**
 * The network's input of every grid step (un-normalised): features, place in the beat,
 * place in the bar, and the style one-hot (`styles` wide; `style` its index, −1: none).
 */
export function gridInput(grid: FeatureGrid, styles = 0, style = -1): Float32Array {
  const dim = inputDim(grid.subdivision, styles);
  const out = new Float32Array(grid.steps * dim);
  for (let s = 0; s < grid.steps; s++) {
    stepFeatures(grid, s, out, s * dim);
    out[s * dim + GRID_FEATURES + grid.sub[s]!] = 1;
    out[s * dim + GRID_FEATURES + grid.subdivision + (grid.beatInBar[s]! % MAX_BEATS_IN_BAR)] = 1;
    if (style >= 0) out[s * dim + styleOffset(grid.subdivision) + style] = 1;
  }
  return out;
}

/** Chance that a training window's style is hidden (all zeros), so the model also plays when none is given. */
export const STYLE_DROPOUT = 0.2;

/** A stem's notes as per-step class targets [steps × OUTPUT_DIM]; `bassRegister`: the bass's classes are pitches (score-classes.ts). */
export function noteTargets(stem: Stem, notes: readonly ScoreNote[], times: Float64Array, steps: number, bassRegister = false, drumLevels = false): Float32Array {
  const out = new Float32Array(steps * OUTPUT_DIM);
  const span = (note: ScoreNote) => {
    const first = nearestStep(times, steps, note.start);
    const end = Math.max(first + 1, nearestStep(times, steps, note.start + note.duration));
    return [first, Math.min(steps, end)] as const;
  };
  const sorted = [...notes].sort((a, b) => a.start - b.start);
  if (stem === 'drums') {
    for (const note of sorted) {
      const c = DRUM_CLASS_OF_KEY.get(note.pitch);
      if (c === undefined || note.start >= times[steps]!) continue;
      const at = span(note)[0] * OUTPUT_DIM;
      out[at + c] = 1;
      if (drumLevels && note.velocity >= ACCENT_VELOCITY) out[at + DRUM_ACCENT + c] = 1;
      if (drumLevels && note.velocity < GHOST_VELOCITY) out[at + DRUM_GHOST + c] = 1;
    }
    return out;
  }
  if (stem === 'bass') {
    const classes = new Int8Array(steps).fill(BASS_REST);
    const onset = new Uint8Array(steps);
    for (const note of sorted) {
      if (note.start >= times[steps]!) continue;
      const [first, end] = span(note);
      classes[first] = BASS_PITCH + (bassRegister ? bassRegisterPitch(note.pitch) - BASS_LOWEST : ((note.pitch % 12) + 12) % 12);
      onset[first] = 1;
      for (let s = first + 1; s < end; s++) if (!onset[s]) classes[s] = BASS_HOLD;
    }
    for (let s = 0; s < steps; s++) out[s * OUTPUT_DIM + classes[s]!] = 1;
    return out;
  }
  for (const note of sorted) {
    if (note.start >= times[steps]!) continue;
    const pc = ((note.pitch % 12) + 12) % 12;
    const [first, end] = span(note);
    out[first * OUTPUT_DIM + PITCHED_ONSET + pc] = 1;
    for (let s = first; s < end; s++) out[s * OUTPUT_DIM + PITCHED_HOLD + pc] = 1;
  }
  return out;
}

/** The most common program of each pitched part among the songs that know theirs. */
export function commonPrograms(songs: readonly Partial<Record<Stem, number>>[]): Partial<Record<'bass' | 'piano' | 'other', number>> {
  const out: Partial<Record<'bass' | 'piano' | 'other', number>> = {};
  for (const stem of ['bass', 'piano', 'other'] as const) {
    const counts = new Map<number, number>();
    for (const programs of songs) if (programs[stem] !== undefined) counts.set(programs[stem]!, (counts.get(programs[stem]!) ?? 0) + 1);
    const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0];
    if (best) out[stem] = best[0];
  }
  return out;
}

/** Rotates the 12-wide groups starting at `offsets` of each `dim`-wide row by k pitch classes, in place. */
function rotate(values: Float32Array, rows: number, dim: number, offsets: readonly number[], k: number, rowOffset = 0, rowStride = dim): void {
  if (k === 0 || offsets.length === 0) return;
  const scratch = new Float32Array(12);
  for (let r = 0; r < rows; r++) {
    for (const offset of offsets) {
      const at = r * rowStride + rowOffset + offset;
      for (let c = 0; c < 12; c++) scratch[(c + k) % 12] = values[at + c]!;
      values.set(scratch, at);
    }
  }
}

/** Transposes register bass targets up by k semitones, in place: a pitch past the top of the range comes down an octave. */
function shiftBass(values: Float32Array, rows: number, k: number, rowOffset: number, rowStride: number): void {
  if (k === 0) return;
  const scratch = new Float32Array(BASS_PITCHES);
  for (let r = 0; r < rows; r++) {
    const at = r * rowStride + rowOffset + BASS_PITCH;
    scratch.fill(0);
    for (let i = 0; i < BASS_PITCHES; i++) if (values[at + i]) scratch[bassRegisterPitch(BASS_LOWEST + i + k) - BASS_LOWEST] = values[at + i]!;
    values.set(scratch, at);
  }
}

/** The solo's style features as `auto` will hear them: from the listener's beats (the score's grid when it hears none). */
async function heardStyleFeatures(solo: Float32Array, sampleRate: number, scoreGrid: FeatureGrid): Promise<number[]> {
  try {
    return styleFeatures((await analyse(solo, sampleRate, { subdivision: scoreGrid.subdivision })).grid);
  } catch (error) {
    if (error instanceof RemixerError) return styleFeatures(scoreGrid);
    throw error;
  }
}

export function scoreRepresentation(spec: ScoreSpec): Representation {
  const styles = spec.styles ?? [];
  const bassRegister = spec.bass === 'register';
  const drumLevels = spec.drums === 'levels';
  const dim = inputDim(spec.subdivision, styles.length);
  const normalise = (frames: Float32Array, n: ScoreNormalisation) => {
    for (let i = 0; i < frames.length; i++) {
      const d = i % dim;
      frames[i] = (frames[i]! - n.inputMean[d]!) / n.inputStd[d]!;
    }
    return frames;
  };
  const atAnalysisRate = (signal: Float32Array, rate: number) => (rate === ANALYSIS_RATE ? Promise.resolve(signal) : resample(signal, rate, ANALYSIS_RATE));
  return {
    spec,
    inputDim: dim,
    outputDim: OUTPUT_DIM,
    rendersAtAnyRate: true,
    listens: true,
    /** Windows count beats at the reference tempo of 120 BPM: 8 s → 16 beats → 64 sixteenth-note steps, 4 bars of 4/4. */
    windowTimesteps: (_sampleRate, windowSeconds) => Math.max(1, Math.round(windowSeconds * 2)) * spec.subdivision,
    /** An estimate (steps at 120 BPM): the true count comes from the solo's beats. */
    frameCount: (samples) => Math.ceil((samples / ANALYSIS_RATE) * 2 * spec.subdivision),
    async songTracks(song, source): Promise<RawTracks> {
      const score = song.score;
      if (!score) throw new RemixerError(`song ${song.id}: the score representation trains on songs with scores (synthetic, --layout midi or mma datasets); this song has none`);
      const sources = listeningSources(await atAnalysisRate(song.stems[source], song.sampleRate));
      const beatsPerBar = score.meter[0]?.beatsPerBar ?? 4;
      const firstDownbeat = Math.max(0, score.beats.findIndex((t) => Math.abs(t - (score.downbeats[0] ?? 0)) < 1e-6));
      const period = score.beats.length > 1 ? score.beats[1]! - score.beats[0]! : 0.5;
      const grid = featureGrid(sources, score.beats, beatsPerBar, firstDownbeat, spec.subdivision, period);
      const style = score.style?.family;
      const targets = {} as Record<Stem, Float32Array>;
      const levels = {} as Record<Stem, number>;
      for (const stem of STEMS) {
        targets[stem] = noteTargets(stem, score.stems[stem], grid.times, grid.steps, bassRegister, drumLevels);
        levels[stem] = rms(song.stems[stem]);
      }
      return {
        id: song.id,
        frames: grid.steps,
        input: gridInput(grid, styles.length, style ? styles.indexOf(style) : -1),
        targets,
        levels,
        soloLevel: levels[source],
        feel: songFeel(grid, STEMS.filter((stem) => stem !== source).flatMap((stem) => score.stems[stem])),
        ...(style && styles.length ? { styleFeatures: await heardStyleFeatures(song.stems[source], song.sampleRate, grid) } : {}),
        ...(style ? { style } : {}),
        ...(score.programs ? { programs: score.programs } : {}),
      };
    },
    fitNormalisation(train, normalise): ScoreNormalisation {
      const sum = new Float64Array(dim);
      const squares = new Float64Array(dim);
      let frames = 0;
      for (const t of train) {
        for (let i = 0; i < t.input.length; i++) {
          sum[i % dim]! += t.input[i]!;
          squares[i % dim]! += t.input[i]! ** 2;
        }
        frames += t.frames;
      }
      const mean = Array.from(sum, (v) => v / Math.max(1, frames));
      const std = Array.from(squares, (v, d) => Math.sqrt(Math.max(0, v / Math.max(1, frames) - mean[d]! ** 2)));
      // Pitch-class features share one mean and deviation per group, so rotating them keeps them normalised.
      for (const offset of CHROMA_INPUTS) {
        const m = mean.slice(offset, offset + 12).reduce((a, b) => a + b, 0) / 12;
        const v = std.slice(offset, offset + 12).reduce((a, s, c) => a + s * s + (mean[offset + c]! - m) ** 2, 0) / 12;
        for (let c = 0; c < 12; c++) [mean[offset + c], std[offset + c]] = [m, Math.sqrt(v)];
      }
      // One-hot positions stay as they are.
      for (let d = GRID_FEATURES; d < dim; d++) [mean[d], std[d]] = [0, 1];
      const levels = STEMS.map((stem) => train.reduce((a, t) => a + (t.levels?.[stem] ?? 0), 0) / Math.max(1, train.length));
      return {
        type: 'score',
        inputMean: normalise ? mean.map(round7) : mean.map(() => 0),
        inputStd: normalise ? std.map((s) => round7(Math.max(s, 1e-3))) : std.map(() => 1),
        stemLevels: levels.map(round7),
        stemPrograms: commonPrograms(train.map((t) => t.programs ?? {})),
        ...(train.length ? { mix: fitMixLevels(train), feel: fitFeel(train, spec.subdivision) } : {}),
        ...(styles.length ? { styleExamples: fitStyleExamples(train), styleSongs: perStyle(train, (songs) => songs.length) } : {}),
      };
    },
    normaliseTracks(tracks, normalisation) {
      normalise(tracks.input, expectNormalisation(normalisation, 'score'));
    },
    loss(targets, predictions, stems) {
      return tf.tidy(() => {
        const losses = stems.map((stem, s) => {
          const { kind } = STEM_OUTPUT[stem];
          const dims = stem === 'bass' ? bassClasses(bassRegister) : stem === 'drums' ? drumOutputs(drumLevels) : STEM_OUTPUT[stem].dims;
          const begin = [0, 0, s, 0];
          const size = [-1, -1, 1, dims];
          const y = tf.slice(targets, begin, size);
          const logits = tf.slice(predictions, begin, size);
          if (kind === 'classes') return tf.losses.softmaxCrossEntropy(tf.reshape(y, [-1, dims]), tf.reshape(logits, [-1, dims]));
          // Notes and hits are rare: positives weigh three times as much.
          return tf.losses.sigmoidCrossEntropy(y, logits, tf.add(1, tf.mul(2, y)));
        });
        return tf.div(tf.addN(losses), stems.length) as tf.Scalar;
      });
    },
    augment(x, y, count, steps, stems, random) {
      if (styles.length) {
        const offset = styleOffset(spec.subdivision);
        for (let w = 0; w < count; w++) {
          if (random.next() >= STYLE_DROPOUT) continue;
          for (let t = 0; t < steps; t++) x.fill(0, (w * steps + t) * dim + offset, (w * steps + t) * dim + offset + styles.length);
        }
      }
      if (!spec.transpose) return;
      for (let w = 0; w < count; w++) {
        const k = random.int(0, 11);
        rotate(x.subarray(w * steps * dim, (w + 1) * steps * dim), steps, dim, CHROMA_INPUTS, k);
        const yWindow = y.subarray(w * steps * stems.length * OUTPUT_DIM, (w + 1) * steps * stems.length * OUTPUT_DIM);
        stems.forEach((stem, s) => {
          if (stem === 'bass' && bassRegister) shiftBass(yWindow, steps, k, s * OUTPUT_DIM, stems.length * OUTPUT_DIM);
          else rotate(yWindow, steps, OUTPUT_DIM, PITCH_CLASS_OUTPUTS[stem], k, s * OUTPUT_DIM, stems.length * OUTPUT_DIM);
        });
      }
    },
    async soloInput(solo, sampleRate, normalisation, heard, asked): Promise<SoloInput> {
      const n = expectNormalisation(normalisation, 'score');
      const analysis = heard && heard.grid.subdivision === spec.subdivision ? heard : await analyse(solo, sampleRate, { subdivision: spec.subdivision });
      // Left out, a model with styles chooses from the solo, as `remix` does.
      const wanted = asked === undefined ? (styles.length ? AUTO_STYLE : null) : asked;
      const chosen = wanted === AUTO_STYLE && n.styleExamples ? chooseStyle(styleFeatures(analysis.grid), n.styleExamples) : null;
      const style = wanted === AUTO_STYLE ? (chosen?.style ?? null) : wanted;
      if (style !== null && !styles.includes(style)) throw new RemixerError(`style ${style}: this model knows ${styles.length ? styles.join(', ') : 'no styles'}`);
      const input = normalise(gridInput(analysis.grid, styles.length, style === null ? -1 : styles.indexOf(style)), n);
      return { frames: analysis.grid.steps, analysis, style, styleConfidence: chosen?.confidence ?? null, soloLevel: rms(solo), window: (first, count) => framesOf(input, dim, first, count) };
    },
    synthesizer(stem, normalisation, input, options): FrameSynthesizer {
      const n = expectNormalisation(normalisation, 'score');
      const grid = input.analysis!.grid;
      const frames: Float32Array[] = [];
      let notes: ScoreNote[] = [];
      return {
        async push(block) {
          frames.push(block.slice());
          return new Float32Array(0);
        },
        async *finish(totalSamples) {
          const logits = new Float32Array(frames.reduce((a, f) => a + f.length, 0));
          let at = 0;
          for (const f of frames) {
            logits.set(f, at);
            at += f.length;
          }
          const analysis = input.analysis!;
          notes = decodeStem(stem, logits, logits.length / OUTPUT_DIM, grid.times, {
            temperature: options.temperatures?.[stem] ?? options.temperature ?? 0,
            random: new Random(options.seeds?.[stem] ?? options.seed ?? 0, `decode/${stem}`),
            sub: grid.sub,
            subdivision: grid.subdivision,
            feel: feelFor(n, input.style ?? null),
            bassRegister,
            drumLevels,
            drummer: spec.drummer === 'one-timekeeper',
            ...(n.calibration ? { calibration: n.calibration } : {}),
            ...(analysis.chordsGiven ? { chordTones: chordTonesOnSteps(analysis.chords, grid.times), chordRoots: chordRootsOnSteps(analysis.chords, grid.times) } : {}),
          });
          const level = options.levels?.[stem] ?? levelsFor(n, input.style ?? null, input.soloLevel)[STEMS.indexOf(stem)];
          const programs = { ...n.stemPrograms, ...options.programs };
          yield* renderStemBlocks(stem, notes, {
            sampleRate: options.sampleRate,
            length: totalSamples,
            programs,
            ...(options.soundFont ? { soundFont: options.soundFont } : {}),
            ...(level ? { level } : {}),
          });
        },
        notes: () => notes,
      };
    },
  };
}
