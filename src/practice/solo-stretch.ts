/**
 * The solo pitch-shifted and time-stretched for practice, with SoundTouch (soundtouchjs, the
 * JavaScript port of Olli Parviainen's library): `semitones` up or down, played at `ratio`
 * of its speed with its pitch kept. SoundTouch works on interleaved stereo; a mono solo goes
 * through as two equal channels and comes back as one. As played (0 semitones, ratio 1) the
 * solo is returned as it is.
 */
import { SoundTouch } from 'soundtouchjs';

/** Frames fed to SoundTouch at a time. */
const CHUNK = 8192;

export function shiftAndStretch(channels: readonly Float32Array[], sampleRate: number, semitones: number, ratio: number): Float32Array[] {
  if (semitones === 0 && ratio === 1) return channels.map((c) => c.slice());
  const left = channels[0]!;
  const right = channels[1] ?? left;
  const touch = new SoundTouch();
  touch.stretch.setParameters(sampleRate, 0, 0, 8);
  touch.pitchSemitones = semitones;
  touch.tempo = ratio;
  const expected = Math.round(left.length / ratio);
  const out = new Float32Array(2 * (expected + CHUNK));
  let written = 0;
  const drain = () => {
    const available = Math.min(touch.outputBuffer.frameCount, out.length / 2 - written);
    if (available <= 0) return;
    const block = new Float32Array(2 * available);
    touch.outputBuffer.receiveSamples(block, available);
    out.set(block, 2 * written);
    written += available;
  };
  const feed = (frames: Float32Array, count: number) => {
    touch.inputBuffer.putSamples(frames, 0, count);
    touch.process();
    drain();
  };
  for (let at = 0; at < left.length; at += CHUNK) {
    const count = Math.min(CHUNK, left.length - at);
    const frames = new Float32Array(2 * count);
    for (let i = 0; i < count; i++) {
      frames[2 * i] = left[at + i]!;
      frames[2 * i + 1] = right[at + i]!;
    }
    feed(frames, count);
  }
  // Silence pushes the last of the solo through SoundTouch's buffers.
  for (let pushed = 0; written < expected && pushed < 8; pushed++) feed(new Float32Array(2 * CHUNK), CHUNK);
  const length = Math.min(written, expected);
  const result = Array.from({ length: channels.length }, () => new Float32Array(expected));
  for (let i = 0; i < length; i++) {
    result[0]![i] = out[2 * i]!;
    if (result[1]) result[1][i] = out[2 * i + 1]!;
  }
  return result;
}
