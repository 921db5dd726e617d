/** Model names a musician understands, and the technical line beneath. */
import type { ModelFile } from '../model/saved/model-dir.js';
import type { ModelStage } from './api-types.js';

const KIND: Record<string, string> = { score: 'score model (plays notes)', spectral: 'spectral model', waveform: 'waveform model (the paper\'s)' };


/** The words for a stage, with the epochs trained. */
export function stageWords(stage: ModelStage, epochs: number): string {
  const count = `${epochs} epoch${epochs === 1 ? '' : 's'}`;
  switch (stage) {
    case 'shipped':
      return 'ships with Remixer';
    case 'finished':
      return `finished after ${count}`;
    case 'training':
      return `training now, ${count} so far`;
    case 'stopped':
      return `stopped after ${count}: Resume in the Train tab`;
  }
}

/**
 * "walk-e2: Piano → band, score model (plays notes), trained on default data, 24 songs (finished after 12 epochs)":
 * the folder name first (the name typed when it was trained), what it is, and where it stands.
 */
export function modelLabel(file: ModelFile, id: string, stage: { stage: ModelStage; epochs: number } | null = null): { label: string; detail: string } {
  const solo = file.sourceStem[0]!.toUpperCase() + file.sourceStem.slice(1);
  const songs = file.dataset.trainSongs + file.dataset.validationSongs;
  return {
    label: `${id}: ${solo} → band, ${KIND[file.representation.type] ?? `${file.representation.type} model`}, trained on ${file.dataset.name} data, ${songs} songs${stage ? ` (${stageWords(stage.stage, stage.epochs)})` : ''}`,
    detail: `${file.architecture}, ${file.representation.type}, ${file.sampleRate} Hz, preset ${file.preset}`,
  };
}
