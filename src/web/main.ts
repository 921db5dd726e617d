/**
 * The page: tabs, and the wiring of the remix form, the mixer (with what was heard,
 * piano rolls and downloads), the history, training and comparison. The open remix
 * is in the address (#remix=ID), so a reload opens it again.
 */
import { $ } from './dom';
import './styles.css';
import { api, followJob, waitingText, type DatasetListing, type ModelListing, type RemixRecord } from './api';
import type { RemixCorrections } from '../server/api-types';
import { AUTO_STYLE } from '../model/representation/spec';
import { Mixer, formatTime } from './mixer';
import { TrainView } from './train-view';
import { renderCompare } from './compare-view';
import { renderHistory } from './history-view';
import { drawBarLines, renderAnalysis } from './analysis-view';
import { AnalysisEditor } from './edit-analysis';
import { Recorder } from './recorder';
import { renderPianoRolls } from './piano-roll';
import { TapCounter, tappedGrid } from './tap-tempo';
import { mixdown } from './mixdown';
import { encodeWav16, saveAs } from './wav';
import { downloadBase } from '../server/download-name';
import { PracticeView } from './practice-view';
import { TakesView } from './takes-view';
import { barLines, loopFromEnd, loopFromStart, loopWords } from './loop-bars';
import { progressWords } from '../progress';
import { SOLO_FAMILY_NAMES } from '../dataset/import/solo-families';
import { styleWords } from '../remix/style-words';
import { ARCHITECTURES, DEFAULT_PRESET, PRESETS, PRESET_NAMES } from '../model/config';
import { REPRESENTATION_TYPES } from '../model/representation/spec';
import { STEMS } from '../config';
import { WEB_TRAIN_FORM_KEYS, WEB_TRAIN_OPTIONS } from '../model/training/options';

const TABS = ['remix', 'mix', 'history', 'train', 'compare'] as const;
type Tab = (typeof TABS)[number];

function showTab(name: Tab): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('[role=tab]')) {
    tab.setAttribute('aria-selected', String(tab.dataset['tab'] === name));
    // One tab in the page's tab order; the arrow keys move between them (the WAI-ARIA tabs pattern).
    tab.tabIndex = tab.dataset['tab'] === name ? 0 : -1;
  }
  for (const section of document.querySelectorAll<HTMLElement>('.tab')) section.hidden = section.id !== `tab-${name}`;
  if (name === 'compare') void refreshCompare();
  if (name === 'train') trainView.watch();
  if (name === 'history') void renderHistory($('#history'), (record) => void openRemix(record).catch(showMixError), closeDeleted);
}
for (const tab of document.querySelectorAll<HTMLButtonElement>('[role=tab]')) {
  tab.addEventListener('click', () => showTab(tab.dataset['tab'] as Tab));
  tab.addEventListener('keydown', (event) => {
    const at = TABS.indexOf(tab.dataset['tab'] as Tab);
    const to = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: TABS.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const name = TABS[(to + TABS.length) % TABS.length]!;
    showTab(name);
    $<HTMLButtonElement>(`[role=tab][data-tab=${name}]`).focus();
  });
}

let models: ModelListing[] = [];
let datasets: DatasetListing[] = [];

/** The model and dataset lists; called at start, after training and on Compare. */
async function refreshLists(): Promise<void> {
  [models, datasets] = await Promise.all([api.models(), api.datasets()]);
  const modelSelect = $<HTMLSelectElement>('#remix-form select[name=model]');
  const chosen = modelSelect.value;
  modelSelect.replaceChildren(...models.filter((m) => m.trained).map((m) => new Option(m.label, m.id, false, m.id === chosen)));
  showModelDetail();
  const datasetSelect = $<HTMLSelectElement>('#train-form select[name=dataset]');
  const chosenData = datasetSelect.value;
  datasetSelect.replaceChildren(...datasets.map((d) => new Option(`${d.id} (${d.songs} songs, ${d.sampleRate} Hz)`, d.id, false, d.id === chosenData)));
}

/** The technical line and what the model expects, beneath the model choice; variation only for score models. */
function showModelDetail(): void {
  const model = models.find((m) => m.id === $<HTMLSelectElement>('#remix-form select[name=model]').value);
  const detail = $('#model-detail');
  detail.textContent = model
    ? `${model.detail}. It listens to a ${model.sourceStem} solo: another instrument works, but the band hears it as a ${model.sourceStem}.${model.playsNotes ? ' It plays notes: choose instruments, draw new takes of a part and download the MIDI in the Mix tab.' : ''}`
    : 'No trained model yet: train one in the Train tab (or run `remixer demo`).';
  $('#temperature-field').hidden = !model?.playsNotes;
  const styles = model?.styles ?? [];
  const styleSelect = $<HTMLSelectElement>('#remix-form select[name=style]');
  const chosenStyle = styleSelect.value;
  styleSelect.replaceChildren(new Option('auto: chosen from your solo', AUTO_STYLE), ...styles.map((s) => new Option(s, s, false, s === chosenStyle)));
  $('#style-field').hidden = styles.length === 0;
}
$('#remix-form select[name=model]').addEventListener('change', showModelDetail);

function showMixError(error: Error): void {
  $('#mix-error').textContent = error.message;
  $('#mix-error').hidden = false;
}

async function refreshCompare(): Promise<void> {
  await refreshLists();
  await renderCompare($('#compare'), models, datasets);
}

// The mixer
const mixerRoot = $('#mixer');
const mixer = new Mixer($('#tracks'), mixerRoot, {
  onRegenerate: (stem, program) => void regenerate(stem, program),
  onInstrument: (stem, program) => void regenerate(stem, program, true),
  onLoop: (loop) => {
    $('[data-role=loop-text]').textContent = loop ? loopWords(loop, current?.result?.analysis?.downbeats ?? []) : LOOP_HINT;
  },
});
const LOOP_HINT = $('[data-role=loop-text]').textContent ?? '';
const takesView = new TakesView(async (record) => {
  await openRemix(record);
});
const practiceView = new PracticeView(async (id) => {
  const record = await api.remixRecord(id);
  if (current?.id === id) current = record;
  return record;
});
let current: RemixRecord | null = null;
/** Taps of "tap the beat" (tap-tempo.ts), and the moment the band plays again on them. */
const taps = new TapCounter();
let tapTimer: ReturnType<typeof setTimeout> | null = null;

async function openRemix(record: RemixRecord): Promise<void> {
  if (!record.result) throw new Error(`the remix of ${record.fileName} is ${record.status}${record.error ? `: ${record.error}` : ''}`);
  $('#mix-error').hidden = true;
  current = record;
  history.replaceState(null, '', `#remix=${encodeURIComponent(record.id)}`);
  showTab('mix');
  $('#mix-empty').hidden = true;
  mixerRoot.hidden = false;
  mixerRoot.dataset['remix'] = record.id;
  $('#mix-title').textContent = `${record.name ? `${record.name}: ` : ''}${record.fileName} → ${record.modelLabel}`;
  const style = styleWords(record.result.style, record.result.styleConfidence);
  $('#mix-style').hidden = !style;
  $('#mix-style').textContent = style ? `Style: ${style}` : '';
  await mixer.load(record);
  renderAnalysis($('#analysis'), record.result.analysis, mixer.duration);
  $('#edit-analysis').hidden = !record.playsNotes || !record.result.analysis;
  $('#edit-status').textContent = '';
  showChoices(record);
  editor.show(record.result.analysis, record.settings.corrections);
  drawBarLines($('#tracks'), record.result.analysis, mixer.duration);
  const rolls = $('#piano-rolls-box');
  rolls.hidden = !record.playsNotes;
  if (record.playsNotes) renderPianoRolls($('#piano-rolls'), record);
  $<HTMLAnchorElement>('#server-remix').href = api.trackUrl(record.id, 'remix.wav');
  const mp3 = $<HTMLAnchorElement>('#server-remix-mp3');
  mp3.href = api.trackUrl(record.id, 'remix.mp3');
  mp3.hidden = !record.result.mp3;
  const midi = $<HTMLAnchorElement>('#server-midi');
  midi.href = api.midiUrl(record.id);
  midi.hidden = !record.result.midi;
  $<HTMLAnchorElement>('#server-zip').href = api.zipUrl(record.id);
  practiceView.show(record);
  takesView.show(record);
  $('#mixdown-note').textContent = '';
  document.body.dataset['remix'] = record.id;
  mixerRoot.dataset['loaded'] = `${record.id}:${record.take ?? ''}:${Object.values(record.settings.seeds).join(',')}:${Object.values(record.settings.programs).join(',')}`;
}

/**
 * When the listener was unsure, the readings that came close, each one click from being
 * played; and tapping the beat, for when none of them is it.
 */
function showChoices(record: RemixRecord): void {
  const box = $('#heard-choices');
  box.hidden = !record.playsNotes || !record.result?.analysis;
  taps.reset();
  $('#tap-status').textContent = '';
  const choices = box.querySelector<HTMLElement>('[data-role=choices]')!;
  choices.replaceChildren();
  const alternatives = record.result?.analysis?.alternatives ?? [];
  if (!alternatives.length) return;
  choices.append('Also likely: ');
  for (const alternative of alternatives) {
    const button = Object.assign(document.createElement('button'), { type: 'button', textContent: alternative.text, title: 'play the band again on this reading' });
    button.dataset['role'] = 'alternative';
    button.dataset['corrections'] = JSON.stringify(alternative.corrections);
    button.addEventListener('click', () => void playAgain(alternative.corrections));
    choices.append(button, ' ');
  }
}

/** A tap at the solo's playing position; a moment after the last of enough even taps, the band plays again on them. */
function tap(): void {
  if (!current?.playsNotes) return;
  const times = taps.add(mixer.position(), performance.now() / 1000);
  const grid = tappedGrid(times);
  const status = $('#tap-status');
  status.textContent = grid ? `${times.length} taps: ${grid.tempo.toFixed(1)} BPM from ${grid.firstDownbeat.toFixed(2)} s` : `${times.length} tap${times.length === 1 ? '' : 's'}…`;
  status.dataset['taps'] = String(times.length);
  if (tapTimer) clearTimeout(tapTimer);
  if (grid) tapTimer = setTimeout(() => void playAgain({ tempo: grid.tempo, firstDownbeat: grid.firstDownbeat }), 1200);
}
$('#tap').addEventListener('click', tap);
document.addEventListener('keydown', (event) => {
  if (event.key !== 't' && event.key !== 'T') return;
  if (mixerRoot.hidden || $('#tab-mix').hidden || (event.target as HTMLElement).closest('input, select, textarea')) return;
  event.preventDefault();
  tap();
});

/** The open remix was deleted: the mixer stops and empties, and the address forgets it. */
function closeDeleted(id: string): void {
  if (current?.id !== id) return;
  mixer.pause();
  current = null;
  mixerRoot.hidden = true;
  delete mixerRoot.dataset['remix'];
  delete mixerRoot.dataset['loaded'];
  $('#mix-empty').hidden = false;
  history.replaceState(null, '', location.pathname);
}

/** The band again, to the corrected analysis; every part keeps its seed. */
async function playAgain(corrections: RemixCorrections): Promise<void> {
  if (!current) return;
  const button = $<HTMLButtonElement>('#play-again');
  const status = $('#edit-status');
  button.disabled = true;
  mixerRoot.dataset['replaying'] = 'true';
  status.textContent = 'playing it again…';
  status.classList.remove('error');
  try {
    const job = await api.replay(current.id, corrections);
    const ended = await followJob(job.id, (j) => {
      if (j.status === 'queued') status.textContent = waitingText(j);
      else if (j.progress) status.textContent = progressWords(j.progress);
    });
    if (ended.status !== 'done') throw new Error(ended.error ?? 'playing it again failed');
    await openRemix(await api.remixRecord(current.id));
    status.textContent = 'played again to your corrections';
  } catch (e) {
    status.textContent = (e as Error).message;
    status.classList.add('error');
  } finally {
    button.disabled = false;
    delete mixerRoot.dataset['replaying'];
  }
}
const editor = new AnalysisEditor($<HTMLFormElement>('#edit-form'), (corrections) => void playAgain(corrections));
$('#edit-form').addEventListener('input', () => $('#edit-status').classList.remove('error'));
$('#analysis').addEventListener('click', (event) => {
  const cell = (event.target as HTMLElement).closest<HTMLElement>('.chord-chart .bar');
  if (cell && current?.playsNotes) editor.editBar(cell);
});

/**
 * A new take of one stem (score models): the others stay as they are. With `sameNotes`,
 * the stem's own seed and temperature again, so the same notes sound on the new instrument.
 */
async function regenerate(stem: string, program: number | null, sameNotes = false): Promise<void> {
  if (!current) return;
  const row = document.querySelector<HTMLElement>(`.track[data-track="${stem}"]`);
  const button = row?.querySelector<HTMLButtonElement>('[data-role=regenerate]');
  if (button) [button.disabled, button.textContent] = [true, 'drawing…'];
  mixerRoot.dataset['regenerating'] = stem;
  try {
    const { seeds, temperatures, temperature } = current.settings;
    const same = sameNotes ? { seed: seeds[stem as keyof typeof seeds] ?? 0, temperature: temperatures[stem as keyof typeof temperatures] ?? temperature } : {};
    const job = await api.regenerate(current.id, stem, { ...same, ...(program === null ? {} : { program }) });
    const ended = await followJob(job.id, () => {});
    if (ended.status !== 'done') throw new Error(ended.error ?? 'the new take failed');
    await openRemix(await api.remixRecord(current.id));
  } catch (e) {
    if (button) [button.disabled, button.textContent] = [false, 'New take'];
    alert((e as Error).message);
  } finally {
    delete mixerRoot.dataset['regenerating'];
  }
}

for (const button of document.querySelectorAll<HTMLButtonElement>('[data-role=listen]')) {
  button.addEventListener('click', () => {
    mixer.setListen(button.dataset['listen'] === 'solo' ? 'solo' : 'remix');
    for (const other of document.querySelectorAll<HTMLButtonElement>('[data-role=listen]')) other.setAttribute('aria-pressed', String(other === button));
  });
}
$('[data-role=play]').addEventListener('click', () => mixer.toggle());
$('[data-role=rewind]').addEventListener('click', () => mixer.seek(mixer.loop?.start ?? 0));
$('[data-role=clear-loop]').addEventListener('click', () => mixer.setLoop(null));
// [ and ] set the loop's start and end at the playhead, on the nearest bar line.
document.addEventListener('keydown', (event) => {
  if ((event.key !== '[' && event.key !== ']') || mixerRoot.hidden || $('#tab-mix').hidden) return;
  if ((event.target as HTMLElement).closest('input, select, textarea')) return;
  event.preventDefault();
  const lines = barLines(current?.result?.analysis?.downbeats ?? [], mixer.duration);
  const loop = (event.key === '[' ? loopFromStart : loopFromEnd)(mixer.position(), mixer.loop, lines);
  if (loop) mixer.setLoop(loop);
});
document.addEventListener('keydown', (event) => {
  const target = event.target as HTMLElement;
  if (event.code !== 'Space' || mixerRoot.hidden || $('#tab-mix').hidden) return;
  // Typing, and buttons and links (space presses them), keep the key.
  if (target.closest('input, select, textarea, button, a, summary')) return;
  event.preventDefault();
  mixer.toggle();
});
$('#download').addEventListener('click', () => {
  if (!current?.result) return;
  const mix = mixdown(mixer, current.result.loudnessLufs);
  const change = mix.gainDb >= 0 ? `+${mix.gainDb.toFixed(1)}` : mix.gainDb.toFixed(1);
  $('#mixdown-note').textContent = `brought to the mastered remix's ${current.result.loudnessLufs.toFixed(1)} LUFS (${change} dB), peaks limited to -1 dBFS`;
  saveAs(encodeWav16(mix.channels, mix.sampleRate), `${downloadBase(current)}-mix.wav`);
});

// Recording a take: it becomes the file of the remix form.
const recorder = new Recorder();
const recordStart = $<HTMLButtonElement>('#record-start');
const recordStop = $<HTMLButtonElement>('#record-stop');
const recordTime = $('#record-time');
const recordMeter = $('#record-meter');
const recordError = $('#record-error');
recordStart.addEventListener('click', () => {
  recordError.hidden = true;
  const bpm = Number($<HTMLInputElement>('#count-in-bpm').value);
  const countIn = $<HTMLInputElement>('#count-in').checked && bpm >= 40 && bpm <= 240 ? { bpm, beats: 4 } : null;
  recordStart.disabled = true;
  recordTime.textContent = countIn ? 'count-in…' : 'recording…';
  recorder
    .start({
      countIn,
      onLevel: (db) => {
        recordMeter.style.width = `${Math.max(0, Math.min(100, ((db + 60) / 60) * 100))}%`;
        recordMeter.dataset['level'] = db.toFixed(1);
      },
      onTime: (seconds) => {
        recordTime.textContent = `recording ${formatTime(seconds)}`;
        recordTime.dataset['seconds'] = seconds.toFixed(2);
      },
    })
    .then(() => (recordStop.hidden = false))
    .catch((e: Error) => {
      recordStart.disabled = false;
      recordTime.textContent = '';
      recordError.textContent = `the microphone could not be opened: ${e.message}`;
      recordError.hidden = false;
    });
});
recordStop.addEventListener('click', () => {
  recordStop.hidden = true;
  void recorder.stop().then((take) => {
    recordStart.disabled = false;
    recordMeter.style.width = '0%';
    recordMeter.dataset['level'] = '-Infinity';
    const seconds = (take.channels[0]?.length ?? 0) / take.sampleRate;
    if (seconds < 1) {
      recordTime.textContent = '';
      recordError.textContent = 'the take is shorter than a second: record again';
      recordError.hidden = false;
      return;
    }
    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    const file = new File([encodeWav16(take.channels, take.sampleRate)], `take-${stamp}.wav`, { type: 'audio/wav' });
    const files = new DataTransfer();
    files.items.add(file);
    $<HTMLInputElement>('#remix-form input[name=file]').files = files.files;
    const playback = $<HTMLAudioElement>('#record-playback');
    playback.src = URL.createObjectURL(file);
    playback.hidden = false;
    recordTime.textContent = `your take: ${formatTime(seconds)} (${file.name}); make the remix below`;
    recordTime.dataset['take'] = file.name;
  });
});

// The remix form
const remixForm = $<HTMLFormElement>('#remix-form');
const remixError = $('#remix-error');
const remixStatus = $('#remix-status');
let remixBusy = false;
remixForm.addEventListener('input', () => {
  remixError.hidden = true;
  if (!remixBusy) remixStatus.hidden = true;
});
remixForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const progress = $<HTMLProgressElement>('#remix-progress');
  const text = $('#remix-status-text');
  const button = $<HTMLButtonElement>('#generate');
  remixError.hidden = true;
  remixStatus.hidden = false;
  button.disabled = true;
  remixBusy = true;
  progress.value = 0;
  text.textContent = 'uploading…';
  const data = new FormData(remixForm);
  if (!data.get('seconds')) data.delete('seconds');
  if ($('#temperature-field').hidden) data.delete('temperature');
  if ($('#style-field').hidden) data.delete('style');
  api
    .remix(data)
    .then((job) =>
      followJob(job.id, (j) => {
        const p = j.progress;
        progress.value = p && p.total ? p.done / p.total : 0;
        text.textContent = j.status === 'queued' ? waitingText(j) : p ? progressWords(p) : j.status;
      }),
    )
    .then(async (job) => {
      if (job.status !== 'done') throw new Error(job.error ?? 'the remix failed');
      remixStatus.hidden = true;
      await openRemix(await api.remixRecord(String(job.info['remix'])));
    })
    .catch((e: Error) => {
      // Shown where the person is: the form, or the Mix tab when opening the remix failed.
      const error = $('#tab-mix').hidden ? remixError : $('#mix-error');
      error.textContent = e.message;
      error.hidden = false;
      remixStatus.hidden = true;
    })
    .finally(() => {
      button.disabled = false;
      remixBusy = false;
    });
});

// Training
const trainForm = $<HTMLFormElement>('#train-form');
const select = (name: string) => trainForm.querySelector<HTMLSelectElement>(`select[name=${name}]`)!;
select('preset').replaceChildren(...PRESET_NAMES.map((name) => new Option(name, name, name === DEFAULT_PRESET, name === DEFAULT_PRESET)));
const presetNote = document.createElement('span');
presetNote.className = 'note';
select('preset').after(presetNote);
const describePreset = () => (presetNote.textContent = PRESETS[select('preset').value as keyof typeof PRESETS]?.description ?? '');
select('preset').addEventListener('change', describePreset);
describePreset();
select('architecture').append(...ARCHITECTURES.map((a) => new Option(a)));
select('representation').append(...REPRESENTATION_TYPES.map((r) => new Option(r)));
select('source').replaceChildren(...STEMS.map((s) => new Option(s, s, s === 'piano', s === 'piano')));
// The other numeric training options, from the library's own table (bounds, help, flag).
for (const spec of WEB_TRAIN_OPTIONS) {
  if (WEB_TRAIN_FORM_KEYS.includes(spec.key) || (spec.type !== 'integer' && spec.type !== 'number')) continue;
  const input = Object.assign(document.createElement('input'), { type: 'number', name: spec.key, step: spec.type === 'integer' ? '1' : 'any', placeholder: spec.default !== undefined ? String(spec.default) : "the preset's" });
  if (spec.min !== undefined) input.min = String(spec.min);
  if (spec.max !== undefined) input.max = String(spec.max);
  const label = document.createElement('label');
  label.title = spec.defaultText ?? '';
  label.append(`${spec.help[0]!.toUpperCase()}${spec.help.slice(1)} (${spec.flag}) `, input);
  $('#train-settings-fields').append(label);
}
const trainView = new TrainView(
  {
    charts: $('#loss-charts'),
    status: $('#train-status'),
    statusText: $('#train-status-text'),
    progress: $<HTMLProgressElement>('#train-progress'),
    start: $<HTMLButtonElement>('#start-training'),
    stop: $<HTMLButtonElement>('#stop-training'),
    resume: $<HTMLButtonElement>('#resume-training'),
  },
  () => void refreshLists(),
);
const trainError = $('#train-error');
trainForm.addEventListener('input', () => (trainError.hidden = true));
trainForm.addEventListener('submit', (event) => {
  event.preventDefault();
  trainError.hidden = true;
  const data = Object.fromEntries(new FormData(trainForm).entries());
  $<HTMLButtonElement>('#start-training').disabled = true;
  api
    .train(data)
    .then(() => trainView.watch())
    .catch((e: Error) => {
      trainError.textContent = e.message;
      trainError.hidden = false;
      $<HTMLButtonElement>('#start-training').disabled = false;
    });
});

// The instruments a musician can say they play: the solo families the datasets know.
$<HTMLSelectElement>('#remix-form select[name=instrument]').append(...SOLO_FAMILY_NAMES.map((name) => new Option(name, name)));

// Start: the lists, then the remix in the address, if any.
void refreshLists()
  .then(async () => {
    const id = /^#remix=(.+)$/.exec(location.hash)?.[1];
    // A remix deleted since (or never made) is forgotten quietly: the address is cleared.
    if (id) await api.remixRecord(decodeURIComponent(id)).then(openRemix).catch(() => history.replaceState(null, '', location.pathname));
  })
  .finally(() => {
    document.body.dataset['ready'] = 'true';
  });
