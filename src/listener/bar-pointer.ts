/**
 * The bar pointer: a dynamic Bayesian network over positions in a bar, decoded by
 * Viterbi (Böck, Krebs & Widmer 2016; madmom's BarStateSpace, BarTransitionModel and
 * RNNDownBeatTrackingObservationModel). One decoding gives the tempo curve, the beats,
 * the meter and the downbeats together.
 *
 * State space, for a meter of B beats: for each beat interval τ (frames per beat; the
 * `tempi` intervals log-spaced between 60·fps/maxBpm and 60·fps/minBpm, duplicates
 * dropped) and each beat b < B, the positions φ = 0 … τ−1 within the beat. A state
 * moves one position per frame; from a beat's last position it enters the next beat
 * (b+1 mod B) at φ = 0, where the tempo may change: P(τ → τ') ∝ exp(−λ |τ'/τ − 1|),
 * normalised over τ'.
 *
 * Observations (the network's per-frame probabilities of none, beat, downbeat): the
 * first 1/λ_obs of each beat is observed as a beat — a downbeat when b = 0 — with the
 * network's beat (downbeat) probability; every other state with (1 − P(beat) −
 * P(downbeat)) / (λ_obs − 1).
 *
 * Each meter is decoded on its own; the likelier path wins. Beats are then placed on
 * the frame of highest beat probability within each beat's observed region.
 */
import { BAR_POINTER } from './spec.js';

export interface BarPointerSettings {
  minBpm: number;
  maxBpm: number;
  tempi: number;
  meters: readonly number[];
  transitionLambda: number;
  observationLambda: number;
  /**
   * A prior on the tempo, paid at every beat: −½ (log2(bpm / centreBpm) / octaves)² nats —
   * the tactus people tap to (about 110 BPM, McKinney & Moelants). 0 octaves: none.
   */
  tempoPrior: { centreBpm: number; octaves: number };
}

export interface BarPointerResult {
  beats: number[];
  downbeats: number[];
  beatsPerBar: number;
  /** The tempo at each beat (BPM), from the path's interval. */
  beatBpm: number[];
  /** Log probability of the winning path, and of the best path of each meter. */
  logProbability: number;
  meterLogProbabilities: Record<number, number>;
}

/** The beat intervals (frames) of the state space. */
export function beatIntervals(fps: number, settings: Pick<BarPointerSettings, 'minBpm' | 'maxBpm' | 'tempi'> = BAR_POINTER): number[] {
  const lo = (60 * fps) / settings.maxBpm;
  const hi = (60 * fps) / settings.minBpm;
  const out: number[] = [];
  for (let i = 0; i < settings.tempi; i++) {
    const interval = Math.round(2 ** (Math.log2(lo) + ((Math.log2(hi) - Math.log2(lo)) * i) / Math.max(1, settings.tempi - 1)));
    if (out[out.length - 1] !== interval) out.push(interval);
  }
  return out;
}

/** log P(τ_i → τ_j) at a beat boundary. [from × to] */
export function tempoTransitions(intervals: readonly number[], lambda: number): Float64Array {
  const n = intervals.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += Math.exp(-lambda * Math.abs(intervals[j]! / intervals[i]! - 1));
    for (let j = 0; j < n; j++) out[i * n + j] = -lambda * Math.abs(intervals[j]! / intervals[i]! - 1) - Math.log(sum);
  }
  return out;
}

interface MeterPath {
  logProbability: number;
  /** Per frame: interval index, beat in bar, position in beat. */
  tempo: Uint8Array;
  beat: Uint8Array;
  position: Uint16Array;
}

const FLOOR = 1e-10;
/** Tempo changes less likely than this (log) are left out of the search (madmom drops them too). */
const TRANSITION_FLOOR = -12;

/**
 * Viterbi for one meter. `activations` [frames × 3]: none, beat, downbeat.
 * Every state's score leaves out the no-beat observation, the same at every state of a
 * frame (it changes no path and no comparison between meters): observed states add
 * log P(beat) − log P(none), the rest nothing. Within a beat a state's only
 * predecessor is the position before it, so each beat's positions are a ring buffer
 * that turns one place per frame: a frame costs the beat boundaries, not the states.
 */
function decodeMeter(activations: Float32Array, frames: number, intervals: readonly number[], beatsPerBar: number, logTransition: Float64Array, observationLambda: number, logPrior: Float64Array): MeterPath {
  const n = intervals.length;
  const blocks = n * beatsPerBar;
  // Block k = i * B + b: the positions 0..τ_i−1 of beat b at tempo i, position φ at offset[k] + (head[k] + φ) mod τ_i.
  const offset = new Int32Array(blocks + 1);
  const size = new Int32Array(blocks);
  for (let k = 0; k < blocks; k++) {
    size[k] = intervals[Math.floor(k / beatsPerBar)]!;
    offset[k + 1] = offset[k]! + size[k]!;
  }
  const head = new Int32Array(blocks);
  const states = offset[blocks]!;
  const buffer = new Float64Array(states).fill(-Math.log(states));
  const observed = new Int32Array(blocks).map((_, k) => Math.ceil(size[k]! / observationLambda));
  const isDownbeat = (k: number) => k % beatsPerBar === 0;
  // For each tempo, the tempi it may come from.
  const sources = intervals.map((_, i) => intervals.map((__, j) => j).filter((j) => logTransition[j * n + i]! > TRANSITION_FLOOR));
  const back = new Uint8Array(frames * blocks);
  const logOf = (p: number) => Math.log(Math.max(FLOOR, p));
  const last = (k: number) => offset[k]! + ((head[k]! + size[k]! - 1) % size[k]!);
  const observe = (t: number) => {
    const beat = activations[t * 3 + 1]!;
    const down = activations[t * 3 + 2]!;
    const none = logOf((1 - beat - down) / (observationLambda - 1));
    const gainDown = logOf(down) - none;
    const gainBeat = logOf(beat) - none;
    for (let k = 0; k < blocks; k++) {
      const add = isDownbeat(k) ? gainDown : gainBeat;
      for (let phi = 0; phi < observed[k]!; phi++) buffer[offset[k]! + ((head[k]! + phi) % size[k]!)]! += add;
    }
  };
  observe(0);
  const entering = new Float64Array(blocks);
  const leaving = new Float64Array(blocks);
  const sourceStart = new Int32Array(n + 1);
  sources.forEach((list, i) => (sourceStart[i + 1] = sourceStart[i]! + list.length));
  const sourceTempo = Int32Array.from(sources.flat());
  const sourceLog = Float64Array.from(sources.flatMap((list, i) => list.map((j) => logTransition[j * n + i]!)));
  for (let t = 1; t < frames; t++) {
    // Entering beat b at tempo i: the best last position of beat b−1 over the tempi it may come from.
    const row = t * blocks;
    for (let k = 0; k < blocks; k++) leaving[k] = buffer[last(k)]!;
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < beatsPerBar; b++) {
        const previousBeat = b === 0 ? beatsPerBar - 1 : b - 1;
        let best = -Infinity;
        let arg = i;
        for (let s = sourceStart[i]!; s < sourceStart[i + 1]!; s++) {
          const j = sourceTempo[s]!;
          const value = leaving[j * beatsPerBar + previousBeat]! + sourceLog[s]!;
          if (value > best) {
            best = value;
            arg = j;
          }
        }
        entering[i * beatsPerBar + b] = best + logPrior[i]!;
        back[row + i * beatsPerBar + b] = arg;
      }
    }
    // Every position moves on one: the ring turns, and the freed place becomes position 0.
    for (let k = 0; k < blocks; k++) {
      head[k] = (head[k]! + size[k]! - 1) % size[k]!;
      buffer[offset[k]! + head[k]!] = entering[k]!;
    }
    observe(t);
  }
  let bestState = 0;
  let bestBlock = 0;
  let bestPhi = 0;
  for (let k = 0; k < blocks; k++) {
    for (let phi = 0; phi < size[k]!; phi++) {
      const s = offset[k]! + ((head[k]! + phi) % size[k]!);
      if (buffer[s]! > buffer[bestState]!) [bestState, bestBlock, bestPhi] = [s, k, phi];
    }
  }
  const logProbability = buffer[bestState]!;
  let k = bestBlock;
  let phi = bestPhi;
  // Back along the path: a position came from the one before it; a beat's first position from the best tempo's last.
  const tempo = new Uint8Array(frames);
  const beat = new Uint8Array(frames);
  const position = new Uint16Array(frames);
  for (let t = frames - 1; t >= 0; t--) {
    const i = Math.floor(k / beatsPerBar);
    const b = k % beatsPerBar;
    tempo[t] = i;
    beat[t] = b;
    position[t] = phi;
    if (t === 0) break;
    if (phi > 0) phi--;
    else {
      const j = back[t * blocks + k]!;
      k = j * beatsPerBar + ((b + beatsPerBar - 1) % beatsPerBar);
      phi = intervals[j]! - 1;
    }
  }
  return { logProbability, tempo, beat, position };
}

export function decodeBarPointer(activations: Float32Array, frames: number, fps: number, settings: BarPointerSettings = BAR_POINTER): BarPointerResult {
  const intervals = beatIntervals(fps, settings);
  const logTransition = tempoTransitions(intervals, settings.transitionLambda);
  const { centreBpm, octaves } = settings.tempoPrior;
  const logPrior = Float64Array.from(intervals, (tau) => (octaves > 0 ? -0.5 * (Math.log2((60 * fps) / tau / centreBpm) / octaves) ** 2 : 0));
  let best: { meter: number; path: MeterPath } | null = null;
  const meterLogProbabilities: Record<number, number> = {};
  for (const meter of settings.meters) {
    const path = decodeMeter(activations, frames, intervals, meter, logTransition, settings.observationLambda, logPrior);
    meterLogProbabilities[meter] = path.logProbability;
    if (!best || path.logProbability > best.path.logProbability) best = { meter, path };
  }
  const { meter, path } = best!;
  const beats: number[] = [];
  const downbeats: number[] = [];
  const beatBpm: number[] = [];
  // Each beat: the observed region's frames, the beat on the likeliest of them.
  for (let t = 0; t < frames; t++) {
    if (path.position[t] !== 0 || (t > 0 && path.position[t - 1] === 0)) continue;
    const i = path.tempo[t]!;
    const reach = intervals[i]! / settings.observationLambda;
    let at = t;
    let top = -1;
    for (let u = t; u < frames && path.position[u]! < reach && path.beat[u] === path.beat[t]; u++) {
      const p = activations[u * 3 + 1]! + activations[u * 3 + 2]!;
      if (p > top) {
        top = p;
        at = u;
      }
    }
    const time = at / fps;
    beats.push(time);
    beatBpm.push((60 * fps) / intervals[i]!);
    if (path.beat[t] === 0) downbeats.push(time);
  }
  return { beats, downbeats, beatsPerBar: meter, beatBpm, logProbability: path.logProbability, meterLogProbabilities };
}
