import { test } from 'node:test';
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { synthesizeDataset } from '../dataset/synth/generate.js';
import { openDataset } from '../dataset/loader.js';
import { writeWav } from '../io/wav.js';
import { runCli, singleErrorLine } from '../testing/cli.js';
import { tempDir } from '../testing/fixtures.js';

test('remixer fit: a solo with its own band fits better than with another song\'s band; bad input is one line', async () => {
  const root = await tempDir();
  const reference = join(root, 'reference');
  await synthesizeDataset({ out: reference, songs: 5, seconds: 8, seed: 31 });
  const dataset = await openDataset(reference);
  const [own, other] = [dataset.songs()[0]!, dataset.songs()[3]!];
  const ownSong = await dataset.loadSong(own);
  const otherSong = await dataset.loadSong(other);
  await writeWav(join(root, 'solo.wav'), ownSong.stems.piano, dataset.sampleRate, 'float32');
  for (const [dir, song] of [['own', ownSong], ['other', otherSong]] as const) {
    await fs.mkdir(join(root, dir));
    for (const stem of ['drums', 'bass', 'other'] as const) await writeWav(join(root, dir, `${stem}.wav`), song.stems[stem], dataset.sampleRate, 'float32');
  }
  const fit = async (dir: string) => {
    const result = await runCli(['fit', join(root, 'solo.wav'), '--stems', join(root, dir), '--reference', reference, '--songs', '4', '--json']);
    assert.equal(result.code, 0, result.stderr);
    return JSON.parse(result.stdout) as { harmonic: { fit: number }; rhythmic: { fit: number } };
  };
  const [a, b] = [await fit('own'), await fit('other')];
  assert.ok(a.harmonic.fit > b.harmonic.fit + 0.3, `own band ${a.harmonic.fit} vs another song's ${b.harmonic.fit}`);
  assert.ok(a.rhythmic.fit > b.rhythmic.fit, `rhythm: own ${a.rhythmic.fit} vs other ${b.rhythmic.fit}`);
  const missing = await runCli(['fit', join(root, 'solo.wav'), '--stems', join(root, 'nowhere'), '--reference', reference]);
  assert.equal(missing.code, 1);
  assert.match(singleErrorLine(missing) ?? missing.stderr, /nowhere: not a folder of stems/);
});
