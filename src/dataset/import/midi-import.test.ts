import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importDataset } from './import.js';
import { openDataset } from '../loader.js';
import { STEMS } from '../../config.js';
import { rms } from '../../dsp/levels.js';
import { RemixerError } from '../../errors.js';
import { partsToMidi, PPQ, type MidiPart } from '../../render/score-midi.js';
import { tempDir } from '../../testing/fixtures.js';

const MAIN = fileURLToPath(new URL('../../cli/main.ts', import.meta.url));
const note = (start: number, pitch: number, duration = 0.4) => ({ start, duration, pitch, velocity: 0.8 });

/** A four-part General MIDI song of `seconds`: piano chords, a bass line, strings, a drum beat. */
function song(seconds: number, shift = 0): MidiPart[] {
  const beats = Array.from({ length: Math.floor(seconds * 2) }, (_, i) => i * 0.5);
  return [
    { name: 'Piano', program: 0, drums: false, notes: beats.filter((_, i) => i % 2 === 0).flatMap((t) => [60, 64, 67].map((p) => note(t, p + shift, 0.9))) },
    { name: 'Bass', program: 33, drums: false, notes: beats.map((t) => note(t, 36 + shift)) },
    { name: 'Strings', program: 48, drums: false, notes: [note(0, 72 + shift, seconds - 0.5)] },
    { name: 'Drums', program: 0, drums: true, notes: beats.map((t, i) => note(t, i % 2 ? 38 : 36, 0.1)) },
  ];
}

async function collection(root: string, count: number, seconds: number): Promise<string> {
  const dir = join(root, 'midi');
  await fs.mkdir(join(dir, 'sub'), { recursive: true });
  for (let i = 0; i < count; i++) await fs.writeFile(join(dir, i % 2 ? 'sub' : '', `song ${i}.mid`), partsToMidi(song(seconds, i)));
  return dir;
}

test('General MIDI files become a dataset: stems split the Slakh way, rendered through the SoundFont, mix = sum, scores kept', async () => {
  const root = await tempDir();
  const source = await collection(root, 3, 4);
  // A tempo change: 120 BPM for two beats, then 60 BPM.
  const map = { ticks: [0, 2 * PPQ, 3 * PPQ], times: [0, 1, 2] };
  await fs.writeFile(join(source, 'tempo change.mid'), partsToMidi(song(4), map));
  const out = join(root, 'data');
  const manifest = await importDataset({ source, layout: 'midi', out, seconds: 4, sampleRate: 16000, split: { train: 2, validation: 1, test: 1 } });
  assert.equal(manifest.songs.length, 4);
  assert.equal(manifest.origin.kind === 'import' && manifest.origin.layout, 'midi');
  const dataset = await openDataset(out);
  for (const entry of dataset.songs()) {
    const loaded = await dataset.loadSong(entry);
    for (const stem of STEMS) assert.ok(rms(loaded.stems[stem]) > 1e-3, `${entry.id}: ${stem} is audible`);
    for (let i = 0; i < loaded.mix.length; i += 101) {
      const sum = STEMS.reduce((s, stem) => s + loaded.stems[stem][i]!, 0);
      assert.ok(Math.abs(loaded.mix[i]! - sum) < 1e-6, 'the mix is the sum of the stems');
    }
    const score = (await dataset.loadScore(entry))!;
    assert.equal(score.stems.piano.length, 12, 'piano notes kept');
    assert.ok(score.stems.drums.every((n) => n.pitch === 36 || n.pitch === 38), 'drums by key');
  }
  const changed = (await dataset.loadScore(dataset.song('tempo-change--c1')))!;
  assert.deepEqual(changed.tempo.map((t) => Math.round(t.bpm)), [120, 60]);
  assert.deepEqual(changed.beats.map((t) => Number(t.toFixed(3))), [0, 0.5, 1, 2, 3], 'beats follow the tempo map');
});

test('bad MIDI files stop the import with their name; --skip-bad lists them in the manifest instead', async () => {
  const root = await tempDir();
  const source = await collection(root, 2, 3);
  await fs.writeFile(join(source, 'broken.mid'), 'MThd this is not midi');
  await fs.writeFile(join(source, 'empty.mid'), partsToMidi([{ name: 'nothing', program: 0, drums: false, notes: [] }]));
  await fs.writeFile(join(source, 'no piano.mid'), partsToMidi(song(3).filter((p) => p.name !== 'Piano')));
  // Bytes that make the MIDI reader throw a plain string, not an Error, and a zero-byte file.
  await fs.writeFile(join(source, 'random.mid'), Uint8Array.from({ length: 4000 }, (_, i) => (i * 7919 + 13) & 255));
  await fs.writeFile(join(source, 'zero.mid'), new Uint8Array(0));
  const out = join(root, 'data');
  await assert.rejects(importDataset({ source, layout: 'midi', out, seconds: 3, sampleRate: 16000 }), (e: Error) => e instanceof RemixerError && /broken\.mid: corrupt MIDI file/.test(e.message));
  await assert.rejects(fs.stat(out), 'no dataset after a failed import');
  await assert.rejects(fs.stat(`${out}.partial`), 'no partial folder when no song was finished: a retry is not refused');
  // A bad SoundFont is its own error, never a MIDI file to skip, and leaves nothing behind.
  const badFont = join(root, 'bad.sf2');
  await fs.writeFile(badFont, 'RIFF not a soundfont');
  await assert.rejects(importDataset({ source, layout: 'midi', out, seconds: 3, sampleRate: 16000, skipBad: true, soundFont: badFont }), (e: Error) => e instanceof RemixerError && e.message.startsWith(`${badFont}: not a readable SoundFont`));
  await assert.rejects(fs.stat(`${out}.partial`), 'a bad SoundFont leaves no partial folder');
  const manifest = await importDataset({ source, layout: 'midi', out, seconds: 3, sampleRate: 16000, skipBad: true });
  assert.equal(manifest.songs.length, 2);
  assert.deepEqual(manifest.skipped!.map((s) => s.file).sort(), ['broken.mid', 'empty.mid', 'no piano.mid', 'random.mid', 'zero.mid']);
  assert.match(manifest.skipped!.find((s) => s.file === 'random.mid')!.reason, /^corrupt MIDI file \(.+\)$/);
  assert.match(manifest.skipped!.find((s) => s.file === 'zero.mid')!.reason, /file is empty \(0 bytes\)/);
  assert.match(manifest.skipped!.find((s) => s.file === 'empty.mid')!.reason, /no notes/);
  assert.match(manifest.skipped!.find((s) => s.file === 'no piano.mid')!.reason, /no piano part \(General MIDI programs 1-8, the solo\)/);
  // Nothing importable at all, with --skip-bad: one message, and no partial folder (there is nothing to resume).
  const onlyBad = join(root, 'only-bad');
  await fs.mkdir(onlyBad);
  for (const name of ['broken.mid', 'zero.mid']) await fs.copyFile(join(source, name), join(onlyBad, name));
  const none = join(root, 'none');
  const refused = await importDataset({ source: onlyBad, layout: 'midi', out: none, seconds: 3, sampleRate: 16000, skipBad: true }).catch((e: Error) => e);
  assert.match(String(refused), /no MIDI song could be imported \(2 skipped; the first: /);
  assert.doesNotMatch(String(refused), /kept in/, 'no song is said to be kept');
  await assert.rejects(fs.stat(`${none}.partial`), 'no partial folder');
  await assert.rejects(fs.stat(none), 'no dataset');
});

test('kill -9 during a MIDI import leaves no half-written song; --resume finishes it', async () => {
  const root = await tempDir();
  const source = await collection(root, 8, 6);
  const out = join(root, 'data');
  const args = ['dataset', 'import', source, '--layout', 'midi', '--out', out, '--seconds', '6'];
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { stdio: 'ignore', env: { ...process.env, REMIXER_SUPERVISED: '1' } });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_, signal) => resolve(signal)));
  const songs = join(`${out}.partial`, 'songs');
  for (let waited = 0; waited < 60_000; waited += 20) {
    const done = await fs.readdir(songs).catch(() => [] as string[]);
    if (done.filter((d) => !d.startsWith('.')).length >= 2) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', 'the import was killed before it finished');
  await assert.rejects(fs.stat(out), 'no dataset yet');
  for (const dir of (await fs.readdir(songs)).filter((d) => !d.startsWith('.'))) {
    assert.deepEqual((await fs.readdir(join(songs, dir))).sort(), ['bass.wav', 'drums.wav', 'mix.wav', 'other.wav', 'piano.wav', 'score.json', 'song.json'], `${dir} is complete`);
  }
  const refused = await importDataset({ source, layout: 'midi', out, seconds: 6 }).catch((e: Error) => e);
  assert.match(String(refused), /an interrupted import is there with \d+ songs? done \(use --resume/);
  const manifest = await importDataset({ source, layout: 'midi', out, seconds: 6, resume: true });
  assert.equal(manifest.songs.length, 8);
  await assert.rejects(fs.stat(`${out}.partial`), 'the partial folder became the dataset');
  await openDataset(out);
  // The song the kill interrupted left a temporary folder: the resume removed it, so the dataset holds none.
  const hidden = async (dir: string): Promise<string[]> => (await fs.readdir(dir, { withFileTypes: true })).flatMap((e) => (e.name.startsWith('.') ? [join(dir, e.name)] : [])).concat(...(await Promise.all((await fs.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => hidden(join(dir, e.name))))));
  assert.deepEqual(await hidden(out), [], 'no hidden temporary folder in the dataset');
});
