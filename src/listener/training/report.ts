/** The trained listener measured as a user runs it, and its model card. */
import { openDataset } from '../../dataset/loader.js';
import { resample } from '../../dsp/resample.js';
import { ANALYSIS_RATE } from '../../analysis/settings.js';
import { beatFMeasure, chordScores, keyScore, tempoRelation } from '../../eval/analysis-metrics.js';
import type { ProgressCallback } from '../../progress.js';
import { LearnedListener } from '../listener.js';
import type { ListenerFile } from '../saved.js';
import { BAR_POINTER, BEAT_FEATURES, CHORD_FEATURES } from '../spec.js';

const median = (values: (number | null)[]) => {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  return v.length ? v[Math.floor(v.length / 2)]! : null;
};

/** Tempo within 4 %, beat and downbeat F, key and chord (major/minor) scores of the listener in `dir` on songs of `data`. */
export async function measureListener(dir: string, songs: readonly { data: string; id: string }[], onProgress?: ProgressCallback): Promise<Record<string, number | null>> {
  const listener = await LearnedListener.load(dir);
  const rows: { tempo: number; beatF: number | null; downbeatF: number | null; key: number | null; majmin: number | null }[] = [];
  const datasets = new Map<string, Awaited<ReturnType<typeof openDataset>>>();
  try {
    for (const [i, { data, id }] of songs.entries()) {
      if (!datasets.has(data)) datasets.set(data, await openDataset(data));
      const dataset = datasets.get(data)!;
      const entry = dataset.song(id);
      const score = (await dataset.loadScore(entry))!;
      const stem = score.solo?.stem ?? 'piano';
      let samples = (await dataset.loadSong(entry, [stem])).stems[stem];
      if (dataset.sampleRate !== ANALYSIS_RATE) samples = await resample(samples, dataset.sampleRate, ANALYSIS_RATE);
      try {
        const heard = listener.listen(samples, { name: id });
        rows.push({
          tempo: tempoRelation(score.tempo[0]!.bpm, heard.tempo.bpm) === 'exact' ? 1 : 0,
          beatF: beatFMeasure(score.beats, heard.beats),
          downbeatF: beatFMeasure(score.downbeats, heard.downbeats),
          key: score.key ? keyScore(score.key, heard.key) : null,
          majmin: score.chords ? chordScores(score.chords, heard.chords).majmin : null,
        });
      } catch {
        rows.push({ tempo: 0, beatF: 0, downbeatF: 0, key: 0, majmin: 0 });
      }
      onProgress?.({ phase: 'measuring the listener on the validation songs', done: i + 1, total: songs.length });
    }
  } finally {
    listener.dispose();
  }
  const mean = (values: (number | null)[]) => {
    const v = values.filter((x): x is number => x !== null);
    return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  };
  return {
    songs: rows.length,
    tempoWithin4Percent: mean(rows.map((r) => r.tempo)),
    beatF: median(rows.map((r) => r.beatF)),
    downbeatF: median(rows.map((r) => r.downbeatF)),
    keyMean: mean(rows.map((r) => r.key)),
    chordMajmin: median(rows.map((r) => r.majmin)),
  };
}

const fixed = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? '—' : v.toFixed(digits));

/** The model card, in words. */
export function formatListenerCard(file: ListenerFile, qualities: readonly string[]): string {
  const t = file.training;
  const v = file.validation;
  return [
    '# Remixer listener — model card',
    '',
    'What it does: hears a solo recording and says where its beats and downbeats are, its tempo and meter, and its chords (and, with them, its key). Two bidirectional LSTM networks and two decoders:',
    '',
    `- **beats**: log-spectrogram frames (${BEAT_FEATURES.frames.map(([n, b]) => `${n} samples, ${b} bands/octave`).join('; ')}, with positive differences; ${BEAT_FEATURES.frameRate} frames/s) → ${file.beats.spec.layers} × BiLSTM(${file.beats.spec.units}) → P(none, beat, downbeat) per frame → a bar-pointer dynamic Bayesian network (tempo ${BAR_POINTER.minBpm}–${BAR_POINTER.maxBpm} BPM, meters ${BAR_POINTER.meters.join(' and ')}, tempo changes penalised) decoded by Viterbi.`,
    `- **chords**: a semitone spectrum (${CHORD_FEATURES.nFft}-sample frames) pooled on the beats, with a downbeat flag → ${file.chords.spec.layers} × BiLSTM(${file.chords.spec.units}) → P(chord) per beat over N and ${qualities.join(', ')} on 12 roots → an HMM whose changes cost less on downbeats.`,
    '',
    '## Trained on',
    '',
    `- Corpus: ${t.corpus}.`,
    `- Songs: ${t.songs.train} train, ${t.songs.validation} validation, ${t.songs.test} test. Splits by **style family**: the test split's families (${t.heldOutFamilies.join(', ') || 'none'}) were never used in training or tuning; the validation split is styles the training never heard (${t.validationStyles.length} styles).`,
    `- Solo instruments (training songs): ${Object.entries(t.instruments).map(([k, n]) => `${k} ${n}`).join(', ')}.`,
    `- SoundFonts: ${t.soundFonts.join(', ') || '—'}. The training data are renders of MMA's grooves (GPL-2 style files of Debian's mma, run as a program; nothing of them is in this repository).`,
    `- Seed ${t.seed}; beat network ${t.epochs.beats} epochs, chord network ${t.epochs.chords} epochs; ${Math.round(t.seconds / 60)} min on the 2-core development machine.`,
    '',
    '## Measured on the validation songs (styles it never trained on)',
    '',
    `tempo within 4 %: ${fixed(v['tempoWithin4Percent'])}; beat F (±70 ms): ${fixed(v['beatF'])}; downbeat F: ${fixed(v['downbeatF'])}; key (MIREX, mean): ${fixed(v['keyMean'])}; chords major/minor (WCSR, median): ${fixed(v['chordMajmin'])} over ${v['songs'] ?? 0} songs.`,
    '',
    'The held-out families and the DSP listener side by side: README, "Listening".',
    '',
  ].join('\n');
}
