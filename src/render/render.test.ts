import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { renderMidi } from './midi-render.js';
import { partsToMidi, PPQ } from './score-midi.js';
import { loadSoundBank } from './soundbank.js';
import { chromaFrames } from '../dsp/chroma.js';
import { detectOnsets } from '../dsp/onset.js';
import { rms } from '../dsp/levels.js';
import { tempDir } from '../testing/fixtures.js';
import { RemixerError } from '../errors.js';

const RATE = 22050;

test('a General MIDI piano part renders through the SoundFont at its times and pitches', async () => {
  const notes = [60, 64, 67].map((pitch) => ({ start: 1, duration: 0.8, pitch, velocity: 0.8 }));
  const bytes = partsToMidi([{ name: 'piano', notes, program: 0, drums: false }]);
  const [audio] = await renderMidi(bytes, { sampleRate: RATE, channels: 1, length: 3 * RATE });
  assert.equal(audio!.length, 3 * RATE);
  assert.ok(rms(audio!.subarray(0, RATE * 0.95)) < 1e-4, 'silent before the note');
  const onsets = detectOnsets(audio!, RATE);
  assert.ok(Math.abs(onsets[0]! - 1) < 0.02, `first onset at ${onsets[0]}`);
  const chroma = chromaFrames(audio!, RATE, { nFft: 4096, hop: 1024, minHz: 100, maxHz: 2000 });
  const frame = Math.round(1.4 * chroma.frameRate) * 12;
  const profile = Array.from(chroma.data.subarray(frame, frame + 12));
  const top = profile.map((v, pc) => [v, pc] as const).sort((a, b) => b[0] - a[0]).slice(0, 3).map(([, pc]) => pc).sort((a, b) => a - b);
  assert.deepEqual(top, [0, 4, 7], 'C, E and G are the loudest pitch classes');
});

test('a tempo map places notes by beat; drums play on channel 10; stereo renders two channels', async () => {
  // Beats at 0, 1, 2 (60 BPM), then 2.5, 3 (120 BPM): a kick on each beat.
  const map = { ticks: [0, PPQ, 2 * PPQ, 3 * PPQ, 4 * PPQ], times: [0, 1, 2, 2.5, 3] };
  const times = [0.2, 1, 2, 2.5, 3];
  const bytes = partsToMidi([{ name: 'drums', notes: times.map((start) => ({ start, duration: 0.1, pitch: 36, velocity: 0.9 })), program: 0, drums: true }], map);
  const [left, right] = await renderMidi(bytes, { sampleRate: RATE, channels: 2, length: 4 * RATE });
  assert.ok(left && right && rms(left) > 1e-3 && rms(right) > 1e-3);
  const onsets = detectOnsets(left, RATE);
  assert.equal(onsets.length, times.length, `onsets ${onsets}`);
  onsets.forEach((t, i) => assert.ok(Math.abs(t - times[i]!) < 0.02, `kick ${i} at ${t}, expected ${times[i]}`));
});

test('a missing or broken SoundFont and a corrupt MIDI file are one-line errors naming the file', async () => {
  const dir = await tempDir();
  await assert.rejects(loadSoundBank(join(dir, 'none.sf2')), (e: Error) => e instanceof RemixerError && /none\.sf2: SoundFont not found/.test(e.message));
  await fs.writeFile(join(dir, 'bad.sf2'), 'RIFF....sfbk not really');
  await assert.rejects(loadSoundBank(join(dir, 'bad.sf2')), (e: Error) => e instanceof RemixerError && /bad\.sf2: not a readable SoundFont/.test(e.message));
  await assert.rejects(renderMidi(new TextEncoder().encode('MThd garbage'), { sampleRate: RATE, channels: 1, name: 'bad.mid' }), (e: Error) => e instanceof RemixerError && /^bad\.mid: corrupt MIDI file/.test(e.message));
});

test("a render does not depend on what its thread rendered before: 16 kHz after 44.1 kHz is 16 kHz in a fresh thread (spessasynth's shared filter cache)", async () => {
  const { startWorker } = await import('../workers/start.js');
  // A piano whose filter closes at low velocities (SoundFont 2's default velocity-to-cutoff modulator).
  const notes = [48, 55, 60, 64].map((pitch, i) => ({ start: i * 0.5, duration: 0.45, pitch, velocity: 0.15 + 0.15 * i }));
  const bytes = partsToMidi([{ name: 'piano', notes, program: 0, drums: false }]);
  const inThread = (rates: number[]) => new Promise<Float32Array>((resolve, reject) => {
    const worker = startWorker(import.meta.url, '../testing/render-in-thread', { bytes, rates, seconds: 2 });
    worker.once('message', (samples: Float32Array) => void worker.terminate().then(() => resolve(samples)));
    worker.once('error', reject);
  });
  const [fresh, after] = await Promise.all([inThread([16000]), inThread([44100, 16000])]);
  assert.deepEqual(after, fresh);
});
