/**
 * Training data: every song of a split as normalised tracks (the representation
 * turns audio into frames), held in SharedArrayBuffers so split sub-models in
 * worker threads read them without copies, and the sampler that cuts random
 * windows (training) or tiles (validation) from them.
 */
import { STEMS, type Stem } from '../../config.js';
import type { Dataset } from '../../dataset/loader.js';
import type { Split } from '../../dataset/split.js';
import type { Random } from '../../random.js';
import type { ProgressCallback } from '../../progress.js';
import type { ModelConfig } from '../config.js';
import type { Normalisation, RawTracks, Representation } from '../representation/index.js';
import { cachedSongTracks, cachesTracks, gridCacheDir } from './grid-cache.js';

/** A song's normalised tracks in shared memory: input [frames × inputDim], per stem targets [frames × outputDim]. */
export type SongTracks = RawTracks;

function shared(values: Float32Array): Float32Array {
  const out = new Float32Array(new SharedArrayBuffer(values.length * 4));
  out.set(values);
  return out;
}

/** Loads a split as un-normalised tracks. */
async function loadRawTracks(dataset: Dataset, split: Split, representation: Representation, source: Stem, pending: (() => Promise<void>)[], onProgress?: ProgressCallback): Promise<RawTracks[]> {
  const entries = dataset.songs(split);
  const songs: RawTracks[] = [];
  const cache = cachesTracks(representation) ? gridCacheDir(dataset, representation, source) : null;
  for (const [index, entry] of entries.entries()) {
    const compute = async () => {
      const song = await dataset.loadSong(entry, STEMS);
      const score = await dataset.loadScore(entry);
      return representation.songTracks({ id: entry.id, sampleRate: dataset.sampleRate, stems: song.stems, score }, source);
    };
    const tracks = cache ? await cachedSongTracks(cache, dataset, entry, compute, pending) : await compute();
    songs.push(entry.weight !== undefined && entry.weight !== 1 ? { ...tracks, weight: entry.weight } : tracks);
    onProgress?.({ phase: `loading ${split} songs`, done: index + 1, total: entries.length });
  }
  return songs;
}

function finishTracks(songs: RawTracks[], representation: Representation, normalisation: Normalisation): SongTracks[] {
  return songs.map((song) => {
    representation.normaliseTracks(song, normalisation);
    const targets = {} as Record<Stem, Float32Array>;
    for (const stem of STEMS) targets[stem] = shared(song.targets[stem]);
    return { id: song.id, frames: song.frames, input: shared(song.input), targets, ...(song.weight !== undefined ? { weight: song.weight } : {}) };
  });
}

export interface PreparedData {
  normalisation: Normalisation;
  train: SongTracks[];
  validation: SongTracks[];
}

/**
 * Loads the train and validation splits as tracks. The normalisation is fitted
 * on the train split unless one is given (a resumed run keeps its own). `check` sees the
 * raw tracks first: when it refuses them, nothing was written into the dataset's grid cache.
 */
export async function prepareTrainingData(
  dataset: Dataset,
  config: ModelConfig,
  representation: Representation,
  normalise: boolean,
  existing: Normalisation | null,
  onProgress?: ProgressCallback,
  check?: (raw: { train: RawTracks[]; validation: RawTracks[] }) => void,
): Promise<PreparedData> {
  const pending: (() => Promise<void>)[] = [];
  const rawTrain = await loadRawTracks(dataset, 'train', representation, config.sourceStem, pending, onProgress);
  const rawValidation = await loadRawTracks(dataset, 'validation', representation, config.sourceStem, pending, onProgress);
  check?.({ train: rawTrain, validation: rawValidation });
  for (const write of pending) await write();
  const normalisation = existing ?? representation.fitNormalisation(rawTrain, normalise);
  return {
    normalisation,
    train: finishTracks(rawTrain, representation, normalisation),
    validation: finishTracks(rawValidation, representation, normalisation),
  };
}

export interface Batch {
  count: number;
  /** [count × T × inputDim] */
  x: Float32Array;
  /** [count × T × stems.length × outputDim], the network's output layout */
  y: Float32Array;
}

/** Cuts windows of `timesteps` frames for the stems of one model part. */
export class WindowSampler {
  private readonly totalStarts: number;

  constructor(
    private readonly tracks: SongTracks[],
    private readonly timesteps: number,
    private readonly inputDim: number,
    private readonly outputDim: number,
    private readonly stems: readonly Stem[],
  ) {
    this.totalStarts = tracks.reduce((n, t) => n + this.startsOf(t), 0);
    if (this.totalStarts === 0) throw new Error(`no song is at least one window (${timesteps} frames) long`);
  }

  /** Window starts of a track, counted `weight` times (a weighted song is drawn that much more often). */
  private startsOf(track: SongTracks): number {
    return Math.max(0, track.frames - this.timesteps + 1) * (track.weight ?? 1);
  }

  /** Non-overlapping windows in all tracks: the natural epoch size. */
  get windowCount(): number {
    return this.tracks.reduce((n, t) => n + Math.floor(t.frames / this.timesteps), 0);
  }

  private copyWindow(track: SongTracks, start: number, batch: Batch, slot: number): void {
    const { timesteps: T, inputDim, outputDim: D } = this;
    batch.x.set(track.input.subarray(start * inputDim, (start + T) * inputDim), slot * T * inputDim);
    const S = this.stems.length;
    const yBase = slot * T * S * D;
    this.stems.forEach((stem, s) => {
      const target = track.targets[stem];
      for (let t = 0; t < T; t++) batch.y.set(target.subarray((start + t) * D, (start + t + 1) * D), yBase + (t * S + s) * D);
    });
  }

  private emptyBatch(count: number): Batch {
    const T = this.timesteps;
    return { count, x: new Float32Array(count * T * this.inputDim), y: new Float32Array(count * T * this.stems.length * this.outputDim) };
  }

  /** A batch of windows at uniformly random positions over all songs. */
  sample(random: Random, count: number): Batch {
    const batch = this.emptyBatch(count);
    for (let slot = 0; slot < count; slot++) {
      let position = random.int(0, this.totalStarts - 1);
      for (const track of this.tracks) {
        const starts = this.startsOf(track);
        if (position < starts) {
          this.copyWindow(track, position % Math.max(1, track.frames - this.timesteps + 1), batch, slot);
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
