/**
 * Training data: every song of a split as normalised frame tracks, held in
 * SharedArrayBuffers so split sub-models in worker threads read them without
 * copies, and the sampler that cuts random windows (training) or tiles
 * (validation) from them.
 */
import { STEMS, type Stem } from '../config.js';
import type { Dataset } from '../dataset/loader.js';
import type { Split } from '../dataset/split.js';
import type { Random } from '../random.js';
import type { ProgressCallback } from '../progress.js';
import type { ModelConfig } from './config.js';
import { frameCodec, normaliseInput, normaliseTarget } from './frames.js';
import { spectralNormalisation, waveformNormalisation, type Normalisation } from './normalisation.js';

export interface SongTracks {
  id: string;
  frames: number;
  /** [frames × inputDim], normalised. */
  input: Float32Array;
  /** [frames × 4 × outputDim], stems in STEMS order, normalised. */
  targets: Float32Array;
}

function sharedFloats(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}

interface RawSong {
  id: string;
  frames: number;
  input: Float32Array;
  targets: Float32Array[];
}

/** Loads a split as un-normalised frame tracks. */
async function loadRawTracks(dataset: Dataset, split: Split, config: ModelConfig, onProgress?: ProgressCallback): Promise<RawSong[]> {
  const codec = frameCodec(config.representation, config.spectral);
  const entries = dataset.songs(split);
  const songs: RawSong[] = [];
  for (const [index, entry] of entries.entries()) {
    const song = await dataset.loadSong(entry, STEMS);
    const length = song.stems[config.sourceStem].length;
    const frames = codec.frameCount(length);
    songs.push({
      id: entry.id,
      frames,
      input: codec.rawFrames(song.stems[config.sourceStem], 0, frames),
      targets: STEMS.map((stem) => codec.rawFrames(song.stems[stem], 0, frames)),
    });
    onProgress?.({ phase: `loading ${split} songs`, done: index + 1, total: entries.length });
  }
  return songs;
}

/** Normalisation statistics of the training split. */
export function computeNormalisation(config: ModelConfig, songs: RawSong[], normalise: boolean): Normalisation {
  const targets = STEMS.map((_, s) => songs.map((song) => song.targets[s]!));
  if (config.representation === 'waveform') return waveformNormalisation(songs.map((s) => s.input), targets, normalise);
  const bins = config.spectral!.nFft / 2 + 1;
  return spectralNormalisation(config.spectral!.power, bins, songs.map((s) => s.input), targets, normalise);
}

function finishTracks(songs: RawSong[], normalisation: Normalisation): SongTracks[] {
  return songs.map((song) => {
    const input = sharedFloats(song.input.length);
    input.set(normaliseInput(song.input, normalisation));
    const dim = song.targets[0]!.length / song.frames;
    const targets = sharedFloats(song.frames * STEMS.length * dim);
    song.targets.forEach((track, s) => {
      normaliseTarget(track, normalisation, s);
      for (let f = 0; f < song.frames; f++) targets.set(track.subarray(f * dim, (f + 1) * dim), (f * STEMS.length + s) * dim);
    });
    return { id: song.id, frames: song.frames, input, targets };
  });
}

export interface PreparedData {
  normalisation: Normalisation;
  train: SongTracks[];
  validation: SongTracks[];
}

/**
 * Loads the train and validation splits as tracks. The normalisation is computed
 * on the train split unless one is given (a resumed run keeps its own).
 */
export async function prepareTrainingData(
  dataset: Dataset,
  config: ModelConfig,
  normalise: boolean,
  existing: Normalisation | null,
  onProgress?: ProgressCallback,
): Promise<PreparedData> {
  const rawTrain = await loadRawTracks(dataset, 'train', config, onProgress);
  const rawValidation = await loadRawTracks(dataset, 'validation', config, onProgress);
  const normalisation = existing ?? computeNormalisation(config, rawTrain, normalise);
  return { normalisation, train: finishTracks(rawTrain, normalisation), validation: finishTracks(rawValidation, normalisation) };
}

export interface Batch {
  count: number;
  /** [count × T × inputDim] */
  x: Float32Array;
  /** [count × T × stems.length × outputDim] */
  y: Float32Array;
}

/** Cuts windows of `timesteps` frames for the stems of one model part. */
export class WindowSampler {
  private readonly stemIndices: number[];
  private readonly totalFrames: number;

  constructor(
    private readonly tracks: SongTracks[],
    private readonly timesteps: number,
    private readonly inputDim: number,
    private readonly outputDim: number,
    stems: readonly Stem[],
  ) {
    this.stemIndices = stems.map((s) => STEMS.indexOf(s));
    this.totalFrames = tracks.reduce((n, t) => n + Math.max(0, t.frames - timesteps + 1), 0);
    if (this.totalFrames === 0) throw new Error(`no song is at least one window (${timesteps} frames) long`);
  }

  /** Non-overlapping windows in all tracks: the natural epoch size. */
  get windowCount(): number {
    return this.tracks.reduce((n, t) => n + Math.floor(t.frames / this.timesteps), 0);
  }

  private copyWindow(track: SongTracks, start: number, batch: Batch, slot: number): void {
    const { timesteps: T, inputDim, outputDim } = this;
    batch.x.set(track.input.subarray(start * inputDim, (start + T) * inputDim), slot * T * inputDim);
    const S = this.stemIndices.length;
    const yBase = slot * T * S * outputDim;
    for (let t = 0; t < T; t++) {
      for (let s = 0; s < S; s++) {
        const from = ((start + t) * STEMS.length + this.stemIndices[s]!) * outputDim;
        batch.y.set(track.targets.subarray(from, from + outputDim), yBase + (t * S + s) * outputDim);
      }
    }
  }

  private emptyBatch(count: number): Batch {
    const T = this.timesteps;
    return { count, x: new Float32Array(count * T * this.inputDim), y: new Float32Array(count * T * this.stemIndices.length * this.outputDim) };
  }

  /** A batch of windows at uniformly random positions over all songs. */
  sample(random: Random, count: number): Batch {
    const batch = this.emptyBatch(count);
    for (let slot = 0; slot < count; slot++) {
      let position = random.int(0, this.totalFrames - 1);
      for (const track of this.tracks) {
        const starts = Math.max(0, track.frames - this.timesteps + 1);
        if (position < starts) {
          this.copyWindow(track, position, batch, slot);
          break;
        }
        position -= starts;
      }
    }
    return batch;
  }

  /** Every non-overlapping window of every track, in batches (validation). */
  *tiles(batchSize: number): Generator<Batch> {
    const positions: [SongTracks, number][] = [];
    for (const track of this.tracks) for (let w = 0; (w + 1) * this.timesteps <= track.frames; w++) positions.push([track, w * this.timesteps]);
    for (let i = 0; i < positions.length; i += batchSize) {
      const chunk = positions.slice(i, i + batchSize);
      const batch = this.emptyBatch(chunk.length);
      chunk.forEach(([track, start], slot) => this.copyWindow(track, start, batch, slot));
      yield batch;
    }
  }
}
