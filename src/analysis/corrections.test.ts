import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { parseMidi } from 'midi-file';
import { RemixerError } from '../errors.js';
import { bestPhase, chartSegments, givenFrom, parseChart, parseChordName, steadyBeats } from './corrections.js';
import { givenFromAnalysisJson } from './analysis-file.js';
import { notatedTempo } from './tempo-map.js';
import { analysisMidi } from './midi-map.js';
import { analyseSamples } from './analyse.js';
import { readMidiFile, scoreOfMidi } from '../dataset/import/midi-stems.js';
import { partsToMidi, PPQ } from '../render/score-midi.js';
import { beatGrid, pianoChords, voicing } from '../testing/music.js';
import { CHORD_QUALITIES } from './chords.js';
import { tempDir } from '../testing/fixtures.js';

const names = (text: string) => parseChart(text, '--chords').map((c) => c.name);

test('a chord chart: one chord per bar, bars by | or space, % repeats, the usual spellings; a wrong chord is one line', () => {
  assert.deepEqual(names('C Am | F G7 % N'), ['C', 'Am', 'F', 'G7', 'G7', 'N']);
  assert.deepEqual(names('Bbm7 F#dim Esus4 Dbmaj7 E- A7 BbM7 Cm7b5'), ['Bbm7', 'F#dim', 'Esus4', 'C#maj7', 'Em', 'A7', 'Bbmaj7', 'Cdim']);
  assert.equal(parseChordName('H7'), null);
  assert.throws(() => parseChart('C Hm7 F', '--chords'), (e: Error) => e instanceof RemixerError && /^--chords: unknown chord "Hm7" \(a chord is a root/.test(e.message));
  assert.throws(() => parseChart('% C', '--chords'), /"%" repeats the previous bar, but it is the first/);
  assert.throws(() => parseChart('  ', '--chords'), /no chords/);
});

test('corrections, worked by hand: a steady tempo in the heard phase, the meter, the first downbeat, the chart on the bars', () => {
  // Heard at 120 BPM, 20 ms late: the phase of a 120 BPM grid through them is 20 ms.
  const heard = { beats: [0.52, 1.02, 1.52, 2.02, 2.52, 3.02, 3.52, 4.02], beatsPerBar: 4, downbeats: [1.02] };
  assert.ok(Math.abs(bestPhase(heard.beats, 120) - 0.02) < 0.0051);
  assert.deepEqual(steadyBeats(100, 0.9, 3), [0.3, 0.9, 1.5, 2.1, 2.7]);
  const given = givenFrom({ tempo: 100, meter: 3, firstDownbeat: 0.9, chords: 'C F G7' }, heard, 8);
  assert.deepEqual(given.beats, steadyBeats(100, 0.9, 8));
  assert.equal(given.beatsPerBar, 3);
  assert.equal(given.firstDownbeat, 1, 'the beat at 0.9 s is the first of a bar');
  assert.deepEqual(given.chords!.map((c) => [c.name, c.beat]), [['N', 0], ['C', 1], ['F', 4], ['G7', 7], ['C', 10]], 'the pickup has no chord; the chart repeats');
  assert.deepEqual(chartSegments(parseChart('Am', 'x'), [0, 1, 2], 0, 2, 3).map((c) => [c.name, c.start, c.end]), [['Am', 0, 3]]);
  // Only the meter: the heard beats stay, the first downbeat is the heard one's beat.
  const meter = givenFrom({ meter: 3 }, heard, 8);
  assert.equal(meter.beats, undefined);
  assert.deepEqual([meter.beatsPerBar, meter.firstDownbeat], [3, 1]);
  for (const [corrections, message] of [
    [{ tempo: 0 }, /^--tempo must be a tempo from 20 to 400 BPM \(got 0\)$/],
    [{ meter: 2.5 }, /^--meter must be a whole number of beats per bar/],
    [{ firstDownbeat: 9 }, /^--first-downbeat 9 s is past the end of the solo \(8\.00 s\)$/],
    [{ chords: 'C X7' }, /^--chords: unknown chord "X7"/],
  ] as const) assert.throws(() => givenFrom(corrections, heard, 8), (e: Error) => e instanceof RemixerError && message.test(e.message));
});

test('an analysis file edited by hand: read as given, and an invalid field is one line naming it', () => {
  const good = { format: 'remixer-analysis', beats: [0.5, 1, 1.5, 2, 2.5], beatsPerBar: 3, downbeats: [1], chords: [{ start: 0.5, name: 'G7' }, { start: 1, name: 'C' }], key: { name: 'C major' } };
  const given = givenFromAnalysisJson(good, 'a.json', 3);
  assert.deepEqual([given.beatsPerBar, given.firstDownbeat], [3, 1]);
  assert.deepEqual(given.chords!.map((c) => [c.name, c.beat, c.start, c.end]), [['G7', 0, 0.5, 1], ['C', 1, 1, 3]]);
  assert.deepEqual(given.key, { tonic: 0, mode: 'major' });
  const broken: [Record<string, unknown>, RegExp][] = [
    [{ ...good, beats: [0.5, 1, 0.9] }, /^a\.json: beats\[2\] \(0\.9\) must come after beats\[1\] \(1\): beats rise$/],
    [{ ...good, beats: [0.5, 4] }, /^a\.json: beats\[1\] is 4 s, past the end of the solo \(3\.00 s\)$/],
    [{ ...good, beatsPerBar: 0 }, /^a\.json: beatsPerBar must be a whole number from 1 to 16 \(got 0\)$/],
    [{ ...good, downbeats: [0.7] }, /^a\.json: downbeats\[0\] \(0\.7\) must be one of the beats$/],
    [{ ...good, chords: [{ start: 0.5, name: 'Q' }] }, /^a\.json: chords\[0\]\.name "Q" is not a chord/],
    [{ ...good, key: { name: 'E dorian' } }, /^a\.json: key\.name must be like "E minor"/],
    [{ ...good, format: 'something' }, /^a\.json: format must be "remixer-analysis"/],
    [{ beatsPerBar: 4 }, /^a\.json: beats must list at least two beat times in seconds$/],
  ];
  for (const [json, message] of broken) assert.throws(() => givenFromAnalysisJson(json, 'a.json', 3), (e: Error) => e instanceof RemixerError && message.test(e.message), String(message));
});

test('the tempo a musician would notate: one for a steady song, a ramp for an accelerando, a step for a tempo change', () => {
  let seed = 7;
  const jitter = () => ((seed = (seed * 16807) % 2147483647) / 2147483647 - 0.5) * 0.01;
  const steady = Array.from({ length: 80 }, (_, k) => 0.4 + (60 / 157) * k + jitter());
  assert.deepEqual(notatedTempo(steady).segments.map((s) => [s.kind, Math.round(s.startBpm)]), [['steady', 157]]);
  const accelerando: number[] = [];
  for (let k = 0, t = 0; k < 60; k++, t += 60 / (100 + k)) accelerando.push(t + jitter() / 2);
  const ramp = notatedTempo(accelerando).segments;
  assert.ok(ramp.every((s) => s.kind === 'ramp') && ramp[0]!.startBpm < 105 && ramp[ramp.length - 1]!.endBpm > 150, 'ramps from ~100 to ~160 BPM');
  const step = [...Array.from({ length: 32 }, (_, k) => 0.5 * k), ...Array.from({ length: 32 }, (_, k) => 16 + (2 / 3) * k)];
  assert.deepEqual(notatedTempo(step).segments.map((s) => [s.kind, Math.round(s.startBpm)]), [['steady', 120], ['steady', 90]]);
});

test('MIDI of a steady song has one tempo (read back with midi-file); a MIDI file that changes tempo reads as a step', async () => {
  // A steady 157 BPM piano solo: the analysis's tempo map is one tempo event, whatever the heard beats' wobble.
  const beats = beatGrid(16, 157);
  const heard = analyseSamples(pianoChords(beats, [voicing(0, CHORD_QUALITIES.maj.intervals), voicing(7, CHORD_QUALITIES.maj.intervals)], 4, 16));
  const tempos = parseMidi(analysisMidi(heard)).tracks.flat().filter((e) => e.type === 'setTempo');
  const bpms = tempos.map((e) => 60000000 / (e as { microsecondsPerBeat: number }).microsecondsPerBeat);
  assert.equal(tempos.length, 1, `one tempo, not one per beat (${bpms.map((b) => b.toFixed(2)).join(', ')})`);
  assert.ok(Math.abs(bpms[0]! - 157) < 1, `the song's tempo (${bpms[0]})`);
  // A file at 120 BPM for 8 beats, then 90: its beats notated are the same two tempi.
  const map = { ticks: [0, 8 * PPQ, 24 * PPQ], times: [0, 4, 4 + 16 * (60 / 90)] };
  const bytes = partsToMidi([{ name: 'piano', program: 0, drums: false, notes: [{ start: 0, duration: 14, pitch: 60, velocity: 0.8 }] }], map);
  const score = scoreOfMidi(readMidiFile(bytes, 'change.mid'), 14);
  assert.deepEqual(notatedTempo(score.beats).segments.map((s) => Math.round(s.startBpm)), [120, 90]);
});

const hasMma = spawnSync('mma', ['-v']).status === 0;
test("MMA's tempo commands: a song that jumps from 100 to 140 BPM reads as two tempi", { skip: !hasMma && process.env['REMIXER_REQUIRE_MMA'] !== '1' ? 'mma is not installed' : false }, async () => {
  const dir = await tempDir();
  await fs.writeFile(join(dir, 'jump.mma'), ['Tempo 100', 'Groove 8Beat', ...Array.from({ length: 4 }, (_, b) => `${b + 1} C`), 'Tempo 140', ...Array.from({ length: 6 }, (_, b) => `${b + 5} G`)].join('\n') + '\n');
  assert.equal(spawnSync('mma', ['-f', join(dir, 'jump.mid'), join(dir, 'jump.mma')]).status, 0);
  const score = scoreOfMidi(readMidiFile(new Uint8Array(await fs.readFile(join(dir, 'jump.mid'))), 'jump.mid'), 20);
  assert.deepEqual(notatedTempo(score.beats).segments.map((s) => Math.round(s.startBpm)), [100, 140]);
});

test('2× and ½× act on the heard beats, never on a rounded tempo: a drifting song stays on its grid (hand-worked and heard)', async () => {
  // Hand-worked: beats 0, 0.5, 1.1, 1.6 (a drift), the downbeat on the second.
  const { changeBeats } = await import('./corrections.js');
  assert.deepEqual(changeBeats([0, 0.5, 1.1, 1.6], 0.5, 'double', 10), { beats: [0, 0.25, 0.5, 0.8, 1.1, 1.35, 1.6, 1.85], firstDownbeat: 2 });
  assert.deepEqual(changeBeats([0, 0.5, 1.1, 1.6, 2.1], 0.5, 'half', 10), { beats: [0.5, 1.6], firstDownbeat: 0 });
  assert.deepEqual(changeBeats([0, 0.5, 1.1, 1.6], 0, 'offbeat', 10), { beats: [0.25, 0.8, 1.35, 1.85], firstDownbeat: 0 });
  assert.throws(() => givenFrom({ beats: 'double', tempo: 120 }, { beats: [0, 0.5], beatsPerBar: 4, downbeats: [0] }, 2), /give --beats .* or --tempo .*, not both/);
  // Heard: a song drifting from 190 to 205 BPM whose piano strikes every other beat, so it is
  // heard at half the tempo (the 77.9 BPM for a 157 BPM song). "2×" must find its beats.
  const seconds = 20;
  const truth = beatGrid(seconds, 190, 205);
  const struck = truth.filter((_, i) => i % 2 === 0);
  const solo = pianoChords(struck, [[0, 4, 7], [9, 12, 16], [5, 9, 12], [7, 11, 14]].map((c) => voicing(0, c)), 4, seconds);
  const heard = analyseSamples(solo);
  assert.ok(Math.abs(heard.tempo.bpm / 99 - 1) < 0.06, `heard at half the tempo (${heard.tempo.bpm.toFixed(1)} BPM)`);
  const worst = (beats: readonly number[]) => Math.max(...beats.filter((t) => t > 1 && t < seconds - 1).map((t) => Math.min(...truth.map((e) => Math.abs(e - t)))));
  const doubled = givenFrom({ beats: 'double' }, heard, seconds).beats!;
  assert.ok(worst(doubled) < 0.02, `the doubled heard beats are the song's (worst ${(worst(doubled) * 1000).toFixed(0)} ms)`);
  // What the web app did before: a steady grid at twice the rounded tempo drifts off them.
  const rounded = givenFrom({ tempo: 2 * Number(heard.tempo.bpm.toFixed(1)) }, heard, seconds).beats!;
  assert.ok(worst(rounded) > 0.04, `a rounded tempo drifts (worst ${(worst(rounded) * 1000).toFixed(0)} ms)`);
});

test('a chart a musician gives names the key (not what was heard of the solo)', async () => {
  const { keyOfChart } = await import('./corrections.js');
  const bars = (chart: string) => chartSegments(parseChart(chart, 'x'), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], 0, 4, 16);
  assert.equal(keyOfChart(bars('D Bm G A7')).name, 'D major');
  assert.equal(keyOfChart(bars('Am Dm E7 Am')).name, 'A minor');
});

test('a pickup is notated as a pickup: a short bar of the silence before it, the pickup bar, then the bars, at one tempo (read back with midi-file)', async () => {
  const { beatTicks } = await import('./midi-map.js');
  // 120 BPM from 0.3 s, the first downbeat on the fourth beat (1.8 s): three pickup beats.
  const beats = Array.from({ length: 24 }, (_, k) => 0.3 + 0.5 * k);
  const { timeSignatures } = beatTicks(beats, 3, 4);
  // The silence before the first beat: 0.3 s = 0.6 beat, to a 128th: 19/32 of a beat = 285 ticks, 19/128.
  assert.deepEqual(timeSignatures.map((t) => [t.ticks, t.timeSignature]), [[0, [19, 128]], [285, [3, 4]], [285 + 3 * PPQ, [4, 4]]]);
  const heard = { ...analyseSamples(pianoChords(beatGrid(12, 120, 120, 0.3), [voicing(0, CHORD_QUALITIES.maj.intervals), voicing(7, CHORD_QUALITIES.maj.intervals)], 4, 12)) };
  const bytes = analysisMidi({ ...heard, beats, downbeats: beats.filter((_, k) => k >= 3 && (k - 3) % 4 === 0), beatsPerBar: 4 });
  const events = parseMidi(bytes).tracks.flat();
  const tempos = events.filter((e) => e.type === 'setTempo').map((e) => 60000000 / (e as { microsecondsPerBeat: number }).microsecondsPerBeat);
  assert.equal(tempos.length, 1, `one tempo (${tempos.map((b) => b.toFixed(1)).join(', ')})`);
  assert.ok(Math.abs(tempos[0]! - 120) < 0.01);
  const signatures = events.filter((e) => e.type === 'timeSignature').map((e) => [(e as { numerator: number }).numerator, (e as { denominator: number }).denominator]);
  assert.deepEqual(signatures, [[19, 128], [3, 4], [4, 4]], 'the pickup bar is 3/4: no tempo spike in bar 1');
});
