import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderSong } from '../dataset/synth/render.js';
import { scoreOfSynthSong } from '../dataset/synth/song-score.js';
import { renderBand } from '../band/render.js';
import { features } from './features.js';
import { fitScale, harmonicSimilarity, rhythmicSimilarity } from './fit.js';
import { onsetF1 } from './metrics.js';
import { beatTimes } from '../analysis/analyse.js';
import { STEMS } from '../config.js';
import { sine } from '../testing/fixtures.js';

const RATE = 22050;
const SECONDS = 14;

/** Three synthetic songs: the piano is the solo, the rest the band. */
const songs = [3, 4, 5].map((index) => {
  const song = renderSong(21, index, SECONDS, RATE);
  const stems = Object.fromEntries(STEMS.map((s) => [s, Float32Array.from(song.stems[s], (v) => v / 32768)])) as Record<(typeof STEMS)[number], Float32Array>;
  const band = new Float32Array(stems.drums.length);
  for (const s of ['drums', 'bass', 'other'] as const) for (let i = 0; i < band.length; i++) band[i]! += stems[s][i]!;
  return { song, stems, band, score: scoreOfSynthSong(song.score) };
});

test('fit: the own band scores 1 and others 0 on the shuffled-pair scale; a transposed band fits the harmony less', async () => {
  const [first, ...others] = songs;
  const solo = features(first!.stems.piano, RATE);
  const own = harmonicSimilarity(solo, features(first!.band, RATE))!;
  const otherSims = others.map((o) => harmonicSimilarity(solo, features(o.band, RATE)));
  assert.equal(fitScale(own, own, otherSims), 1);
  assert.ok(Math.abs(fitScale(otherSims[0]!, own, otherSims)! + fitScale(otherSims[1]!, own, otherSims)!) < 1e-9, 'the others average 0');
  // The same band, its notes a tritone away, through the SoundFont: the harmony no longer fits.
  const notes = first!.score.stems;
  const transpose = (shift: number) => ({ drums: notes.drums, bass: notes.bass.map((n) => ({ ...n, pitch: n.pitch + shift })), piano: [], other: notes.other.map((n) => ({ ...n, pitch: n.pitch + shift })) });
  const length = first!.band.length;
  const sumOf = (stems: Record<string, Float32Array>) => Float32Array.from({ length }, (_, i) => stems['drums']![i]! + stems['bass']![i]! + stems['other']![i]!);
  const inKey = sumOf(await renderBand(transpose(0), { sampleRate: RATE, length }));
  const tritone = sumOf(await renderBand(transpose(6), { sampleRate: RATE, length }));
  const simInKey = harmonicSimilarity(solo, features(inKey, RATE))!;
  const simTritone = harmonicSimilarity(solo, features(tritone, RATE))!;
  assert.ok(simInKey > simTritone + 0.2, `in key ${simInKey.toFixed(2)} vs a tritone away ${simTritone.toFixed(2)}`);
  assert.ok(fitScale(simTritone, own, otherSims)! < fitScale(simInKey, own, otherSims)!);
});

test('fit: a band shifted off the beat scores a lower rhythmic similarity than the band on it', async () => {
  const { band, score } = songs[0]!;
  const beat = 60 / score.tempo[0]!.bpm;
  const shift = Math.round((beat / 2) * RATE);
  const shifted = new Float32Array(band.length);
  shifted.set(band.subarray(0, band.length - shift), shift);
  const onBeat = rhythmicSimilarity(await beatTimes(band, RATE), score.beats)!;
  const offBeat = rhythmicSimilarity(await beatTimes(shifted, RATE), score.beats)!;
  assert.ok(onBeat > 0.8, `on the beat ${onBeat}`);
  assert.ok(offBeat < onBeat - 0.5, `half a beat late ${offBeat}`);
});

test('note onsets: the true part scores 1, a sustained drone almost nothing', () => {
  const bass = songs[0]!.stems.bass;
  assert.equal(onsetF1(bass, bass, RATE), 1);
  const drone = sine(55, SECONDS, RATE, 0.2);
  assert.ok(onsetF1(drone, bass, RATE)! < 0.1, `a drone's onset F1 ${onsetF1(drone, bass, RATE)}`);
});
