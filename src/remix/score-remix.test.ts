import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import midiPackage from '@tonejs/midi';
import { trainModel } from '../model/training/train.js';
import { remix } from './remix.js';
import { decodeAudioFile } from '../io/decode.js';
import { resample } from '../dsp/resample.js';
import { rms } from '../dsp/levels.js';
import { RemixerError } from '../errors.js';
import { tempDir, writeWavFixture } from '../testing/fixtures.js';
import { runCli, singleErrorLine } from '../testing/cli.js';
import { tinyDataset, TINY_MODEL } from '../testing/tiny-dataset.js';
import { TEST_RATE, beatGrid, pianoChords, voicing } from '../testing/music.js';
import { CHORD_QUALITIES } from '../analysis/chords.js';

const { Midi } = midiPackage;
let modelDir = '';
let soloPath = '';
const BEATS = beatGrid(8, 110);

before(async () => {
  const root = await tempDir();
  modelDir = join(root, 'score-model');
  await trainModel({ data: await tinyDataset(), out: modelDir, preset: 'score', epochs: 2, stepsPerEpoch: 3, ...TINY_MODEL, windowSeconds: 1 });
  const mono = pianoChords(BEATS, [voicing(0, CHORD_QUALITIES.maj.intervals), voicing(9, CHORD_QUALITIES.min.intervals)], 4, 8);
  const at44 = await resample(mono, TEST_RATE, 44100);
  soloPath = join(root, 'solo.wav');
  await writeWavFixture(soloPath, [at44, at44], 44100, '16');
});

test('a score model remixes at the solo\'s rate and channels and writes the band as MIDI on the solo\'s tempo map', async () => {
  const dir = await tempDir();
  const result = await remix({ solo: soloPath, model: modelDir, out: join(dir, 'remix.wav'), stemsDir: join(dir, 'stems'), temperature: 1, seed: 7 });
  assert.deepEqual((await fs.readdir(dir)).sort(), ['remix.analysis.json', 'remix.mid', 'remix.mp3', 'remix.wav', 'stems']);
  assert.equal(result.sampleRate, 44100);
  assert.equal(result.channels, 2);
  const bass = await decodeAudioFile(join(dir, 'stems', 'bass.wav'));
  assert.equal(bass.sampleRate, 44100, 'the band is rendered at the solo\'s rate');
  assert.ok(rms(bass.channels[0]!) > 1e-4, 'the bass plays');
  const midi = new Midi(await fs.readFile(result.midi!));
  assert.deepEqual(midi.tracks.map((t) => t.name), ['drums', 'bass', 'other'], 'a track per generated stem (the piano is the solo)');
  assert.equal(midi.tracks[0]!.channel, 9, 'drums on channel 10');
  assert.ok(midi.tracks.some((t) => t.notes.length > 0));
  const heard = result.analysis!.beats;
  // Each beat of the song is a quarter note of the file's notated grid, within the heard beats' timing noise.
  BEATS.filter((t) => t >= heard[0]! - 0.05 && t <= heard[heard.length - 1]!).forEach((t) => {
    const quarter = Math.round(midi.header.secondsToTicks(t) / midi.header.ppq);
    assert.ok(Math.abs(midi.header.ticksToSeconds(quarter * midi.header.ppq) - t) < 0.025, `the beat at ${t} s is a quarter note in the file`);
  });
});

test('the same seed gives the same remix bit for bit; another seed, another variation', async () => {
  const run = async (seed: number, name: string) => {
    const dir = await tempDir();
    await remix({ solo: soloPath, model: modelDir, out: join(dir, `${name}.wav`), temperature: 1, seed, mp3: false });
    return fs.readFile(join(dir, `${name}.wav`));
  };
  const [a, b, c] = [await run(3, 'a'), await run(3, 'b'), await run(4, 'c')];
  assert.ok(a.equals(b), 'bit for bit');
  assert.ok(!a.equals(c), 'another seed plays other notes');
});

test('a new seed for one stem draws that stem again and leaves the others bit for bit', async () => {
  const run = async (seeds: Record<string, number>) => {
    const dir = await tempDir();
    await remix({ solo: soloPath, model: modelDir, out: join(dir, 'remix.wav'), stemsDir: join(dir, 'stems'), temperature: 1, seed: 3, seeds, mp3: false });
    return Object.fromEntries(await Promise.all(['drums', 'bass', 'other'].map(async (s) => [s, await fs.readFile(join(dir, 'stems', `${s}.wav`))] as const)));
  };
  const [before, after] = [await run({}), await run({ bass: 11 })];
  assert.ok(!before['bass']!.equals(after['bass']!), 'the bass is a new take');
  assert.ok(before['drums']!.equals(after['drums']!), 'the drums are untouched');
  assert.ok(before['other']!.equals(after['other']!), 'the other part is untouched');
});

test('the band plays to a corrected analysis: tempo, meter, first downbeat and a chart; or to an analysis file edited by hand', async () => {
  const dir = await tempDir();
  const out = join(dir, 'fixed.wav');
  const played = await remix({ solo: soloPath, model: modelDir, out, mp3: false, tempo: 100, meter: 3, firstDownbeat: 0.6, chords: 'C | F % G7' });
  const fixed = JSON.parse(await fs.readFile(join(dir, 'fixed.analysis.json'), 'utf8'));
  // A chart gives the bass the root on every chord change, and names the key.
  const roots: Record<string, number> = { C: 0, F: 5, G7: 7 };
  for (const chord of (fixed.chords as { start: number; name: string }[]).filter((c) => c.name !== 'N')) {
    const bass = played.notes.bass!.find((n) => Math.abs(n.start - chord.start) < 0.03);
    assert.ok(bass && bass.pitch % 12 === roots[chord.name], `the bass plays ${chord.name}'s root at ${chord.start} s (got ${bass?.pitch})`);
  }
  assert.equal(fixed.key.name, 'C major', 'the key follows the chart');
  assert.equal(fixed.beatsPerBar, 3);
  assert.ok((fixed.beats as number[]).every((t, i, all) => i === 0 || Math.abs(t - all[i - 1]! - 0.6) < 0.002), 'a steady 100 BPM');
  assert.equal(fixed.downbeats[0], 0.6);
  assert.deepEqual((fixed.chords as { name: string }[]).map((c) => c.name).slice(0, 5), ['N', 'C', 'F', 'G7', 'C']);
  assert.deepEqual(fixed.tempoMap.map((s: { kind: string; startBpm: number }) => [s.kind, Math.round(s.startBpm)]), [['steady', 100]]);
  // The same analysis edited by hand (another chord in the second bar) is played as it is.
  const edited = { ...fixed, chords: [{ start: 0.6, name: 'Am' }, { start: 2.4, name: 'Dm7' }] };
  await fs.writeFile(join(dir, 'edited.json'), JSON.stringify(edited));
  await remix({ solo: soloPath, model: modelDir, out: join(dir, 'again.wav'), mp3: false, analysis: join(dir, 'edited.json') });
  const again = JSON.parse(await fs.readFile(join(dir, 'again.analysis.json'), 'utf8'));
  assert.deepEqual(again.beats, fixed.beats);
  assert.deepEqual((again.chords as { name: string }[]).map((c) => c.name), ['N', 'Am', 'Dm7']);
  // Wrong corrections: one line each, before any work (the CLI once; the library for the rest).
  const result = await runCli(['remix', soloPath, '--model', modelDir, '--out', join(dir, 'bad.wav'), '--first-downbeat', '60']);
  assert.equal(result.code, 1, result.stderr);
  assert.match(singleErrorLine(result) ?? result.stderr, /^remixer: --first-downbeat 60 s is past the end of the solo \(8\.00 s\)$/);
  for (const [options, message] of [
    [{ tempo: 0 }, /^--tempo must be a number >= 20 and <= 400 \(got 0\)$/],
    [{ chords: 'C Xb9' }, /^--chords: unknown chord "Xb9"/],
    [{ analysis: join(dir, 'nope.json') }, /nope\.json: file not found$/],
  ] as const) {
    await assert.rejects(remix({ solo: soloPath, model: modelDir, out: join(dir, 'bad.wav'), mp3: false, ...options }), (e: Error) => e instanceof RemixerError && message.test(e.message), JSON.stringify(options));
  }
  assert.ok(!(await fs.readdir(dir)).some((n) => n.startsWith('bad')), 'nothing written');
});

test('the band model Remixer ships plays with no --model: a style chosen from the solo or the one asked for, at a level that follows the solo', async () => {
  const { modelStyles } = await import('../model/saved/model-styles.js');
  const listing = await runCli(['styles']);
  assert.equal(listing.code, 0, listing.stderr);
  const known = (await modelStyles()).styles.map((s) => s.name);
  assert.ok(known.length >= 4, `the shipped model knows styles (${known.join(', ')})`);
  for (const style of known) assert.match(listing.stdout, new RegExp(`^  ${style} `, 'm'), `remixer styles lists ${style}`);

  const dir = await tempDir();
  const auto = await remix({ solo: soloPath, out: join(dir, 'auto.wav'), stemsDir: join(dir, 'auto'), mp3: false });
  assert.ok(auto.style !== null && known.includes(auto.style), `auto chose a style the model knows (${auto.style})`);
  assert.ok(auto.styleConfidence !== null && auto.styleConfidence > 0 && auto.styleConfidence <= 1, `auto says how sure it is (${auto.styleConfidence})`);
  // The analysis file says what the band played to it.
  const heardFile = JSON.parse(await fs.readFile(auto.analysisPath!, 'utf8')) as { style?: { name: string; chosen: string; confidence?: number } };
  assert.deepEqual(heardFile.style, { name: auto.style, chosen: 'auto', confidence: Math.round(auto.styleConfidence! * 1e4) / 1e4 });
  assert.equal(auto.style === 'waltz', auto.analysis!.beatsPerBar === 3, `a style in the meter heard (${auto.style}, ${auto.analysis!.beatsPerBar} beats a bar)`);
  assert.equal(auto.sampleRate, 44100);
  assert.equal(auto.channels, 2, 'the band is stereo');
  assert.ok((auto.notes.drums?.length ?? 0) > 0 && (auto.notes.bass?.length ?? 0) > 0, 'drums and bass play');
  // The command line says what played: the style, how sure auto was, and every instrument by its General MIDI name.
  const said = await runCli(['remix', soloPath, '--out', join(dir, 'cli.wav'), '--seconds', '3', '--no-mp3']);
  assert.equal(said.code, 0, said.stderr);
  assert.match(said.stdout, /^style: [\w-]+ \(chosen from the solo, \d+ % sure\)$/m);
  assert.match(said.stdout, /^instruments: bass [A-Z][^,(]+\(?[^,]*\)? \(--program bass=\d+\), /m);
  assert.doesNotMatch(said.stdout, /General MIDI program/, 'every program named');
  // Another style, asked for, on a quarter-as-loud take: each part sits at the style's part-to-solo ratio of this take.
  const other = known.find((s) => s !== auto.style)!;
  const quiet = join(dir, 'quiet.wav');
  const loud = await decodeAudioFile(soloPath);
  await writeWavFixture(quiet, loud.channels.map((c) => c.map((v) => v / 4)), 44100, '16');
  const asked = await remix({ solo: quiet, out: join(dir, 'quiet-remix.wav'), stemsDir: join(dir, 'quiet'), mp3: false, style: other });
  assert.equal(asked.style, other);
  assert.equal(asked.styleConfidence, null, 'asked for, not chosen');
  const mix = (await modelStyles()).styles.find((s) => s.name === other)!.mix;
  const soloLevel = rms(loud.channels[0]!) / 4;
  for (const stem of ['drums', 'bass'] as const) {
    const ratio = rms((await decodeAudioFile(join(dir, 'quiet', `${stem}.wav`))).channels[0]!) / soloLevel;
    assert.ok(Math.abs(ratio / mix[stem]! - 1) < 0.3, `${stem} at ${other}'s ratio to the solo: ${ratio.toFixed(3)} against ${mix[stem]}`);
  }
  // Styles a model cannot play: one line each, nothing written.
  await assert.rejects(remix({ solo: soloPath, out: join(dir, 'bad.wav'), style: 'polka-dots' }), (e: Error) => e instanceof RemixerError && /^--style polka-dots: the model .*band knows no such style; it knows .* \(or auto\)$/.test(e.message));
  await assert.rejects(remix({ solo: soloPath, model: modelDir, out: join(dir, 'bad.wav'), style: 'swing' }), (e: Error) => e instanceof RemixerError && /^--style swing: the model .* was trained without styles; leave --style out$/.test(e.message));
  assert.ok(!(await fs.readdir(dir)).some((n) => n.startsWith('bad')), 'nothing written');
});

test('training with styles needs every training song to record one: one line naming the song', async () => {
  const { trainingStyles } = await import('../model/training/train.js');
  const scores: Record<string, string | null> = { a: 'latin', b: null, c: 'jazz-swing' };
  const origin = { kind: 'synth' };
  const dataset = {
    manifest: { origin },
    songs: () => Object.keys(scores).map((id) => ({ id })),
    loadScore: async (entry: { id: string }) => (scores[entry.id] ? { style: { family: scores[entry.id] } } : {}),
  } as unknown as Parameters<typeof trainingStyles>[0];
  await assert.rejects(trainingStyles(dataset, 'corpus'), (e: Error) => e instanceof RemixerError && e.message === 'corpus: song b of the train split records no style while 2 others do; a model with styles needs every training song\'s (score.json style.family), or train with --no-styles');
  // A combined dataset (songs people wrote beside MMA's): the songs without a style train the no-style mode.
  origin.kind = 'combined';
  assert.deepEqual(await trainingStyles(dataset, 'corpus'), ['jazz-swing', 'latin']);
  origin.kind = 'synth';
  scores['b'] = 'latin';
  assert.deepEqual(await trainingStyles(dataset, 'corpus'), ['jazz-swing', 'latin']);
});
