/**
 * The room every SoundFont-rendered part shares: the SoundFont is played dry (its
 * reverb and chorus cost five times the notes themselves), then a little of the
 * project's own reverb (dsp/filters.ts) is sent from the piano and other parts, as
 * the synthetic dataset's producer does. Streaming: state is kept across blocks.
 */
import type { Stem } from '../config.js';
import { Reverb } from '../dsp/filters.js';

export const REVERB_SENDS: Record<Stem, number> = { drums: 0, bass: 0, piano: 0.15, other: 0.2 };
export const REVERB_DECAY_SECONDS = 1.3;

/** A block transform adding `stem`'s reverb send (identity for dry stems). */
export function roomFor(stem: Stem, sampleRate: number): (block: Float32Array) => Float32Array {
  const send = REVERB_SENDS[stem];
  if (send === 0) return (block) => block;
  const reverb = new Reverb(sampleRate, REVERB_DECAY_SECONDS);
  return (block) => {
    const wet = reverb.process(block);
    for (let i = 0; i < block.length; i++) block[i]! += send * wet[i]!;
    return block;
  };
}
