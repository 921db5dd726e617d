/**
 * Standard MIDI files to audio through a SoundFont (spessasynth_core's processor and
 * sequencer, its offline render loop): the sequencer plays the file from time 0 (no
 * skipping to the first note, so the audio lines up with the score), the processor
 * renders 128-sample blocks with its reverb and chorus. Blocks stream to a sink, so a
 * long render holds only a block at a time.
 */
import { BasicMIDI, SpessaLog, SpessaSynthProcessor, SpessaSynthSequencer } from 'spessasynth_core';
import { fileError, oneLine } from '../errors.js';
import { loadSoundBank } from './soundbank.js';

export interface MidiRenderOptions {
  sampleRate: number;
  /** 1 (mono: left and right averaged) or 2. */
  channels: 1 | 2;
  /** Samples to render (default: the file's duration plus a second of release). */
  length?: number;
  /** A .sf2/.sf3 path (default: FluidR3Mono). */
  soundFont?: string;
  /** How to name the file in messages. */
  name?: string;
  /** The SoundFont's reverb and chorus (default on). */
  effects?: boolean;
}

const BLOCK = 128;
/** Samples handed to the sink at a time. */
const SINK_BLOCK = 16384;

SpessaLog.setLogLevel(false, false, false);

/** Parses MIDI bytes; a corrupt file is a one-line error naming it. */
export function parseMidi(bytes: Uint8Array, name = 'MIDI file'): BasicMIDI {
  try {
    return BasicMIDI.fromArrayBuffer(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, name);
  } catch (error) {
    throw fileError(name, `corrupt MIDI file (${oneLine(error)})`);
  }
}

/** The rate spessasynth's shared filter cache was last filled for, in this thread. */
let filterCacheRate: number | null = null;

/**
 * spessasynth_core 4.3 keeps its low-pass filters' coefficients (and their smoothing
 * constant) in a static cache keyed by cutoff and resonance but not by sample rate, filled
 * by the first synthesizer of the thread: a part rendered at 16 kHz after one at 44.1 kHz
 * was filtered with the 44.1 kHz coefficients, so a render depended on what the thread had
 * rendered before (a warm worker thread gave other bytes than a fresh one). When the rate
 * changes, the cache is emptied and filled again for the new rate. The class is reached
 * through a voice's filter (it is not exported).
 */
function fitFilterCache(synth: SpessaSynthProcessor, sampleRate: number): void {
  if (filterCacheRate === sampleRate) return;
  const voices = (synth as unknown as { synthCore?: { voices?: { filter?: object }[] } }).synthCore?.voices;
  const filter = voices?.[0]?.filter?.constructor as { cachedCoefficients?: Map<number, unknown>; initCache?: (rate: number) => void } | undefined;
  if (filter?.cachedCoefficients instanceof Map && typeof filter.initCache === 'function') {
    filter.cachedCoefficients.clear();
    filter.initCache(sampleRate);
  }
  filterCacheRate = sampleRate;
}

/** Renders MIDI bytes as consecutive blocks (one array per channel), each at most SINK_BLOCK samples. */
export async function* renderMidiBlocks(bytes: Uint8Array, options: MidiRenderOptions): AsyncGenerator<Float32Array[]> {
  const midi = parseMidi(bytes, options.name);
  const bank = await loadSoundBank(options.soundFont);
  const synth = new SpessaSynthProcessor(options.sampleRate, { eventsEnabled: false, effectsEnabled: options.effects ?? true });
  fitFilterCache(synth, options.sampleRate);
  synth.soundBankManager.addSoundBank(bank, 'main');
  await synth.processorInitialized;
  synth.setSystemParameter('autoAllocateVoices', true);
  const sequencer = new SpessaSynthSequencer(synth);
  sequencer.skipToFirstNoteOn = false;
  sequencer.loopCount = 0;
  sequencer.loadNewSongList([midi]);
  sequencer.play();
  const total = options.length ?? Math.ceil((midi.duration + 1) * options.sampleRate);
  const left = new Float32Array(SINK_BLOCK);
  const right = new Float32Array(SINK_BLOCK);
  for (let done = 0; done < total; ) {
    const size = Math.min(SINK_BLOCK, total - done);
    left.fill(0, 0, size);
    right.fill(0, 0, size);
    for (let at = 0; at < size; at += BLOCK) {
      sequencer.processTick();
      synth.process(left, right, at, Math.min(BLOCK, size - at));
    }
    yield options.channels === 2 ? [left.slice(0, size), right.slice(0, size)] : [Float32Array.from({ length: size }, (_, i) => 0.5 * (left[i]! + right[i]!))];
    done += size;
  }
}

/** Renders MIDI bytes, calling `onBlock` with consecutive blocks (one array per channel). Returns the samples rendered. */
export async function renderMidiStream(bytes: Uint8Array, options: MidiRenderOptions, onBlock: (channels: Float32Array[]) => Promise<void> | void): Promise<number> {
  let total = 0;
  for await (const block of renderMidiBlocks(bytes, options)) {
    await onBlock(block);
    total += block[0]!.length;
  }
  return total;
}

/** Renders MIDI bytes whole: one Float32Array per channel. */
export async function renderMidi(bytes: Uint8Array, options: MidiRenderOptions): Promise<Float32Array[]> {
  const blocks: Float32Array[][] = [];
  const total = await renderMidiStream(bytes, options, (block) => void blocks.push(block));
  return Array.from({ length: options.channels }, (_, c) => {
    const out = new Float32Array(total);
    let at = 0;
    for (const block of blocks) {
      out.set(block[c]!, at);
      at += block[c]!.length;
    }
    return out;
  });
}
