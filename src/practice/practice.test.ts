/**
 * A practice version from a remix the shipped band made, through the command line: the
 * band transposed (drums not), slower, with a click, an intro and an ending; read back by a
 * second MIDI reader (midi-file) and measured as audio.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parseMidi, type MidiEvent } from 'midi-file';
import { runCli, singleErrorLine } from '../testing/cli.js';
import { tempDir, writeWavFixture } from '../testing/fixtures.js';
import { beatGrid, pianoChords, voicing } from '../testing/music.js';
import { CHORD_QUALITIES } from '../analysis/chords.js';
import { decodeAudioFile } from '../io/decode.js';
import { snapshot } from '../testing/snapshot.js';
import { checkOptions } from '../options.js';
import { PRACTICE_OPTIONS } from './options.js';

/** Per named track: note-on events in ticks with their keys, and the file's first tempo. */
function readBack(bytes: Uint8Array) {
  const midi = parseMidi(bytes);
  const tracks = new Map<string, { tick: number; key: number }[]>();
  let tempo = 0;
  for (const track of midi.tracks) {
    let tick = 0;
    let name = '';
    const notes: { tick: number; key: number }[] = [];
    for (const event of track as (MidiEvent & { deltaTime: number })[]) {
      tick += event.deltaTime;
      if (event.type === 'trackName') name = event.text;
      if (event.type === 'setTempo' && !tempo) tempo = event.microsecondsPerBeat;
      if (event.type === 'noteOn' && event.velocity > 0) notes.push({ tick, key: event.noteNumber });
    }
    tracks.set(name, notes);
  }
  return { tracks, tempo, ppq: midi.header.ticksPerBeat! };
}

test('remixer practice: +2 semitones at 80 % with a click, a one-bar intro and an ending, read back by a second reader; bad settings are one line', async () => {
  const dir = await tempDir();
  const solo = join(dir, 'take.wav');
  // 8 s of piano at 100 BPM in 4/4: C and G, a bar each.
  await writeWavFixture(solo, [pianoChords(beatGrid(8, 100), [voicing(0, CHORD_QUALITIES.maj.intervals), voicing(7, CHORD_QUALITIES.maj.intervals)], 4, 8)], 44100, '16');
  const made = await runCli(['remix', solo, '--out', join(dir, 'r.wav'), '--stems', join(dir, 'stems'), '--no-mp3']);
  assert.equal(made.code, 0, made.stderr);
  const args = ['practice', join(dir, 'r.wav'), '--stems', join(dir, 'stems'), '--solo', solo, '--out', join(dir, 'p.wav')];
  const before = await snapshot(dir);
  // Bad settings, and an output that is an input: one line each, nothing written.
  const refused = await runCli([...args, '--speed', '200']);
  assert.equal(refused.code, 1);
  assert.match(singleErrorLine(refused) ?? '', /^remixer: --speed must be a number >= 50 and <= 120 \(got 200\)$/);
  // The same table checks the server's JSON and the web form's values.
  assert.throws(() => checkOptions(PRACTICE_OPTIONS, { transpose: 1.5 }), (e: Error) => /^--transpose must be an integer >= -12 and <= 12/.test(e.message));
  assert.throws(() => checkOptions(PRACTICE_OPTIONS, { intro: 3 }, 'key'), (e: Error) => /^intro must be an integer >= 0 and <= 2/.test(e.message));
  const onInput = await runCli(['practice', join(dir, 'r.wav'), '--stems', join(dir, 'stems'), '--solo', solo, '--out', join(dir, 'r.wav')]);
  assert.equal(onInput.code, 1);
  assert.match(singleErrorLine(onInput) ?? '', /r\.wav/);
  await fs.rename(join(dir, 'r.mid'), join(dir, 'r.mid.kept'));
  const noMidi = await runCli(args);
  assert.match(singleErrorLine(noMidi) ?? '', /r\.mid: not found \(the band MIDI beside the remix/);
  await fs.rename(join(dir, 'r.mid.kept'), join(dir, 'r.mid'));
  assert.deepEqual(await snapshot(dir), before, 'nothing written by a refused practice');

  const done = await runCli([...args, '--transpose', '2', '--speed', '80', '--click', '--intro', '1', '--ending']);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /^practice version: .*p\.wav \(\d+\.\d\d s, \+2 semitones, 80 % speed, click, 1-bar intro, ending\)$/m);
  const original = readBack(new Uint8Array(await fs.readFile(join(dir, 'r.mid'))));
  const practice = readBack(new Uint8Array(await fs.readFile(join(dir, 'p.mid'))));
  // The tempo: 80 % of the remix's, one beat longer by a quarter.
  assert.ok(Math.abs(practice.tempo / original.tempo - 1.25) < 0.02, `tempo ${(6e7 / practice.tempo).toFixed(1)} against ${(6e7 / original.tempo).toFixed(1)} BPM`);
  // Pitched parts two semitones up, note for note after the intro's copies; drums as they were.
  for (const [name, part] of original.tracks) {
    const moved = practice.tracks.get(name);
    if (!part.length || !moved) continue;
    const shift = name === 'drums' ? 0 : 2;
    const keys = part.map((n) => n.key + shift);
    // Each of the original's keys appears, shifted, in order, somewhere in the practice part.
    let at = 0;
    for (const key of keys) {
      while (at < moved.length && moved[at]!.key !== key) at++;
      assert.ok(at < moved.length, `${name}: ${key} in order`);
      at++;
    }
  }
  const heard = JSON.parse(await fs.readFile(join(dir, 'r.analysis.json'), 'utf8')) as { beats: number[]; beatsPerBar: number };
  const clicks = practice.tracks.get('click')?.length ?? 0;
  assert.ok(clicks >= heard.beats.length + heard.beatsPerBar, `a click on every beat heard and on the intro's (${clicks} clicks, ${heard.beats.length} beats heard)`);
  assert.deepEqual([...new Set(practice.tracks.get('click')!.map((n) => n.key))].sort(), [76, 77], 'downbeats on the high block');
  // The audio: the remix at 80 %, with a bar of intro (up to one more for a pickup) and a bar of ending.
  const remix = await decodeAudioFile(join(dir, 'r.wav'));
  const practised = await decodeAudioFile(join(dir, 'p.wav'));
  const bar = (heard.beatsPerBar * 60) / (6e7 / original.tempo) / 0.8;
  const expected = remix.channels[0]!.length / remix.sampleRate / 0.8;
  const seconds = practised.channels[0]!.length / practised.sampleRate;
  assert.ok(seconds > expected + bar * 0.9 && seconds < expected + 3.1 * bar, `${seconds.toFixed(2)} s against ${expected.toFixed(2)} s and bars of ${bar.toFixed(2)} s`);
  assert.equal(practised.sampleRate, remix.sampleRate);
});
