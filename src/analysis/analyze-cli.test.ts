import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import midiPackage from '@tonejs/midi';
import { resample } from '../dsp/resample.js';
import { runCli, singleErrorLine } from '../testing/cli.js';
import { encodeFlac, encodeMp3, encodeOgg, tempDir, writeWavFixture } from '../testing/fixtures.js';
import { TEST_RATE, beatGrid, pianoChords, voicing } from '../testing/music.js';
import { CHORD_QUALITIES } from './chords.js';
import { beatFMeasure } from '../eval/analysis-metrics.js';

const { Midi } = midiPackage;
const SECONDS = 14;
const BEATS = beatGrid(SECONDS, 120, 120, 0.25);
const CHORDS = [voicing(2, CHORD_QUALITIES.min7.intervals), voicing(7, CHORD_QUALITIES['7'].intervals)];

test('remixer analyze reads WAV, MP3, FLAC and Ogg at any rate: summary, chart, JSON and a MIDI tempo map a DAW lines up with', async () => {
  const dir = await tempDir();
  const mono = pianoChords(BEATS, CHORDS, 4, SECONDS, { accentDownbeats: true });
  const stereo44 = await resample(mono, TEST_RATE, 44100);
  await writeWavFixture(join(dir, 'solo.wav'), [stereo44, stereo44], 44100, '16');
  await fs.writeFile(join(dir, 'solo.mp3'), await encodeMp3([stereo44], 44100));
  await fs.writeFile(join(dir, 'solo.flac'), await encodeFlac([mono], TEST_RATE));
  await fs.writeFile(join(dir, 'solo.ogg'), await encodeOgg([stereo44, stereo44], 44100));
  for (const name of ['solo.wav', 'solo.mp3', 'solo.flac', 'solo.ogg']) {
    const result = await runCli(['analyze', join(dir, name), '--json', join(dir, `${name}.json`), '--midi', join(dir, `${name}.mid`)]);
    assert.equal(result.code, 0, `${name}: ${result.stderr}`);
    assert.match(result.stdout, /^tempo 1(19|20)\.\d BPM/m, name);
    assert.match(result.stdout, /^meter 4\/4/m);
    assert.match(result.stdout, /^bar 1 +\| Dm7 +\. +\. +\. +\|$/m, `${name}: the chart\n${result.stdout}`);
    assert.match(result.stdout, /^bar 2 +\| G7 +\. +\. +\. +\|$/m);
    const json = JSON.parse(await fs.readFile(join(dir, `${name}.json`), 'utf8'));
    assert.equal(json.format, 'remixer-analysis');
    assert.ok(beatFMeasure(BEATS, json.beats, 0.07, 0)! > 0.9, `${name}: beat F ${beatFMeasure(BEATS, json.beats, 0.07, 0)} ${json.beats.slice(0, 5)} vs ${BEATS.slice(0, 5)}`);
    assert.equal(json.grid.chroma.length, json.grid.steps * 12);
    const midi = new Midi(await fs.readFile(join(dir, `${name}.mid`)));
    const timeOf = (ticks: number) => midi.header.ticksToSeconds(ticks);
    // Every beat of the song is a quarter note of the file's bars (counted from where its 4/4 starts, after the
    // anacrusis), within the timing noise of heard beats (25 ms) — and the grid is the steady one a musician would
    // notate: one tempo, no spike before the first beat, not one per beat.
    const tracked = json.beats as number[];
    assert.equal(midi.header.tempos.length, 1, `${name}: ${midi.header.tempos.map((t) => t.bpm.toFixed(1)).join(', ')} BPM`);
    assert.deepEqual(midi.header.timeSignatures.at(-1)!.timeSignature, [4, 4]);
    const barStart = midi.header.timeSignatures.at(-1)!.ticks;
    const quarterOf = (t: number) => Math.round((midi.header.secondsToTicks(t) - barStart) / midi.header.ppq);
    BEATS.filter((t) => t >= tracked[0]! - 0.05 && t <= tracked[tracked.length - 1]!).forEach((t, b) => {
      assert.ok(Math.abs(timeOf(barStart + quarterOf(t) * midi.header.ppq) - t) < 0.025, `${name}: beat ${b} at ${t}`);
    });
    // Each downbeat is on the quarter note that starts a 4/4 bar of the file.
    const downbeatQuarters = (json.downbeats as number[]).filter((t) => BEATS.some((b) => Math.abs(b - t) < 0.025)).map(quarterOf);
    assert.ok(downbeatQuarters.every((q) => q % 4 === 0), `downbeats start bars: ${downbeatQuarters.slice(0, 6)} (4/4 from tick ${barStart})`);
    const markers = midi.header.meta.filter((m) => m.type === 'marker').map((m) => m.text);
    assert.deepEqual(markers.slice(0, 4), ['Dm7', 'G7', 'Dm7', 'G7']);
  }
});

test('remixer analyze: bad input is one line naming the file, nothing written', async () => {
  const dir = await tempDir();
  await writeWavFixture(join(dir, 'silence.wav'), [new Float32Array(TEST_RATE * 4)], TEST_RATE, '16');
  await fs.writeFile(join(dir, 'text.wav'), 'not audio');
  for (const [file, problem] of [
    ['silence.wav', /no steady beat found in silence\.wav: the recording is silent/],
    ['text.wav', /text\.wav: unsupported format/],
    ['missing.flac', /missing\.flac: file not found/],
  ] as const) {
    const result = await runCli(['analyze', join(dir, file), '--json', join(dir, 'out.json'), '--midi', join(dir, 'out.mid')]);
    assert.equal(result.code, 1, file);
    assert.match(singleErrorLine(result) ?? result.stderr, problem);
  }
  assert.deepEqual((await fs.readdir(dir)).sort(), ['silence.wav', 'text.wav']);
});
