import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { importDataset } from './import.js';
import { openDataset } from '../loader.js';
import { STEMS } from '../../config.js';
import { rms } from '../../dsp/levels.js';
import { encodeFlac, sine, tempDir, writeWavFixture, zeroCrossingFrequency } from '../../testing/fixtures.js';

const RATE = 44100;
const SECONDS = 2;
const TONES = { drums: 100, bass: 55, piano: 262, other: 440, vocals: 660, guitar: 330, strings: 523 } as const;

const stereo = (hz: number, seconds = SECONDS) => [sine(hz, seconds, RATE, 0.2), sine(hz, seconds, RATE, 0.2)];

async function writeFile(path: string, bytes: Uint8Array | string): Promise<void> {
  await fs.mkdir(dirname(path), { recursive: true });
  await fs.writeFile(path, bytes);
}

/** MUSDB18-HQ-like: train/ and test/ folders of songs with mixture + four stems. */
async function makeMusdb(root: string): Promise<void> {
  for (const song of ['train/Artist - Song A', 'train/Artist - Song B', 'test/Other Artist - Song C']) {
    const dir = join(root, song);
    await fs.mkdir(dir, { recursive: true });
    for (const stem of ['drums', 'bass', 'other', 'vocals'] as const) await writeWavFixture(join(dir, `${stem}.wav`), stereo(TONES[stem]), RATE, '16');
    await writeWavFixture(join(dir, 'mixture.wav'), stereo(100), RATE, '16');
  }
}

/** Slakh2100-like: TrackNNNNN/ with mix.flac, stems/Sxx.flac and metadata.yaml. */
async function makeSlakh(root: string): Promise<void> {
  const stems = [
    ['S00', 'Drums', TONES.drums],
    ['S01', 'Bass', TONES.bass],
    ['S02', 'Piano', TONES.piano],
    ['S03', 'Guitar', TONES.guitar],
    ['S04', 'Strings (continued)', TONES.strings],
  ] as const;
  for (const track of ['Track00001', 'Track00002']) {
    const dir = join(root, track);
    let yaml = 'audio_dir: stems\nstems:\n';
    for (const [key, cls, hz] of stems) {
      yaml += `  ${key}:\n    inst_class: ${cls}\n    audio_rendered: true\n    program_num: 0\n`;
      await writeFile(join(dir, 'stems', `${key}.flac`), await encodeFlac([sine(hz, SECONDS, RATE, 0.2)], RATE));
    }
    yaml += '  S05:\n    inst_class: Organ\n    audio_rendered: false\n';
    await writeFile(join(dir, 'metadata.yaml'), yaml);
    await writeFile(join(dir, 'mix.flac'), await encodeFlac([sine(100, SECONDS, RATE, 0.2)], RATE));
  }
}

test('imports a MUSDB-like folder: vocals join other, piano is missing and silent', async () => {
  const root = await tempDir();
  await makeMusdb(join(root, 'musdb'));
  const manifest = await importDataset({ source: join(root, 'musdb'), layout: 'musdb', out: join(root, 'ds'), seconds: 3 });
  assert.deepEqual(manifest.songs.map((s) => s.id), ['test-other-artist-song-c', 'train-artist-song-a', 'train-artist-song-b']);
  const dataset = await openDataset(join(root, 'ds'));
  for (const entry of dataset.songs()) {
    assert.deepEqual(entry.missingStems, ['piano']);
    assert.equal(entry.seconds, SECONDS);
    const song = await dataset.loadSong(entry);
    assert.equal(song.mix.length, 3 * 22050, 'padded to the clip length at the project rate');
    assert.equal(rms(song.stems.piano), 0);
    assert.ok(Math.abs(zeroCrossingFrequency(song.stems.bass.subarray(2000, 40000), 22050) - 55) < 2);
    // other = other (440 Hz) + vocals (660 Hz): more energy than either tone alone.
    assert.ok(Math.abs(rms(song.stems.other.subarray(2000, 40000)) - 0.2) < 0.01);
    assert.ok(rms(song.mix.subarray(2 * 22050 + 100)) === 0, 'silence after the real audio');
  }
});

test('imports a Slakh-like folder: classes map to stems, the rest joins other, unrendered stems are skipped', async () => {
  const root = await tempDir();
  await makeSlakh(join(root, 'slakh'));
  await importDataset({ source: join(root, 'slakh'), layout: 'slakh', out: join(root, 'ds'), seconds: 2 });
  const dataset = await openDataset(join(root, 'ds'));
  assert.equal(dataset.songs().length, 2);
  const song = await dataset.loadSong(dataset.songs()[0]!);
  assert.deepEqual(song.entry.missingStems, []);
  assert.ok(Math.abs(zeroCrossingFrequency(song.stems.piano.subarray(2000, 40000), 22050) - 262) < 2);
  assert.ok(Math.abs(rms(song.stems.other.subarray(2000, 40000)) - 0.2) < 0.01, 'guitar + strings');
  assert.equal(dataset.manifest.sampleFormat, 'float32');
});

test('imports a folder per song; a song without a mix gets the sum of its stems', async () => {
  const root = await tempDir();
  await fs.mkdir(join(root, 'src', 'My Song'), { recursive: true });
  for (const stem of ['drums', 'bass', 'piano'] as const) await writeWavFixture(join(root, 'src', 'My Song', `${stem}.wav`), stereo(TONES[stem]), RATE, '24');
  await importDataset({ source: join(root, 'src'), layout: 'folder', out: join(root, 'ds'), seconds: 2 });
  const dataset = await openDataset(join(root, 'ds'));
  const song = await dataset.loadSong(dataset.song('my-song'));
  assert.deepEqual(song.entry.missingStems, ['other']);
  for (let i = 1000; i < 40000; i += 1234) {
    const sum = STEMS.reduce((s, stem) => s + song.stems[stem][i]!, 0);
    assert.ok(Math.abs(song.mix[i]! - sum) < 1e-6);
  }
});

test('an unreadable file stops the import with its name and leaves no dataset behind', async () => {
  const root = await tempDir();
  await makeMusdb(join(root, 'musdb'));
  const bad = join(root, 'musdb', 'train', 'Artist - Song B', 'bass.wav');
  const bytes = await fs.readFile(bad);
  await fs.writeFile(bad, bytes.subarray(0, 2000));
  await assert.rejects(importDataset({ source: join(root, 'musdb'), layout: 'musdb', out: join(root, 'ds') }), (error: Error) => {
    assert.ok(error.message.startsWith(`${bad}: truncated WAV`), error.message);
    return true;
  });
  assert.deepEqual((await fs.readdir(root)).sort(), ['musdb']);
});

test('a source with no songs of the layout is a clear error', async () => {
  const root = await tempDir();
  await fs.mkdir(join(root, 'empty'));
  await assert.rejects(importDataset({ source: join(root, 'empty'), layout: 'slakh', out: join(root, 'ds') }), /no songs found for layout slakh/);
  await assert.rejects(importDataset({ source: join(root, 'nope'), layout: 'musdb', out: join(root, 'ds') }), /source directory not found/);
});
