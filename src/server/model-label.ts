/** Model names a musician understands, and the technical line beneath. */
import type { ModelFile } from '../model/saved/model-dir.js';

const KIND: Record<string, string> = { score: 'score model (plays notes)', spectral: 'spectral model', waveform: 'waveform model (the paper\'s)' };

export function modelLabel(file: ModelFile): { label: string; detail: string } {
  const solo = file.sourceStem[0]!.toUpperCase() + file.sourceStem.slice(1);
  const songs = file.dataset.trainSongs + file.dataset.validationSongs;
  return {
    label: `${solo} → band, ${KIND[file.representation.type] ?? `${file.representation.type} model`}, trained on ${file.dataset.name} data, ${songs} songs`,
    detail: `${file.architecture}, ${file.representation.type}, ${file.sampleRate} Hz, preset ${file.preset}${file.summary.status === 'training' ? ', still training' : ''}`,
  };
}
