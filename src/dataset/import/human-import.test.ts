/**
 * Music people wrote, read where it is installed: WAD files as sources of MIDI songs,
 * whole songs in clips (every clip of a song in its split), any solo instrument, and one
 * clear line per bad source or song. The tests make their own small WAD and MIDI files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { importDataset } from './import.js';
import { openDataset } from '../loader.js';
import { songOf } from '../layout.js';
import { RemixerError } from '../../errors.js';
import { partsToMidi, type MidiPart } from '../../render/score-midi.js';
import { runCli, singleErrorLine } from '../../testing/cli.js';
import { tempDir } from '../../testing/fixtures.js';
import { snapshot } from '../../testing/snapshot.js';
import { wadDirectory, wadMidiLump, wadMusicLumps } from './wad.js';
import { midiTruncation } from './midi-stems.js';
import { pickSoloFamily } from './solo-families.js';

const note = (start: number, pitch: number, duration = 0.4) => ({ start, duration, pitch, velocity: 0.8 });

/** A band at 120 BPM for `seconds`: drums, a bass, a piano comping, and a guitar (every other bar, so the piano has more notes). */
function band(seconds: number, shift = 0, options: { guitar?: boolean; piano?: boolean } = {}): MidiPart[] {
  const beats = Array.from({ length: Math.floor(seconds * 2) }, (_, i) => i * 0.5);
  return [
    ...(options.piano === false ? [] : [{ name: 'Piano', program: 0, drums: false, notes: beats.flatMap((t) => [60, 64, 67].map((p) => note(t, p + shift, 0.4))) }]),
    ...(options.guitar ? [{ name: 'Guitar', program: 25, drums: false, notes: beats.filter((t) => Math.floor(t / 2) % 2 === 0).map((t) => note(t, 64 + shift, 0.4)) }] : []),
    { name: 'Bass', program: 33, drums: false, notes: beats.map((t) => note(t, 36 + shift)) },
    { name: 'Drums', program: 0, drums: true, notes: beats.map((t, i) => note(t, i % 2 ? 38 : 36, 0.1)) },
  ];
}

/** A WAD (IWAD) holding `lumps`, with the directory at the end as Doom writes it. */
function makeWad(lumps: { name: string; data: Uint8Array }[]): Uint8Array {
  const dataBytes = lumps.reduce((n, l) => n + l.data.length, 0);
  const out = new Uint8Array(12 + dataBytes + 16 * lumps.length);
  const view = new DataView(out.buffer);
  out.set([...'IWAD'].map((c) => c.charCodeAt(0)), 0);
  view.setInt32(4, lumps.length, true);
  view.setInt32(8, 12 + dataBytes, true);
  let at = 12;
  lumps.forEach((lump, i) => {
    out.set(lump.data, at);
    const entry = 12 + dataBytes + 16 * i;
    view.setInt32(entry, at, true);
    view.setInt32(entry + 4, lump.data.length, true);
    out.set([...lump.name].map((c) => c.charCodeAt(0)), entry + 8);
    at += lump.data.length;
  });
  return out;
}

const ascii = (text: string) => Uint8Array.from([...text].map((c) => c.charCodeAt(0)));

test('a WAD is read as a collection of MIDI lumps; a truncated WAD, one without music and a lump that is not MIDI are named', () => {
  const song = partsToMidi(band(2));
  const wad = makeWad([{ name: 'MAP01', data: ascii('level data') }, { name: 'D_RUNNIN', data: song }, { name: 'D_MUS', data: ascii('MUS\x1a not midi') }]);
  assert.deepEqual(wadDirectory(wad, 'x.wad').map((l) => l.name), ['MAP01', 'D_RUNNIN', 'D_MUS']);
  const music = wadMusicLumps(wad, 'x.wad');
  assert.deepEqual(music.map((l) => l.name), ['D_RUNNIN', 'D_MUS']);
  assert.deepEqual(wadMidiLump(wad, music[0]!, 'x.wad'), song);
  assert.throws(() => wadMidiLump(wad, music[1]!, 'x.wad'), /^RemixerError: x\.wad:D_MUS: the lump is not a MIDI file \(Doom's MUS format, not "MThd"\)$/);
  assert.throws(() => wadDirectory(wad.subarray(0, wad.length - 5), 'x.wad'), /x\.wad: truncated WAD \(its directory of 3 lumps/);
  assert.throws(() => wadDirectory(wad.subarray(0, 8), 'x.wad'), /x\.wad: truncated WAD \(8 bytes/);
  assert.throws(() => wadDirectory(ascii('PK\x03\x04 a zip file'), 'x.wad'), /x\.wad: not a WAD file/);
  assert.throws(() => wadMusicLumps(makeWad([{ name: 'MAP01', data: ascii('level') }]), 'x.wad'), /x\.wad: a WAD without music \(no D_\* lumps\)/);
  // A MIDI file cut short: its last track ends early.
  assert.equal(midiTruncation(song), null);
  assert.match(midiTruncation(song.subarray(0, song.length - 10)) ?? '', /truncated MIDI file \(track \d of \d ends early/);
});

test('the solo is the family asked for, or the one with the most notes; a piano that is not the solo joins "other"', () => {
  const facts = (program: number, notes: number, channel = 0) => ({ channel, program, percussion: false, notes });
  assert.equal(pickSoloFamily([facts(0, 10), facts(25, 30), facts(33, 50), facts(0, 90, 9)], 'auto'), 'guitar', 'bass and drums never solo');
  assert.equal(pickSoloFamily([facts(0, 10), facts(25, 30)], 'piano'), 'piano');
  assert.equal(pickSoloFamily([facts(33, 10), facts(0, 40, 9)], 'auto'), null);
});

test('whole songs in clips on bar lines, split by song; a WAD and a folder as one collection; --solo guitar; bad songs skipped and listed', async () => {
  const root = await tempDir();
  const folder = join(root, 'songs');
  await fs.mkdir(folder);
  for (let i = 0; i < 5; i++) await fs.writeFile(join(folder, `song ${i}.mid`), partsToMidi(band(20, i, { guitar: true })));
  await fs.writeFile(join(folder, 'no guitar.mid'), partsToMidi(band(20)));
  await fs.writeFile(join(folder, 'cut.mid'), partsToMidi(band(20, 0, { guitar: true })).subarray(0, 300));
  await fs.writeFile(join(folder, 'twin.mid'), partsToMidi(band(20, 0, { guitar: true })));
  const wad = join(root, 'music.wad');
  await fs.writeFile(wad, makeWad([{ name: 'D_ONE', data: partsToMidi(band(14, 2, { guitar: true })) }, { name: 'D_MUS', data: ascii('MUS\x1a') }]));
  const before = await snapshot(root);
  const out = join(root, 'data');
  const common = { layout: 'midi' as const, source: folder, moreSources: [wad], out, seconds: 6, sampleRate: 8000, seed: 3, split: { train: 0.5, validation: 0.25, test: 0.25 } };
  await assert.rejects(importDataset({ ...common, solo: 'guitar' }), (e: Error) => e instanceof RemixerError && /cut\.mid: truncated MIDI file/.test(e.message));
  await assert.rejects(fs.stat(out));
  const manifest = await importDataset({ ...common, solo: 'guitar', skipBad: true });
  assert.deepEqual(await snapshot(root).then((s) => Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith('data')))), before, 'the sources are as they were');
  const reasons = Object.fromEntries(manifest.skipped!.map((s) => [s.file, s.reason]));
  assert.match(reasons['cut.mid']!, /^truncated MIDI file/);
  assert.match(reasons['no guitar.mid']!, /^no guitar part \(General MIDI programs 25-32, the solo\)$/);
  assert.match(reasons['twin.mid']!, /^the same MIDI file as song 0\.mid$/);
  assert.match(reasons['music.wad:D_MUS']!, /^the lump is not a MIDI file/);
  // Clips over each song's whole length, every clip of a song in the song's split.
  const dataset = await openDataset(out);
  const bySong = new Map<string, Set<string>>();
  for (const entry of dataset.songs()) bySong.set(songOf(entry), (bySong.get(songOf(entry)) ?? new Set()).add(entry.split));
  assert.deepEqual([...bySong.keys()].sort(), ['music-d-one', 'songs-song-0', 'songs-song-1', 'songs-song-2', 'songs-song-3', 'songs-song-4']);
  for (const [song, splits] of bySong) assert.equal(splits.size, 1, `${song}: one split`);
  const clips = dataset.songs().filter((e) => songOf(e) === 'songs-song-1');
  // Windows at 0, 6, 12 and 18 s (bar lines); the guitar plays 4 notes in 6-12 s and none in 18-20 s: left out.
  assert.deepEqual(clips.map((c) => c.start), [0, 12]);
  assert.ok(dataset.songs().every((e) => e.solo === 'guitar'));
  // The second clip's score starts at its window: the guitar is the solo stem, the piano plays in "other".
  const score = (await dataset.loadScore(clips[1]!))!;
  assert.equal(clips[1]!.id, 'songs-song-1--c2');
  assert.ok(score.stems.piano.every((n) => n.pitch === 65), 'the guitar (64 + 1) is the solo');
  assert.ok(score.stems.other.some((n) => n.pitch === 61), 'the piano joins other');
  assert.equal(score.beats[0], 0);
  assert.equal(score.stems.bass[0]!.start, 0);
  assert.ok(score.chords && score.chords.length > 0 && score.chords.every((c) => c.root === 1 && c.quality === 'maj'), 'chords read from the notes: C# major');
  assert.deepEqual(score.key, { tonic: 1, mode: 'major' });
  // The same sources and seed split the songs the same way whatever plays the solo.
  const pianos = await importDataset({ ...common, out: join(root, 'piano'), solo: 'piano', skipBad: true });
  const splitOf = (m: typeof manifest) => new Map(m.songs.map((e) => [songOf(e), e.split]));
  for (const [song, split] of splitOf(manifest)) if (splitOf(pianos).has(song)) assert.equal(splitOf(pianos).get(song), split, song);
});

test('dataset import and dataset human: bad sources are one line naming them, nothing written', async () => {
  const root = await tempDir();
  await fs.writeFile(join(root, 'cut.wad'), makeWad([{ name: 'D_ONE', data: partsToMidi(band(4)) }]).subarray(0, 40));
  await fs.writeFile(join(root, 'quiet.wad'), makeWad([{ name: 'MAP01', data: ascii('level') }]));
  const before = await snapshot(root);
  for (const [args, problem] of [
    [['dataset', 'import', join(root, 'cut.wad'), '--layout', 'midi', '--out', join(root, 'a')], /cut\.wad: truncated WAD/],
    [['dataset', 'import', join(root, 'quiet.wad'), '--layout', 'midi', '--out', join(root, 'a')], /quiet\.wad: a WAD without music/],
    [['dataset', 'human', '--out', join(root, 'h'), '--simutrans', join(root, 'nowhere')], /nowhere: not found .*apt-get install simutrans-data freedoom/],
    [['dataset', 'import', root, root, '--layout', 'folder', '--out', join(root, 'a')], /only --layout midi takes several/],
  ] as const) {
    const result = await runCli([...args]);
    assert.equal(result.code, 1, result.stderr);
    assert.match(singleErrorLine(result) ?? result.stderr, problem);
  }
  assert.deepEqual(await snapshot(root), before);
});
