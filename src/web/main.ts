/** The page: tabs, and the wiring of the remix form, the mixer, training and comparison. */
import './styles.css';
import { api, followJob, type DatasetListing, type ModelListing } from './api';
import { Mixer } from './mixer';
import { TrainView } from './train-view';
import { renderCompare } from './compare-view';

const $ = <T extends HTMLElement>(selector: string) => document.querySelector<T>(selector)!;

function showTab(name: string): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>('[role=tab]')) tab.setAttribute('aria-selected', String(tab.dataset['tab'] === name));
  for (const section of document.querySelectorAll<HTMLElement>('.tab')) section.hidden = section.id !== `tab-${name}`;
  if (name === 'compare') void refreshCompare();
  if (name === 'train') trainView.watch();
}
for (const tab of document.querySelectorAll<HTMLButtonElement>('[role=tab]')) tab.addEventListener('click', () => showTab(tab.dataset['tab']!));

let models: ModelListing[] = [];
let datasets: DatasetListing[] = [];

async function refreshLists(): Promise<void> {
  [models, datasets] = await Promise.all([api.models(), api.datasets()]);
  const modelSelect = $<HTMLSelectElement>('#remix-form select[name=model]');
  modelSelect.replaceChildren(
    ...models.filter((m) => m.trained).map((m) => new Option(`${m.id} (${m.architecture}, ${m.representation}, ${m.sourceStem} solo, ${m.sampleRate} Hz)`, m.id)),
  );
  $<HTMLSelectElement>('#train-form select[name=dataset]').replaceChildren(...datasets.map((d) => new Option(`${d.id} (${d.songs} songs, ${d.sampleRate} Hz)`, d.id)));
}

async function refreshCompare(): Promise<void> {
  await refreshLists();
  await renderCompare($('#compare'), models, datasets);
}

// Remix
const mixer = new Mixer($('#tracks'));
let lastJob = '';
$<HTMLFormElement>('#remix-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target as HTMLFormElement;
  const error = $('#remix-error');
  const status = $('#remix-status');
  const progress = $<HTMLProgressElement>('#remix-progress');
  const text = $('#remix-status-text');
  const button = $<HTMLButtonElement>('#generate');
  error.hidden = true;
  status.hidden = false;
  button.disabled = true;
  progress.value = 0;
  text.textContent = 'uploading…';
  const data = new FormData(form);
  if (!data.get('seconds')) data.delete('seconds');
  api
    .remix(data)
    .then((job) =>
      followJob(job.id, (j) => {
        const p = j.progress;
        progress.value = p && p.total ? p.done / p.total : 0;
        text.textContent = j.status === 'queued' ? 'waiting for the previous job…' : p ? `${p.phase} ${p.done}/${p.total}` : j.status;
      }),
    )
    .then(async (job) => {
      if (job.status !== 'done') throw new Error(job.error ?? 'the remix failed');
      text.textContent = 'done';
      progress.value = 1;
      lastJob = job.id;
      await mixer.load(job.id, job.info['tracks'] as string[]);
      $<HTMLAnchorElement>('#server-remix').href = api.trackUrl(job.id, 'remix.wav');
      $<HTMLAnchorElement>('#server-remix-mp3').href = api.trackUrl(job.id, 'remix.mp3');
      $('#mix-empty').hidden = true;
      $('#mixer').hidden = false;
      document.body.dataset['remixJob'] = job.id;
      showTab('mix');
    })
    .catch((e: Error) => {
      error.textContent = e.message;
      error.hidden = false;
      status.hidden = true;
    })
    .finally(() => (button.disabled = false));
});

// Mix
$('#play').addEventListener('click', () => {
  if (mixer.playing) mixer.stop();
  else mixer.play();
});
$('#stop').addEventListener('click', () => mixer.stop());
$('#download').addEventListener('click', () => mixer.download(`remix-${lastJob}.wav`));

// Train
const trainView = new TrainView($('#loss-charts'), $('#train-status'), $('#train-status-text'), $<HTMLProgressElement>('#train-progress'));
$<HTMLFormElement>('#train-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const error = $('#train-error');
  error.hidden = true;
  const data = Object.fromEntries(new FormData(event.target as HTMLFormElement).entries());
  api
    .train(data)
    .then(() => trainView.watch())
    .catch((e: Error) => {
      error.textContent = e.message;
      error.hidden = false;
    });
});

void refreshLists().then(() => {
  document.body.dataset['ready'] = 'true';
});
