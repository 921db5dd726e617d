/**
 * A worker thread for tests: renders MIDI bytes at each rate of `workerData.rates` in turn
 * (a fresh thread: nothing rendered before) and posts the last render's samples.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { renderMidi } from '../render/midi-render.js';

const { bytes, rates, seconds } = workerData as { bytes: Uint8Array; rates: number[]; seconds: number };
let last: Float32Array | null = null;
for (const rate of rates) last = (await renderMidi(bytes, { sampleRate: rate, channels: 1, length: Math.round(rate * seconds) }))[0]!;
parentPort!.postMessage(last);
